#pragma once

#include "awaitop.h"
#include "sftp/sftpsession.h"
#include "sshtestserver.h"

#include <QFile>
#include <QTemporaryDir>

// What the SFTP tests share: a session config that trusts the test server through a
// known_hosts file of its own and touches nothing of the user's (~/.ssh, the agent, the
// config folder), and a way to wait for a call and read its results.
namespace ferry::test {

struct SftpOutcome {
    FtpError error;
    QList<DirEntry> entries;
    DirEntry entry;
    QString path;
};

// Runs the event loop until the call finishes (bounded) and returns what it found.
inline SftpOutcome awaitSftp(SftpCall *call, int timeoutMs = 60000)
{
    SftpOutcome outcome;
    outcome.error = awaitOp<SftpCall>(
        call,
        [&outcome](SftpCall *c) {
            outcome.entries = c->entries();
            outcome.entry = c->entry();
            outcome.path = c->path();
        },
        timeoutMs);
    return outcome;
}

// A config for `server` in the folder `home`: home/known_hosts trusts the server's host key
// (when `trusted`), home/ferry_known_hosts is Ferry's store, home/ssh is the (empty) ~/.ssh;
// no agent, no default keys, the user's password.
template<typename Server> // SshTestServer or AsyncSshTestServer
SftpConfig sftpConfigFor(const Server &server, const QTemporaryDir &home, bool trusted = true)
{
    SftpConfig config;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.timeoutMs = 20000;
    config.useAgent = false;
    config.agentSocket = home.path() + QStringLiteral("/no-agent.sock");
    config.useDefaultKeys = false;
    config.sshDir = home.path() + QStringLiteral("/ssh");
    config.knownHostsFiles = {home.path() + QStringLiteral("/known_hosts")};
    config.hostKeyStore = home.path() + QStringLiteral("/ferry_known_hosts");
    QFile knownHosts(config.knownHostsFiles.first());
    if (knownHosts.open(QIODevice::WriteOnly | QIODevice::Truncate) && trusted)
        knownHosts.write(server.knownHostsLine() + '\n');
    return config;
}

} // namespace ferry::test
