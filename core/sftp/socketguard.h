#pragma once

#include <QMutex>

namespace ferry {

// Shared by an SFTP session (owner thread) and its worker: the worker's socket, and
// whether the owner gave up on it. abort() shuts the socket down, which makes any libssh
// call waiting on it in the worker return at once (connect, key exchange, login), so
// cancelling and destroying a session never wait for a network timeout. The worker
// releases the descriptor before libssh closes it, so abort() never touches a reused one.
class SocketGuard final {
public:
    void setDescriptor(int fd);
    void releaseDescriptor();
    void abort();
    bool isAborted() const;

private:
    mutable QMutex m_mutex;
    int m_fd = -1;
    bool m_aborted = false;
};

// Connects a TCP socket to host:port (every address the name resolves to, in order),
// giving up after timeoutMs or when the guard is aborted. Returns the connected,
// non-blocking descriptor, or -1 with *error set.
int connectTcp(const QString &host, quint16 port, int timeoutMs, SocketGuard &guard, QString *error);

} // namespace ferry
