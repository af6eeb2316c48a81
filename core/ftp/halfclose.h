#pragma once

#include <QObject>

class QAbstractSocket;
class QSocketNotifier;

namespace ferry {

// Ends our side of a TCP connection at once and still takes in what the peer sends until
// it closes too. Qt 6.4 has no half-close: QAbstractSocket::disconnectFromHost() closes the
// descriptor, and anything that arrives afterwards (under TLS 1.3, the server's session
// ticket for a data connection) makes the kernel answer with a reset, which can cost the
// server the end of an upload it has not read yet. So the descriptor is duplicated before
// the close; once the socket has closed its own (after flushing close_notify), the duplicate
// sends our FIN (shutdown(SHUT_WR)) and is read and discarded until the peer's FIN, an
// error, MaxDrain bytes or the timeout, then closed. The object deletes itself.
class HalfClose final : public QObject {
    Q_OBJECT
public:
    // Call right before socket->disconnectFromHost(). False (nothing armed) when the socket
    // has no descriptor or it cannot be duplicated.
    static bool arm(QAbstractSocket *socket, int timeoutMs);
    ~HalfClose() override;

    static constexpr qint64 MaxDrain = 1 << 20;

private:
    HalfClose(int fd, int timeoutMs);
    void start();
    void drain();
    void finish();

    int m_fd = -1;
    qint64 m_drained = 0;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ferry
