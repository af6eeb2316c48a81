#pragma once

#include "awaitop.h"
#include "remote/question.h"
#include "remote/secretrequest.h"
#include "sftp/hostkeyrequest.h"
#include "sftp/sftpsession.h"
#include "sshtestserver.h"

#include <QFile>
#include <QTemporaryDir>

// What the SFTP tests share: a session config that trusts the test server through a
// known_hosts file of its own and touches nothing of the user's (~/.ssh, the agent, the
// config folder), and a way to wait for a call and read its results.
namespace ferry::test {

struct SftpOutcome {
    RemoteError error;
    QList<DirEntry> entries;
    DirEntry entry;
    QString path; // text(): realpath, readlink, mkdir
    qint64 bytes = 0;
};

// Runs the event loop until the call finishes (bounded) and returns what it found.
inline SftpOutcome awaitSftp(RemoteCall *call, int timeoutMs = 60000)
{
    SftpOutcome outcome;
    outcome.error = awaitOp<RemoteCall>(
        call,
        [&outcome](RemoteCall *c) {
            outcome.entries = c->entries();
            outcome.entry = c->entry();
            outcome.path = c->text();
            outcome.bytes = c->bytesTransferred();
        },
        timeoutMs);
    return outcome;
}

// A config for `server` in the folder `home`: home/known_hosts trusts the server's host key
// (when `trusted`), home/ferry_known_hosts is Ferry's store, home/ssh is the (empty) ~/.ssh;
// no agent, no default keys, the user's password.
template<typename Server> // SshTestServer or AsyncSshTestServer
SessionConfig sftpConfigFor(const Server &server, const QTemporaryDir &home, bool trusted = true)
{
    SessionConfig config;
    config.protocol = Protocol::Sftp;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.timeoutMs = 20000;
    config.ssh.useAgent = false;
    config.ssh.agentSocket = home.path() + QStringLiteral("/no-agent.sock");
    config.ssh.useDefaultKeys = false;
    config.ssh.sshDir = home.path() + QStringLiteral("/ssh");
    config.ssh.knownHostsFiles = {home.path() + QStringLiteral("/known_hosts")};
    config.ssh.hostKeyStore = home.path() + QStringLiteral("/ferry_known_hosts");
    QFile knownHosts(config.ssh.knownHostsFiles.first());
    if (knownHosts.open(QIODevice::WriteOnly | QIODevice::Truncate) && trusted)
        knownHosts.write(server.knownHostsLine() + '\n');
    return config;
}

// Answers the session's host key / secret questions with `answer` (any object with
// questionAsked(Question *): an SftpSession or a RemoteSession).
template<typename Session, typename Fn>
void onHostKey(Session *session, Fn answer)
{
    QObject::connect(session, &Session::questionAsked, session, [answer](Question *question) mutable {
        if (auto *request = qobject_cast<HostKeyRequest *>(question))
            answer(request);
    });
}

template<typename Session, typename Fn>
void onSecret(Session *session, Fn answer)
{
    QObject::connect(session, &Session::questionAsked, session, [answer](Question *question) mutable {
        if (auto *request = qobject_cast<SecretRequest *>(question))
            answer(request);
    });
}

} // namespace ferry::test
