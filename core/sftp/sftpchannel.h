#pragma once

#include "remote/remoteerror.h"
#include "sftpprotocol.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

#include <libssh/libssh.h>

class QSocketNotifier;

namespace ferry {

class SocketGuard;

// The SFTP client protocol over one SSH channel, on the session's worker thread. libssh
// runs non-blocking here: socket notifiers say when to read and when libssh's output can
// move, so this thread never waits inside libssh and a cancel or a new request is handled
// at once. Requests are sent with an id and a handler; responses are matched by id, in
// whatever order they come, so any number can be in flight (the transfers keep many).
//
// Every wait is bounded: while requests are outstanding, no byte at all from the server
// for timeoutMs fails the channel with a Timeout. When the channel fails (timeout, the
// server closed it, a protocol error), every pending handler gets the error at once.
class SftpChannel final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SftpChannel)
public:
    struct Reply {
        quint8 type = 0;        // 0 when the channel failed before the reply came
        QByteArrayView payload; // after the id; valid during the handler only
        RemoteError error;      // set when the channel failed
    };
    using Handler = std::function<void(const Reply &reply)>;
    struct Request {
        sftp::Writer writer;
        quint32 id;
    };

    // Takes over the libssh session and channel (the logon's result).
    SftpChannel(ssh_session session, ssh_channel channel, std::shared_ptr<SocketGuard> guard, int timeoutMs,
                QObject *parent = nullptr);
    ~SftpChannel() override;

    // Sends INIT; ready() when the server's VERSION came, or failed().
    void start();
    bool isOpen() const { return m_open; }
    quint32 version() const { return m_version; }
    const QList<sftp::Extension> &extensions() const { return m_extensions; }
    bool hasExtension(QByteArrayView name) const;

    // A request of this type with a fresh id already written.
    Request request(quint8 type);
    // Queues the request; the handler runs once with the response (or the failure).
    void send(Request &&request, Handler handler);
    int outstanding() const { return int(m_pending.size()); }

    // Closes the channel and the connection; pending handlers get `why`.
    void close(const RemoteError &why);

Q_SIGNALS:
    void ready();
    void failed(const ferry::RemoteError &error);

private:
    void schedulePump();
    void pump();
    bool writeQueued(bool *progress);
    bool readAvailable(bool *progress);
    bool dispatch();
    void onVersion(const sftp::Packet &packet);
    void updateNotifiers();
    void onTimeout();
    void armWatchdog();
    QString libsshError() const;

    ssh_session m_session;
    ssh_channel m_channel;
    std::shared_ptr<SocketGuard> m_guard;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer m_watchdog;
    sftp::Framer m_framer;
    QList<QByteArray> m_out; // packets not yet handed to libssh
    qsizetype m_outOffset = 0;
    QHash<quint32, Handler> m_pending;
    quint32 m_nextId = 1;
    quint32 m_version = 0;
    QList<sftp::Extension> m_extensions;
    bool m_open = false;
    bool m_versionReceived = false;
    bool m_pumpScheduled = false;
};

} // namespace ferry
