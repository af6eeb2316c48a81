#include "processutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ferry::test {

namespace {

constexpr int kStopTimeoutMs = 3000;

// State letter from /proc/<pid>/stat ('R', 'S', 'Z', ...), 0 when the process is gone.
char processState(qint64 pid)
{
    QFile stat(u"/proc/"_s + QString::number(pid) + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close >= 0 && line.size() > close + 2 ? line.at(close + 2) : char(0);
}

} // namespace

// FERRY_TEST_SERVERS_DIR from the environment, else the compile-time path. An
// environment value that names no directory is skipped (with a warning) rather than
// trusted, so a wrong ctest ENVIRONMENT entry cannot break every integration test.
QString serversDir()
{
    const QString fromEnv = qEnvironmentVariable("FERRY_TEST_SERVERS_DIR");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv + u"/pyftpd_server.py"_s).isFile())
        return fromEnv;
#ifdef FERRY_TEST_SERVERS_DIR
    const QString builtIn = QStringLiteral(FERRY_TEST_SERVERS_DIR);
#else
    const QString builtIn;
#endif
    if (!fromEnv.isEmpty() && fromEnv != builtIn) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            qWarning("TestServer: FERRY_TEST_SERVERS_DIR=%s has no pyftpd_server.py; using %s",
                     qUtf8Printable(fromEnv), qUtf8Printable(builtIn));
        }
    }
    return builtIn.isEmpty() ? fromEnv : builtIn;
}

QString pythonInterpreter()
{
    // Debian's interpreter: the one with python3-pyftpdlib (an earlier python3 on
    // PATH may lack Debian's dist-packages).
    const QString debian = u"/usr/bin/python3"_s;
    if (QFileInfo(debian).isExecutable())
        return debian;
    return QStandardPaths::findExecutable(u"python3"_s);
}

QString readTail(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    if (f.size() > maxBytes)
        f.seek(f.size() - maxBytes);
    return QString::fromUtf8(f.readAll()).trimmed();
}

// Runs in the forked child before exec (async-signal-safe calls only): the server
// gets its own process group and dies with the test process even if that is killed
// with SIGKILL (ctest timeout), so no server is ever left behind.
void childSetup()
{
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
}

// Running (not gone, not a zombie waiting to be reaped by init).
bool isAlive(qint64 pid)
{
    const char state = pid > 0 ? processState(pid) : char(0);
    return state != 0 && state != 'Z' && state != 'X';
}

// Direct children of `pid` (vsftpd forks one session per connection; each session
// calls setsid(), so it survives its parent and must be stopped separately).
QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> result;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 candidate = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(u"/proc/"_s + entry + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        if (close < 0)
            continue;
        // after "pid (comm) ": state ppid pgrp ...
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() > 2 && fields.at(1).toLongLong() == pid)
            result.append(candidate);
    }
    return result;
}

qint64 processGroupOf(qint64 pid)
{
    QFile stat(u"/proc/"_s + QString::number(pid) + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    return fields.size() > 2 ? fields.at(2).toLongLong() : -1;
}

// QProcess only notices that its child died while it processes events or waits;
// poll it without blocking.
bool hasExited(QProcess *process)
{
    if (process->state() == QProcess::NotRunning)
        return true;
    process->waitForFinished(0);
    return process->state() == QProcess::NotRunning;
}

QString randomNonce()
{
    return QString::number(QRandomGenerator::global()->generate64(), 36);
}

void stopServerProcess(QProcess *process, bool stopSessions)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        const qint64 pid = process->processId();
        QList<qint64> sessions;
        if (stopSessions && pid > 0)
            sessions = childrenOf(pid);

        if (pid > 0)
            ::kill(static_cast<pid_t>(pid), SIGTERM);
        if (!process->waitForFinished(kStopTimeoutMs)) {
            if (pid > 0)
                ::kill(static_cast<pid_t>(pid), SIGKILL);
            process->waitForFinished(kStopTimeoutMs);
        }
        if (pid > 0 && ::kill(-static_cast<pid_t>(pid), 0) == 0)
            ::kill(-static_cast<pid_t>(pid), SIGKILL); // leftovers in its process group

        for (const qint64 session : std::as_const(sessions)) {
            if (!isAlive(session))
                continue;
            if (processGroupOf(session) == session)
                ::kill(-static_cast<pid_t>(session), SIGKILL);
            else
                ::kill(static_cast<pid_t>(session), SIGKILL);
        }
        // Give the kernel a moment so that the sessions' sockets are really gone.
        QElapsedTimer waited;
        waited.start();
        for (const qint64 session : std::as_const(sessions)) {
            while (isAlive(session) && waited.elapsed() < kStopTimeoutMs)
                QThread::msleep(10);
        }
    }
    delete process;
}

} // namespace ferry::test
