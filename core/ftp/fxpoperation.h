#pragma once

#include "ftpoperation.h"

#include <QHostAddress>
#include <QTimer>

namespace ferry {

// One side of a direct server-to-server copy (FXP) on its session's control connection;
// FxpCopy pairs a source side and a target side and issues their transfer commands
// together.
//
// Source: TYPE I, [CPSV | SSCN ON], PASV → addressReady(); then startTransfer(): [REST n]
// RETR. Target: TYPE I, [SSCN ON], and once FxpCopy hands it the source's address, PORT →
// readyForTransfer(); then startTransfer(): STOR (or APPE to continue a partial file).
// Each side ends with its transfer's final reply (after SSCN OFF when it sent SSCN ON).
// No data passes through Ferry, so nothing moves on the control connection while the
// servers copy: the inactivity timeout is stretched to the file's size at a floor of
// MinimumRate bytes/s (plus the session's timeout).
class FxpSideOperation final : public FtpOperation {
    Q_OBJECT
public:
    enum class Role { Source, Target };
    // TLS on the data connection between two servers: one of them must act as the TLS
    // client (draft-fordh-ftp-ssl-firewall: SSCN; CPSV is PASV + SSCN ON).
    enum class TlsRole { None, Cpsv, SscnClient };
    enum class State {
        Idle,
        SettingType,
        Sscn,
        Addressing,
        Waiting,
        Restarting,
        Sent,
        Transferring,
        Aborting, // FtpOperation's abort sequence (ABOR, NOOP) runs
        SscnOff,
        Done
    };
    Q_ENUM(State)

    static constexpr qint64 MinimumRate = 64 * 1024;

    FxpSideOperation(FtpSession *session, Role role, QString path, qint64 offset, qint64 size, TlsRole tls);

    Role role() const { return m_role; }
    State state() const { return m_state; }
    // The servers would not connect to each other (PASV/PORT/SSCN refused, or the data
    // connection refused: 425): a copy through the client may still work.
    bool refused() const { return m_refused; }
    bool transferStarted() const { return m_state == State::Transferring; }

    // Target: the address and port the source listens on (from its PASV).
    void setPeerAddress(const QHostAddress &address, quint16 port);
    // Sends the transfer command (the other side's goes out in the same event-loop turn).
    void startTransfer();
    // The other side failed: abort this side's transfer (ABOR, then NOOP), or finish.
    void abortWith(const RemoteError &error);

    // "h1,h2,h3,h4,p1,p2" for PORT (IPv4 only: FXP has no EPRT/EPSV counterpart).
    static QString portArgument(const QHostAddress &address, quint16 port);

Q_SIGNALS:
    void addressReady(const QHostAddress &address, quint16 port); // source
    void readyForTransfer();                                      // both (source after PASV)

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    void abortRunning() override;

private:
    void sendAddressing();
    void unblockListener();
    void refuse(const FtpReply &reply, const QString &command);
    QString refusalText() const; // "HOST (the source) refused a server-to-server copy"
    void fail(const RemoteError &error);
    void done(const RemoteError &error);
    QString transferVerb() const;

    Role m_role;
    QString m_path;
    qint64 m_offset;
    qint64 m_size;
    TlsRole m_tls;
    State m_state = State::Idle;
    bool m_refused = false;
    QHostAddress m_peer; // target: where to PORT; source: where it listens (from PASV)
    quint16 m_peerPort = 0;
    RemoteError m_result;
    QTimer m_keepWaiting; // stretches the session's inactivity timeout while the servers copy
    qint64 m_budgetMs = 0;
};

} // namespace ferry
