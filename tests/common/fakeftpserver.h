#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace ferry::test {

// A scripted FTP server in the test's own event loop, for what real servers will not do:
// malformed or split replies, drops, stalls, hostile PASV replies (Nextcloud's FakeFolder
// idea: a default behaviour plus a per-test override hook). Loopback only.
class FakeFtpServer final : public QObject {
    Q_OBJECT
public:
    // Return true when the command was handled; false falls back to the default.
    using Handler = std::function<bool(FakeFtpServer &server, QTcpSocket *control, const QByteArray &verb,
                                       const QByteArray &argument)>;
    // Runs on every new control connection before the greeting. Return true when it
    // handled the connection (no greeting is written then: e.g. a 421 or a drop).
    using ConnectionHandler = std::function<bool(FakeFtpServer &server, QTcpSocket *control)>;

    explicit FakeFtpServer(QObject *parent = nullptr);
    ~FakeFtpServer() override;

    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }

    QByteArray greeting = "220 Fake FTP ready\r\n"; // empty: never greet
    QByteArray featReply = "211-Features:\r\n UTF8\r\n EPSV\r\n211 End\r\n";
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setConnectionHandler(ConnectionHandler handler) { m_connectionHandler = std::move(handler); }
    int connectionCount() const { return m_connectionCount; } // control connections accepted so far

    // Every command line received, in order (without CRLF).
    QList<QByteArray> received() const { return m_received; }
    bool receivedVerb(const QByteArray &verb) const;

    // Reads no more commands from `control` until release(): a real server handles one
    // command at a time, so a command pipelined behind a transfer waits until the
    // transfer's final reply has been written (a handler that writes it late holds).
    void hold(QTcpSocket *control) { m_held.append(control); }
    void release(QTcpSocket *control);

    // Writes to every control connection (e.g. a late greeting).
    void writeToControl(const QByteArray &bytes);

    // A passive data listener on 127.0.0.1; `onConnect` runs when the client connects.
    quint16 openPassive(std::function<void(QTcpSocket *)> onConnect);
    static QByteArray pasvReply(const QHostAddress &address, quint16 port);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void defaultHandle(QTcpSocket *control, const QByteArray &verb, const QByteArray &argument);

    QTcpServer m_server;
    QTcpServer m_dataServer;
    std::function<void(QTcpSocket *)> m_onDataConnect;
    Handler m_handler;
    ConnectionHandler m_connectionHandler;
    int m_connectionCount = 0;
    QList<QByteArray> m_received;
    QList<QPointer<QTcpSocket>> m_sockets;
    QList<QPointer<QTcpSocket>> m_controls;
    QList<QTcpSocket *> m_held;
};

} // namespace ferry::test
