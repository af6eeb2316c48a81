#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

#include "question.h"

namespace ferry {

// The question "trust this certificate?" (FileZilla's reqId_certificate): the server's
// certificate is not trusted (self-signed, expired, wrong host, unknown CA) or differs from
// the one pinned for this host:port. Nothing secret has been sent yet; the session waits
// (its timeout paused) until answer() is called. An unanswered request is rejected when the
// session is destroyed.
class CertificateRequest final : public Question {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertificateRequest)
public:
    enum class Answer { Reject, AcceptOnce, TrustAlways };
    Q_ENUM(Answer)

    CertificateRequest(QString host, quint16 port, QList<QSslCertificate> chain, QList<QSslError> errors,
                       QString protocol, QString cipher, QByteArray pinnedFingerprint,
                       QObject *parent = nullptr);

    QList<QSslCertificate> chain() const { return m_chain; }
    QSslCertificate certificate() const { return m_chain.value(0); }
    QList<QSslError> errors() const { return m_errors; }
    QString protocol() const { return m_protocol; } // e.g. "TLS 1.3"
    QString cipher() const { return m_cipher; }
    QString subject() const;
    QString issuer() const;
    QDateTime notBefore() const { return certificate().effectiveDate(); }
    QDateTime notAfter() const { return certificate().expiryDate(); }
    QByteArray fingerprint() const; // SHA-256 of the DER, lower-case hex
    // The certificate differs from the one the user trusted for this host:port before:
    // a loud warning and a new decision, never a silent accept.
    bool isChanged() const { return !m_pinned.isEmpty(); }
    QByteArray pinnedFingerprint() const { return m_pinned; }
    // A multi-line description for a dialog or a terminal.
    QString describe() const override;
    void decline() override { answer(Answer::Reject); }

    static QByteArray fingerprintOf(const QSslCertificate &certificate);
    // "SHA256:ab:cd:…" or plain hex, any case -> lower-case hex; empty when malformed.
    static QByteArray normalizeFingerprint(const QString &text);

    void answer(Answer answer);

Q_SIGNALS:
    void answered(ferry::CertificateRequest::Answer answer);

private:
    QList<QSslCertificate> m_chain;
    QList<QSslError> m_errors;
    QString m_protocol;
    QString m_cipher;
    QByteArray m_pinned;
};

} // namespace ferry
