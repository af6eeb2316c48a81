#pragma once

#include "hostkeyrequest.h"
#include "remote/ratelimiter.h"
#include "remote/remoteerror.h"
#include "remote/secretrequest.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "sftpcall.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QThread;

namespace ferry {

class Question;
class SftpWorker;
class SocketGuard;
class TrustDecisions;

// One SFTP connection (SSH on libssh, the SFTP v3 protocol on one channel), for the
// owner's thread: commands in, signals out, nothing blocks. The connection lives on a
// thread of its own (SftpWorker): libssh's connect, key exchange and login block, and
// encrypting a fast transfer is a core's work, so neither ever runs on the GUI thread.
// Every call returns a call object at once; it finishes exactly once (see SftpCall).
// Calls made while disconnected connect and log in first; several calls may run at once
// (SFTP matches replies by id).
//
// Questions (questionAsked): the host key (HostKeyRequest) and secrets (SecretRequest: a
// passphrase, a password, keyboard-interactive prompts). With nothing connected, questions
// are declined at once (the queue's sessions, scripts). "Accept once" answers and open
// host key questions are shared through SessionConfig::trust (endpoint "ssh://host:port"),
// so two sessions meeting one unknown key ask once. SftpRemoteSession puts this behind
// RemoteSession.
class SftpSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SftpSession)
public:
    enum class State { Disconnected, Connecting, Authenticating, Ready };
    Q_ENUM(State)

    explicit SftpSession(const SessionConfig &config, QObject *parent = nullptr);
    ~SftpSession() override;

    const SessionConfig &config() const { return m_config; }
    State state() const { return m_state; }
    bool isLoggedIn() const { return m_state == State::Ready; }
    RemoteError lastError() const { return m_lastError; }
    // The folder the server puts the user in (REALPATH "."), once logged in.
    QString homeDirectory() const { return m_home; }
    // "~" and "~/x" in a path mean the home folder (known once logged in).
    QString resolvePath(const QString &path) const;
    // "SSH, chacha20-poly1305@openssh.com, ED25519 host key" once logged in.
    QString securityDescription() const { return m_security; }

    SftpCall *connectToHost(); // finishes when logged in (or not)
    // keepUnsafeNames: entries named "a/b", "x\ny", ... are kept (flagged by
    // DirEntry::hasUnsafeName()) for a caller that refuses them itself; "." and ".." never.
    SftpCall *list(const QString &path, bool followLinks = true, bool keepUnsafeNames = false);
    SftpCall *stat(const QString &path, bool followLinks = true);
    SftpCall *makeDirectory(const QString &path, bool parents = false);
    SftpCall *removeFile(const QString &path);
    SftpCall *removeDirectory(const QString &path);
    SftpCall *rename(const QString &from, const QString &to, bool overwrite = false);
    SftpCall *setModificationTime(const QString &path, const QDateTime &utc);
    SftpCall *chmod(const QString &path, quint32 mode);
    SftpCall *readLink(const QString &path);
    SftpCall *createSymlink(const QString &linkPath, const QString &target);
    SftpCall *realPath(const QString &path);
    // offset: where to start reading (download) or writing (upload: 0 creates or truncates,
    // more resumes without truncating, AppendOffset writes after what the server has).
    static constexpr qint64 AppendOffset = -1;
    SftpTransfer *download(const QString &remotePath, QIODevice *target, qint64 offset = 0,
                           QPointer<RateLimiter> limiter = {});
    SftpTransfer *upload(QIODevice *source, const QString &remotePath, qint64 offset = 0,
                         QPointer<RateLimiter> limiter = {});

    // Disconnects once the calls made before it finished; finishes when disconnected.
    SftpCall *close();
    // Drops the connection; running calls finish as cancelled.
    void disconnectFromHost();
    // Cancels every call; the session stays connected and usable.
    void abortAll();

Q_SIGNALS:
    void stateChanged(ferry::SftpSession::State state);
    void errorOccurred(const ferry::RemoteError &error);
    void transcript(const ferry::TranscriptLine &line);
    void questionAsked(ferry::Question *question);

private:
    friend class SftpCall;
    friend class SftpTransfer;
    SftpCall *submit(SftpCall *call);
    void ensureConnected();
    void setState(State state);
    void onHostKeyQuestion(const HostKey &key, const KnownHosts::Result &known);
    void onSecretQuestion(const SecretRequest::Details &details);
    void onLoggedIn(const QString &home, const QString &security);
    void ask(Question *question);
    TrustDecisions *trust();
    void onDisconnected(const RemoteError &error);
    void onWorkerFinished(quint64 id, const RemoteError &error, const SftpResult &result);
    void forget(quint64 id);
    void closeIfIdle(); // close(): once no call runs
    // Runs fn on the worker's thread (queued).
    void toWorker(std::function<void(SftpWorker *)> fn);
    SftpCall *newCall(SftpRequest request);
    SftpTransfer *transfer(SftpTransfer::Direction direction, const QString &remotePath, QIODevice *device,
                           qint64 offset, QPointer<RateLimiter> limiter);

    SessionConfig m_config;
    State m_state = State::Disconnected;
    RemoteError m_lastError;
    QString m_home;
    QString m_security;
    TrustDecisions *m_ownTrust = nullptr; // when the config gives none
    QThread *m_thread = nullptr;
    SftpWorker *m_worker = nullptr;
    std::shared_ptr<SocketGuard> m_guard;
    QHash<quint64, QPointer<SftpCall>> m_calls;
    QList<QPointer<SftpCall>> m_connectCalls;
    QList<QPointer<SftpCall>> m_closeCalls;
    QPointer<Question> m_question; // the one this session asked and is waiting for
    quint64 m_nextId = 1;
    int m_attempt = 0; // connections asked for (see SftpWorker::submit)
};

} // namespace ferry
