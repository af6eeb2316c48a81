#pragma once

#include "hostkeyrequest.h"
#include "knownhosts.h"
#include "listing/namedecoder.h"
#include "remote/remoteerror.h"
#include "remote/secretrequest.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "sftpops.h"
#include "sftprequest.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <memory>

namespace ferry {

class SftpChannel;
class SocketGuard;
class SshLogon;

// The part of an SftpSession that lives on the session's own thread: it owns the libssh
// session (SshLogon, then SftpChannel) and runs the operations. Every public function is
// called on that thread (queued by SftpSession); every signal reaches the session queued.
// Requests submitted while connecting wait for the login and fail with it.
class SftpWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SftpWorker)
public:
    explicit SftpWorker(SessionConfig config);
    ~SftpWorker() override;

    void connectToHost(std::shared_ptr<SocketGuard> guard, int attempt);
    void answerHostKey(HostKeyRequest::Answer answer);
    void answerSecret(bool accepted, QStringList responses);
    // `attempt`: the connection the call was made for (SftpSession counts its connects). A
    // call that arrives after that connection failed gets its error.
    void submit(quint64 id, const SftpRequest &request, int attempt);
    void cancel(quint64 id);
    void grant(quint64 id, qint64 bytes);
    void feed(quint64 id, const QByteArray &bytes, bool last);
    // Closes the connection; running operations fail as cancelled.
    void disconnectFromHost();

Q_SIGNALS:
    void transcript(const ferry::TranscriptLine &line);
    void hostKeyQuestion(const ferry::HostKey &key, const ferry::KnownHosts::Result &known);
    void secretQuestion(const ferry::SecretRequest::Details &details);
    void authenticating();
    void loggedIn(const QString &homeDirectory, const QString &security);
    // The connection is gone (error None when asked for); a new call reconnects.
    void disconnected(const ferry::RemoteError &error);
    void finished(quint64 id, const ferry::RemoteError &error, const ferry::SftpResult &result);
    void entries(quint64 id, const QList<DirEntry> &batch);
    void opened(quint64 id, qint64 size);
    void data(quint64 id, const QByteArray &bytes);
    void acknowledged(quint64 id, qint64 bytes);

private:
    void onLogonSucceeded();
    void onLogonFailed(const RemoteError &error);
    void onChannelReady();
    void onChannelFailed(const RemoteError &error);
    void becomeReady(const QString &home);
    void startOp(quint64 id, const SftpRequest &request);
    void failWaiting(const RemoteError &error);
    void log(TranscriptLine::Kind kind, const QString &text);
    void tearDown();

    SessionConfig m_config;
    std::shared_ptr<SocketGuard> m_guard;
    SshLogon *m_logon = nullptr;
    SftpChannel *m_channel = nullptr;
    bool m_ready = false;
    QString m_home;
    QString m_security; // from the logon, for loggedIn()
    NameDecoder m_decoder;
    SftpContext m_context;
    QHash<quint64, QPointer<WorkerOp>> m_ops;
    QList<QPair<quint64, SftpRequest>> m_waiting; // submitted before the login finished
    QHash<quint64, qint64> m_earlyGrants;         // download room given to waiting requests
    int m_attempt = 0;                            // the connection being made or in use
    RemoteError m_lostWith;                       // why m_attempt's connection failed or ended
};

} // namespace ferry
