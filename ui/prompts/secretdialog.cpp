#include "secretdialog.h"

#include "widgets/messagebanner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry {

SecretDialog::SecretDialog(SecretRequest *request, QWidget *parent, SecretKeeping keeping)
    : QDialog(parent)
    , m_request(request)
{
    // Keyboard-interactive answers are not one secret: nothing of them is kept.
    if (request->kind() != SecretRequest::Kind::KeyboardInteractive)
        m_keeping = std::move(keeping);
    setObjectName(QStringLiteral("secretDialog"));
    const SecretRequest::Details &details = request->details();
    const QString where =
        details.port == 22 ? details.host : details.host + QLatin1Char(':') + QString::number(details.port);
    auto *layout = new QVBoxLayout(this);
    if (details.retry) {
        auto *banner = new MessageBanner(this);
        banner->showMessage(MessageBanner::Type::Error,
                            details.kind == SecretRequest::Kind::Passphrase
                                ? tr("The passphrase was wrong. Try again.")
                                : tr("The server did not accept the answer. Try again."));
        layout->addWidget(banner);
    }
    QString intro;
    QString field;
    switch (details.kind) {
    case SecretRequest::Kind::Password:
        setWindowTitle(tr("Password for %1").arg(where));
        intro = tr("Ferry needs the password of <b>%1</b> on <b>%2</b>.")
                    .arg(details.user.toHtmlEscaped(), where.toHtmlEscaped());
        field = tr("&Password:");
        break;
    case SecretRequest::Kind::Passphrase:
        setWindowTitle(tr("Passphrase for a key"));
        intro =
            tr("The key file <b>%1</b> is protected by a passphrase.").arg(details.keyFile.toHtmlEscaped());
        field = tr("&Passphrase:");
        break;
    case SecretRequest::Kind::KeyboardInteractive:
        setWindowTitle(tr("Login to %1").arg(where));
        intro = tr("<b>%1</b> asks <b>%2</b>:").arg(where.toHtmlEscaped(), details.user.toHtmlEscaped());
        if (!details.name.isEmpty())
            intro += QLatin1String("<br>") + details.name.toHtmlEscaped();
        if (!details.instruction.isEmpty())
            intro += QLatin1String("<br>") + details.instruction.toHtmlEscaped();
        break;
    }
    auto *label = new QLabel(intro, this);
    label->setWordWrap(true);
    layout->addWidget(label);

    QList<SecretRequest::Prompt> prompts = request->prompts();
    if (prompts.isEmpty())
        prompts.append(SecretRequest::Prompt{});
    auto *form = new QFormLayout;
    for (const SecretRequest::Prompt &prompt : std::as_const(prompts)) {
        auto *edit = new QLineEdit(this);
        edit->setEchoMode(prompt.echo ? QLineEdit::Normal : QLineEdit::Password);
        edit->setObjectName(QStringLiteral("secret%1").arg(m_fields.size()));
        const QString text = details.kind == SecretRequest::Kind::KeyboardInteractive || field.isEmpty()
                                 ? prompt.text.trimmed()
                                 : field;
        form->addRow(text, edit);
        m_fields.append(edit);
    }
    layout->addLayout(form);
    if (m_keeping && m_keeping.offerKeychain) {
        m_remember = new QCheckBox(tr("&Remember in the keychain"), this);
        m_remember->setObjectName(QStringLiteral("remember"));
        m_remember->setToolTip(m_keeping.keychainHint.isEmpty()
                                   ? tr("Kept in the system keychain for this site, never in a file")
                                   : m_keeping.keychainHint);
        layout->addWidget(m_remember);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { finish(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, [this] { finish(false); });
    layout->addWidget(buttons);
    m_fields.first()->setFocus();
    setMinimumWidth(fontMetrics().averageCharWidth() * 50);

    const auto closeUnasked = [this] {
        if (m_answered)
            return;
        m_answered = true;
        reject();
    };
    connect(request, &Question::settled, this, closeUnasked);
    connect(request, &QObject::destroyed, this, closeUnasked);
    connect(this, &QDialog::finished, this, [this] { finish(false); });
}

void SecretDialog::finish(bool accepted)
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_request && !m_request->isAnswered()) {
        if (accepted) {
            QStringList responses;
            for (QLineEdit *edit : std::as_const(m_fields))
                responses.append(edit->text());
            if (m_keeping)
                m_keeping.taken(responses.value(0), m_remember && m_remember->isChecked());
            m_request->answer(responses);
        } else {
            m_request->reject();
        }
    }
    for (QLineEdit *edit : std::as_const(m_fields))
        edit->clear();
    done(accepted ? QDialog::Accepted : QDialog::Rejected);
}

} // namespace ferry
