#pragma once

// MiniFtpd: a fast in-memory FTP server for tests (the fault matrix, the window's tests),
// built on FakeFtpServer, with a fault per command. Real servers (TestServer) for behaviour;
// this one for what they will not do, and where a real server would be too slow to start.
#include "fakeftpserver.h"
#include "testutil.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimeZone>
#include <QTimer>
#include <functional>
#include <sys/socket.h>

namespace ferry::test {

// An FTP server in the test's event loop, over FakeFtpServer: files and folders in
// memory, one data connection per control connection (EPSV, PASV, EPRT, PORT), and the
// commands the queue uses (CWD, SIZE, MDTM, MFMT, MKD, RMD, DELE, REST, RETR, STOR, APPE,
// LIST, MLSD, ABOR; USER, PASS, FEAT, SYST, OPTS, TYPE, NOOP, PWD, QUIT come from
// FakeFtpServer). inject() replaces the server's answer to a command (or to a new
// connection, "GREETING") by an action: a drop, a stall, another reply, a custom transfer.
class MiniFtpd final : public QObject {
public:
    using Action = std::function<void(MiniFtpd &server, QTcpSocket *control, const QByteArray &argument)>;

    QMap<QByteArray, QByteArray> files;     // absolute path -> content
    QSet<QByteArray> dirs{QByteArray("/")}; // absolute paths
    QHash<QByteArray, QByteArray> listings; // folder -> raw listing sent instead of the generated one
    QHash<QByteArray, qint64> sizeReplies;  // path -> what SIZE says instead of the real size

    MiniFtpd()
    {
        m_server.setConnectionHandler(
            [this](FakeFtpServer &, QTcpSocket *control) { return onConnection(control); });
        m_server.setHandler(
            [this](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &argument) {
                return onCommand(control, verb, argument);
            });
        setMlsd(true);
    }

    bool listen() { return m_server.listen(); }
    quint16 port() const { return m_server.port(); }
    void setMlsd(bool on)
    {
        m_server.featReply = "211-Features:\r\n UTF8\r\n EPSV\r\n" +
                             QByteArray(on ? " MLST type*;size*;modify*;\r\n" : "") +
                             " MFMT\r\n MDTM\r\n SIZE\r\n REST STREAM\r\n211 End\r\n";
    }
    // The first `times` commands `verb` (-1: all of them) get `action` instead of the
    // normal answer. "GREETING": new control connections.
    void inject(const QByteArray &verb, Action action, int times = 1)
    {
        m_faults.append({verb, std::move(action), times});
    }
    void clearFaults() { m_faults.clear(); }
    int count(const QByteArray &verb) const { return m_counts.value(verb); }
    QList<QByteArray> received() const { return m_server.received(); }
    int dataConnections() const { return m_dataConnections; }
    void hold(QTcpSocket *control) { m_server.hold(control); }
    void release(QTcpSocket *control) { m_server.release(control); }

    QByteArray resolve(QTcpSocket *control, const QByteArray &argument) const
    {
        QByteArray path = argument;
        const QByteArray cwd = m_conns.value(control).cwd;
        if (path.isEmpty())
            return cwd;
        if (!path.startsWith('/'))
            path = (cwd == "/" ? QByteArray("/") : cwd + '/') + path;
        while (path.size() > 1 && path.endsWith('/'))
            path.chop(1);
        return path;
    }
    static QByteArray parentOf(const QByteArray &path)
    {
        const qsizetype slash = path.lastIndexOf('/');
        return slash <= 0 ? QByteArray("/") : path.left(slash);
    }
    qint64 takeRest(QTcpSocket *control) { return std::exchange(m_conns[control].rest, 0); }

    // Runs `action` on the data connection once it is open (at once if it is).
    void withData(QTcpSocket *control, std::function<void(QTcpSocket *)> action)
    {
        Conn &c = m_conns[control];
        if (c.ready && c.data) {
            QTcpSocket *data = c.data;
            action(data);
            return;
        }
        c.pending = std::move(action);
    }
    // Sends `bytes`, closes the data connection, then sends `finalReply` on the control one.
    void sendAndClose(QTcpSocket *control, QTcpSocket *data, const QByteArray &bytes,
                      const QByteArray &finalReply = "226 Transfer complete.\r\n")
    {
        QPointer<QTcpSocket> ctl(control);
        connect(
            data, &QTcpSocket::disconnected, this,
            [ctl, finalReply] {
                if (ctl)
                    ctl->write(finalReply);
            },
            Qt::SingleShotConnection);
        data->write(bytes);
        data->disconnectFromHost();
    }
    // Closes the control connection without a reply: FIN, or RST (SO_LINGER 0).
    void drop(QTcpSocket *control, bool reset)
    {
        closeData(control);
        if (reset) {
            const linger l{1, 0};
            ::setsockopt(int(control->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
            control->abort();
        } else {
            control->disconnectFromHost();
        }
    }
    void closeData(QTcpSocket *control)
    {
        Conn &c = m_conns[control];
        if (QTcpSocket *data = c.data) {
            data->disconnect(this);
            data->abort();
            data->deleteLater();
        }
        if (QTcpServer *listener = c.listener) {
            listener->close();
            listener->deleteLater();
        }
        c.data = nullptr;
        c.listener = nullptr;
        c.pending = {};
        c.ready = false;
    }
    quint16 openPassive(QTcpSocket *control)
    {
        closeData(control);
        auto *listener = new QTcpServer(control);
        listener->listen(QHostAddress(QHostAddress::LocalHost), 0);
        QPointer<QTcpSocket> ctl(control);
        connect(listener, &QTcpServer::newConnection, this, [this, listener, ctl] {
            while (QTcpSocket *socket = listener->nextPendingConnection()) {
                ++m_dataConnections;
                if (!ctl || m_conns.value(ctl).listener != listener) {
                    socket->abort();
                    continue;
                }
                dataReady(ctl, socket);
            }
        });
        m_conns[control].listener = listener;
        return listener->serverPort();
    }

private:
    struct Fault {
        QByteArray verb;
        Action action;
        int times = 1;
    };
    struct Conn {
        QByteArray cwd = "/";
        qint64 rest = 0;
        QPointer<QTcpServer> listener;
        QPointer<QTcpSocket> data;
        bool ready = false;
        std::function<void(QTcpSocket *)> pending;
    };

    bool runFault(QTcpSocket *control, const QByteArray &verb, const QByteArray &argument)
    {
        for (Fault &fault : m_faults) {
            if (fault.verb != verb || fault.times == 0)
                continue;
            if (fault.times > 0)
                --fault.times;
            const Action action = fault.action; // may inject or clear faults
            action(*this, control, argument);
            return true;
        }
        return false;
    }
    bool onConnection(QTcpSocket *control)
    {
        m_counts["GREETING"] += 1;
        m_conns.insert(control, Conn{});
        return runFault(control, "GREETING", {});
    }
    void dataReady(QTcpSocket *control, QTcpSocket *data)
    {
        Conn &c = m_conns[control];
        c.data = data;
        c.ready = true;
        if (c.pending) {
            const auto action = std::exchange(c.pending, {});
            action(data);
        }
    }
    void openActive(QTcpSocket *control, const QHostAddress &address, quint16 port)
    {
        closeData(control);
        auto *socket = new QTcpSocket(control);
        QPointer<QTcpSocket> ctl(control);
        connect(socket, &QTcpSocket::connected, this, [this, ctl, socket] {
            ++m_dataConnections;
            if (ctl && m_conns.value(ctl).data == socket)
                dataReady(ctl, socket);
        });
        m_conns[control].data = socket;
        socket->connectToHost(address, port);
    }
    void receive(QTcpSocket *data, std::function<void(const QByteArray &)> done)
    {
        auto buffer = std::make_shared<QByteArray>();
        auto finished = std::make_shared<bool>(false);
        const auto finish = [data, buffer, finished, done] {
            if (*finished)
                return;
            *finished = true;
            buffer->append(data->readAll());
            done(*buffer);
        };
        connect(data, &QTcpSocket::readyRead, this, [data, buffer] { buffer->append(data->readAll()); });
        connect(data, &QTcpSocket::disconnected, this, finish);
        buffer->append(data->readAll());
        if (data->state() == QAbstractSocket::UnconnectedState)
            finish();
    }
    QByteArray listing(const QByteArray &dir, bool mlsd) const
    {
        if (listings.contains(dir))
            return listings.value(dir);
        const QByteArray prefix = dir == "/" ? QByteArray("/") : dir + '/';
        const auto child = [&](const QByteArray &path) {
            return path != dir && path.startsWith(prefix) && !path.mid(prefix.size()).contains('/');
        };
        QByteArray out;
        for (const QByteArray &d : dirs) {
            if (child(d))
                out += (mlsd ? "type=dir;modify=20200102030405; "
                             : "drwxr-xr-x   2 user group 4096 Jan 02  2020 ") +
                       d.mid(prefix.size()) + "\r\n";
        }
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            if (!child(it.key()))
                continue;
            const QByteArray size = QByteArray::number(it.value().size());
            const QByteArray facts = mlsd
                                         ? QByteArray("type=file;size=" + size + ";modify=20200102030405; ")
                                         : QByteArray("-rw-r--r--   1 user group " + size + " Jan 02  2020 ");
            out += facts + it.key().mid(prefix.size()) + "\r\n";
        }
        return out;
    }

    bool onCommand(QTcpSocket *control, const QByteArray &verb, const QByteArray &argument)
    {
        m_counts[verb] += 1;
        if (runFault(control, verb, argument))
            return true;
        const QByteArray path = resolve(control, argument);
        if (verb == "CWD") {
            if (dirs.contains(path)) {
                m_conns[control].cwd = path;
                control->write("250 Directory successfully changed.\r\n");
            } else {
                control->write("550 Failed to change directory.\r\n");
            }
        } else if (verb == "SIZE") {
            if (files.contains(path))
                control->write("213 " +
                               QByteArray::number(sizeReplies.value(path, qint64(files.value(path).size()))) +
                               "\r\n");
            else
                control->write("550 Could not get file size.\r\n");
        } else if (verb == "MDTM") {
            control->write(files.contains(path) ? "213 20200102030405\r\n"
                                                : "550 Could not get file modification time.\r\n");
        } else if (verb == "MFMT") {
            const QByteArray target = resolve(control, argument.mid(argument.indexOf(' ') + 1));
            control->write(files.contains(target) ? "213 Modify=" + argument.left(14) + "; " + target + "\r\n"
                                                  : QByteArray("550 No such file.\r\n"));
        } else if (verb == "MKD") {
            if (dirs.contains(path) || files.contains(path)) {
                control->write("550 File exists.\r\n");
            } else if (!dirs.contains(parentOf(path))) {
                control->write("550 No such directory.\r\n");
            } else {
                dirs.insert(path);
                control->write("257 \"" + path + "\" created.\r\n");
            }
        } else if (verb == "RMD") {
            bool empty = true;
            for (const QByteArray &p : std::as_const(dirs))
                empty = empty && !p.startsWith(QByteArray(path + '/'));
            for (auto it = files.cbegin(); it != files.cend(); ++it)
                empty = empty && !it.key().startsWith(QByteArray(path + '/'));
            if (!dirs.contains(path) || path == "/") {
                control->write("550 No such directory.\r\n");
            } else if (!empty) {
                control->write("550 Directory not empty.\r\n");
            } else {
                dirs.remove(path);
                control->write("250 Remove directory operation successful.\r\n");
            }
        } else if (verb == "DELE") {
            control->write(files.remove(path) ? "250 Delete operation successful.\r\n"
                                              : "550 No such file or directory.\r\n");
        } else if (verb == "REST") {
            m_conns[control].rest = argument.toLongLong();
            control->write("350 Restarting at " + argument + ".\r\n");
        } else if (verb == "EPSV") {
            control->write("229 Entering Extended Passive Mode (|||" +
                           QByteArray::number(openPassive(control)) + "|)\r\n");
        } else if (verb == "PASV") {
            control->write(
                FakeFtpServer::pasvReply(QHostAddress(QHostAddress::LocalHost), openPassive(control)));
        } else if (verb == "EPRT" || verb == "PORT") {
            QHostAddress address;
            quint16 port = 0;
            if (verb == "EPRT") {
                const QList<QByteArray> parts = argument.split('|'); // |1|127.0.0.1|port|
                address = QHostAddress(QString::fromLatin1(parts.value(2)));
                port = quint16(parts.value(3).toUInt());
            } else {
                const QList<QByteArray> n = argument.split(',');
                address = QHostAddress(QString::fromLatin1(n.mid(0, 4).join('.')));
                port = quint16(n.value(4).toUInt() * 256 + n.value(5).toUInt());
            }
            openActive(control, address, port);
            control->write("200 " + verb + " command successful.\r\n");
        } else if (verb == "RETR") {
            if (!files.contains(path)) {
                control->write("550 No such file or directory.\r\n");
                return true;
            }
            const QByteArray data = files.value(path).mid(takeRest(control));
            control->write("150 Opening BINARY mode data connection.\r\n");
            withData(control, [this, control, data](QTcpSocket *d) { sendAndClose(control, d, data); });
        } else if (verb == "STOR" || verb == "APPE") {
            if (!dirs.contains(parentOf(path))) {
                control->write("553 Could not create file.\r\n");
                return true;
            }
            const bool append = verb == "APPE";
            const qint64 rest = takeRest(control);
            control->write("150 Ok to send data.\r\n");
            QPointer<QTcpSocket> ctl(control);
            withData(control, [this, ctl, path, append, rest](QTcpSocket *d) {
                receive(d, [this, ctl, path, append, rest](const QByteArray &bytes) {
                    if (append)
                        files[path] += bytes;
                    else if (rest > 0)
                        files[path] = files.value(path).left(rest) + bytes;
                    else
                        files[path] = bytes;
                    if (ctl)
                        ctl->write("226 Transfer complete.\r\n");
                });
            });
        } else if (verb == "LIST" || verb == "MLSD") {
            const bool mlsd = verb == "MLSD";
            const QByteArray dir = mlsd ? path : resolve(control, {});
            if (!dirs.contains(dir)) {
                control->write("550 No such directory.\r\n");
                return true;
            }
            const QByteArray bytes = listing(dir, mlsd);
            control->write("150 Here comes the directory listing.\r\n");
            withData(control, [this, control, bytes](QTcpSocket *d) { sendAndClose(control, d, bytes); });
        } else if (verb == "ABOR") {
            closeData(control);
            control->write("226 ABOR command successful.\r\n");
        } else {
            return false; // FakeFtpServer's defaults
        }
        return true;
    }

    FakeFtpServer m_server;
    QList<Fault> m_faults;
    QHash<QByteArray, int> m_counts;
    QHash<QTcpSocket *, Conn> m_conns;
    int m_dataConnections = 0;
};

// --- Actions for MiniFtpd::inject ---

inline MiniFtpd::Action dropAction(bool reset)
{
    return
        [reset](MiniFtpd &server, QTcpSocket *control, const QByteArray &) { server.drop(control, reset); };
}

inline MiniFtpd::Action stallAction()
{
    return [](MiniFtpd &, QTcpSocket *, const QByteArray &) {};
}

inline MiniFtpd::Action replyAction(const QByteArray &bytes, bool thenClose = false)
{
    return [bytes, thenClose](MiniFtpd &server, QTcpSocket *control, const QByteArray &) {
        control->write(bytes);
        if (thenClose) {
            control->flush();
            server.drop(control, false);
        }
    };
}

// Writes `parts` one by one, 20 ms apart (one TCP segment each on loopback).
inline void writeInPackets(QTcpSocket *socket, const QList<QByteArray> &parts,
                           std::function<void()> then = {})
{
    QPointer<QTcpSocket> s(socket);
    int delay = 0;
    for (const QByteArray &part : parts) {
        QTimer::singleShot(delay += 20, socket, [s, part] {
            s->write(part);
            s->flush();
        });
    }
    if (then)
        QTimer::singleShot(delay + 20, socket, std::move(then));
}

} // namespace ferry::test
