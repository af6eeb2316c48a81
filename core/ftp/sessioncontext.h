#pragma once

#include "capabilities.h"
#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <optional>

namespace ferry {

class DataConnection;
class FtpOperation;
class FtpSession;

// What one control connection has learnt about its server. Operations and data
// connections read and update it; FtpSession resets the per-connection part on every
// connect and keeps what was learnt from refusals for the rest of the session.
struct ConnectionFacts {
    // Per connection:
    std::optional<TransferType> type; // the TYPE in effect (unknown after connecting)
    QString currentDir;               // after CWD; empty when unknown
    bool epsvWorks = false;           // a 229 was understood on this connection
    bool dataProtected = false;       // PROT P accepted: data connections use TLS
    // For the whole session (learnt from the server's refusals):
    DataMode dataMode = DataMode::Passive;
    bool epsvRefused = false;
    bool eprtRefused = false;
    bool dataTicketsMissing = false; // TLS 1.3: the server sends no ticket on data connections
};

// The engine-internal side of an FtpSession, handed only to its operations and data
// connections: sending commands, the transcript, the watchdog, data connections, the
// logon's steps and the connection's facts. FtpSession's public API stays what a caller
// needs (queue operations, read state, get signals).
class SessionContext {
public:
    explicit SessionContext(FtpSession *session)
        : m_session(session)
    {
    }

    FtpSession *session() const { return m_session; }
    const SessionConfig &config() const;
    ConnectionFacts &facts() const;

    // Sends one command line; `sensitive` masks the arguments in the transcript.
    void sendCommand(const QString &verb, const QString &arguments, bool sensitive) const;
    void emitStatus(const QString &text) const;
    void noteActivity() const; // data moved: resets the inactivity timeout
    // The data connection for an operation: the prefetched one when it is ready
    // (SessionConfig::prefetchDataConnection), else a new one; owned by `owner`.
    DataConnection *takeDataConnection(QObject *owner) const;
    // The operation's data connection has ended (the server closed it) and only its final
    // reply is still owed: the next data connection's EPSV may go out behind it now.
    void dataFinished(FtpOperation *operation) const;

    // The logon's steps.
    void openControlConnection() const;
    void setGreeting(const QString &greeting) const;
    void startTls() const; // explicit FTPS, after "234" to AUTH
    void setLoggedIn(const Capabilities &caps, const QString &systemType) const;
    void reloginAfterReinitialize() const;
    void closeControlConnection(const RemoteError &error) const;

    // What a data connection needs to resume this connection's TLS session (RFC 4217 §10.2;
    // vsftpd's require_ssl_reuse): taken when the data connection opens, since under TLS 1.3
    // the session ticket arrives after the handshake.
    QSslConfiguration controlSslConfiguration() const;
    QSslCertificate controlCertificate() const;

    QByteArray encode(const QString &text) const;
    QString decode(const QByteArray &bytes) const;

private:
    FtpSession *m_session;
};

} // namespace ferry
