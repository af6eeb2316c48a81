#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ferry {

// How one SFTP session reaches one server. Plain values that the CLI, the site manager
// and the tests fill in; the password and passphrase live only in memory.
struct SftpConfig {
    QString host;
    quint16 port = 22;
    QString user;
    QString password;      // tried after the keys (OpenSSH's order); never logged
    QByteArray charset;    // names that are not UTF-8 (empty: Latin-1 as the last resort)
    int timeoutMs = 30000; // no progress at all for this long is a timeout

    // --- Authentication (in this order: agent, key files, keyboard-interactive, password) ---
    bool useAgent = true;
    QString agentSocket;        // empty: $SSH_AUTH_SOCK
    QStringList identityFiles;  // key files for this site (--identity, the site's key file)
    bool useDefaultKeys = true; // also ~/.ssh/id_ed25519, id_ecdsa, id_rsa when they exist
    QString sshDir;             // empty: ~/.ssh
    QByteArray keyPassphrase;   // tried before asking (e.g. from the keychain)

    // --- Host keys ---
    // Read-only known_hosts files (empty: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts).
    QStringList knownHostsFiles;
    QString hostKeyStore;          // Ferry's own file, where "trust always" writes (empty: default)
    QByteArray trustedFingerprint; // "SHA256:..." given by the user (--trust-fingerprint)

    // --- Transfers ---
    int readRequestSize = 0;             // bytes per READ (0: the server's limit, at most 255 KiB)
    int writeRequestSize = 0;            // bytes per WRITE (0: the server's limit, at most 255 KiB)
    int pipelineBytes = 8 * 1024 * 1024; // requested or written but not yet answered, per transfer

    QString effectiveSshDir() const;
    QStringList effectiveKnownHostsFiles() const;
    QString effectiveHostKeyStore() const;
    QString effectiveAgentSocket() const;
    // The key files tried after the agent: identityFiles, then the default ones that exist.
    QStringList keyFilesToTry() const;
};

} // namespace ferry
