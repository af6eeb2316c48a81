#pragma once

#include "ftpreply.h"
#include "remote/remoteerror.h"
#include "sessioncontext.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>

class QSslSocket;
class QTcpServer;
class QTcpSocket;

namespace ferry {

class FtpSession;

// Opens one data connection for a transfer or a listing (RFC 959 §3.2, RFC 2428).
//
// Passive: EPSV, else PASV; we connect. Active: EPRT, else PORT; we listen on the
// control connection's local address and the server connects. When the server refuses
// a mode, the next is tried and remembered for the session (EPSV->PASV->active).
//
// Never trust the server: a PASV reply naming another host than the control peer is
// replaced by the control peer's address (anti-bounce, RFC 2577 §3), and in active mode
// only a connection from the control peer's address is accepted.
//
// The owner forwards replies to handleReply() while it is preparing; ready() says the
// transfer command may be sent (in passive mode the connect runs alongside it).
class DataConnection final : public QObject {
    Q_OBJECT
public:
    // The command phase; the socket's own state is separate (isConnected()), since in
    // active mode a server may connect before it sends its reply to EPRT/PORT.
    enum class State { Idle, Epsv, Pasv, Eprt, Port, Ready, Failed };
    Q_ENUM(State)

    explicit DataConnection(FtpSession *session, QObject *parent = nullptr);
    ~DataConnection() override;

    // Sends EPSV/PASV/EPRT/PORT. On a connection the session prefetched (already Ready),
    // emits ready() at once, and connected() too when the socket is up.
    void start();
    // Ready, and its socket (passive) or listener (active) still alive: a prefetched
    // connection a transfer may take.
    bool isUsable() const;
    // A prefetched connection sends exactly one command: on a refusal it fails instead of
    // trying PASV or active mode (a command may be pipelined behind it).
    void setOneCommandOnly() { m_oneCommandOnly = true; }
    // True while a reply to EPSV/PASV/EPRT/PORT is awaited.
    bool isPreparing() const { return m_state >= State::Epsv && m_state <= State::Port; }
    void handleReply(const FtpReply &reply);
    State state() const { return m_state; }
    bool isConnected() const { return m_connected; }
    // A QSslSocket when the session protects data (PROT P), else a plain QTcpSocket: a
    // QSslSocket costs TLS back-end set-up even when it never encrypts.
    QTcpSocket *socket() const { return m_socket; }
    QSslSocket *tlsSocket() const; // the socket when it is a QSslSocket, else null
    bool isEncrypted() const;      // TLS on this data connection (PROT P)
    // Bytes written but not yet handed to the kernel: the socket's plain queue plus, under
    // TLS, its encrypted one (a QSslSocket moves written bytes there at once).
    qint64 bytesQueued() const;
    bool sessionResumed() const { return m_resumed; }
    void close(); // aborts the socket/listener

    // Parses "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" / "229 (|||port|)".
    static bool parsePasv(const QString &text, QHostAddress *address, quint16 *port);
    static bool parseEpsv(const QString &text, quint16 *port);

Q_SIGNALS:
    void ready();
    void connected();
    void failed(const ferry::RemoteError &error);

private:
    SessionContext context() const;
    void startPassive();
    void startActive();
    void passiveRefused(const FtpReply &reply);
    void activeAccepted();
    bool sameCertificateAsControl();
    void connectTo(const QHostAddress &address, quint16 port);
    void onNewConnection();
    void onTcpConnected();
    void fail(const RemoteError &error);

    QPointer<FtpSession> m_session;
    State m_state = State::Idle;
    QTcpSocket *m_socket = nullptr;
    QTcpServer *m_server = nullptr;
    QHostAddress m_peer;
    bool m_connected = false;
    bool m_resumed = true;
    bool m_oneCommandOnly = false;
};

} // namespace ferry
