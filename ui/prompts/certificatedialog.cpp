#include "certificatedialog.h"

#include "actions/icons.h"
#include "widgets/messagebanner.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ferry {

QString formatFingerprint(const QByteArray &hex)
{
    QStringList pairs;
    const QByteArray upper = hex.toUpper();
    for (qsizetype i = 0; i + 1 < upper.size(); i += 2)
        pairs.append(QString::fromLatin1(upper.mid(i, 2)));
    const qsizetype half = (pairs.size() + 1) / 2;
    if (pairs.size() <= 16)
        return pairs.join(QLatin1Char(':'));
    return pairs.mid(0, half).join(QLatin1Char(':')) + QLatin1String(":\n") +
           pairs.mid(half).join(QLatin1Char(':'));
}

namespace {

QString nameOf(const QSslCertificate &cert, bool issuer)
{
    const auto info = [&](QSslCertificate::SubjectInfo field) {
        const QStringList values = issuer ? cert.issuerInfo(field) : cert.subjectInfo(field);
        return values.join(QLatin1String(", "));
    };
    QString name = info(QSslCertificate::CommonName);
    const QString organisation = info(QSslCertificate::Organization);
    if (!organisation.isEmpty() && organisation != name)
        name += name.isEmpty() ? organisation : QLatin1String(" (") + organisation + QLatin1Char(')');
    return name.isEmpty() ? QCoreApplication::translate("ferry::CertificateDialog", "(no name)") : name;
}

QLabel *selectable(const QString &text, QWidget *parent, bool mono = false)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    if (mono)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

} // namespace

CertificateDialog::CertificateDialog(CertificateRequest *request, QWidget *parent)
    : QDialog(parent)
    , m_request(request)
{
    build({request->host(), request->port(), request->chain(), request->errors(), request->protocol(),
           request->cipher(), request->pinnedFingerprint()},
          true);
    // Answered elsewhere (another window, a test) or gone with its session: nothing to ask.
    const auto closeUnasked = [this] {
        if (m_answered)
            return;
        m_answered = true;
        reject();
    };
    connect(request, &Question::settled, this, closeUnasked);
    connect(request, &QObject::destroyed, this, closeUnasked);
    connect(this, &QDialog::finished, this, [this] {
        if (!m_answered)
            answer(CertificateRequest::Answer::Reject);
    });
}

CertificateDialog::CertificateDialog(const QString &host, quint16 port, const QList<QSslCertificate> &chain,
                                     const QString &security, QWidget *parent)
    : QDialog(parent)
{
    const QStringList parts = security.split(QLatin1String(", "));
    build({host, port, chain, {}, parts.value(0), parts.value(1), {}}, false);
}

void CertificateDialog::build(const Facts &facts, bool asking)
{
    setObjectName(QStringLiteral("certificateDialog"));
    m_changed = !facts.pinned.isEmpty();
    const QSslCertificate cert = facts.chain.value(0);
    const QString endpoint = facts.host + QLatin1Char(':') + QString::number(facts.port);
    setWindowTitle(!asking     ? tr("Certificate of %1").arg(endpoint)
                   : m_changed ? tr("The certificate of %1 has changed").arg(endpoint)
                               : tr("Unknown certificate from %1").arg(endpoint));
    auto *layout = new QVBoxLayout(this);

    if (asking) {
        auto *banner = new MessageBanner(this);
        if (m_changed) {
            banner->showMessage(
                MessageBanner::Type::Error,
                tr("<b>This is not the certificate you trusted for %1.</b> Someone may be intercepting the "
                   "connection, or the server's certificate was replaced. Nothing has been sent yet. Reject "
                   "unless the server's administrator told you the certificate changed.<br>Trusted before: "
                   "<tt>%2</tt>")
                    .arg(endpoint.toHtmlEscaped(),
                         formatFingerprint(facts.pinned).replace(QLatin1Char('\n'), QString())));
        } else {
            banner->showMessage(
                MessageBanner::Type::Warning,
                tr("The server's certificate is not trusted by this computer. Compare the "
                   "fingerprint with the one your server's administrator gave you. Nothing has "
                   "been sent yet."));
        }
        layout->addWidget(banner);
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Server:"), selectable(endpoint, this));
    form->addRow(tr("Subject:"), selectable(nameOf(cert, false), this));
    const QStringList alternatives = cert.subjectAlternativeNames().values();
    if (!alternatives.isEmpty())
        form->addRow(tr("Also valid for:"), selectable(alternatives.join(QLatin1String(", ")), this));
    const bool selfSigned = cert.isSelfSigned();
    form->addRow(
        tr("Issuer:"),
        selectable(selfSigned ? tr("%1 (self-signed)").arg(nameOf(cert, true)) : nameOf(cert, true), this));
    const QLocale locale;
    form->addRow(
        tr("Valid:"),
        selectable(tr("from %1 to %2")
                       .arg(locale.toString(cert.effectiveDate().toLocalTime(), QLocale::ShortFormat),
                            locale.toString(cert.expiryDate().toLocalTime(), QLocale::ShortFormat)),
                   this));
    auto *fingerprint = selectable(formatFingerprint(CertificateRequest::fingerprintOf(cert)), this, true);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    form->addRow(tr("SHA-256:"), fingerprint);
    if (!facts.errors.isEmpty()) {
        QStringList problems;
        for (const QSslError &error : facts.errors) {
            if (!problems.contains(error.errorString()))
                problems.append(error.errorString());
        }
        auto *label = selectable(problems.join(QLatin1Char('\n')), this);
        label->setObjectName(QStringLiteral("problems"));
        form->addRow(tr("Problems:"), label);
    }
    if (!facts.protocol.isEmpty())
        form->addRow(tr("Connection:"),
                     selectable(facts.cipher.isEmpty() ? facts.protocol
                                                       : facts.protocol + QLatin1String(", ") + facts.cipher,
                                this));
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(this);
    if (asking) {
        m_reject = buttons->addButton(tr("&Reject"), QDialogButtonBox::RejectRole);
        m_once = buttons->addButton(tr("Accept &Once"), QDialogButtonBox::AcceptRole);
        m_always = buttons->addButton(tr("&Trust Always"), QDialogButtonBox::AcceptRole);
        m_once->setToolTip(tr("Connect, and ask again the next time Ferry starts"));
        m_always->setToolTip(tr("Remember this certificate for %1").arg(endpoint));
        connect(m_reject, &QPushButton::clicked, this,
                [this] { answer(CertificateRequest::Answer::Reject); });
        connect(m_once, &QPushButton::clicked, this,
                [this] { answer(CertificateRequest::Answer::AcceptOnce); });
        connect(m_always, &QPushButton::clicked, this,
                [this] { answer(CertificateRequest::Answer::TrustAlways); });
        QPushButton *preferred = m_changed ? m_reject : m_once;
        preferred->setDefault(true);
        preferred->setFocus();
    } else {
        buttons->addButton(QDialogButtonBox::Close);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    }
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
}

QPushButton *CertificateDialog::button(CertificateRequest::Answer answer) const
{
    switch (answer) {
    case CertificateRequest::Answer::Reject:
        return m_reject;
    case CertificateRequest::Answer::AcceptOnce:
        return m_once;
    case CertificateRequest::Answer::TrustAlways:
        return m_always;
    }
    return nullptr;
}

void CertificateDialog::answer(CertificateRequest::Answer answer)
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_request && !m_request->isAnswered())
        m_request->answer(answer);
    done(answer == CertificateRequest::Answer::Reject ? QDialog::Rejected : QDialog::Accepted);
}

} // namespace ferry
