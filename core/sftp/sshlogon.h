#pragma once

#include "hostkeyrequest.h"
#include "knownhosts.h"
#include "remote/remoteerror.h"
#include "remote/secretrequest.h"
#include "remote/sessionconfig.h"

#include <QObject>
#include <QStringList>
#include <memory>

#include <libssh/libssh.h>

namespace ferry {

class SocketGuard;

// The SSH part of opening an SFTP session, on the session's worker thread: TCP connect,
// key exchange, the host key check, authentication, and the "sftp" subsystem channel.
// Each libssh call blocks this worker thread only, bounded by SessionConfig::timeoutMs
// (libssh's session timeout), and returns at once when the owner aborts (SocketGuard).
// Between steps the logon may wait for an answer to a question (host key, passphrase,
// password, keyboard-interactive prompts) without blocking: the answer arrives as a call.
//
// Authentication follows OpenSSH's order: the agent, the key files (each offered by its
// public half first, so a passphrase is asked only for a key the server accepts), then
// keyboard-interactive and password. A user without a password reaches the password
// step only after every key was tried.
class SshLogon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshLogon)
public:
    SshLogon(SessionConfig config, std::shared_ptr<SocketGuard> guard, QObject *parent = nullptr);
    ~SshLogon() override;

    void start();
    void answerHostKey(HostKeyRequest::Answer answer);
    void answerSecret(bool accepted, QStringList responses);

    // After succeeded(): the connection, handed over to the caller (who frees them).
    ssh_session takeSession() { return std::exchange(m_session, nullptr); }
    ssh_channel takeChannel() { return std::exchange(m_channel, nullptr); }
    // "SSH, chacha20-poly1305@openssh.com, ED25519 host key" after the key exchange.
    QString securityDescription() const { return m_security; }

Q_SIGNALS:
    void status(const QString &text);
    void hostKeyQuestion(const ferry::HostKey &key, const ferry::KnownHosts::Result &known);
    void secretQuestion(const ferry::SecretRequest::Details &details);
    void authenticating();
    void succeeded();
    void failed(const ferry::RemoteError &error);

private:
    enum class Method { Agent, KeyFile, KeyboardInteractive, Password };
    enum class Waiting { Nothing, HostKey, Passphrase, KeyboardInteractive, Password };
    struct Step {
        Method method;
        QString keyFile;
    };

    bool setUpSession(int fd);
    void verifyHostKey();
    void beginAuthentication();
    void nextMethod();
    void tryAgent();
    void tryKeyFile(const QString &path);
    void signWithKeyFile(const QString &path, QByteArray passphrase);
    void tryKeyboardInteractive();
    void continueKeyboardInteractive(int rc);
    void answerPromptsWith(const QStringList &responses);
    void tryPassword();
    void sendPassword();
    // Handles an ssh_userauth_* result: success opens the channel, partial success goes on,
    // an error fails, a refusal moves to the next method.
    void afterAuthAttempt(int rc, const QString &what);
    void openChannel();
    void fail(RemoteError::Kind kind, const QString &message);
    bool aborted();
    QString libsshError() const;
    SecretRequest::Details secretDetails(SecretRequest::Kind kind) const;

    SessionConfig m_config;
    std::shared_ptr<SocketGuard> m_guard;
    ssh_session m_session = nullptr;
    ssh_channel m_channel = nullptr;
    HostKey m_hostKey;
    QString m_security;
    Waiting m_waiting = Waiting::Nothing;
    bool m_done = false;
    QList<Step> m_plan;
    QStringList m_tried;
    QString m_keyFile; // the key file waiting for its passphrase
    int m_passphraseAttempts = 0;
    QByteArray m_password; // from the config or the last answer; wiped when done
    bool m_passwordRejected = false;
    bool m_passwordViaPrompt = false; // the pending keyboard-interactive answer is m_password
    int m_passwordAttempts = 0;
    int m_kbdintRounds = 0;
};

} // namespace ferry
