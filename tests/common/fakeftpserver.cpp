#include "fakeftpserver.h"

namespace ferry::test {

FakeFtpServer::FakeFtpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeFtpServer::onNewConnection);
    connect(&m_dataServer, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_dataServer.nextPendingConnection()) {
            m_sockets.append(socket);
            if (m_onDataConnect)
                m_onDataConnect(socket);
        }
    });
}

FakeFtpServer::~FakeFtpServer()
{
    for (const auto &socket : std::as_const(m_sockets)) {
        if (socket)
            socket->abort();
    }
}

bool FakeFtpServer::listen(const QHostAddress &address)
{
    return m_server.listen(address, 0);
}

bool FakeFtpServer::receivedVerb(const QByteArray &verb) const
{
    for (const QByteArray &line : m_received) {
        if (line.split(' ').constFirst().toUpper() == verb)
            return true;
    }
    return false;
}

void FakeFtpServer::writeToControl(const QByteArray &bytes)
{
    for (const auto &socket : std::as_const(m_controls)) {
        if (socket)
            socket->write(bytes);
    }
}

quint16 FakeFtpServer::openPassive(std::function<void(QTcpSocket *)> onConnect)
{
    m_onDataConnect = std::move(onConnect);
    if (!m_dataServer.isListening())
        m_dataServer.listen(QHostAddress(QHostAddress::LocalHost), 0);
    return m_dataServer.serverPort();
}

QByteArray FakeFtpServer::pasvReply(const QHostAddress &address, quint16 port)
{
    const quint32 a = address.toIPv4Address();
    return "227 Entering Passive Mode (" + QByteArray::number(a >> 24) + ',' +
           QByteArray::number((a >> 16) & 0xff) + ',' + QByteArray::number((a >> 8) & 0xff) + ',' +
           QByteArray::number(a & 0xff) + ',' + QByteArray::number(port >> 8) + ',' +
           QByteArray::number(port & 0xff) + ")\r\n";
}

void FakeFtpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_sockets.append(socket);
        m_controls.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        ++m_connectionCount;
        if (m_connectionHandler && m_connectionHandler(*this, socket))
            continue;
        if (!greeting.isEmpty())
            socket->write(greeting);
    }
}

void FakeFtpServer::release(QTcpSocket *control)
{
    m_held.removeAll(control);
    if (control)
        QMetaObject::invokeMethod(
            this,
            [this, c = QPointer<QTcpSocket>(control)] {
                if (c)
                    onReadyRead(c);
            },
            Qt::QueuedConnection);
}

void FakeFtpServer::onReadyRead(QTcpSocket *socket)
{
    while (!m_held.contains(socket) && socket->canReadLine()) {
        QByteArray line = socket->readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        m_received.append(line);
        const qsizetype space = line.indexOf(' ');
        const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
        const QByteArray argument = space < 0 ? QByteArray() : line.mid(space + 1);
        if (m_handler && m_handler(*this, socket, verb, argument))
            continue;
        defaultHandle(socket, verb, argument);
    }
}

void FakeFtpServer::defaultHandle(QTcpSocket *control, const QByteArray &verb, const QByteArray &)
{
    if (verb == "USER")
        control->write("331 Password please\r\n");
    else if (verb == "PASS")
        control->write("230 Logged in\r\n");
    else if (verb == "FEAT")
        control->write(featReply);
    else if (verb == "SYST")
        control->write("215 UNIX Type: L8\r\n");
    else if (verb == "OPTS" || verb == "TYPE" || verb == "NOOP")
        control->write("200 OK\r\n");
    else if (verb == "PWD")
        control->write("257 \"/\" is the current directory\r\n");
    else if (verb == "CWD")
        control->write("250 OK\r\n");
    else if (verb == "QUIT") {
        control->write("221 Bye\r\n");
        control->disconnectFromHost();
    } else
        control->write("502 Not implemented\r\n");
}

} // namespace ferry::test
