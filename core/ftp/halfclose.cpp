#include "halfclose.h"

#include <QAbstractSocket>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ferry {

bool HalfClose::arm(QAbstractSocket *socket, int timeoutMs)
{
    const qintptr descriptor = socket ? socket->socketDescriptor() : -1;
    if (descriptor < 0)
        return false;
    // The duplicate shares the open file (and so O_NONBLOCK) with Qt's descriptor.
    const int fd = ::fcntl(int(descriptor), F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return false;
    auto *closer = new HalfClose(fd, timeoutMs);
    // disconnected() comes once Qt has written everything queued (close_notify included)
    // and closed its descriptor; abort() emits it too.
    connect(socket, &QAbstractSocket::disconnected, closer, &HalfClose::start, Qt::SingleShotConnection);
    // A socket deleted without disconnecting: its descriptor is gone, so ours ends too.
    connect(socket, &QObject::destroyed, closer, &HalfClose::start, Qt::SingleShotConnection);
    return true;
}

HalfClose::HalfClose(int fd, int timeoutMs)
    : QObject(QCoreApplication::instance()) // one still draining at exit goes with the application
    , m_fd(fd)
{
    QTimer::singleShot(timeoutMs, this, &HalfClose::finish);
}

HalfClose::~HalfClose()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void HalfClose::start()
{
    if (m_fd < 0 || m_notifier)
        return;
    if (::shutdown(m_fd, SHUT_WR) != 0) {
        finish();
        return;
    }
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HalfClose::drain);
    drain();
}

void HalfClose::drain()
{
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n > 0) {
            m_drained += n;
            if (m_drained > MaxDrain)
                break; // not a closing peer: stop listening (the close may reset it)
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return; // more to come: the notifier brings us back
        break;      // the peer's FIN (0) or an error
    }
    finish();
}

void HalfClose::finish()
{
    if (m_notifier)
        m_notifier->setEnabled(false);
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    deleteLater();
}

} // namespace ferry
