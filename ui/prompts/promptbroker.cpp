#include "promptbroker.h"

#include "certificatedialog.h"
#include "hostkeydialog.h"
#include "passworddialog.h"
#include "remote/certificaterequest.h"
#include "remote/hostkeyquestion.h"
#include "remote/secretrequest.h"
#include "secretdialog.h"

#include <QTimer>

namespace ferry {

PromptBroker::PromptBroker(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
}

PromptBroker::~PromptBroker()
{
    if (m_current)
        delete m_current.data();
}

namespace {

// What a refusal is remembered by: "host:port fingerprint" for a trust question (a
// certificate, a host key), "host:port user kind key file" for an SSH secret; else empty.
QString refusalKey(const Question *question)
{
    QString what;
    if (const auto *certificate = qobject_cast<const CertificateRequest *>(question)) {
        what = QString::fromLatin1(CertificateRequest::fingerprintOf(certificate->chain().value(0)));
    } else if (const auto *hostKey = qobject_cast<const HostKeyQuestion *>(question)) {
        what = QString::fromLatin1(hostKey->fingerprint());
    } else if (const auto *secret = qobject_cast<const SecretRequest *>(question)) {
        const SecretRequest::Details &d = secret->details();
        what = d.user + QLatin1Char(' ') + QString::number(int(d.kind)) + QLatin1Char(' ') + d.keyFile;
    }
    if (what.isEmpty())
        return {};
    return question->host() + QLatin1Char(':') + QString::number(question->port()) + QLatin1Char(' ') + what;
}

} // namespace

void PromptBroker::ask(Question *question, const SecretKeeping &keeping)
{
    const QString key = refusalKey(question);
    if (!key.isEmpty() && m_rejected.contains(key)) {
        question->decline(); // refused already: not asked again until forgetRejections()
        return;
    }
    for (const Prompt &p : std::as_const(m_queue)) {
        if (p.guard == question)
            return; // asked already
    }
    QPointer<Question> request(question);
    std::function<QDialog *()> make;
    if (qobject_cast<CertificateRequest *>(question)) {
        make = [this, request]() -> QDialog * {
            return new CertificateDialog(qobject_cast<CertificateRequest *>(request), m_window);
        };
    } else if (qobject_cast<HostKeyQuestion *>(question)) {
        make = [this, request]() -> QDialog * {
            return new HostKeyDialog(qobject_cast<HostKeyQuestion *>(request), m_window);
        };
    } else if (qobject_cast<SecretRequest *>(question)) {
        make = [this, request, keeping]() -> QDialog * {
            return new SecretDialog(qobject_cast<SecretRequest *>(request), m_window, keeping);
        };
    } else {
        question->decline();
        return;
    }
    enqueue({question, [this, request, make, key]() -> QDialog * {
                 if (!request || request->isAnswered())
                     return nullptr;
                 QDialog *dialog = make();
                 if (!key.isEmpty()) {
                     connect(dialog, &QDialog::finished, this, [this, key](int result) {
                         if (result == QDialog::Rejected)
                             m_rejected.insert(key);
                     });
                 }
                 return dialog;
             }});
}

void PromptBroker::forgetRejections()
{
    m_rejected.clear();
}

void PromptBroker::askPassword(const PasswordPrompt &prompt, QObject *context, PasswordAnswer answer)
{
    QPointer<QObject> guard(context);
    enqueue({context, [this, prompt, guard, answer]() -> QDialog * {
                 auto *dialog = new PasswordDialog(prompt.user, prompt.host, prompt.rememberHint, m_window);
                 connect(dialog, &QDialog::finished, dialog, [dialog, guard, answer](int result) {
                     if (guard)
                         answer(result == QDialog::Accepted, dialog->password(), dialog->remember());
                 });
                 return dialog;
             }});
}

void PromptBroker::askWith(QObject *guard, std::function<QDialog *()> make)
{
    enqueue({guard, std::move(make)});
}

void PromptBroker::enqueue(Prompt prompt)
{
    m_queue.append(std::move(prompt));
    if (!m_current)
        QTimer::singleShot(0, this, &PromptBroker::showNext);
}

void PromptBroker::showNext()
{
    while (!m_current && !m_queue.isEmpty()) {
        const Prompt prompt = m_queue.takeFirst();
        if (!prompt.guard)
            continue;
        QDialog *dialog = prompt.make();
        if (!dialog)
            continue;
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowModality(Qt::WindowModal);
        m_current = dialog;
        connect(dialog, &QDialog::finished, this, [this] {
            m_current = nullptr;
            QTimer::singleShot(0, this, &PromptBroker::showNext);
        });
        dialog->open();
        Q_EMIT dialogOpened(dialog);
    }
}

} // namespace ferry
