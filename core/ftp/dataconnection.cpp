#include "dataconnection.h"

#include "ftpsession.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpServer>

Q_LOGGING_CATEGORY(lcData, "ferry.ftp.data", QtWarningMsg)

namespace ferry {

namespace {
// Active mode: the server connects to us, but we stay the TLS client (RFC 4217 §12.2),
// so with PROT P accepted connections must be QSslSockets.
class DataListener final : public QTcpServer {
public:
    DataListener(bool tls, QObject *parent)
        : QTcpServer(parent)
        , m_tls(tls)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
        if (socket->setSocketDescriptor(descriptor))
            addPendingConnection(socket);
        else
            delete socket;
    }

private:
    const bool m_tls;
};
} // namespace

QSslSocket *DataConnection::tlsSocket() const
{
    return qobject_cast<QSslSocket *>(m_socket);
}

bool DataConnection::isEncrypted() const
{
    const QSslSocket *tls = tlsSocket();
    return tls && tls->isEncrypted();
}

qint64 DataConnection::bytesQueued() const
{
    if (!m_socket)
        return 0;
    const QSslSocket *tls = tlsSocket();
    return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

SessionContext DataConnection::context() const
{
    return SessionContext(m_session.data());
}

DataConnection::DataConnection(FtpSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
}

DataConnection::~DataConnection()
{
    close();
}

void DataConnection::close()
{
    // Detach first: abort() emits disconnected(), whose receivers may call close() again.
    if (QTcpServer *server = std::exchange(m_server, nullptr)) {
        server->close();
        server->deleteLater();
    }
    if (QTcpSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
    }
}

bool DataConnection::parsePasv(const QString &text, QHostAddress *address, quint16 *port)
{
    // RFC 959 §4.1.2 gives no exact format; servers put the six numbers anywhere in the text.
    static const QRegularExpression re(QStringLiteral(
        "(\\d{1,3}),\\s*(\\d{1,3}),\\s*(\\d{1,3}),\\s*(\\d{1,3}),\\s*(\\d{1,3}),\\s*(\\d{1,3})"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return false;
    int n[6];
    for (int i = 0; i < 6; ++i) {
        n[i] = m.captured(i + 1).toInt();
        if (n[i] > 255)
            return false;
    }
    const quint32 ip = (quint32(n[0]) << 24) | (quint32(n[1]) << 16) | (quint32(n[2]) << 8) | quint32(n[3]);
    *address = QHostAddress(ip);
    *port = quint16(n[4] * 256 + n[5]);
    return *port != 0;
}

bool DataConnection::parseEpsv(const QString &text, quint16 *port)
{
    // RFC 2428 §3: "(<d><d><d><tcp-port><d>)", the delimiter usually '|'.
    const qsizetype open = text.indexOf(QLatin1Char('('));
    const qsizetype close = text.indexOf(QLatin1Char(')'), open + 1);
    if (open < 0 || close < 0 || close - open < 6)
        return false;
    const QString inner = text.mid(open + 1, close - open - 1);
    const QChar d = inner.at(0);
    if (d.unicode() < 33 || d.unicode() > 126 || inner.at(1) != d || inner.at(2) != d || !inner.endsWith(d))
        return false;
    bool ok = false;
    const uint p = inner.mid(3, inner.size() - 4).toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        return false;
    *port = quint16(p);
    return true;
}

bool DataConnection::isUsable() const
{
    if (m_state != State::Ready)
        return false;
    if (m_socket)
        return m_socket->state() == QAbstractSocket::ConnectingState ||
               m_socket->state() == QAbstractSocket::ConnectedState;
    return m_server && m_server->isListening();
}

void DataConnection::start()
{
    if (m_state == State::Ready) {
        Q_EMIT ready();
        if (m_connected)
            Q_EMIT connected();
        return;
    }
    m_peer = m_session->peerAddress();
    if (context().facts().dataMode == DataMode::Active)
        startActive();
    else
        startPassive();
}

void DataConnection::startPassive()
{
    // PASV cannot describe an IPv6 address (RFC 2428 §1): EPSV only there.
    const bool ipv6 = m_peer.protocol() == QAbstractSocket::IPv6Protocol && !m_peer.toIPv4Address();
    if (!context().facts().epsvRefused || ipv6) {
        m_state = State::Epsv;
        context().sendCommand(QStringLiteral("EPSV"), {}, false);
    } else {
        m_state = State::Pasv;
        context().sendCommand(QStringLiteral("PASV"), {}, false);
    }
}

void DataConnection::startActive()
{
    QHostAddress local = m_session->localAddress();
    bool isV4 = false;
    const quint32 v4 = local.toIPv4Address(&isV4);
    if (isV4)
        local = QHostAddress(v4); // ::ffff:a.b.c.d -> a.b.c.d, so PORT can carry it
    m_server = new DataListener(context().facts().dataProtected, this);
    m_server->setMaxPendingConnections(1);
    connect(m_server, &QTcpServer::newConnection, this, &DataConnection::onNewConnection);
    if (!m_server->listen(local, 0)) {
        fail(RemoteError(RemoteError::Kind::Network,
                         tr("Could not listen for an active-mode data connection on %1: %2")
                             .arg(local.toString(), m_server->errorString())));
        return;
    }
    const quint16 port = m_server->serverPort();
    if (local.protocol() == QAbstractSocket::IPv4Protocol && context().facts().eprtRefused) {
        m_state = State::Port;
        const quint32 a = local.toIPv4Address();
        context().sendCommand(QStringLiteral("PORT"),
                              QStringLiteral("%1,%2,%3,%4,%5,%6")
                                  .arg(a >> 24)
                                  .arg((a >> 16) & 0xff)
                                  .arg((a >> 8) & 0xff)
                                  .arg(a & 0xff)
                                  .arg(port >> 8)
                                  .arg(port & 0xff),
                              false);
        return;
    }
    m_state = State::Eprt;
    const int family = local.protocol() == QAbstractSocket::IPv6Protocol ? 2 : 1;
    QString host = local.toString();
    const qsizetype scope = host.indexOf(QLatin1Char('%'));
    if (scope >= 0)
        host.truncate(scope);
    context().sendCommand(QStringLiteral("EPRT"),
                          QStringLiteral("|%1|%2|%3|").arg(family).arg(host).arg(port), false);
}

void DataConnection::handleReply(const FtpReply &reply)
{
    const bool refused = reply.isPermanentNegative();
    switch (m_state) {
    case State::Epsv: {
        quint16 port = 0;
        if (reply.code == 229 && parseEpsv(reply.text(), &port)) {
            context().facts().epsvWorks = true;
            connectTo(m_peer, port);
            return;
        }
        if (reply.code == 229) {
            fail(RemoteError(RemoteError::Kind::Protocol, tr("The server's EPSV reply is malformed."),
                             reply.code, reply.text()));
            return;
        }
        const bool ipv6 = m_peer.protocol() == QAbstractSocket::IPv6Protocol && !m_peer.toIPv4Address();
        if (refused && !ipv6 && !m_oneCommandOnly) {
            context().facts().epsvRefused = true;
            context().emitStatus(tr("The server refused EPSV; trying PASV."));
            m_state = State::Pasv;
            context().sendCommand(QStringLiteral("PASV"), {}, false);
            return;
        }
        passiveRefused(reply);
        return;
    }
    case State::Pasv: {
        QHostAddress address;
        quint16 port = 0;
        if (reply.code == 227 && parsePasv(reply.text(), &address, &port)) {
            bool peerIsV4 = false;
            const quint32 peerV4 = m_peer.toIPv4Address(&peerIsV4);
            if (!peerIsV4 || address.toIPv4Address() != peerV4) {
                // Anti-bounce (RFC 2577 §3) and the common NAT mistake: connect to the
                // host we already talk to, never to a third host the server names.
                context().emitStatus(tr("The server's PASV reply names %1, not the server's address %2; "
                                        "connecting to %2 instead.")
                                         .arg(address.toString(), m_peer.toString()));
            }
            connectTo(m_peer, port);
            return;
        }
        if (reply.code == 227) {
            fail(RemoteError(RemoteError::Kind::Protocol, tr("The server's PASV reply is malformed."),
                             reply.code, reply.text()));
            return;
        }
        passiveRefused(reply);
        return;
    }
    case State::Eprt:
        if (reply.isPositive()) {
            activeAccepted();
            return;
        }
        if (refused && m_session->localAddress().protocol() == QAbstractSocket::IPv4Protocol) {
            context().facts().eprtRefused = true;
            context().emitStatus(tr("The server refused EPRT; trying PORT."));
            if (m_server) {
                m_server->close();
                m_server->deleteLater();
                m_server = nullptr;
            }
            startActive();
            return;
        }
        fail(RemoteError::fromReply(reply, tr("Could not enter active mode"),
                                    QStringLiteral("EPRT |address|")));
        return;
    case State::Port:
        if (reply.isPositive()) {
            activeAccepted();
            return;
        }
        fail(
            RemoteError::fromReply(reply, tr("Could not enter active mode"), QStringLiteral("PORT address")));
        return;
    default:
        return;
    }
}

bool DataConnection::sameCertificateAsControl()
{
    // Only the server we trusted may sit at the other end of a data connection.
    if (tlsSocket()->peerCertificate() == context().controlCertificate())
        return true;
    fail(RemoteError(
        RemoteError::Kind::Tls,
        tr("The data connection presented a different certificate than the control connection; refused.")));
    close();
    return false;
}

void DataConnection::passiveRefused(const FtpReply &reply)
{
    if (reply.isPermanentNegative() && m_session->config().allowModeFallback && !m_oneCommandOnly) {
        context().emitStatus(tr("The server refused passive mode; switching to active mode."));
        context().facts().dataMode = DataMode::Active; // for the rest of the session
        startActive();
        return;
    }
    fail(RemoteError::fromReply(reply, tr("Could not enter passive mode"),
                                m_state == State::Epsv ? QStringLiteral("EPSV") : QStringLiteral("PASV")));
}

void DataConnection::activeAccepted()
{
    m_state = State::Ready; // the server connects to us once the transfer command is sent
    Q_EMIT ready();
}

void DataConnection::connectTo(const QHostAddress &address, quint16 port)
{
    m_state = State::Ready;
    m_socket = context().facts().dataProtected ? new QSslSocket(this) : new QTcpSocket(this);
    m_socket->setReadBufferSize(4 * 1024 * 1024); // backpressure: bounded memory per download
    connect(m_socket, &QTcpSocket::connected, this, &DataConnection::onTcpConnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (!m_connected)
            fail(RemoteError(RemoteError::Kind::Network,
                             tr("Could not open the data connection: %1").arg(m_socket->errorString())));
    });
    qCDebug(lcData) << "connecting data connection to" << address << port;
    m_socket->connectToHost(address, port);
    // The transfer command goes out while the connection is being made (saves a round trip).
    Q_EMIT ready();
}

void DataConnection::onTcpConnected()
{
    qCDebug(lcData) << "data connection established" << m_socket->peerAddress() << m_socket->peerPort();
    // No Nagle here either: a small file's last segment, or the TLS Finished and the data
    // behind it, would otherwise wait a round trip for an acknowledgement.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    context().noteActivity();
    if (!context().facts().dataProtected) {
        m_connected = true;
        Q_EMIT connected();
        return;
    }
    // PROT P: resume the control connection's TLS session (vsftpd and ProFTPD refuse a data
    // connection that does not, "522"). The configuration is taken now, not at the control
    // connection's encrypted(): under TLS 1.3 the ticket arrives after the handshake.
    QSslConfiguration tls = context().controlSslConfiguration();
    // No CA at all on the data connection: a full handshake then always reports a chain
    // error, which tells it apart from a resumed session (which skips verification). Either
    // way the certificate must be the control connection's.
    tls.setCaCertificates({});
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    QSslSocket *socket = tlsSocket(); // made a QSslSocket because the session protects data
    if (!socket) {
        fail(RemoteError(RemoteError::Kind::Tls, tr("The data connection cannot be encrypted.")));
        return;
    }
    socket->setSslConfiguration(tls);
    socket->setPeerVerifyName(m_session->config().host);
    connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &) {
        m_resumed = false;
        if (sameCertificateAsControl())
            socket->ignoreSslErrors();
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        if (!sameCertificateAsControl())
            return;
        context().emitStatus(tr("TLS data connection: %1, %2, %3.")
                                 .arg(FtpSession::protocolName(socket->sessionProtocol()),
                                      socket->sessionCipher().name(),
                                      m_resumed ? tr("session resumed") : tr("new session (not resumed)")));
        m_connected = true;
        context().noteActivity();
        Q_EMIT connected();
    });
    socket->startClientEncryption();
}

void DataConnection::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            continue;
        bool a4 = false, b4 = false;
        const quint32 from = socket->peerAddress().toIPv4Address(&a4);
        const quint32 peer = m_peer.toIPv4Address(&b4);
        const bool samePeer = (a4 && b4) ? from == peer : socket->peerAddress().isEqual(m_peer);
        if (!samePeer || m_socket) {
            // Only the server we talk to may connect (RFC 2577 §3, port stealing).
            context().emitStatus(
                tr("Rejected a data connection from %1.").arg(socket->peerAddress().toString()));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_socket = socket;
        m_socket->setParent(this);
        m_socket->setReadBufferSize(4 * 1024 * 1024);
        m_server->close();
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_connected)
                fail(RemoteError(
                    RemoteError::Kind::Tls,
                    tr("The TLS handshake on the data connection failed: %1").arg(m_socket->errorString())));
        });
        onTcpConnected();
    }
}

void DataConnection::fail(const RemoteError &error)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    Q_EMIT failed(error);
}

} // namespace ferry
