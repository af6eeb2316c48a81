#pragma once

#include "remote/sessionconfig.h"

#include <QString>
#include <QStringList>

namespace ferry {

// What the empty fields of SshOptions mean: the user's usual SSH files and agent.
QString effectiveSshDir(const SshOptions &ssh);              // ~/.ssh
QStringList effectiveKnownHostsFiles(const SshOptions &ssh); // ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts
QString effectiveHostKeyStore(const SshOptions &ssh);        // <config>/ferry/known_hosts
QString effectiveAgentSocket(const SshOptions &ssh);         // $SSH_AUTH_SOCK
// The key files tried after the agent: identityFiles, then the default ones that exist.
QStringList keyFilesToTry(const SshOptions &ssh);

} // namespace ferry
