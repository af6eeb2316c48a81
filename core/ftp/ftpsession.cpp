#include "ftpsession.h"

#include "commandoperation.h"
#include "dataconnection.h"
#include "listoperation.h"
#include "logonoperation.h"
#include "remote/certificaterequest.h"
#include "remote/certificatestore.h"
#include "remote/trustdecisions.h"
#include "transferoperation.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSslCipher>
#include <QSslEllipticCurve>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcControl, "ferry.ftp.control", QtWarningMsg)

namespace ferry {

FtpSession::FtpSession(const SessionConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_facts.dataMode = config.dataMode;
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &FtpSession::onTimeout);
    m_keepAlive.setSingleShot(true);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (m_state == State::Ready && m_queue.isEmpty() && !m_current)
            m_keepAliveOp = noop();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &FtpSession::onIdle);
    m_spareExpiry.setSingleShot(true);
    connect(&m_spareExpiry, &QTimer::timeout, this, &FtpSession::dropSpareDataConnection);
}

FtpSession::~FtpSession()
{
    // Operations are children; make sure none calls back into a half-destroyed session.
    m_queue.clear();
    m_current = nullptr;
    dropSpareDataConnection();
    if (m_socket)
        m_socket->abort();
}

QHostAddress FtpSession::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

QHostAddress FtpSession::localAddress() const
{
    return m_socket ? m_socket->localAddress() : QHostAddress();
}

void FtpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

template<typename Op>
Op *FtpSession::enqueue(Op *operation)
{
    const FtpOperation *op = operation; // the hooks are FtpOperation's (FtpSession is its friend)
    const bool needsLogon = (m_state == State::Disconnected || m_state == State::Closing) && !op->logsIn();
    bool logonQueued = m_current && m_current->logsIn();
    for (const auto &queued : std::as_const(m_queue))
        logonQueued = logonQueued || (queued && queued->logsIn());
    if (needsLogon && !logonQueued)
        m_queue.append(new LogonOperation(this));
    m_queue.append(operation);
    scheduleNext();
    return operation;
}

void FtpSession::scheduleNext()
{
    if (m_startScheduled)
        return;
    m_startScheduled = true;
    // Queued, so that callers can connect to an operation's signals before it starts
    // and so that a finishing operation's handler never re-enters the session.
    QMetaObject::invokeMethod(this, &FtpSession::startNext, Qt::QueuedConnection);
}

void FtpSession::startNext()
{
    m_startScheduled = false;
    if (m_current || m_draining)
        return;
    while (!m_queue.isEmpty() && !m_queue.constFirst())
        m_queue.removeFirst();
    if (m_queue.isEmpty()) {
        if (m_state == State::Busy)
            setState(State::Ready);
        if (m_spare && !spareIsPreparing())
            m_spareExpiry.start(SpareLifetimeMs); // nobody came for it
        armIdleTimers();
        return;
    }
    FtpOperation *op = m_queue.constFirst();
    // While the spare's EPSV is out, one plain command (an upload's MFMT) may follow it on
    // the wire: servers answer in order (RFC 959 §4.2), and the spare takes the first reply.
    // Only where EPSV already worked on this connection, so the spare's reply is a 229.
    const bool pipelining = spareIsPreparing();
    if (pipelining && (!m_facts.epsvWorks || m_pipelined || !op->mayFollowPipelined()))
        return;
    const bool isLogon = op->logsIn();
    if (!isLogon && !isLoggedIn()) {
        // The logon before it failed, or the connection was lost: nothing runs until
        // someone queues a new operation (which logs in again).
        return;
    }
    m_queue.removeFirst();
    m_current = op;
    m_keepAlive.stop();
    if (!isLogon)
        setState(State::Busy);
    m_watchdog.start(m_config.timeoutMs);
    m_pipelined = pipelining;
    op->run();
}

void FtpSession::operationFinishing(FtpOperation *operation)
{
    // A transfer or listing just got its final reply: ask for the next data connection now,
    // before the caller's finished() handler does its bookkeeping and queues the next
    // transfer, so that EPSV's round trip and the connect overlap that work.
    if (!m_config.prefetchDataConnection || m_current != operation || !operation->succeeded() || m_spare ||
        m_awaitingReply || m_draining || m_facts.dataMode != DataMode::Passive || !isLoggedIn() ||
        !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (!operation->usesDataConnection())
        return;
    startSpareDataConnection();
}

// A download or listing has all its data (the server closed the data connection): the
// server's "226" is still to come, and the next data connection's EPSV can follow it on the
// wire now, so that its "229" arrives right behind the "226" instead of a round trip after
// it. Servers answer commands in order (RFC 959 §4.2), and the server has already finished
// with the data connection, so a server that reads the control connection during a
// transfer (pyftpdlib closes the open data channel on EPSV) is not disturbed. Uploads do not
// come here: there the server may still be reading when the EPSV arrives.
void FtpSession::dataFinished(FtpOperation *operation)
{
    if (!m_config.prefetchDataConnection || m_current != operation || m_spare || !m_awaitingReply ||
        m_draining || m_pipelined || !m_facts.epsvWorks || m_facts.dataMode != DataMode::Passive ||
        !isLoggedIn() || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_spareBehind = true;
    m_behindFinalSeen = false;
    startSpareDataConnection();
}

void FtpSession::startSpareDataConnection()
{
    m_spare = new DataConnection(this, this);
    m_spare->setOneCommandOnly();
    connect(m_spare, &DataConnection::ready, this, [this] {
        if (m_current) {
            scheduleNext();
            return;
        }
        // The transfer that waited for it goes now, not a turn of the event loop later.
        m_watchdog.stop();
        if (!m_draining)
            startNext();
    });
    connect(m_spare, &DataConnection::failed, this, [this](const RemoteError &error) {
        // Not an error of anything the caller asked for: the next transfer opens its own.
        emitStatus(tr("Could not prepare the next data connection: %1").arg(error.toString()));
        dropSpareDataConnection();
        if (!m_current)
            m_watchdog.stop();
        scheduleNext();
    });
    m_spare->start();
}

// A reply is still owed to a command whose owner is gone: swallow it before the next
// operation runs, or the next command would be answered by it. Bounded by the timeout.
void FtpSession::drainOwedReply()
{
    m_draining = true;
    m_watchdog.start(m_config.timeoutMs);
}

bool FtpSession::spareIsPreparing() const
{
    return m_spare && m_spare->isPreparing();
}

void FtpSession::dropSpareDataConnection()
{
    m_spareExpiry.stop();
    if (spareIsPreparing() && !m_current && m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        drainOwedReply(); // its EPSV's reply is still to come
    if (DataConnection *spare = std::exchange(m_spare, nullptr)) {
        spare->disconnect(this);
        spare->close();
        spare->deleteLater();
    }
}

DataConnection *FtpSession::takeDataConnection(QObject *owner)
{
    if (m_spare && m_spare->isUsable()) {
        DataConnection *spare = std::exchange(m_spare, nullptr);
        m_spareExpiry.stop();
        spare->disconnect(this);
        spare->setParent(owner);
        return spare;
    }
    dropSpareDataConnection();
    return new DataConnection(this, owner);
}

void FtpSession::operationFinished(FtpOperation *operation)
{
    if (m_current == operation) {
        m_current = nullptr;
        m_watchdog.stop();
        if (m_spareBehind && !m_behindFinalSeen && spareIsPreparing()) {
            // It gave up before its final reply, which comes before the spare's: drained.
            drainOwedReply();
        } else if (spareIsPreparing()) {
            m_watchdog.start(m_config.timeoutMs); // the prefetch's EPSV is out
            // A pipelined command's reply still comes after the spare's: drained then.
        } else if (m_awaitingReply && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            // The operation gave up (a failed data connection, a cancel) while its command
            // still awaits a reply.
            drainOwedReply();
        }
        if (!m_pipelined)
            m_awaitingReply = false;
    }
    m_queue.removeAll(operation);
    operation->deleteLater();
    // Only what the user asked for counts as activity for the idle timeout.
    if (operation != m_keepAliveOp) {
        m_idleSinceUserWork = false;
        m_idleTimer.stop();
    }
    if (m_queue.isEmpty() && !m_current && !m_draining && m_state == State::Busy)
        setState(State::Ready); // callers see Ready as soon as their operation finished
    scheduleNext();
}

void FtpSession::armIdleTimers()
{
    if (m_state != State::Ready)
        return;
    if (m_config.keepAliveMs > 0)
        m_keepAlive.start(m_config.keepAliveMs);
    // The idle clock starts when user work ends; keep-alive NOOPs do not restart it.
    if (m_config.idleTimeoutMs > 0 && !m_idleSinceUserWork) {
        m_idleSinceUserWork = true;
        m_idleTimer.start(m_config.idleTimeoutMs);
    }
}

void FtpSession::onIdle()
{
    // A keep-alive NOOP in flight, or queued and not started yet (the idle timer can fire in
    // between): quit right after it. Returning without a timer there left the session
    // connected for good (tst_session keepAliveAndIdleTimeout failed now and then on a busy
    // machine).
    const bool onlyKeepAlive =
        m_keepAliveOp && (m_current ? m_current == m_keepAliveOp && m_queue.isEmpty()
                                    : m_queue.size() == 1 && m_queue.constFirst() == m_keepAliveOp);
    if (onlyKeepAlive) {
        m_idleTimer.start(50);
        return;
    }
    if (m_state != State::Ready || m_current || !m_queue.isEmpty())
        return; // user work runs; the idle clock restarts when it ends
    emitStatus(tr("Idle for %1 s; disconnecting.").arg(m_config.idleTimeoutMs / 1000));
    quit();
}

void FtpSession::noteActivity()
{
    if (m_watchdog.isActive())
        m_watchdog.start(m_config.timeoutMs);
}

void FtpSession::emitStatus(const QString &text)
{
    qCDebug(lcControl).noquote() << text;
    Q_EMIT transcript(TranscriptLine{TranscriptLine::Kind::Status, text});
}

// --- Connection ---

void FtpSession::openControlConnection()
{
    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_parser.reset();
    m_capabilities = {};
    m_systemType.clear();
    m_facts.type.reset();
    m_facts.currentDir.clear();
    m_facts.epsvWorks = false;
    m_facts.dataProtected = false;
    m_awaitingReply = false;
    m_pipelined = false;
    m_sslErrors.clear();
    m_tlsTrusted = false;
    m_trustPending = false;
    m_socket = new QSslSocket(this);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    // Keep the session so that data connections can resume it (see controlSslConfiguration).
    tls.setSslOption(QSsl::SslOptionDisableSessionPersistence, false);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // The key share goes first: OpenSSL offers one for X25519 only, and a server that has
    // no X25519 (vsftpd 3.0: P-256 alone) answers with a HelloRetryRequest, one round trip
    // more on the control connection and on every data connection. P-256 is the group
    // every TLS 1.3 server must support (RFC 8446 §9.1); X25519 stays on offer.
    tls.setEllipticCurves({QSslEllipticCurve::fromShortName(QStringLiteral("prime256v1")),
                           QSslEllipticCurve::fromShortName(QStringLiteral("X25519")),
                           QSslEllipticCurve::fromShortName(QStringLiteral("secp384r1"))});
    if (!m_config.extraCaCertificates.isEmpty())
        tls.addCaCertificates(m_config.extraCaCertificates);
    m_socket->setSslConfiguration(tls);
    connect(m_socket, &QTcpSocket::connected, this, &FtpSession::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &FtpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &FtpSession::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, &FtpSession::onSslErrors);
    connect(m_socket, &QSslSocket::encrypted, this, &FtpSession::onEncrypted);
    setState(State::Connecting);
    emitStatus(tr("Connecting to %1 port %2…").arg(m_config.host).arg(m_config.port));
    m_watchdog.start(m_config.timeoutMs);
    if (m_config.tlsPolicy != TlsPolicy::Never && m_config.tlsMode == TlsMode::Implicit)
        m_socket->connectToHostEncrypted(m_config.host, m_config.port);
    else
        m_socket->connectToHost(m_config.host, m_config.port);
}

void FtpSession::startTls()
{
    emitStatus(tr("Starting TLS…"));
    m_sslErrors.clear();
    m_socket->startClientEncryption();
}

QString FtpSession::protocolName(int protocol)
{
    switch (QSsl::SslProtocol(protocol)) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return tr("TLS (unknown version)");
    }
}

QString FtpSession::tlsDescription() const
{
    if (!m_socket || !m_socket->isEncrypted())
        return {};
    return protocolName(m_socket->sessionProtocol()) + QLatin1String(", ") + m_socket->sessionCipher().name();
}

QList<QSslCertificate> FtpSession::peerCertificateChain() const
{
    return m_socket && m_tlsTrusted ? m_socket->peerCertificateChain() : QList<QSslCertificate>();
}

QSslConfiguration FtpSession::controlSslConfiguration() const
{
    return m_socket ? m_socket->sslConfiguration() : QSslConfiguration();
}

QSslCertificate FtpSession::controlCertificate() const
{
    return m_socket ? m_socket->peerCertificate() : QSslCertificate();
}

void FtpSession::onSslErrors(const QList<QSslError> &errors)
{
    // Let the handshake finish and decide at encrypted(): nothing secret is sent before
    // the certificate is trusted, and the user may need time to answer.
    m_sslErrors += errors;
    m_socket->ignoreSslErrors();
}

void FtpSession::onEncrypted()
{
    emitStatus(tr("TLS connection established: %1.").arg(tlsDescription()));
    checkTrust();
}

TrustDecisions *FtpSession::trust()
{
    if (m_config.trust)
        return m_config.trust;
    if (!m_ownTrust)
        m_ownTrust = new TrustDecisions(this);
    return m_ownTrust;
}

QString FtpSession::trustEndpoint() const
{
    return TrustDecisions::endpoint(QStringLiteral("ftps"), m_config.host, m_config.port);
}

void FtpSession::checkTrust()
{
    const QSslCertificate cert = m_socket->peerCertificate();
    const QByteArray fingerprint = CertificateRequest::fingerprintOf(cert);
    const QByteArray pinned = m_config.certificateStore
                                  ? m_config.certificateStore->pinnedFingerprint(m_config.host, m_config.port)
                                  : QByteArray();
    if ((!pinned.isEmpty() && pinned == fingerprint) ||
        trust()->isAcceptedOnce(trustEndpoint(), fingerprint)) {
        emitStatus(
            tr("The certificate (SHA256:%1) is one you trusted.").arg(QString::fromLatin1(fingerprint)));
        trustEstablished();
        return;
    }
    if (pinned.isEmpty() && m_sslErrors.isEmpty()) {
        trustEstablished();
        return;
    }
    // Untrusted, or different from the pinned one: ask, with the timeout paused.
    m_trustPending = true;
    m_watchdog.stop();
    if (auto *open =
            qobject_cast<CertificateRequest *>(trust()->openQuestion(trustEndpoint(), fingerprint))) {
        // Another session asks the user about this very certificate: take its answer.
        emitStatus(tr("Waiting for your answer about this certificate (asked for another connection)."));
        waitForAnswer(open);
        return;
    }
    auto *request =
        new CertificateRequest(m_config.host, m_config.port, m_socket->peerCertificateChain(), m_sslErrors,
                               protocolName(m_socket->sessionProtocol()), m_socket->sessionCipher().name(),
                               pinned == fingerprint ? QByteArray() : pinned, this);
    waitForAnswer(request);
    if (!isSignalConnected(QMetaMethod::fromSignal(&FtpSession::certificateCheckRequired))) {
        request->answer(CertificateRequest::Answer::Reject);
        return;
    }
    trust()->addOpenQuestion(trustEndpoint(), fingerprint, request);
    if (!pinned.isEmpty())
        Q_EMIT transcript(
            TranscriptLine{TranscriptLine::Kind::Error,
                           tr("The server's certificate CHANGED: SHA256:%1, was SHA256:%2.")
                               .arg(QString::fromLatin1(fingerprint), QString::fromLatin1(pinned))});
    Q_EMIT certificateCheckRequired(request);
}

void FtpSession::waitForAnswer(CertificateRequest *request)
{
    m_request = request;
    connect(request, &CertificateRequest::answered, this, [this, request](CertificateRequest::Answer answer) {
        if (m_request != request || !m_trustPending)
            return;
        m_request = nullptr;
        disconnect(m_requestGone);
        // What the answer needs from the request, taken now: the asking session deletes it.
        TrustAnswer taken{answer, request->parent() == this, request->certificate(), {}};
        for (const QSslError &error : request->errors())
            taken.reasons.append(error.errorString());
        if (request->isChanged())
            taken.reasons.append(tr("the certificate differs from the one you trusted"));
        if (taken.asked)
            request->deleteLater();
        // On a clean stack: the answer may come from inside the code that asked.
        QMetaObject::invokeMethod(
            this, [this, taken] { onTrustAnswer(taken); }, Qt::QueuedConnection);
    });
    // The session that asked went away unanswered: ask anew.
    m_requestGone = connect(request, &QObject::destroyed, this, [this] {
        if (m_trustPending && m_socket && !m_request)
            checkTrust();
    });
}

void FtpSession::onTrustAnswer(const TrustAnswer &answer)
{
    if (!m_trustPending || !m_socket)
        return;
    m_trustPending = false;
    switch (answer.answer) {
    case CertificateRequest::Answer::Reject:
        closeControlConnection(
            RemoteError(RemoteError::Kind::Tls, tr("The server's certificate was not accepted (%1); "
                                                   "nothing secret was sent.")
                                                    .arg(answer.reasons.join(QLatin1String("; ")))));
        return;
    case CertificateRequest::Answer::TrustAlways:
        if (answer.asked && m_config.certificateStore) {
            QString error;
            if (!m_config.certificateStore->pin(m_config.host, m_config.port, answer.certificate, &error))
                emitStatus(tr("Could not save the trusted certificate: %1").arg(error));
        }
        Q_FALLTHROUGH();
    case CertificateRequest::Answer::AcceptOnce:
        trust()->acceptOnce(trustEndpoint(), CertificateRequest::fingerprintOf(answer.certificate));
        break;
    }
    m_watchdog.start(m_config.timeoutMs);
    trustEstablished();
}

void FtpSession::trustEstablished()
{
    m_tlsTrusted = true;
    if (m_current)
        m_current->tlsEstablished();
    // Replies that arrived while the decision was pending (an implicit-TLS greeting).
    if (m_socket && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &FtpSession::onReadyRead, Qt::QueuedConnection);
}

void FtpSession::onConnected()
{
    // No Nagle: a command sent behind another (an MFMT behind the next EPSV) would wait
    // for the first one's acknowledgement, a round trip on a real link.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    setState(State::LoggingIn);
    emitStatus(tr("Connected to %1 port %2; waiting for the greeting.")
                   .arg(m_socket->peerAddress().toString())
                   .arg(m_socket->peerPort()));
    noteActivity();
    // The greeting is a reply to no command: the logon operation waits for it.
    m_awaitingReply = true;
    if (m_current)
        m_current->connected();
}

void FtpSession::setLoggedIn(const Capabilities &caps, const QString &systemType)
{
    m_capabilities = caps;
    m_systemType = systemType;
    setState(State::Busy);
}

void FtpSession::reloginAfterReinitialize()
{
    // After REIN the connection stays open but the login is gone (RFC 959 §4.1.1):
    // log in again before anything else runs.
    m_facts.type.reset();
    m_facts.currentDir.clear();
    setState(State::LoggingIn);
    m_queue.prepend(new LogonOperation(this, LogonOperation::Start::AfterGreeting));
}

void FtpSession::sendCommand(const QString &verb, const QString &arguments, bool sensitive)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        closeControlConnection(RemoteError(RemoteError::Kind::Network, tr("Not connected.")));
        return;
    }
    const QString line = arguments.isEmpty() ? verb : verb + QLatin1Char(' ') + arguments;
    // Operations check their paths first; this is the last line of defence against
    // a CR/LF smuggling a second command (never reached with checked input).
    if (line.contains(QLatin1Char('\r')) || line.contains(QLatin1Char('\n'))) {
        if (m_current)
            m_current->finish(RemoteError(RemoteError::Kind::InvalidArgument,
                                          tr("Refused to send a command containing a line break.")));
        return;
    }
    const QString shown = sensitive ? verb + QLatin1String(" ****") : line;
    qCDebug(lcControl).noquote() << "-->" << shown;
    Q_EMIT transcript(TranscriptLine{TranscriptLine::Kind::Command, shown});
    QByteArray bytes = m_config.charset.encode(line);
    bytes.append("\r\n", 2);
    // ABOR may be sent while a transfer command waits for its reply (RFC 959 §4.1.3).
    m_awaitingReply = true;
    m_socket->write(bytes);
    // Out now, not on the next turn of the event loop: the server starts on it while we go
    // on (a prefetched EPSV overlaps the caller's bookkeeping only if it leaves at once).
    m_socket->flush();
    noteActivity();
}

void FtpSession::logReply(const FtpReply &reply)
{
    for (qsizetype i = 0; i < reply.lines.size(); ++i) {
        const QString shown = (i == 0 || i + 1 == reply.lines.size())
                                  ? QString::number(reply.code) +
                                        (i + 1 == reply.lines.size() ? u' ' : u'-') + reply.lines.at(i)
                                  : reply.lines.at(i);
        qCDebug(lcControl).noquote() << "<--" << shown;
        Q_EMIT transcript(TranscriptLine{TranscriptLine::Kind::Reply, shown});
    }
}

void FtpSession::onReadyRead()
{
    if (!m_socket || m_trustPending)
        return; // held until the certificate is trusted
    m_parser.addData(m_socket->readAll());
    noteActivity();
    while (m_parser.hasReply()) {
        const FtpReply reply =
            m_parser.takeReply([this](const QByteArray &b) { return m_config.charset.decode(b); });
        logReply(reply);
        if (reply.code == 421) {
            // "Service not available, closing control connection" (RFC 959 §4.2): at any point.
            closeControlConnection(RemoteError::fromReply(reply, tr("The server closed the session")));
            return;
        }
        // The spare's EPSV went out behind the current operation's command: the current
        // operation's replies come first, up to its final one.
        const bool currentFirst = m_spareBehind && !m_behindFinalSeen && spareIsPreparing();
        if (currentFirst && !reply.isPreliminary())
            m_behindFinalSeen = true;
        // The spare's reply, when a command was pipelined behind it, leaves that one waiting;
        // so does the current operation's final reply when the spare's follows it.
        if (!reply.isPreliminary() && !(m_pipelined && spareIsPreparing()) && !currentFirst)
            m_awaitingReply = false;
        if (m_draining && !m_current) {
            if (!reply.isPreliminary()) {
                m_draining = false;
                if (currentFirst)
                    continue; // the gone operation's final reply; the spare's follows
                m_watchdog.stop();
                scheduleNext();
            }
            continue;
        }
        if (spareIsPreparing() && !(currentFirst && m_current)) {
            m_spareBehind = false;
            // Sent before the current operation's first command: the reply is the spare's.
            const bool pipelined = std::exchange(m_pipelined, false);
            m_spare->handleReply(reply);
            if (!m_socket)
                return;
            if (pipelined && !m_current && m_awaitingReply)
                drainOwedReply(); // the operation that sent behind the spare gave up
            continue;
        }
        if (m_current) {
            m_current->m_lastReply = reply;
            m_current->handleReply(reply);
        } else {
            emitStatus(tr("Ignored an unexpected reply from the server."));
        }
        if (!m_socket)
            return; // the handler closed the connection
    }
    if (m_parser.hasError())
        closeControlConnection(RemoteError(RemoteError::Kind::Protocol, m_parser.errorString()));
}

void FtpSession::onSocketError()
{
    if (!m_socket)
        return;
    const auto err = m_socket->error();
    RemoteError error;
    if (err == QAbstractSocket::RemoteHostClosedError) {
        if (m_state == State::Closing) {
            closeControlConnection({});
            return;
        }
        error = RemoteError(RemoteError::Kind::Network,
                            m_parser.isInsideReply()
                                ? tr("The server closed the connection in the middle of a reply.")
                                : tr("The server closed the connection."));
    } else if (err == QAbstractSocket::ConnectionRefusedError) {
        error =
            RemoteError(RemoteError::Kind::Network,
                        tr("Connection refused by %1 port %2: is the server running, and is the port right?")
                            .arg(m_config.host)
                            .arg(m_config.port));
    } else if (err == QAbstractSocket::SslHandshakeFailedError || err == QAbstractSocket::SslInternalError ||
               err == QAbstractSocket::SslInvalidUserDataError) {
        error = RemoteError(
            RemoteError::Kind::Tls,
            tr("The TLS handshake failed: %1; nothing secret was sent.").arg(m_socket->errorString()));
    } else if (err == QAbstractSocket::HostNotFoundError) {
        error = RemoteError(RemoteError::Kind::Network,
                            tr("Host %1 not found: check the address.").arg(m_config.host));
    } else {
        error = RemoteError(RemoteError::Kind::Network, tr("Network error: %1").arg(m_socket->errorString()));
    }
    closeControlConnection(error);
}

void FtpSession::onTimeout()
{
    RemoteError error;
    if (m_state == State::Connecting)
        error = RemoteError(RemoteError::Kind::Timeout, tr("Could not connect to %1 port %2 within %3 s.")
                                                            .arg(m_config.host)
                                                            .arg(m_config.port)
                                                            .arg(m_config.timeoutMs / 1000.0));
    else if (m_state == State::LoggingIn && m_greeting.isEmpty())
        error = RemoteError(RemoteError::Kind::Timeout,
                            tr("The server accepted the connection but sent no greeting within %1 s.")
                                .arg(m_config.timeoutMs / 1000.0));
    else
        error = RemoteError(RemoteError::Kind::Timeout,
                            tr("The server did not answer within %1 s.").arg(m_config.timeoutMs / 1000.0));
    closeControlConnection(error);
}

void FtpSession::closeControlConnection(const RemoteError &reported)
{
    // The running operation may know better (the logon: a TLS-only server, the wrong scheme).
    const RemoteError error =
        m_current && reported.isError() ? m_current->explainConnectionLoss(reported) : reported;
    if (error.message() != reported.message())
        emitStatus(reported.toString()); // the raw words stay in the transcript
    if (error.isError()) {
        m_lastError = error;
        qCDebug(lcControl).noquote() << "error:" << error.toString();
        Q_EMIT transcript(TranscriptLine{TranscriptLine::Kind::Error, error.toString()});
    }
    m_watchdog.stop();
    m_keepAlive.stop();
    m_idleTimer.stop();
    if (m_request && m_request->parent() == this)
        m_request->deleteLater();
    m_request = nullptr;
    m_trustPending = false;
    m_tlsTrusted = false;
    m_facts.dataProtected = false;
    if (m_socket) {
        QSslSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    dropSpareDataConnection(); // after the socket: nothing is left to drain
    m_awaitingReply = false;
    m_pipelined = false;
    m_spareBehind = false;
    m_draining = false;
    m_greeting.clear();
    setState(State::Disconnected);
    if (error.isError())
        Q_EMIT errorOccurred(error);
    failEverything(
        error.isError() ? error : RemoteError(RemoteError::Kind::Network, tr("The connection was closed.")));
}

void FtpSession::failEverything(const RemoteError &error)
{
    // Queued operations would have run on this connection; they fail with its error
    // rather than reconnecting behind the caller's back. Taken before anyone is told:
    // what a finished() handler queues from now on was asked for after the loss, so it
    // connects again (a JobRunner going on after a best-effort MDTM that hit the drop).
    const auto queued = std::exchange(m_queue, {});
    if (FtpOperation *current = m_current) {
        m_current = nullptr;
        current->connectionLost(error);
    }
    for (const auto &op : queued) {
        if (op && !op->isFinished())
            op->finish(error);
    }
}

void FtpSession::abortAll()
{
    const auto queued = std::exchange(m_queue, {});
    for (const auto &op : queued) {
        if (op)
            op->cancel();
    }
    if (m_current)
        m_current->cancel();
}

void FtpSession::abortConnection()
{
    closeControlConnection(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

// --- Operation factories ---

LogonOperation *FtpSession::connectToHost()
{
    return enqueue(new LogonOperation(this));
}

ListOperation *FtpSession::list(const QString &path, ListMode mode)
{
    return enqueue(new ListOperation(this, path, mode));
}

TransferOperation *FtpSession::download(const QString &remotePath, QIODevice *target,
                                        const TransferOptions &options)
{
    return enqueue(
        new TransferOperation(this, TransferOperation::Direction::Download, remotePath, target, options));
}

TransferOperation *FtpSession::upload(QIODevice *source, const QString &remotePath,
                                      const TransferOptions &options)
{
    return enqueue(
        new TransferOperation(this, TransferOperation::Direction::Upload, remotePath, source, options));
}

using Cmd = CommandOperation::Command;

CommandOperation *FtpSession::changeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Cwd, {path}, {path}));
}
CommandOperation *FtpSession::changeToParent()
{
    return enqueue(new CommandOperation(this, Cmd::Cdup, {}, {}));
}
CommandOperation *FtpSession::printWorkingDirectory()
{
    return enqueue(new CommandOperation(this, Cmd::Pwd, {}, {}));
}
CommandOperation *FtpSession::makeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Mkd, {path}, {path}));
}
CommandOperation *FtpSession::removeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Rmd, {path}, {path}));
}
CommandOperation *FtpSession::removeFile(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Dele, {path}, {path}));
}
CommandOperation *FtpSession::rename(const QString &from, const QString &to)
{
    return enqueue(new CommandOperation(this, Cmd::Rename, {from, to}, {from, to}));
}
CommandOperation *FtpSession::size(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Size, {path}, {path}));
}
CommandOperation *FtpSession::modificationTime(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Mdtm, {path}, {path}));
}
CommandOperation *FtpSession::setModificationTime(const QString &path, const QDateTime &utc)
{
    return enqueue(
        new CommandOperation(this, Cmd::SetMtime, {CommandOperation::formatTimeVal(utc), path}, {path}));
}
CommandOperation *FtpSession::chmod(const QString &mode, const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Chmod, {mode, path}, {mode, path}));
}
CommandOperation *FtpSession::stat(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Stat, {path}, {path}));
}
CommandOperation *FtpSession::help(const QString &topic)
{
    return enqueue(new CommandOperation(this, Cmd::Help, {topic}, {topic}));
}
CommandOperation *FtpSession::noop()
{
    return enqueue(new CommandOperation(this, Cmd::Noop, {}, {}));
}
CommandOperation *FtpSession::system()
{
    return enqueue(new CommandOperation(this, Cmd::Syst, {}, {}));
}
CommandOperation *FtpSession::reinitialize()
{
    return enqueue(new CommandOperation(this, Cmd::Rein, {}, {}));
}
CommandOperation *FtpSession::allocate(qint64 bytes)
{
    return enqueue(new CommandOperation(this, Cmd::Allo, {QString::number(bytes)}, {}));
}
CommandOperation *FtpSession::raw(const QString &commandLine)
{
    return enqueue(new CommandOperation(this, Cmd::Raw, {commandLine}, {commandLine}));
}
FxpSideOperation *FtpSession::serverToServer(FxpSideOperation::Role role, const QString &path, qint64 offset,
                                             qint64 size, FxpSideOperation::TlsRole tls)
{
    return enqueue(new FxpSideOperation(this, role, path, offset, size, tls));
}
CommandOperation *FtpSession::quit()
{
    if (m_state == State::Disconnected) {
        // Nothing to quit: finish at once instead of connecting just to say goodbye.
        auto *op = new CommandOperation(this, Cmd::Quit, {}, {});
        QMetaObject::invokeMethod(
            op, [op] { op->finish(); }, Qt::QueuedConnection);
        return op;
    }
    return enqueue(new CommandOperation(this, Cmd::Quit, {}, {}));
}

} // namespace ferry
