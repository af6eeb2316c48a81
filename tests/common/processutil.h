#pragma once

#include <QList>
#include <QString>

class QProcess;

namespace ferry::test {

// Helpers for the real-server fixtures (TestServer, SshTestServer): where the server
// scripts are, and starting and stopping server processes so that none is left behind.

// FERRY_TEST_SERVERS_DIR from the environment (when it holds the scripts), else the
// compile-time path.
QString serversDir();
// Debian's python3 (the one with python3-pyftpdlib and python3-asyncssh).
QString pythonInterpreter();
// The last maxBytes of a log file, for diagnostics.
QString readTail(const QString &path, qint64 maxBytes = 4000);
QString randomNonce();

// For QProcess::setChildProcessModifier: the server gets its own process group and dies
// with the test process, even when that is killed with SIGKILL (ctest timeout).
void childSetup();
bool isAlive(qint64 pid);
QList<qint64> childrenOf(qint64 pid);
qint64 processGroupOf(qint64 pid);
// Whether the process ended (polls without blocking).
bool hasExited(QProcess *process);
// SIGTERM, then SIGKILL, to the server and its process group; with stopSessions also to
// its children that left the group with setsid() (vsftpd's and sshd's per-connection
// processes). Deletes the process.
void stopServerProcess(QProcess *process, bool stopSessions);

} // namespace ferry::test
