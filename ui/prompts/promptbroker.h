#pragma once

#include "secretkeeping.h"

#include <QDialog>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>

class QWidget;

namespace ferry {

class Question;

// Every question the window asks, one at a time (CONVENTIONS.md: questions are request
// objects): the engine's (an untrusted or changed certificate or SSH host key, an SSH
// password, passphrase or keyboard-interactive prompt, from the browsing session or the
// queue's) and the window's own (a password). Each is shown with QDialog::open(),
// never exec(), so the event loop keeps running: transfers go on and other sessions keep
// working while the user reads. A question that is answered elsewhere or whose session
// goes away before its turn is skipped.
class PromptBroker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptBroker)
public:
    // Dialogs are parented to `window`.
    explicit PromptBroker(QWidget *window, QObject *parent = nullptr);
    ~PromptBroker() override;

    // An engine question: a CertificateRequest opens the certificate dialog, a
    // HostKeyQuestion the host-key dialog, a SecretRequest the secret dialog; kinds this
    // window cannot answer are declined (their safe answer). A certificate, host key or
    // secret the user refused is not asked about again (the folder tree's listing would
    // reconnect and ask at once): the same question is declined until forgetRejections().
    // `keeping` goes to the secret dialog (SiteTab::secretKeeping()).
    void ask(Question *question, const SecretKeeping &keeping = {});
    // The user connects or reconnects: rejected keys are asked about again.
    void forgetRejections();

    struct PasswordPrompt {
        QString user;
        QString host;
        QString rememberHint; // why "remember" is not offered; empty: it is
    };
    using PasswordAnswer = std::function<void(bool given, const QString &password, bool remember)>;
    // `context` bounds the answer's lifetime: gone first, the prompt is skipped.
    void askPassword(const PasswordPrompt &prompt, QObject *context, PasswordAnswer answer);

    // A dialog of the caller's own (the queue's overwrite question), in turn with the rest:
    // `make` runs when its turn comes, unless `guard` is gone; a null dialog is skipped.
    void askWith(QObject *guard, std::function<QDialog *()> make);

    QWidget *window() const { return m_window; } // the dialogs' parent
    QDialog *currentDialog() const { return m_current; }
    int waiting() const { return int(m_queue.size()); }

Q_SIGNALS:
    void dialogOpened(QDialog *dialog);

private:
    struct Prompt {
        QPointer<QObject> guard;         // the question or the context
        std::function<QDialog *()> make; // null result: nothing to show any more
    };
    void enqueue(Prompt prompt);
    void showNext();

    QWidget *m_window;
    QList<Prompt> m_queue;
    QPointer<QDialog> m_current;
    QSet<QString> m_rejected; // the questions the user refused (refusalKey())
};

} // namespace ferry
