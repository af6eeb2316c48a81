#include "sftpchannel.h"

#include "socketguard.h"
#include "sshkeys.h"

#include <QSocketNotifier>

namespace ferry {

namespace {

// How much one pump reads before it lets the event loop run (cancels, new requests).
constexpr qsizetype ReadPerPump = 8 * 1024 * 1024;
// The channel's receive window: what the server may send before we read it. OpenSSH's own
// client keeps 2 MiB; a wider window keeps a link with latency full (4 MiB at 50 ms: 80 MiB/s).
constexpr qsizetype ReceiveWindow = 4 * 1024 * 1024;

} // namespace

SftpChannel::SftpChannel(ssh_session session, ssh_channel channel, std::shared_ptr<SocketGuard> guard,
                         int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_channel(channel)
    , m_guard(std::move(guard))
{
    m_watchdog.setSingleShot(true);
    m_watchdog.setInterval(timeoutMs);
    connect(&m_watchdog, &QTimer::timeout, this, &SftpChannel::onTimeout);
}

SftpChannel::~SftpChannel()
{
    delete m_readNotifier;
    delete m_writeNotifier;
    freeSsh(m_session, m_channel, *m_guard);
}

bool SftpChannel::hasExtension(QByteArrayView name) const
{
    for (const sftp::Extension &extension : m_extensions) {
        if (extension.name == name)
            return true;
    }
    return false;
}

void SftpChannel::start()
{
    ssh_set_blocking(m_session, 0);
    const int fd = ssh_get_fd(m_session);
    m_readNotifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read);
    m_writeNotifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Write);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &SftpChannel::pump);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &SftpChannel::pump);
    m_open = true;
    // INIT carries the version in place of an id (§4).
    sftp::Writer init(sftp::Init);
    init.u32(3);
    m_out.append(init.packet());
    armWatchdog();
    schedulePump();
}

SftpChannel::Request SftpChannel::request(quint8 type)
{
    const quint32 id = m_nextId++;
    if (m_nextId == 0)
        m_nextId = 1;
    Request request{sftp::Writer(type), id};
    request.writer.u32(id);
    return request;
}

void SftpChannel::send(Request &&request, Handler handler)
{
    if (!m_open) {
        // Asynchronously, like every other answer: the caller is still setting up.
        QMetaObject::invokeMethod(
            this,
            [handler = std::move(handler)] {
                Reply reply;
                reply.error = RemoteError(RemoteError::Kind::Network, tr("The SFTP connection is closed"));
                handler(reply);
            },
            Qt::QueuedConnection);
        return;
    }
    m_pending.insert(request.id, std::move(handler));
    m_out.append(request.writer.packet());
    armWatchdog();
    schedulePump();
}

void SftpChannel::armWatchdog()
{
    if (!m_watchdog.isActive())
        m_watchdog.start();
}

void SftpChannel::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(this, &SftpChannel::pump, Qt::QueuedConnection);
}

void SftpChannel::pump()
{
    m_pumpScheduled = false;
    if (!m_open)
        return;
    // Writing lets libssh read (window adjustments, replies) and reading opens the window
    // for more writes: alternate until neither moves, bounded. Reading comes last in each
    // round, so nothing libssh took off the socket while flushing or writing is left
    // waiting in its buffers when the socket has nothing more to say.
    for (int round = 0; round < 16; ++round) {
        if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
            ssh_blocking_flush(m_session, 0);
        bool progress = false;
        if (!writeQueued(&progress) || !readAvailable(&progress))
            return;
        if (!progress)
            break;
    }
    updateNotifiers();
}

void SftpChannel::updateNotifiers()
{
    if (m_writeNotifier)
        m_writeNotifier->setEnabled((ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING) != 0);
}

bool SftpChannel::writeQueued(bool *progress)
{
    while (!m_out.isEmpty()) {
        const QByteArray &packet = m_out.constFirst();
        const qsizetype left = packet.size() - m_outOffset;
        const int written = ssh_channel_write(m_channel, packet.constData() + m_outOffset, uint32_t(left));
        if (written < 0) {
            close(RemoteError(RemoteError::Kind::Network,
                              tr("Sending to the server failed: %1").arg(libsshError())));
            return false;
        }
        if (written == 0)
            break; // the server's window is full (or a key re-exchange runs)
        *progress = true;
        m_outOffset += written;
        if (m_outOffset == packet.size()) {
            m_out.removeFirst();
            m_outOffset = 0;
        }
    }
    return true;
}

bool SftpChannel::readAvailable(bool *progress)
{
    qsizetype total = 0;
    while (total < ReadPerPump) {
        // Asking for ReceiveWindow bytes makes libssh widen the channel's receive window to
        // that (its own growth stops at 1.22 MiB: too little in flight for a fast link with
        // some latency). A timeout of 0 only takes what has arrived.
        char *space = m_framer.reserve(ReceiveWindow);
        const int n = ssh_channel_read_timeout(m_channel, space, uint32_t(ReceiveWindow), 0, 0);
        if (n == 0) {
            if (ssh_channel_is_eof(m_channel) || !ssh_channel_is_open(m_channel)) {
                close(RemoteError(RemoteError::Kind::Network, tr("The server closed the SFTP connection")));
                return false;
            }
            break;
        }
        if (n < 0) {
            close(RemoteError(RemoteError::Kind::Network,
                              tr("The connection to the server broke: %1").arg(libsshError())));
            return false;
        }
        *progress = true;
        total += n;
        if (!m_pending.isEmpty() || !m_versionReceived)
            m_watchdog.start(); // progress: the timeout counts from here
        m_framer.commit(n);
        if (!dispatch())
            return false;
    }
    if (total >= ReadPerPump)
        schedulePump(); // more may be waiting: after the event loop had its turn
    return true;
}

bool SftpChannel::dispatch()
{
    sftp::Packet packet;
    for (;;) {
        const sftp::Framer::Result result = m_framer.next(&packet);
        if (result == sftp::Framer::Result::NeedMore)
            break;
        if (result == sftp::Framer::Result::Error) {
            close(RemoteError(RemoteError::Kind::Protocol, tr("The server sent a malformed SFTP packet")));
            return false;
        }
        if (!m_versionReceived) {
            onVersion(packet);
            if (!m_open)
                return false;
            continue;
        }
        sftp::Reader reader(packet.payload);
        const quint32 id = reader.u32();
        const auto it = m_pending.find(id);
        if (!reader.ok() || it == m_pending.end()) {
            close(RemoteError(RemoteError::Kind::Protocol,
                              tr("The server answered a request that was not sent (id %1)").arg(id)));
            return false;
        }
        const Handler handler = std::move(it.value());
        m_pending.erase(it);
        if (m_pending.isEmpty() && m_out.isEmpty())
            m_watchdog.stop();
        Reply reply;
        reply.type = packet.type;
        reply.payload = packet.payload.sliced(4);
        handler(reply);
        if (!m_open)
            return false;
    }
    return true;
}

void SftpChannel::onVersion(const sftp::Packet &packet)
{
    sftp::Reader reader(packet.payload);
    quint32 version = 0;
    if (packet.type != sftp::Version || !sftp::readVersion(reader, &version, &m_extensions) || version < 3) {
        close(RemoteError(
            RemoteError::Kind::Protocol,
            tr("The server does not speak SFTP version 3 (it answered with packet type %1, version %2)")
                .arg(packet.type)
                .arg(version)));
        return;
    }
    m_version = version;
    m_versionReceived = true;
    if (m_pending.isEmpty())
        m_watchdog.stop();
    Q_EMIT ready();
}

void SftpChannel::onTimeout()
{
    close(RemoteError(RemoteError::Kind::Timeout,
                      tr("The server did not answer for %1 seconds").arg(m_watchdog.interval() / 1000)));
}

void SftpChannel::close(const RemoteError &why)
{
    if (!m_open)
        return;
    m_open = false;
    m_watchdog.stop();
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    m_out.clear();
    // failed() first: the owner learns the connection is gone before the calls fail.
    if (why.kind() != RemoteError::Kind::None)
        Q_EMIT failed(why);
    const QHash<quint32, Handler> pending = std::exchange(m_pending, {});
    Reply reply;
    reply.error = why;
    for (const Handler &handler : pending)
        handler(reply);
}

QString SftpChannel::libsshError() const
{
    return QString::fromUtf8(ssh_get_error(m_session));
}

} // namespace ferry
