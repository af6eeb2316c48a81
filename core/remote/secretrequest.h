#pragma once

#include "question.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

// The question "give me a secret" during an SSH login: a password, a key file's
// passphrase, or the prompts of a keyboard-interactive round (RFC 4256: a name, an
// instruction and prompts, each echoed or not). Answered by the GUI dialog, ferry-cli's
// TTY prompt or a test; reject() gives up this way of logging in (the login goes on
// with the next one, or fails). The answers are handed to libssh and then wiped; they are
// never logged. With nothing connected to the question signal, the session rejects.
class SecretRequest final : public Question {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretRequest)
public:
    enum class Kind { Password, Passphrase, KeyboardInteractive };
    Q_ENUM(Kind)
    struct Prompt {
        QString text;
        bool echo = false;
    };

    struct Details {
        Kind kind = Kind::Password;
        QString host;
        quint16 port = 22;
        QString user;
        QString keyFile; // Passphrase: the key file
        QString name;    // KeyboardInteractive: the server's name and instruction
        QString instruction;
        QList<Prompt> prompts;
        bool retry = false; // the previous answer was wrong
    };

    explicit SecretRequest(Details details, QObject *parent = nullptr);
    ~SecretRequest() override;

    Kind kind() const { return m_details.kind; }
    const Details &details() const { return m_details; }
    QList<Prompt> prompts() const { return m_details.prompts; }
    // One line for a terminal or a dialog's title: "Password for ferry@host:", ...
    QString describe() const override;
    void decline() override { reject(); }

    // One answer per prompt (a password or passphrase request has one prompt).
    void answer(const QStringList &responses);
    void reject();
    bool isAccepted() const { return m_accepted; }
    // The answerer may ask for the secret to be kept (the keychain); the engine itself
    // never stores it.
    void setRemember(bool remember) { m_remember = remember; }
    bool remember() const { return m_remember; }
    // For the session: the answers (wiped from this object).
    QStringList takeResponses();

Q_SIGNALS:
    void answered(bool accepted);

private:
    Details m_details;
    QStringList m_responses;
    bool m_accepted = false;
    bool m_remember = false;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::SecretRequest::Details)
