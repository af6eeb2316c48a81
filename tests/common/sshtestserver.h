#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

class QProcess;

namespace ferry::test {

// Client key files made once per test process (ssh-keygen), for the SFTP tests. The
// server of SshTestServer authorizes all of them but Stranger.
struct SshTestKeys {
    enum class Key {
        Ed25519,           // OpenSSH format, no passphrase
        Ecdsa,             // ecdsa-sha2-nistp256, no passphrase
        Rsa,               // 3072 bits, no passphrase
        Ed25519Passphrase, // encrypted with passphrase()
        Stranger,          // ed25519, not authorized anywhere
    };
    // The private key file (FILE.pub beside it); empty when ssh-keygen failed (*error).
    static QString path(Key key, QString *error = nullptr);
    static QByteArray publicLine(Key key); // "ssh-ed25519 AAAA... comment"
    static QString passphrase() { return QStringLiteral("key-passphrase"); }
};

// OpenSSH's sshd (Debian's openssh-server), started for one test on a free loopback port
// with its own config, host key and authorized keys, never touching a system sshd. The
// login user is the system user `ferrytest` (tests/servers/setup-test-user.sh) with its
// password; SFTP is sshd's internal-sftp. rootPath() is a folder owned by that user in the
// server's temporary directory: the tests' playground, seen at the same absolute path by
// the server. Stopped by PID (with its per-connection processes) when destroyed.
class SshTestServer final {
public:
    struct Options {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        bool passwordAuthentication = true;
        bool publicKeyAuthentication = true;
        QString hostKeyType = QStringLiteral("ed25519"); // ssh-keygen -t
        QString extraConfig;                             // more sshd_config lines
    };

    static std::unique_ptr<SshTestServer> start(const Options &options, QString *error);
    ~SshTestServer();

    QHostAddress address() const { return m_options.address; }
    quint16 port() const { return m_port; }
    QString userName() const;
    QString password() const;
    QString rootPath() const; // absolute, writable by userName()
    // "SHA256:..." as ssh prints it, and the known_hosts line for this host:port.
    QByteArray hostKeyFingerprint() const;
    QByteArray knownHostsLine() const;
    qint64 pid() const { return m_pid; }
    QString serverLog() const;  // the tail of sshd's log, for diagnostics
    QByteArray fullLog() const; // all of it (tests compare what a step added)

    // Writes a file below rootPath() owned by the login user.
    bool writeFile(const QString &relativePath, const QByteArray &content) const;
    // Hands everything below rootPath() to the login user.
    void fixOwnership() const;

private:
    SshTestServer() = default;
    bool prepare(QString *error);
    bool launch(QString *error);
    QString configPath() const;

    Options m_options;
    QTemporaryDir m_dir;
    QProcess *m_process = nullptr;
    quint16 m_port = 0;
    qint64 m_pid = 0;
    int m_uid = -1;
    int m_gid = -1;
    QByteArray m_hostKeyBlob;
    QByteArray m_hostKeyType;
};

// python3-asyncssh's SFTP server (tests/servers/asyncssh_sftp_server.py) for the faults
// sshd will not produce: connections dropped or stalled in the middle of a transfer,
// keyboard-interactive prompts, no SFTP subsystem, hostile names in listings. It runs as
// the test's own user, chrooted to rootPath(); the login is test / test-pw.
class AsyncSshTestServer final {
public:
    struct Options {
        qint64 dropAfter = -1; // the first dropCount transfers lose the connection after N bytes
        int dropCount = 1;
        qint64 stallAfter = -1; // the first stallCount transfers stop answering after N bytes
        int stallCount = 1;
        bool keyboardInteractive = false; // "Password:" then "Code:" (42)
        bool keyboardInteractivePasswordOnly = false;
        bool noSftp = false;
        bool hostileNames = false;
    };

    static std::unique_ptr<AsyncSshTestServer> start(const Options &options, QString *error);
    ~AsyncSshTestServer();

    QHostAddress address() const { return QHostAddress(QHostAddress::LocalHost); }
    quint16 port() const { return m_port; }
    QString userName() const { return QStringLiteral("test"); }
    QString password() const { return QStringLiteral("test-pw"); }
    QString rootPath() const; // what the client sees as "/"
    QByteArray hostKeyFingerprint() const;
    QByteArray knownHostsLine() const;
    QString serverLog() const;

private:
    AsyncSshTestServer() = default;
    QTemporaryDir m_dir;
    QProcess *m_process = nullptr;
    quint16 m_port = 0;
    QByteArray m_hostKeyBlob;
    QByteArray m_hostKeyType;
};

// An ssh-agent of its own (ssh-agent -D -a SOCKET), holding the given keys; stopped by PID.
class SshTestAgent final {
public:
    static std::unique_ptr<SshTestAgent> start(const QStringList &keyFiles, QString *error);
    ~SshTestAgent();
    QString socketPath() const;

private:
    SshTestAgent() = default;
    QTemporaryDir m_dir;
    QProcess *m_process = nullptr;
};

} // namespace ferry::test
