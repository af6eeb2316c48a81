#include "sshsettings.h"

#include "knownhosts.h"

#include <QDir>
#include <QFile>

namespace ferry {

QString effectiveSshDir(const SshOptions &ssh)
{
    return ssh.sshDir.isEmpty() ? QDir::homePath() + QLatin1String("/.ssh") : ssh.sshDir;
}

QStringList effectiveKnownHostsFiles(const SshOptions &ssh)
{
    if (!ssh.knownHostsFiles.isEmpty())
        return ssh.knownHostsFiles;
    return {effectiveSshDir(ssh) + QLatin1String("/known_hosts"), QStringLiteral("/etc/ssh/ssh_known_hosts")};
}

QString effectiveHostKeyStore(const SshOptions &ssh)
{
    return ssh.hostKeyStore.isEmpty() ? KnownHosts::defaultStorePath() : ssh.hostKeyStore;
}

QString effectiveAgentSocket(const SshOptions &ssh)
{
    return ssh.agentSocket.isEmpty() ? QFile::decodeName(qgetenv("SSH_AUTH_SOCK")) : ssh.agentSocket;
}

QStringList keyFilesToTry(const SshOptions &ssh)
{
    QStringList files = ssh.identityFiles;
    if (ssh.useDefaultKeys) {
        // OpenSSH tries these when no IdentityFile is configured; Ferry keeps its order of
        // preference (the modern key types first).
        for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
            const QString path = effectiveSshDir(ssh) + QLatin1Char('/') + QLatin1String(name);
            if (QFile::exists(path) && !files.contains(path))
                files.append(path);
        }
    }
    return files;
}

} // namespace ferry
