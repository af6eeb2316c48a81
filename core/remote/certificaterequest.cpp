#include "certificaterequest.h"

#include <QCryptographicHash>

namespace ferry {

CertificateRequest::CertificateRequest(QString host, quint16 port, QList<QSslCertificate> chain,
                                       QList<QSslError> errors, QString protocol, QString cipher,
                                       QByteArray pinnedFingerprint, QObject *parent)
    : Question(std::move(host), port, parent)
    , m_chain(std::move(chain))
    , m_errors(std::move(errors))
    , m_protocol(std::move(protocol))
    , m_cipher(std::move(cipher))
    , m_pinned(std::move(pinnedFingerprint))
{
}

static QString describeName(const QSslCertificate &cert, bool issuer)
{
    QStringList parts;
    const auto info = [&](QSslCertificate::SubjectInfo what) {
        return (issuer ? cert.issuerInfo(what) : cert.subjectInfo(what)).join(QLatin1String(", "));
    };
    const QString cn = info(QSslCertificate::CommonName);
    const QString o = info(QSslCertificate::Organization);
    if (!cn.isEmpty())
        parts.append(QLatin1String("CN=") + cn);
    if (!o.isEmpty())
        parts.append(QLatin1String("O=") + o);
    return parts.join(QLatin1String(", "));
}

QString CertificateRequest::subject() const
{
    return describeName(certificate(), false);
}

QString CertificateRequest::issuer() const
{
    return describeName(certificate(), true);
}

QByteArray CertificateRequest::fingerprintOf(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256).toHex();
}

QByteArray CertificateRequest::fingerprint() const
{
    return fingerprintOf(certificate());
}

QByteArray CertificateRequest::normalizeFingerprint(const QString &text)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1String("SHA256:"), Qt::CaseInsensitive))
        t = t.mid(7);
    t.remove(QLatin1Char(':'));
    t = t.toLower();
    if (t.size() != 64)
        return {};
    for (const QChar c : std::as_const(t)) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
              (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return {};
    }
    return t.toLatin1();
}

QString CertificateRequest::describe() const
{
    QStringList lines;
    if (isChanged())
        lines.append(tr("WARNING: the certificate of %1:%2 has CHANGED since you trusted it. "
                        "This can mean an attack; accept only if you know why it changed.")
                         .arg(host())
                         .arg(port()));
    else
        lines.append(tr("The certificate of %1:%2 is not trusted.").arg(host()).arg(port()));
    for (const QSslError &error : m_errors)
        lines.append(QLatin1String("  - ") + error.errorString());
    lines.append(tr("Subject: %1").arg(subject()));
    lines.append(tr("Issuer: %1").arg(issuer()));
    lines.append(
        tr("Valid: %1 to %2")
            .arg(notBefore().toUTC().toString(Qt::ISODate), notAfter().toUTC().toString(Qt::ISODate)));
    lines.append(tr("SHA-256 fingerprint: SHA256:%1").arg(QString::fromLatin1(fingerprint())));
    if (isChanged())
        lines.append(tr("Previously trusted: SHA256:%1").arg(QString::fromLatin1(m_pinned)));
    lines.append(tr("Connection: %1, %2").arg(m_protocol, m_cipher));
    return lines.join(QLatin1Char('\n'));
}

void CertificateRequest::answer(Answer answer)
{
    if (!markAnswered())
        return;
    Q_EMIT answered(answer);
    Q_EMIT settled();
}

} // namespace ferry
