#pragma once

#include "capabilities.h"
#include "ftpreply.h"
#include "fxpoperation.h"
#include "remote/certificaterequest.h"
#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "sessioncontext.h"

#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

class QIODevice;
class QSslSocket;

namespace ferry {

class CertificateRequest;
class TrustDecisions;
class DataConnection;
class FtpOperation;
class LogonOperation;
class CommandOperation;
class ListOperation;
class TransferOperation;
struct TransferOptions;
enum class ListMode;

// One FTP control connection (RFC 959) and the operations queued on it.
//
// Commands in, signals out: every public call queues an operation and returns it at
// once; nothing blocks. One command is in flight at a time (ABOR excepted, RFC 959
// §4.1.3). Replies are reassembled by ReplyParser and handed to the running operation.
// If nothing at all happens for `SessionConfig::timeoutMs` while connecting or while an
// operation runs, the operation fails with a timeout and the connection is closed.
//
// Queuing an operation on a disconnected session connects and logs in first.
class FtpSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FtpSession)
public:
    enum class State { Disconnected, Connecting, LoggingIn, Ready, Busy, Closing };
    Q_ENUM(State)

    explicit FtpSession(const SessionConfig &config, QObject *parent = nullptr);
    ~FtpSession() override;

    const SessionConfig &config() const { return m_config; }
    State state() const { return m_state; }
    RemoteError lastError() const { return m_lastError; }
    QString errorString() const { return m_lastError.toString(); }
    const Capabilities &capabilities() const { return m_capabilities; }
    QString systemType() const { return m_systemType; }
    QString greeting() const { return m_greeting; }
    QHostAddress peerAddress() const;
    QHostAddress localAddress() const;
    // How long a prefetched data connection waits for a transfer before it is closed.
    static constexpr int SpareLifetimeMs = 3000;
    bool isLoggedIn() const { return m_state == State::Ready || m_state == State::Busy; }
    // TLS on the control connection is up and its certificate trusted.
    bool isEncrypted() const { return m_tlsTrusted; }
    // Data connections use TLS (PROT P accepted).
    bool isDataProtected() const { return m_facts.dataProtected; }
    // The data-connection mode in use (learnt from the server's refusals).
    DataMode dataMode() const { return m_facts.dataMode; }
    // "TLS 1.3, TLS_AES_256_GCM_SHA384" (empty when plain).
    QString tlsDescription() const;
    // The server's certificate chain on the encrypted control connection (empty when plain).
    QList<QSslCertificate> peerCertificateChain() const;
    // "TLS 1.3" for a QSsl::SslProtocol value.
    static QString protocolName(int protocol);

    // --- Operations (see the operation classes for their results) ---
    LogonOperation *connectToHost();
    ListOperation *list(const QString &path, ListMode mode);
    TransferOperation *download(const QString &remotePath, QIODevice *target, const TransferOptions &options);
    TransferOperation *upload(QIODevice *source, const QString &remotePath, const TransferOptions &options);
    CommandOperation *changeDirectory(const QString &path);
    CommandOperation *changeToParent();
    CommandOperation *printWorkingDirectory();
    CommandOperation *makeDirectory(const QString &path);
    CommandOperation *removeDirectory(const QString &path);
    CommandOperation *removeFile(const QString &path);
    CommandOperation *rename(const QString &from, const QString &to);
    CommandOperation *size(const QString &path);
    CommandOperation *modificationTime(const QString &path);
    CommandOperation *setModificationTime(const QString &path, const QDateTime &utc);
    CommandOperation *chmod(const QString &mode, const QString &path);
    CommandOperation *stat(const QString &path = {});
    CommandOperation *help(const QString &topic = {});
    CommandOperation *noop();
    CommandOperation *system();
    CommandOperation *reinitialize();
    CommandOperation *allocate(qint64 bytes);
    CommandOperation *raw(const QString &commandLine);
    // One side of a server-to-server copy (FxpCopy pairs two).
    FxpSideOperation *serverToServer(FxpSideOperation::Role role, const QString &path, qint64 offset,
                                     qint64 size, FxpSideOperation::TlsRole tls);
    CommandOperation *quit();

    // Cancels every queued and running operation.
    void abortAll();
    // Drops the connection at once (no QUIT); running operations fail as cancelled.
    void abortConnection();

Q_SIGNALS:
    void stateChanged(ferry::FtpSession::State state);
    void errorOccurred(const ferry::RemoteError &error);
    void transcript(const ferry::TranscriptLine &line);
    // The server's certificate needs a decision; answer the request (see CertificateRequest).
    // With nothing connected to this signal, untrusted certificates are rejected.
    void certificateCheckRequired(ferry::CertificateRequest *request);

private:
    // The engine-internal side, reached by operations through SessionContext.
    friend class SessionContext;
    friend class FtpOperation;
    void sendCommand(const QString &verb, const QString &arguments, bool sensitive);
    void emitStatus(const QString &text);
    void noteActivity();
    void operationFinishing(FtpOperation *operation); // before its finished() is emitted
    void operationFinished(FtpOperation *operation);
    DataConnection *takeDataConnection(QObject *owner);
    void dataFinished(FtpOperation *operation);
    void openControlConnection();
    void setLoggedIn(const Capabilities &caps, const QString &systemType);
    void closeControlConnection(const RemoteError &error);
    void startTls();
    void reloginAfterReinitialize();
    QSslConfiguration controlSslConfiguration() const;
    QSslCertificate controlCertificate() const;

    template<typename Op>
    Op *enqueue(Op *operation);
    void scheduleNext();
    void startNext();
    void setState(State state);
    void onConnected();
    void logReply(const FtpReply &reply);
    void onReadyRead();
    void onSocketError();
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void checkTrust();
    void waitForAnswer(CertificateRequest *request);
    struct TrustAnswer {
        CertificateRequest::Answer answer;
        bool asked; // this session asked (else it took another session's question)
        QSslCertificate certificate;
        QStringList reasons; // why it was not trusted, for a rejection's message
    };
    void onTrustAnswer(const TrustAnswer &answer);
    TrustDecisions *trust();
    QString trustEndpoint() const;
    void trustEstablished();
    void onTimeout();
    void onIdle();
    void failEverything(const RemoteError &error);
    void armIdleTimers();
    void startSpareDataConnection();
    bool spareIsPreparing() const;
    void drainOwedReply();
    void dropSpareDataConnection();

    SessionConfig m_config;
    State m_state = State::Disconnected;
    RemoteError m_lastError;
    QSslSocket *m_socket = nullptr;
    QList<QSslError> m_sslErrors;
    bool m_tlsTrusted = false;
    bool m_trustPending = false;
    QPointer<CertificateRequest> m_request; // the question this session waits for
    QMetaObject::Connection m_requestGone;
    TrustDecisions *m_ownTrust = nullptr; // when the config shares none
    ReplyParser m_parser;
    QList<QPointer<FtpOperation>> m_queue;
    QPointer<FtpOperation> m_current;
    QTimer m_watchdog;
    QTimer m_keepAlive;
    QTimer m_idleTimer;
    bool m_awaitingReply = false;
    bool m_startScheduled = false;
    bool m_draining = false;           // an operation ended before its command's final reply came
    DataConnection *m_spare = nullptr; // prefetched data connection (owned)
    QTimer m_spareExpiry;
    QPointer<FtpOperation> m_keepAliveOp;
    bool m_idleSinceUserWork = false; // the idle timer runs since the last user operation
    Capabilities m_capabilities;
    QString m_systemType;
    QString m_greeting;
    ConnectionFacts m_facts;
    // A command was sent behind the spare's EPSV (pipelined) and its reply follows the spare's.
    bool m_pipelined = false;
    // The spare's EPSV went out behind the current operation's transfer command, once its
    // data had ended (dataFinished): that operation's final reply comes first, then the
    // spare's. m_behindFinalSeen: the first of the two has arrived.
    bool m_spareBehind = false;
    bool m_behindFinalSeen = false;
};

} // namespace ferry
