#include "sftpconfig.h"

#include "knownhosts.h"

#include <QDir>
#include <QFile>

namespace ferry {

QString SftpConfig::effectiveSshDir() const
{
    return sshDir.isEmpty() ? QDir::homePath() + QLatin1String("/.ssh") : sshDir;
}

QStringList SftpConfig::effectiveKnownHostsFiles() const
{
    if (!knownHostsFiles.isEmpty())
        return knownHostsFiles;
    return {effectiveSshDir() + QLatin1String("/known_hosts"), QStringLiteral("/etc/ssh/ssh_known_hosts")};
}

QString SftpConfig::effectiveHostKeyStore() const
{
    return hostKeyStore.isEmpty() ? KnownHosts::defaultStorePath() : hostKeyStore;
}

QString SftpConfig::effectiveAgentSocket() const
{
    return agentSocket.isEmpty() ? QFile::decodeName(qgetenv("SSH_AUTH_SOCK")) : agentSocket;
}

QStringList SftpConfig::keyFilesToTry() const
{
    QStringList files = identityFiles;
    if (useDefaultKeys) {
        // OpenSSH tries these when no IdentityFile is configured; Ferry keeps its order of
        // preference (the modern key types first).
        for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
            const QString path = effectiveSshDir() + QLatin1Char('/') + QLatin1String(name);
            if (QFile::exists(path) && !files.contains(path))
                files.append(path);
        }
    }
    return files;
}

} // namespace ferry
