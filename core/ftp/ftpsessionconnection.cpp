// FtpSession's control connection: the socket opened (plain or implicit TLS), commands
// sent, replies reassembled and handed to the running operation (or the spare data
// connection), the socket's errors and the timeout, and the close that fails what was
// queued. Part of FtpSession (ftpsession.cpp).
#include "dataconnection.h"
#include "ftpoperation.h"
#include "ftpsession.h"
#include "logonoperation.h"
#include "remote/certificaterequest.h"

#include <QLoggingCategory>
#include <QSslEllipticCurve>
#include <QSslSocket>

Q_DECLARE_LOGGING_CATEGORY(lcControl)

namespace ferry {

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

void FtpSession::abortConnection()
{
    closeControlConnection(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

} // namespace ferry
