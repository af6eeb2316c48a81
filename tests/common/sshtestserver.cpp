#include "sshtestserver.h"

#include "processutil.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ferry::test {

namespace {

constexpr int kToolTimeoutMs = 30000; // ssh-keygen of an RSA key under load
constexpr int kStartTimeoutMs = 10000;
constexpr int kPortAttempts = 5;
const QString kUser = u"ferrytest"_s;
const QString kPassword = u"ferry-test-pw"_s;

bool run(const QString &program, const QStringList &args, QString *error,
         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(kToolTimeoutMs) || !process.waitForFinished(kToolTimeoutMs) ||
        process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(kToolTimeoutMs);
        }
        if (error)
            *error = u"%1 %2 failed: %3 %4"_s.arg(program, args.join(u' '), process.errorString(),
                                                  QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

bool generateKey(const QString &path, const QString &type, const QString &passphrase, QString *error)
{
    QStringList args{u"-q"_s, u"-t"_s, type, u"-N"_s, passphrase, u"-C"_s, u"ferry-test"_s, u"-f"_s, path};
    if (type == u"rsa"_s)
        args << u"-b"_s << u"3072"_s;
    return run(u"ssh-keygen"_s, args, error);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    return file.setPermissions(permissions);
}

// Waits until something on address:port sends an SSH banner.
bool waitForBanner(const QHostAddress &address, quint16 port, QProcess *process, QString *why)
{
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (hasExited(process)) {
            *why = u"sshd exited"_s;
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(address, port);
        if (socket.waitForConnected(500)) {
            while (!socket.canReadLine() && socket.waitForReadyRead(500) && !deadline.hasExpired()) {
            }
            if (socket.readLine().startsWith("SSH-2.0-"))
                return true;
        }
        QThread::msleep(50);
    }
    *why = u"no SSH banner within %1 ms"_s.arg(kStartTimeoutMs);
    return false;
}

// A fresh ed25519 host key at `path`; its type and blob from the .pub file.
bool makeHostKey(const QString &path, const QString &type, QByteArray *keyType, QByteArray *blob,
                 QString *error)
{
    if (!generateKey(path, type, {}, error))
        return false;
    const QList<QByteArray> fields = readAll(path + u".pub"_s).trimmed().split(' ');
    if (fields.size() < 2) {
        *error = u"cannot read the host key %1.pub"_s.arg(path);
        return false;
    }
    *keyType = fields[0];
    *blob = QByteArray::fromBase64(fields[1]);
    return true;
}

QByteArray fingerprintOf(const QByteArray &blob)
{
    QByteArray base64 = QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64();
    while (base64.endsWith('='))
        base64.chop(1);
    return "SHA256:" + base64;
}

QByteArray knownHostsLineOf(const QHostAddress &address, quint16 port, const QByteArray &type,
                            const QByteArray &blob)
{
    const QByteArray host = address.toString().toLatin1();
    const QByteArray pattern = port == 22 ? host : '[' + host + "]:" + QByteArray::number(port);
    return pattern + ' ' + type + ' ' + blob.toBase64();
}

} // namespace

// --- SshTestKeys ---

QString SshTestKeys::path(Key key, QString *error)
{
    static QMutex mutex;
    static std::unique_ptr<QTemporaryDir> dir;
    static QString failure;
    QMutexLocker locker(&mutex);
    if (!dir && failure.isEmpty()) {
        auto made = std::make_unique<QTemporaryDir>();
        const QString base = made->path();
        QString why;
        if (made->isValid() && generateKey(base + u"/id_ed25519"_s, u"ed25519"_s, {}, &why) &&
            generateKey(base + u"/id_ecdsa"_s, u"ecdsa"_s, {}, &why) &&
            generateKey(base + u"/id_rsa"_s, u"rsa"_s, {}, &why) &&
            generateKey(base + u"/id_ed25519_pass"_s, u"ed25519"_s, passphrase(), &why) &&
            generateKey(base + u"/id_stranger"_s, u"ed25519"_s, {}, &why))
            dir = std::move(made);
        else
            failure = why.isEmpty() ? u"cannot create a temporary directory"_s : why;
    }
    if (!dir) {
        if (error)
            *error = failure;
        return {};
    }
    static const char *const names[] = {"id_ed25519", "id_ecdsa", "id_rsa", "id_ed25519_pass", "id_stranger"};
    return dir->path() + u'/' + QLatin1String(names[int(key)]);
}

QByteArray SshTestKeys::publicLine(Key key)
{
    const QString file = path(key);
    return file.isEmpty() ? QByteArray() : readAll(file + u".pub"_s).trimmed();
}

// --- SshTestServer ---

std::unique_ptr<SshTestServer> SshTestServer::start(const Options &options, QString *error)
{
    std::unique_ptr<SshTestServer> server(new SshTestServer);
    server->m_options = options;
    if (!server->prepare(error) || !server->launch(error))
        return nullptr;
    return server;
}

SshTestServer::~SshTestServer()
{
    stopServerProcess(m_process, true);
}

QString SshTestServer::userName() const
{
    return kUser;
}

QString SshTestServer::password() const
{
    return kPassword;
}

QString SshTestServer::rootPath() const
{
    return m_dir.path() + u"/root"_s;
}

QString SshTestServer::configPath() const
{
    return m_dir.path() + u"/sshd_config"_s;
}

QString SshTestServer::serverLog() const
{
    return readTail(m_dir.path() + u"/sshd.log"_s);
}

QByteArray SshTestServer::fullLog() const
{
    return readAll(m_dir.path() + u"/sshd.log"_s);
}

QByteArray SshTestServer::hostKeyFingerprint() const
{
    return fingerprintOf(m_hostKeyBlob);
}

QByteArray SshTestServer::knownHostsLine() const
{
    return knownHostsLineOf(m_options.address, m_port, m_hostKeyType, m_hostKeyBlob);
}

bool SshTestServer::prepare(QString *error)
{
    const passwd *pw = ::getpwnam(kUser.toLocal8Bit().constData());
    if (!pw) {
        *error =
            u"sshd: the test user %1 does not exist (run tests/servers/setup-test-user.sh as root)"_s.arg(
                kUser);
        return false;
    }
    m_uid = int(pw->pw_uid);
    m_gid = int(pw->pw_gid);
    if (!QFileInfo(u"/usr/sbin/sshd"_s).isExecutable()) {
        *error = u"sshd: /usr/sbin/sshd is missing (apt-get install openssh-server)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        *error = u"sshd: cannot create a temporary directory"_s;
        return false;
    }
    // sshd reads authorized_keys as the user: the folder must be traversable.
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
    QDir().mkpath(rootPath());
    fixOwnership();
    // Privilege separation needs this folder (Debian's sshd service creates it).
    QDir().mkpath(u"/run/sshd"_s);

    if (!makeHostKey(m_dir.path() + u"/ssh_host_key"_s, m_options.hostKeyType, &m_hostKeyType, &m_hostKeyBlob,
                     error))
        return false;

    QByteArray authorized;
    for (const auto key : {SshTestKeys::Key::Ed25519, SshTestKeys::Key::Ecdsa, SshTestKeys::Key::Rsa,
                           SshTestKeys::Key::Ed25519Passphrase}) {
        const QByteArray line = SshTestKeys::publicLine(key);
        if (line.isEmpty()) {
            SshTestKeys::path(key, error);
            return false;
        }
        authorized += line + '\n';
    }
    if (!writeAll(m_dir.path() + u"/authorized_keys"_s, authorized,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                      QFileDevice::ReadOther)) {
        *error = u"sshd: cannot write authorized_keys"_s;
        return false;
    }
    return true;
}

bool SshTestServer::launch(QString *error)
{
    const QString dir = m_dir.path();
    const auto yesNo = [](bool on) { return on ? "yes"_ba : "no"_ba; };
    QString lastWhy;
    for (int attempt = 1; attempt <= kPortAttempts; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(m_options.address, 0)) {
            *error = u"sshd: cannot bind a free port: %1"_s.arg(probe.errorString());
            return false;
        }
        m_port = probe.serverPort();
        probe.close();

        QByteArray config;
        config += "Port " + QByteArray::number(m_port) + '\n';
        config += "ListenAddress " + m_options.address.toString().toLatin1() + '\n';
        config += "HostKey " + QFile::encodeName(dir) + "/ssh_host_key\n";
        config += "PidFile " + QFile::encodeName(dir) + "/sshd.pid\n";
        config += "AuthorizedKeysFile " + QFile::encodeName(dir) + "/authorized_keys\n";
        config += "StrictModes no\nUsePAM no\nKbdInteractiveAuthentication no\n";
        config += "PasswordAuthentication " + yesNo(m_options.passwordAuthentication) + '\n';
        config += "PubkeyAuthentication " + yesNo(m_options.publicKeyAuthentication) + '\n';
        config += "PermitRootLogin no\nAllowUsers " + kUser.toLatin1() + '\n';
        config += "MaxAuthTries 20\nMaxStartups 100\nMaxSessions 100\nLoginGraceTime 60\nUseDNS no\n";
        config += "X11Forwarding no\nAllowTcpForwarding no\nPrintMotd no\nLogLevel VERBOSE\n";
        config += "Subsystem sftp internal-sftp\n";
        config += m_options.extraConfig.toUtf8() + '\n';
        if (!writeAll(configPath(), config, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            *error = u"sshd: cannot write its config"_s;
            return false;
        }

        stopServerProcess(m_process, true);
        m_process = new QProcess;
        m_process->setChildProcessModifier(childSetup);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(dir + u"/sshd.log"_s, QIODevice::Append);
        m_process->start(u"/usr/sbin/sshd"_s, {u"-D"_s, u"-e"_s, u"-f"_s, configPath()});
        if (!m_process->waitForStarted(kStartTimeoutMs)) {
            *error = u"sshd: cannot start: %1"_s.arg(m_process->errorString());
            return false;
        }
        m_pid = m_process->processId();
        QString why;
        if (waitForBanner(m_options.address, m_port, m_process, &why))
            return true;
        lastWhy = why + u": "_s + serverLog();
        if (!serverLog().contains(u"Address already in use"_s)) {
            *error = u"sshd on port %1: %2"_s.arg(m_port).arg(lastWhy);
            return false;
        }
    }
    *error = u"sshd: no usable port after %1 attempts (%2)"_s.arg(kPortAttempts).arg(lastWhy);
    return false;
}

bool SshTestServer::writeFile(const QString &relativePath, const QByteArray &content) const
{
    const QString path = rootPath() + u'/' + relativePath;
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!writeAll(path, content,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                      QFileDevice::ReadOther))
        return false;
    fixOwnership();
    return true;
}

void SshTestServer::fixOwnership() const
{
    if (m_uid < 0)
        return;
    const QByteArray root = QFile::encodeName(rootPath());
    if (::chown(root.constData(), uid_t(m_uid), gid_t(m_gid)) != 0)
        return;
    QProcess chown;
    chown.start(u"chown"_s, {u"-R"_s, u"%1:%2"_s.arg(m_uid).arg(m_gid), rootPath()});
    chown.waitForFinished(kToolTimeoutMs);
}

// --- AsyncSshTestServer ---

std::unique_ptr<AsyncSshTestServer> AsyncSshTestServer::start(const Options &options, QString *error)
{
    std::unique_ptr<AsyncSshTestServer> server(new AsyncSshTestServer);
    const QString dir = server->m_dir.path();
    if (!server->m_dir.isValid() || !QDir().mkpath(server->rootPath())) {
        *error = u"asyncssh: cannot create a temporary directory"_s;
        return nullptr;
    }
    const QString hostKey = dir + u"/host_key"_s;
    if (!makeHostKey(hostKey, u"ed25519"_s, &server->m_hostKeyType, &server->m_hostKeyBlob, error))
        return nullptr;
    QStringList args{serversDir() + u"/asyncssh_sftp_server.py"_s, u"--root"_s, server->rootPath(),
                     u"--host-key"_s, hostKey};
    if (options.dropAfter >= 0)
        args << u"--drop-after"_s << QString::number(options.dropAfter) << u"--drop-count"_s
             << QString::number(options.dropCount);
    if (options.stallAfter >= 0)
        args << u"--stall-after"_s << QString::number(options.stallAfter) << u"--stall-count"_s
             << QString::number(options.stallCount);
    if (options.keyboardInteractive || options.keyboardInteractivePasswordOnly)
        args << u"--kbdint"_s;
    if (options.keyboardInteractivePasswordOnly)
        args << u"--kbdint-password-only"_s;
    if (options.noSftp)
        args << u"--no-sftp"_s;
    if (options.hostileNames)
        args << u"--hostile-names"_s;
    server->m_process = new QProcess;
    server->m_process->setChildProcessModifier(childSetup);
    server->m_process->setStandardErrorFile(dir + u"/server.log"_s);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
    env.insert(u"PYTHONWARNINGS"_s, u"ignore"_s);
    server->m_process->setProcessEnvironment(env);
    server->m_process->start(pythonInterpreter(), args);
    const QDeadlineTimer deadline(kStartTimeoutMs + 10000); // python start-up under load
    while (!server->m_process->canReadLine() && !deadline.hasExpired() && !hasExited(server->m_process))
        server->m_process->waitForReadyRead(200);
    const QByteArray line = server->m_process->readLine().trimmed();
    if (!line.startsWith("READY ")) {
        *error = u"asyncssh server did not start: %1"_s.arg(server->serverLog());
        return nullptr;
    }
    server->m_port = quint16(line.mid(6).toUInt());
    return server;
}

AsyncSshTestServer::~AsyncSshTestServer()
{
    stopServerProcess(m_process, false);
}

QString AsyncSshTestServer::rootPath() const
{
    return m_dir.path() + u"/root"_s;
}

QByteArray AsyncSshTestServer::hostKeyFingerprint() const
{
    return fingerprintOf(m_hostKeyBlob);
}

QByteArray AsyncSshTestServer::knownHostsLine() const
{
    return knownHostsLineOf(address(), m_port, m_hostKeyType, m_hostKeyBlob);
}

QString AsyncSshTestServer::serverLog() const
{
    return readTail(m_dir.path() + u"/server.log"_s);
}

// --- SshTestAgent ---

std::unique_ptr<SshTestAgent> SshTestAgent::start(const QStringList &keyFiles, QString *error)
{
    std::unique_ptr<SshTestAgent> agent(new SshTestAgent);
    if (!agent->m_dir.isValid()) {
        *error = u"ssh-agent: cannot create a temporary directory"_s;
        return nullptr;
    }
    agent->m_process = new QProcess;
    agent->m_process->setChildProcessModifier(childSetup);
    agent->m_process->setProcessChannelMode(QProcess::MergedChannels);
    agent->m_process->start(u"ssh-agent"_s, {u"-D"_s, u"-a"_s, agent->socketPath()});
    if (!agent->m_process->waitForStarted(kStartTimeoutMs)) {
        *error = u"ssh-agent: cannot start: %1"_s.arg(agent->m_process->errorString());
        return nullptr;
    }
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!QFileInfo::exists(agent->socketPath()) && !deadline.hasExpired())
        QThread::msleep(20);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SSH_AUTH_SOCK"_s, agent->socketPath());
    for (const QString &key : keyFiles) {
        // The socket file appears at bind(), before listen(): retry a refused first add.
        while (!run(u"ssh-add"_s, {key}, error, env)) {
            if (deadline.hasExpired() || !error->contains(u"Connection refused"_s))
                return nullptr;
            QThread::msleep(50);
        }
    }
    return agent;
}

SshTestAgent::~SshTestAgent()
{
    stopServerProcess(m_process, false);
}

QString SshTestAgent::socketPath() const
{
    return m_dir.path() + u"/agent.sock"_s;
}

} // namespace ferry::test
