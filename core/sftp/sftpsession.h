#pragma once

#include "ftp/ftperror.h"
#include "ftp/transcript.h"
#include "hostkeyrequest.h"
#include "secretrequest.h"
#include "sftpcall.h"
#include "sftpconfig.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QThread;

namespace ferry {

class SftpWorker;
class SocketGuard;

// One SFTP connection (SSH on libssh, the SFTP v3 protocol on one channel), for the
// owner's thread: commands in, signals out, nothing blocks. The connection lives on a
// thread of its own (SftpWorker): libssh's connect, key exchange and login block, and
// encrypting a fast transfer is a core's work, so neither ever runs on the GUI thread.
// Every call returns a call object at once; it finishes exactly once (see SftpCall).
// Calls made while disconnected connect and log in first; several calls may run at once
// (SFTP matches replies by id).
//
// Questions: the host key (HostKeyRequest) and secrets (SecretRequest: a passphrase, a
// password, keyboard-interactive prompts). With nothing connected to the question
// signals, questions are answered Reject at once (the queue's sessions, scripts).
class SftpSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SftpSession)
public:
    enum class State { Disconnected, Connecting, Authenticating, Ready };
    Q_ENUM(State)

    explicit SftpSession(const SftpConfig &config, QObject *parent = nullptr);
    ~SftpSession() override;

    const SftpConfig &config() const { return m_config; }
    State state() const { return m_state; }
    bool isLoggedIn() const { return m_state == State::Ready; }
    FtpError lastError() const { return m_lastError; }
    // The folder the server puts the user in (REALPATH "."), once logged in.
    QString homeDirectory() const { return m_home; }
    // "~" and "~/x" in a path mean the home folder (known once logged in).
    QString resolvePath(const QString &path) const;

    SftpCall *connectToHost(); // finishes when logged in (or not)
    SftpCall *list(const QString &path, bool followLinks = true);
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
    SftpTransfer *download(const QString &remotePath, QIODevice *target,
                           const SftpTransferOptions &options = {});
    SftpTransfer *upload(QIODevice *source, const QString &remotePath,
                         const SftpTransferOptions &options = {});

    // Drops the connection; running calls finish as cancelled.
    void disconnectFromHost();

Q_SIGNALS:
    void stateChanged(ferry::SftpSession::State state);
    void errorOccurred(const ferry::FtpError &error);
    void transcript(const ferry::TranscriptLine &line);
    void hostKeyCheckRequired(ferry::HostKeyRequest *request);
    void secretRequired(ferry::SecretRequest *request);

private:
    friend class SftpCall;
    friend class SftpTransfer;
    SftpCall *submit(SftpCall *call);
    void ensureConnected();
    void setState(State state);
    void onHostKeyQuestion(const HostKey &key, const KnownHosts::Result &known);
    void onSecretQuestion(const SecretRequest::Details &details);
    void onLoggedIn(const QString &home);
    void onDisconnected(const FtpError &error);
    void onWorkerFinished(quint64 id, const FtpError &error, const SftpResult &result);
    void forget(quint64 id) { m_calls.remove(id); }
    // Runs fn on the worker's thread (queued).
    void toWorker(std::function<void(SftpWorker *)> fn);
    SftpCall *newCall(SftpRequest request);
    SftpTransfer *transfer(SftpTransfer::Direction direction, const QString &remotePath, QIODevice *device,
                           const SftpTransferOptions &options);

    SftpConfig m_config;
    State m_state = State::Disconnected;
    FtpError m_lastError;
    QString m_home;
    QByteArray m_acceptedOnce;
    QThread *m_thread = nullptr;
    SftpWorker *m_worker = nullptr;
    std::shared_ptr<SocketGuard> m_guard;
    QHash<quint64, QPointer<SftpCall>> m_calls;
    QList<QPointer<SftpCall>> m_connectCalls;
    QPointer<HostKeyRequest> m_hostKeyRequest;
    QPointer<SecretRequest> m_secretRequest;
    quint64 m_nextId = 1;
};

} // namespace ferry
