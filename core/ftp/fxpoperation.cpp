#include "fxpoperation.h"

#include "dataconnection.h"
#include "ftpsession.h"

#include <QTcpSocket>
#include <algorithm>

namespace ferry {

FxpSideOperation::FxpSideOperation(FtpSession *session, Role role, QString path, qint64 offset, qint64 size,
                                   TlsRole tls)
    : FtpOperation(session, {path})
    , m_role(role)
    , m_path(std::move(path))
    , m_offset(offset)
    , m_size(size)
    , m_tls(tls)
{
    connect(&m_keepWaiting, &QTimer::timeout, this, [this] {
        m_budgetMs -= m_keepWaiting.interval();
        if (m_budgetMs > 0)
            context().noteActivity();
        else
            m_keepWaiting.stop(); // from now on the session's own timeout runs out
    });
}

QString FxpSideOperation::portArgument(const QHostAddress &address, quint16 port)
{
    const quint32 ip = address.toIPv4Address();
    return QStringLiteral("%1,%2,%3,%4,%5,%6")
        .arg((ip >> 24) & 0xff)
        .arg((ip >> 16) & 0xff)
        .arg((ip >> 8) & 0xff)
        .arg(ip & 0xff)
        .arg(port >> 8)
        .arg(port & 0xff);
}

QString FxpSideOperation::transferVerb() const
{
    if (m_role == Role::Source)
        return QStringLiteral("RETR");
    return m_offset > 0 ? QStringLiteral("APPE") : QStringLiteral("STOR");
}

void FxpSideOperation::start()
{
    if (context().facts().type != TransferType::Binary) {
        m_state = State::SettingType;
        send(QStringLiteral("TYPE"), QStringLiteral("I"));
        return;
    }
    if (m_tls == TlsRole::SscnClient) {
        m_state = State::Sscn;
        send(QStringLiteral("SSCN"), QStringLiteral("ON"));
        return;
    }
    sendAddressing();
}

void FxpSideOperation::sendAddressing()
{
    if (m_role == Role::Source) {
        m_state = State::Addressing;
        send(m_tls == TlsRole::Cpsv ? QStringLiteral("CPSV") : QStringLiteral("PASV"));
        return;
    }
    if (m_peerPort == 0) {
        m_state = State::Waiting; // setPeerAddress() goes on
        return;
    }
    m_state = State::Addressing;
    send(QStringLiteral("PORT"), portArgument(m_peer, m_peerPort));
}

void FxpSideOperation::setPeerAddress(const QHostAddress &address, quint16 port)
{
    m_peer = address;
    m_peerPort = port;
    if (m_role == Role::Target && m_state == State::Waiting && !isFinished())
        sendAddressing();
}

void FxpSideOperation::startTransfer()
{
    if (isFinished() || m_state != State::Waiting)
        return;
    // While the servers copy, the control connections stay silent until the final reply:
    // the inactivity timeout is stretched by the time the file takes at MinimumRate.
    m_budgetMs = m_size > 0 ? (m_size - m_offset) * 1000 / MinimumRate : 0;
    m_keepWaiting.start(std::max(500, std::min(5000, context().config().timeoutMs / 2)));
    if (m_role == Role::Source && m_offset > 0) {
        m_state = State::Restarting;
        send(QStringLiteral("REST"), QString::number(m_offset));
        return;
    }
    m_state = State::Sent;
    send(transferVerb(), m_path);
}

void FxpSideOperation::handleReply(const FtpReply &reply)
{
    switch (m_state) {
    case State::SettingType:
        if (!reply.isPositive()) {
            fail(RemoteError::fromReply(reply, tr("The server refused the transfer type"),
                                        QStringLiteral("TYPE I")));
            return;
        }
        context().facts().type = TransferType::Binary;
        if (m_tls == TlsRole::SscnClient) {
            m_state = State::Sscn;
            send(QStringLiteral("SSCN"), QStringLiteral("ON"));
            return;
        }
        sendAddressing();
        return;
    case State::Sscn:
        if (!reply.isPositive()) {
            m_tls = TlsRole::None; // nothing to switch off
            refuse(reply, QStringLiteral("SSCN ON"));
            return;
        }
        sendAddressing();
        return;
    case State::Addressing:
        if (m_role == Role::Source) {
            QHostAddress address;
            quint16 port = 0;
            if (reply.code != 227 || !DataConnection::parsePasv(reply.text(), &address, &port)) {
                refuse(reply, m_tls == TlsRole::Cpsv ? QStringLiteral("CPSV") : QStringLiteral("PASV"));
                return;
            }
            // A server behind NAT may announce its inside address; the other server can only
            // reach the address the client reached (FileZilla's "replace unroutable PASV").
            const QHostAddress peer = session()->peerAddress();
            const auto inside = [](const QHostAddress &a) {
                static const QList<QPair<QHostAddress, int>> privateNets{
                    QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
                    QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
                    QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16"))};
                return a.isLoopback() || a.isLinkLocal() ||
                       std::any_of(privateNets.begin(), privateNets.end(),
                                   [&a](const auto &net) { return a.isInSubnet(net); });
            };
            if (inside(address) && !inside(peer) && peer.protocol() == QAbstractSocket::IPv4Protocol) {
                status(tr("The server announced %1 for the copy; using %2, the address it was reached at.")
                           .arg(address.toString(), peer.toString()));
                address = peer;
            }
            m_state = State::Waiting;
            m_peer = address;
            m_peerPort = port;
            Q_EMIT addressReady(address, port);
            Q_EMIT readyForTransfer();
            return;
        }
        if (!reply.isPositive()) {
            refuse(reply, QStringLiteral("PORT ") + portArgument(m_peer, m_peerPort));
            return;
        }
        m_state = State::Waiting;
        Q_EMIT readyForTransfer();
        return;
    case State::Restarting:
        if (reply.code != 350) {
            fail(RemoteError::fromReply(reply, tr("The server cannot resume at byte %1").arg(m_offset),
                                        QStringLiteral("REST %1").arg(m_offset)));
            return;
        }
        m_state = State::Sent;
        send(transferVerb(), m_path);
        return;
    case State::Sent:
    case State::Transferring:
        if (reply.isPreliminary()) {
            m_state = State::Transferring;
            return;
        }
        if (reply.isPositive()) {
            m_bytes = m_size > 0 ? m_size - m_offset : 0;
            done({});
            return;
        }
        // 425: the data connection between the two servers could not be made (a refused
        // PORT address, vsftpd's "Security: Bad IP connecting", pyftpdlib's foreign address).
        // pyftpdlib's 425 comes unasked while its RETR still waits for a connection: ABOR and
        // a NOOP make sure no reply of this copy is left for the session's next command.
        if (reply.code == 425) {
            m_refused = true;
            m_keepWaiting.stop();
            m_state = State::Aborting;
            beginAbort(
                RemoteError::fromReply(reply, refusalText(), transferVerb() + QLatin1Char(' ') + m_path));
            return;
        }
        fail(RemoteError::fromReply(reply,
                                    m_role == Role::Source ? tr("Copy from %1 failed").arg(m_path)
                                                           : tr("Copy to %1 failed").arg(m_path),
                                    transferVerb() + QLatin1Char(' ') + m_path));
        return;
    case State::Aborting:
        if (handleAbortReply(reply))
            done(abortResult());
        return;
    case State::SscnOff:
        finish(m_result);
        return;
    case State::Idle:
    case State::Waiting:
    case State::Done:
        return;
    }
}

QString FxpSideOperation::refusalText() const
{
    const QString host = session() ? session()->config().host : QString();
    return m_role == Role::Source ? tr("%1 (the source) refused a server-to-server copy").arg(host)
                                  : tr("%1 (the target) refused a server-to-server copy").arg(host);
}

void FxpSideOperation::refuse(const FtpReply &reply, const QString &command)
{
    m_refused = true;
    fail(RemoteError::fromReply(reply, refusalText(), command));
}

void FxpSideOperation::fail(const RemoteError &error)
{
    done(error);
}

void FxpSideOperation::done(const RemoteError &error)
{
    if (isFinished())
        return;
    m_keepWaiting.stop();
    m_result = error;
    if (m_tls == TlsRole::SscnClient && m_state != State::SscnOff && session() && session()->isLoggedIn()) {
        // SSCN stays on for the connection: switch it off for the session's next transfers.
        m_state = State::SscnOff;
        send(QStringLiteral("SSCN"), QStringLiteral("OFF"));
        return;
    }
    m_state = State::Done;
    finish(error);
}

void FxpSideOperation::abortWith(const RemoteError &error)
{
    if (isFinished() || m_state == State::Aborting || m_state == State::SscnOff)
        return;
    if (m_state == State::Sent || m_state == State::Transferring) {
        if (m_role == Role::Source && m_state == State::Sent)
            unblockListener();
        m_keepWaiting.stop();
        m_state = State::Aborting;
        status(tr("Aborting the copy of %1.").arg(m_path));
        beginAbort(error);
        return;
    }
    done(error);
}

// The target failed before it connected: a source in RETR waits for that connection and
// reads no command meanwhile (vsftpd: up to its accept_timeout, 60 s), so ABOR would go
// unanswered. Connecting to its listening port ourselves (and resetting at once) ends its
// RETR now; ABOR and NOOP then find the connection in step.
void FxpSideOperation::unblockListener()
{
    if (m_peerPort == 0)
        return;
    auto *poke = new QTcpSocket(this);
    connect(poke, &QTcpSocket::connected, poke, [poke] {
        poke->abort();
        poke->deleteLater();
    });
    connect(poke, &QTcpSocket::errorOccurred, poke, &QObject::deleteLater);
    poke->connectToHost(m_peer, m_peerPort);
}

void FxpSideOperation::abortRunning()
{
    abortWith(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

} // namespace ferry
