#include "socketguard.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QHostInfo>
#include <QObject>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::SocketGuard)
};
} // namespace

void SocketGuard::setDescriptor(int fd)
{
    QMutexLocker lock(&m_mutex);
    m_fd = fd;
    if (m_aborted && fd >= 0)
        ::shutdown(fd, SHUT_RDWR);
}

void SocketGuard::releaseDescriptor()
{
    QMutexLocker lock(&m_mutex);
    m_fd = -1;
}

void SocketGuard::abort()
{
    QMutexLocker lock(&m_mutex);
    m_aborted = true;
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_RDWR);
}

bool SocketGuard::isAborted() const
{
    QMutexLocker lock(&m_mutex);
    return m_aborted;
}

namespace {

// One address: a non-blocking connect, waited for in slices so that abort() is seen.
int connectOne(const QHostAddress &address, quint16 port, QDeadlineTimer deadline, SocketGuard &guard,
               QString *error)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        memcpy(&sa->sin6_addr, &bytes, sizeof(bytes));
        sa->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(strerror(errno));
        return -1;
    }
    guard.setDescriptor(fd);
    const auto fail = [&](const QString &why) {
        guard.releaseDescriptor();
        ::close(fd);
        *error = why;
        return -1;
    };
    if (::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 && errno != EINPROGRESS)
        return fail(QString::fromLocal8Bit(strerror(errno)));
    for (;;) {
        if (guard.isAborted())
            return fail(Text::tr("Cancelled"));
        if (deadline.hasExpired())
            return fail(Text::tr("Connection timed out"));
        pollfd p{fd, POLLOUT, 0};
        const int slice = int(qMin<qint64>(100, qMax<qint64>(1, deadline.remainingTime())));
        const int n = ::poll(&p, 1, slice);
        if (n < 0 && errno != EINTR)
            return fail(QString::fromLocal8Bit(strerror(errno)));
        if (n > 0)
            break;
    }
    int soError = 0;
    socklen_t soLength = sizeof(soError);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &soLength);
    if (soError != 0)
        return fail(QString::fromLocal8Bit(strerror(soError)));
    if (guard.isAborted())
        return fail(Text::tr("Cancelled"));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

} // namespace

int connectTcp(const QString &host, quint16 port, int timeoutMs, SocketGuard &guard, QString *error)
{
    const QDeadlineTimer deadline(timeoutMs);
    QList<QHostAddress> addresses;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        addresses.append(literal);
    } else {
        const QHostInfo info = QHostInfo::fromName(host); // blocks this worker thread only
        addresses = info.addresses();
        if (addresses.isEmpty()) {
            *error = Text::tr("Host %1 not found: %2").arg(host, info.errorString());
            return -1;
        }
    }
    for (const QHostAddress &address : std::as_const(addresses)) {
        const int fd = connectOne(address, port, deadline, guard, error);
        if (fd >= 0 || guard.isAborted() || deadline.hasExpired())
            return fd;
    }
    return -1;
}

} // namespace ferry
