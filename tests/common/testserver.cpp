#include "testserver.h"

#include "processutil.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ferry::test {

namespace {

constexpr int kStartTimeoutMs = 15000; // python start-up under load + greeting
constexpr int kGreetingTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 3000;
constexpr int kVsftpdPortAttempts = 5;
constexpr int kCertificatesTimeoutMs = 30000; // 4 RSA keys + 1 EC key with the openssl CLI (~2 s)

const QString kPyUser = u"test"_s;
const QString kPyPassword = u"test-pw"_s;
const QString kVsftpdUser = u"ferrytest"_s;
const QString kVsftpdPassword = u"ferry-test-pw"_s;

QString vsftpdBinary()
{
    QString found = QStandardPaths::findExecutable(u"vsftpd"_s);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(u"vsftpd"_s, {u"/usr/sbin"_s, u"/sbin"_s});
    return found;
}

} // namespace

QString proftpdBinary()
{
    const QString prefix = qEnvironmentVariable("FERRY_PROFTPD", u"/opt/ferry-proftpd"_s);
    const QFileInfo binary(prefix + u"/usr/sbin/proftpd"_s);
    return binary.isExecutable() ? binary.filePath() : QString();
}

namespace {

QString tlsArgument(TestServer::Tls tls)
{
    switch (tls) {
    case TestServer::Tls::None:
        return u"none"_s;
    case TestServer::Tls::Explicit:
        return u"explicit"_s;
    case TestServer::Tls::Implicit:
        return u"implicit"_s;
    }
    return QString();
}

// File base name of each certificate made by tests/servers/make_test_certs.sh.
QString certificateName(TestServer::TlsCert cert)
{
    switch (cert) {
    case TestServer::TlsCert::SelfSigned:
        return u"selfsigned"_s;
    case TestServer::TlsCert::Expired:
        return u"expired"_s;
    case TestServer::TlsCert::WrongHost:
        return u"wronghost"_s;
    case TestServer::TlsCert::CaSigned:
        return u"casigned"_s;
    }
    return QString();
}

// Runs make_test_certs.sh once per process into a temporary directory that lives until
// the process exits (RSA key generation takes a second or two); every TLS server
// copies the files it needs from there. A failure is remembered, not retried.
QString generatedCertificatesDir(const QString &serversDir, QString *error)
{
    static QMutex mutex;
    static std::unique_ptr<QTemporaryDir> dir;
    static QString failure;
    QMutexLocker locker(&mutex);
    if (dir)
        return dir->path();
    if (!failure.isEmpty()) {
        *error = failure;
        return QString();
    }
    const QString script = serversDir + u"/make_test_certs.sh"_s;
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty()) {
        failure = u"TLS: the openssl command is not installed (apt-get install openssl)"_s;
    } else if (!QFileInfo::exists(script)) {
        failure = u"TLS: %1 not found"_s.arg(script);
    } else {
        auto made = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/ferry-test-certs-XXXXXX"_s);
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        if (made->isValid())
            process.start(u"/bin/bash"_s, {script, made->path()});
        if (!made->isValid()) {
            failure = u"TLS: cannot create a temporary directory: %1"_s.arg(made->errorString());
        } else if (!process.waitForStarted(kCertificatesTimeoutMs)) {
            failure = u"TLS: cannot run %1: %2"_s.arg(script, process.errorString());
        } else if (!process.waitForFinished(kCertificatesTimeoutMs)) {
            process.kill();
            process.waitForFinished(kStopTimeoutMs);
            failure = u"TLS: %1 did not finish within %2 ms"_s.arg(script).arg(kCertificatesTimeoutMs);
        } else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            failure = u"TLS: %1 failed (exit code %2): %3"_s.arg(script)
                          .arg(process.exitCode())
                          .arg(QString::fromLocal8Bit(process.readAll()).trimmed());
        } else {
            dir = std::move(made);
            return dir->path();
        }
    }
    *error = failure;
    return QString();
}

bool hasConnectionLimit(const TestServer::Options &o)
{
    return o.maxConnections > 0 || o.maxConnectionsPerIp > 0;
}

// Options that only pyftpd_server.py implements, by name; empty when none is set.
QStringList pyftpdlibOnlyOptions(const TestServer::Options &o)
{
    QStringList set;
    if (!o.hashCommands.isEmpty())
        set << u"hashCommands"_s;
    if (!o.hashAlgorithms.isEmpty())
        set << u"hashAlgorithms"_s;
    if (o.tooManyReply != 421)
        set << u"tooManyReply"_s;
    if (o.dropDataAfter >= 0)
        set << u"dropDataAfter"_s;
    if (o.stallDataAfter >= 0)
        set << u"stallDataAfter"_s;
    if (!o.faultCommands.isEmpty())
        set << u"faultCommands"_s;
    if (o.dataRate > 0)
        set << u"dataRate"_s;
    if (!o.dropControlAfterCommand.isEmpty())
        set << u"dropControlAfterCommand"_s;
    return set;
}

// The option values pyftpd_server.py would refuse, as a sentence; empty when fine.
QString invalidOptions(const TestServer::Options &o)
{
    if (o.tooManyReply != 421 && o.tooManyReply != 530)
        return u"tooManyReply must be 421 or 530, not %1"_s.arg(o.tooManyReply);
    if (o.maxConnections < 0 || o.maxConnectionsPerIp < 0 || o.dropCount < 0 || o.stallCount < 0 ||
        o.dropControlCount < 0 || o.dataRate < 0)
        return u"connection limits, counts and dataRate must not be negative"_s;
    for (const QString &c : o.hashCommands) {
        if (!TestServer::allHashCommands().contains(c, Qt::CaseInsensitive))
            return u"unknown hash command '%1'"_s.arg(c);
    }
    static const QStringList algorithms{u"SHA-256"_s, u"SHA-1"_s, u"MD5"_s, u"CRC32"_s};
    for (const QString &a : o.hashAlgorithms) {
        if (!algorithms.contains(a, Qt::CaseInsensitive))
            return u"unknown hash algorithm '%1' (SHA-256, SHA-1, MD5, CRC32)"_s.arg(a);
    }
    static const QStringList transfers{u"RETR"_s, u"STOR"_s, u"APPE"_s, u"STOU"_s};
    for (const QString &c : o.faultCommands) {
        if (!transfers.contains(c, Qt::CaseInsensitive))
            return u"unknown fault command '%1' (RETR, STOR, APPE, STOU)"_s.arg(c);
    }
    for (const QChar ch : o.dropControlAfterCommand) {
        if (!ch.isLetter() || ch.unicode() > 127)
            return u"dropControlAfterCommand must be a command verb such as STOR"_s;
    }
    return QString();
}

// pyftpd_server.py arguments for the checksum, limit and fault options.
QStringList pyftpdlibExtensionArguments(const TestServer::Options &o)
{
    QStringList args;
    if (!o.hashCommands.isEmpty())
        args << u"--hash-commands"_s << o.hashCommands.join(u',');
    if (!o.hashAlgorithms.isEmpty())
        args << u"--hash-algorithms"_s << o.hashAlgorithms.join(u',');
    if (o.maxConnections > 0)
        args << u"--max-cons"_s << QString::number(o.maxConnections);
    if (o.maxConnectionsPerIp > 0)
        args << u"--max-cons-per-ip"_s << QString::number(o.maxConnectionsPerIp);
    if (o.tooManyReply != 421)
        args << u"--too-many-reply"_s << QString::number(o.tooManyReply);
    if (o.dropDataAfter >= 0)
        args << u"--drop-data-after"_s << QString::number(o.dropDataAfter) << u"--drop-count"_s
             << QString::number(o.dropCount);
    if (o.dropDataAfter >= 0 || !o.dropControlAfterCommand.isEmpty())
        args << u"--drop-mode"_s << (o.dropMode == TestServer::DropMode::Reset ? u"reset"_s : u"close"_s);
    if (o.stallDataAfter >= 0)
        args << u"--stall-data-after"_s << QString::number(o.stallDataAfter) << u"--stall-count"_s
             << QString::number(o.stallCount);
    if (!o.faultCommands.isEmpty())
        args << u"--fault-commands"_s << o.faultCommands.join(u',');
    if (o.dataRate > 0)
        args << u"--data-rate"_s << QString::number(o.dataRate);
    if (!o.dropControlAfterCommand.isEmpty())
        args << u"--drop-control-after-cmd"_s << o.dropControlAfterCommand << u"--drop-control-count"_s
             << QString::number(o.dropControlCount);
    if (o.logTransfers)
        args << u"--log-transfers"_s;
    return args;
}

// Connects to address:port until a "220" greeting containing `nonce` arrives (the
// nonce proves the greeting comes from our server, not from whoever else grabbed the
// port), the process exits, or the deadline passes. With implicitTls the greeting is
// read after a TLS handshake (certificate not checked).
// With `quit`, a good probe connection says QUIT and waits (bounded) until the server
// has closed it, so that it no longer counts against a connection limit.
bool waitForGreeting(const QHostAddress &address, quint16 port, const QString &nonce, QProcess *process,
                     const QDeadlineTimer &deadline, bool implicitTls, QString *why, bool quit = false)
{
    QString last = u"no connection attempt"_s;
    while (!deadline.hasExpired()) {
        if (hasExited(process)) {
            *why = u"server process exited (code %1)"_s.arg(process->exitCode());
            return false;
        }
        QSslSocket socket;
        if (implicitTls) {
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setPeerVerifyMode(QSslSocket::VerifyNone);
            socket.setSslConfiguration(conf);
            socket.connectToHostEncrypted(address.toString(), port);
        } else {
            socket.connectToHost(address, port);
        }
        const int connectMs = int(qMin<qint64>(1000, qMax<qint64>(1, deadline.remainingTime())));
        if (socket.waitForConnected(connectMs) &&
            (!implicitTls ||
             socket.waitForEncrypted(int(qMin<qint64>(2000, qMax<qint64>(1, deadline.remainingTime())))))) {
            // A greeting comes at once; give up on this connection after 2 s (a
            // stranger on the port may never send one) and check the process again.
            QByteArray greeting;
            QDeadlineTimer perConnection(2000);
            // Read what is buffered before waiting: with implicit TLS the greeting may
            // have been decrypted together with the end of the handshake (TLS 1.2:
            // the server's Finished and its 220 arrive together), and waitForReadyRead()
            // only reports data that arrives after the call.
            greeting += socket.readAll();
            while (!greeting.contains('\n') && !deadline.hasExpired() && !perConnection.hasExpired() &&
                   socket.state() == QAbstractSocket::ConnectedState && !hasExited(process)) {
                socket.waitForReadyRead(int(qMin<qint64>(100, qMax<qint64>(1, deadline.remainingTime()))));
                greeting += socket.readAll();
            }
            const QString line = QString::fromUtf8(greeting).section(u'\n', 0, 0).trimmed();
            const bool good = line.startsWith(u"220") && line.contains(nonce);
            if (good && quit && socket.state() == QAbstractSocket::ConnectedState) {
                socket.write("QUIT\r\n");
                socket.flush();
                QDeadlineTimer closing(2000);
                while (socket.state() == QAbstractSocket::ConnectedState && !closing.hasExpired()) {
                    socket.waitForDisconnected(int(qMax<qint64>(1, closing.remainingTime())));
                    socket.readAll();
                }
            }
            socket.abort();
            if (good)
                return true;
            last = line.isEmpty() ? u"connected but no greeting"_s : u"unexpected greeting: "_s + line;
            if (line.startsWith(u"220"))
                last += u" (another server holds the port)"_s;
        } else {
            last = (implicitTls && socket.state() == QAbstractSocket::ConnectedState ? u"TLS handshake: "_s
                                                                                     : QString()) +
                   socket.errorString();
            socket.abort();
        }
        QThread::msleep(50);
    }
    *why = u"no 220 greeting within the time limit (last: %1)"_s.arg(last);
    return false;
}

} // namespace

QStringList TestServer::allHashCommands()
{
    return {u"HASH"_s, u"XSHA256"_s, u"XSHA1"_s, u"XMD5"_s, u"XCRC"_s};
}

QString TestServer::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Pyftpdlib:
        return u"pyftpdlib"_s;
    case Kind::Vsftpd:
        return u"vsftpd"_s;
    case Kind::Proftpd:
        return u"proftpd"_s;
    }
    return QString();
}

QString TestServer::rootPath() const
{
    return m_dir.path() + u"/root"_s;
}

QString TestServer::userName() const
{
    return m_options.kind != Kind::Pyftpdlib ? kVsftpdUser : kPyUser;
}

QString TestServer::password() const
{
    return m_options.kind != Kind::Pyftpdlib ? kVsftpdPassword : kPyPassword;
}

qint64 TestServer::pid() const
{
    return m_pid;
}

QString TestServer::logPath() const
{
    return m_dir.path() + u"/server.log"_s;
}

QString TestServer::serverLog() const
{
    QString log = readTail(logPath());
    // vsftpd's own log (debug_ssl diagnostics; written when FTPS is on).
    const QString vsftpdLog = readTail(m_dir.path() + u"/vsftpd.log"_s);
    if (!vsftpdLog.isEmpty())
        log += u"\n--- vsftpd.log ---\n"_s + vsftpdLog;
    for (const QString &name : {u"proftpd.log"_s, u"tls.log"_s}) {
        if (const QString tail = readTail(m_dir.path() + u"/"_s + name); !tail.isEmpty())
            log += u"\n--- %1 ---\n"_s.arg(name) + tail;
    }
    return log;
}

QList<TestServer::Transfer> TestServer::transfers() const
{
    QList<Transfer> found;
    QFile log(logPath());
    if (!log.open(QIODevice::ReadOnly))
        return found;
    // pyftpdlib's own line: "... STOR /abs/path completed=1 bytes=N seconds=S".
    static const QRegularExpression line(u"\\b(STOR|APPE|STOU|RETR) (.+) completed=([01]) bytes=(\\d+)"_s);
    while (!log.atEnd()) {
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(log.readLine()));
        if (m.hasMatch())
            found.append({m.captured(1), m.captured(2), m.captured(3) == u"1"_s, m.captured(4).toLongLong()});
    }
    return found;
}

QString TestServer::certificatePath() const
{
    return m_options.tls == Tls::None ? QString() : m_dir.path() + u"/tls/server.pem"_s;
}

QString TestServer::privateKeyPath() const
{
    return m_options.tls == Tls::None ? QString() : m_dir.path() + u"/tls/server.key"_s;
}

QString TestServer::caCertificatePath() const
{
    return m_options.tls == Tls::None || m_options.cert == TlsCert::SelfSigned
               ? QString()
               : m_dir.path() + u"/tls/ca.pem"_s;
}

QByteArray TestServer::certificateSha256() const
{
    return m_certSha256;
}

// Copies the certificate (and CA) chosen by Options::cert into <tempdir>/tls/.
bool TestServer::prepareCertificates(const QString &serversDir, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = u"TLS: Qt has no TLS backend (QSslSocket::supportsSsl() is false)"_s;
        return false;
    }
    const QString generated = generatedCertificatesDir(serversDir, error);
    if (generated.isEmpty())
        return false;
    const QString tlsDir = m_dir.path() + u"/tls"_s;
    if (!QDir().mkpath(tlsDir)) {
        *error = u"TLS: cannot create %1"_s.arg(tlsDir);
        return false;
    }
    const QString name = certificateName(m_options.cert);
    QList<std::pair<QString, QString>> copies{{generated + u'/' + name + u".pem"_s, certificatePath()},
                                              {generated + u'/' + name + u".key"_s, privateKeyPath()}};
    if (!caCertificatePath().isEmpty())
        copies.append({generated + u"/ca.pem"_s, caCertificatePath()});
    for (const auto &[from, to] : std::as_const(copies)) {
        if (!QFile::copy(from, to)) {
            *error = u"TLS: cannot copy %1 to %2"_s.arg(from, to);
            return false;
        }
    }
    QFile::setPermissions(privateKeyPath(), QFile::ReadOwner | QFile::WriteOwner);
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(certificatePath(), QSsl::Pem);
    if (certs.size() != 1 || certs.first().isNull()) {
        *error = u"TLS: %1 does not hold exactly one certificate"_s.arg(certificatePath());
        return false;
    }
    m_certSha256 = certs.first().digest(QCryptographicHash::Sha256).toHex();
    return true;
}

bool TestServer::writeFile(const QString &relativePath, const QByteArray &content) const
{
    const QString path = QDir::cleanPath(rootPath() + u'/' + relativePath);
    if (!path.startsWith(rootPath() + u'/'))
        return false; // stays inside the root
    const QString parent = QFileInfo(path).path();
    if (!QDir().mkpath(parent))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    if (m_uid >= 0) {
        // The file and every folder between it and the root.
        for (QString p = path; p.size() > rootPath().size(); p = QFileInfo(p).path()) {
            if (::chown(QFile::encodeName(p).constData(), uid_t(m_uid), gid_t(m_gid)) != 0)
                return false;
        }
    }
    return true;
}

void TestServer::fixOwnership() const
{
    if (m_uid < 0)
        return;
    QDirIterator it(rootPath(), QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QByteArray p = QFile::encodeName(it.next());
        if (::lchown(p.constData(), uid_t(m_uid), gid_t(m_gid)) != 0)
            qWarning("TestServer: cannot chown %s: %s", p.constData(), strerror(errno));
    }
}

std::unique_ptr<TestServer> TestServer::start(const Options &options, QString *error)
{
    QString dummy;
    QString &err = error ? *error : dummy;
    err.clear();

    std::unique_ptr<TestServer> server(new TestServer());
    server->m_options = options;
    const QString label = kindName(options.kind);

    // Any loopback address (127.0.0.0/8 or ::1): a server on 127.0.0.2 sees the client come
    // from 127.0.0.1, another address, as FXP tests need.
    if (!options.address.isLoopback()) {
        err = u"%1: only loopback addresses (127.0.0.1, 127.x.y.z, ::1) may be used, not %2"_s.arg(
            label, options.address.toString());
        return nullptr;
    }
    if (const QString invalid = invalidOptions(options); !invalid.isEmpty()) {
        err = u"%1: %2"_s.arg(label, invalid);
        return nullptr;
    }
    if (options.kind != Kind::Pyftpdlib) {
        if (const QStringList only = pyftpdlibOnlyOptions(options); !only.isEmpty()) {
            err = u"%1: %2 only work with Kind::Pyftpdlib"_s.arg(label, only.join(u", "_s));
            return nullptr;
        }
    }
    if (!server->m_dir.isValid()) {
        err = u"%1: cannot create a temporary directory: %2"_s.arg(label, server->m_dir.errorString());
        return nullptr;
    }
    if (!QDir(server->m_dir.path()).mkpath(u"root"_s)) {
        err = u"%1: cannot create %2"_s.arg(label, server->rootPath());
        return nullptr;
    }
    const QString dir = serversDir();
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
        err = u"%1: servers directory not found (set FERRY_TEST_SERVERS_DIR): '%2'"_s.arg(label, dir);
        return nullptr;
    }

    if (options.tls != Tls::None && !server->prepareCertificates(dir, &err)) {
        err = label + u": "_s + err;
        return nullptr;
    }

    const bool ok =
        options.kind != Kind::Pyftpdlib ? server->startVsftpd(dir, &err) : server->startPyftpdlib(dir, &err);
    if (!ok) {
        const QString log = server->serverLog();
        if (!log.isEmpty())
            err += u"\n--- server output ---\n"_s + log;
        return nullptr; // ~TestServer stops whatever was started
    }
    return server;
}

QProcess *TestServer::newProcess()
{
    auto *process = new QProcess();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardErrorFile(logPath(), QIODevice::Append);
    process->setChildProcessModifier(childSetup);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
    env.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    process->setProcessEnvironment(env);
    return process;
}

bool TestServer::startPyftpdlib(const QString &dir, QString *error)
{
    const QString script = dir + u"/pyftpd_server.py"_s;
    if (!QFileInfo::exists(script)) {
        *error = u"pyftpdlib: %1 not found"_s.arg(script);
        return false;
    }
    const QString python = pythonInterpreter();
    if (python.isEmpty()) {
        *error = u"pyftpdlib: python3 not found (apt-get install python3-pyftpdlib)"_s;
        return false;
    }

    const QString nonce = randomNonce();
    QStringList args{script,
                     u"--host"_s,
                     m_options.address.toString(),
                     u"--port"_s,
                     u"0"_s,
                     u"--root"_s,
                     rootPath(),
                     u"--user"_s,
                     kPyUser,
                     u"--password"_s,
                     kPyPassword,
                     u"--banner"_s,
                     u"Ferry test server (pyftpdlib) ready [%1]."_s.arg(nonce)};
    if (!m_options.allowActive)
        args << u"--deny-active"_s;
    if (!m_options.utf8)
        args << u"--no-utf8"_s;
    if (!m_options.mlsd)
        args << u"--no-mlsd"_s;
    if (!m_options.mfmt)
        args << u"--no-mfmt"_s;
    if (!m_options.passivePorts.isEmpty())
        args << u"--passive-ports"_s << m_options.passivePorts;
    if (!m_options.pasvAddress.isEmpty())
        args << u"--masquerade-address"_s << m_options.pasvAddress;
    args << pyftpdlibExtensionArguments(m_options);
    if (m_options.tls != Tls::None) {
        args << u"--tls"_s << tlsArgument(m_options.tls) << u"--certfile"_s << certificatePath()
             << u"--keyfile"_s << privateKeyPath();
        if (!m_options.tls13)
            args << u"--tls12-only"_s;
        if (m_options.requireTls)
            args << u"--require-tls"_s;
    }

    m_process = newProcess();
    m_process->start(python, args);
    if (!m_process->waitForStarted(kStartTimeoutMs)) {
        *error = u"pyftpdlib: cannot start %1: %2"_s.arg(python, m_process->errorString());
        return false;
    }
    m_pid = m_process->processId();

    // The script prints "PORT <n>" once it listens.
    QDeadlineTimer deadline(kStartTimeoutMs);
    QByteArray line;
    while (!deadline.hasExpired()) {
        if (m_process->canReadLine()) {
            line = m_process->readLine().trimmed();
            break;
        }
        if (hasExited(m_process)) {
            *error = u"pyftpdlib: server exited before reporting its port (exit code %1)"_s.arg(
                m_process->exitCode());
            return false;
        }
        m_process->waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
    }
    if (!line.startsWith("PORT ")) {
        *error = line.isEmpty() ? u"pyftpdlib: no 'PORT <n>' line within %1 ms"_s.arg(kStartTimeoutMs)
                                : u"pyftpdlib: unexpected output '%1'"_s.arg(QString::fromUtf8(line));
        return false;
    }
    bool ok = false;
    const uint port = line.mid(5).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) {
        *error = u"pyftpdlib: bad port line '%1'"_s.arg(QString::fromUtf8(line));
        return false;
    }
    m_port = quint16(port);

    QString why;
    if (!waitForGreeting(m_options.address, m_port, nonce, m_process, QDeadlineTimer(kGreetingTimeoutMs),
                         m_options.tls == Tls::Implicit, &why, hasConnectionLimit(m_options))) {
        *error = u"pyftpdlib on [%1]:%2: %3"_s.arg(m_options.address.toString()).arg(m_port).arg(why);
        return false;
    }
    return true;
}

bool TestServer::startVsftpd(const QString &dir, QString *error)
{
    // proftpd_server.sh takes the same arguments (those it cannot honour are ignored).
    const bool proftpd = m_options.kind == Kind::Proftpd;
    const QString script = dir + (proftpd ? u"/proftpd_server.sh"_s : u"/vsftpd_server.sh"_s);
    const QString setupScript = QDir(dir).absoluteFilePath(u"setup-test-user.sh"_s);
    if (!QFileInfo::exists(script)) {
        *error = u"%1: %2 not found"_s.arg(kindName(m_options.kind), script);
        return false;
    }
    if (proftpd && proftpdBinary().isEmpty()) {
        *error = u"proftpd: not unpacked in /opt/ferry-proftpd or $FERRY_PROFTPD (tools/install-deps test)"_s;
        return false;
    }
    if (!proftpd && vsftpdBinary().isEmpty()) {
        *error = u"vsftpd: the vsftpd binary is not installed (apt-get install vsftpd)"_s;
        return false;
    }
    if (::geteuid() != 0) {
        *error = u"vsftpd: must run as root (vsftpd switches to the login user)"_s;
        return false;
    }
    const QByteArray userName = kVsftpdUser.toLatin1();
    const struct passwd *pw = ::getpwnam(userName.constData());
    if (!pw) {
        *error =
            u"vsftpd: system user '%1' does not exist; run %2 as root first"_s.arg(kVsftpdUser, setupScript);
        return false;
    }
    const uid_t uid = pw->pw_uid;
    const gid_t gid = pw->pw_gid;
    m_uid = int(uid);
    m_gid = int(gid);
    if (!::getpwnam("ftp")) {
        *error = u"vsftpd: system user 'ftp' (anonymous sessions) does not exist; run %1 as root first"_s.arg(
            setupScript);
        return false;
    }

    // vsftpd enters the root as the login user: the root belongs to it, and every
    // directory above it must be traversable by others (QTemporaryDir makes 0700).
    const QByteArray rootPathBytes = QFile::encodeName(rootPath());
    const QByteArray dirPathBytes = QFile::encodeName(m_dir.path());
    if (::chown(rootPathBytes.constData(), uid, gid) != 0 || ::chmod(rootPathBytes.constData(), 0755) != 0 ||
        ::chmod(dirPathBytes.constData(), 0711) != 0) {
        *error = u"vsftpd: cannot hand %1 to user %2: %3"_s.arg(rootPath(), kVsftpdUser,
                                                                QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    for (QDir up(m_dir.path()); up.cdUp();) {
        struct stat st {};
        if (::stat(QFile::encodeName(up.path()).constData(), &st) == 0 && !(st.st_mode & S_IXOTH)) {
            *error = u"vsftpd: %1 is not traversable by other users (mode %2); set TMPDIR to "
                     "a directory below world-traversable ones, such as /tmp"_s.arg(up.path())
                         .arg(uint(st.st_mode & 07777), 4, 8, QChar(u'0'));
            return false;
        }
        if (up.isRoot())
            break;
    }

    QString lastWhy;
    for (int attempt = 1; attempt <= kVsftpdPortAttempts; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(m_options.address, 0)) {
            *error = u"vsftpd: cannot bind a free port on %1: %2"_s.arg(m_options.address.toString(),
                                                                        probe.errorString());
            return false;
        }
        m_port = probe.serverPort();
        probe.close();

        const QString nonce = randomNonce();
        QStringList args{script,
                         u"--host"_s,
                         m_options.address.toString(),
                         u"--port"_s,
                         QString::number(m_port),
                         u"--root"_s,
                         rootPath(),
                         u"--workdir"_s,
                         m_dir.path(),
                         u"--banner"_s,
                         u"Ferry test server (%1) ready [%2]."_s.arg(kindName(m_options.kind), nonce)};
        args << (m_options.allowActive ? u"--allow-active"_s : u"--deny-active"_s);
        if (m_options.allowFxp)
            args << u"--fxp"_s;
        if (m_options.vsftpdMaxRate > 0)
            args << u"--max-rate"_s << QString::number(m_options.vsftpdMaxRate);
        if (!m_options.utf8)
            args << u"--no-utf8"_s;
        if (!m_options.passivePorts.isEmpty())
            args << u"--pasv-range"_s << m_options.passivePorts;
        if (!m_options.pasvAddress.isEmpty())
            args << u"--pasv-address"_s << m_options.pasvAddress;
        if (m_options.maxConnections > 0)
            args << u"--max-clients"_s << QString::number(m_options.maxConnections);
        if (m_options.maxConnectionsPerIp > 0)
            args << u"--max-per-ip"_s << QString::number(m_options.maxConnectionsPerIp);
        if (m_options.tls != Tls::None) {
            args << u"--tls"_s << tlsArgument(m_options.tls) << u"--cert"_s << certificatePath() << u"--key"_s
                 << privateKeyPath();
            if (!m_options.tls13)
                args << u"--tls12-only"_s;
            if (m_options.requireTls)
                args << u"--require-tls"_s;
        }

        stopProcess();
        m_process = newProcess();
        m_process->setStandardOutputFile(logPath(), QIODevice::Append);
        m_process->start(u"/bin/bash"_s, args);
        if (!m_process->waitForStarted(kStartTimeoutMs)) {
            *error = u"vsftpd: cannot start %1: %2"_s.arg(script, m_process->errorString());
            return false;
        }
        m_pid = m_process->processId();

        QString why;
        if (waitForGreeting(m_options.address, m_port, nonce, m_process, QDeadlineTimer(kGreetingTimeoutMs),
                            m_options.tls == Tls::Implicit, &why, hasConnectionLimit(m_options))) {
            if (hasConnectionLimit(m_options)) {
                // vsftpd's listener counts a session until it reaped its process:
                // wait (bounded) until the probe's session is gone.
                QElapsedTimer reaping;
                reaping.start();
                while (!childrenOf(m_pid).isEmpty() && reaping.elapsed() < kStopTimeoutMs)
                    QThread::msleep(10);
                QThread::msleep(50);
            }
            return true;
        }

        lastWhy = why;
        m_process->waitForFinished(200);
        const QString log = serverLog();
        const bool portTaken = log.contains(u"could not bind listening") ||
                               log.contains(u"Address already in use") ||
                               why.contains(u"another server holds the port");
        if (!portTaken) {
            *error = u"vsftpd on [%1]:%2: %3"_s.arg(m_options.address.toString()).arg(m_port).arg(why);
            return false;
        }
        // Port grabbed by someone else between our probe and vsftpd's bind: retry.
        QFile::remove(logPath());
        QFile::remove(m_dir.path() + u"/vsftpd.log"_s);
    }
    *error = u"vsftpd: no usable port after %1 attempts (last: %2)"_s.arg(kVsftpdPortAttempts).arg(lastWhy);
    return false;
}

void TestServer::stopProcess()
{
    // vsftpd sessions (children that called setsid()) outlive their parent.
    stopServerProcess(m_process, m_options.kind != Kind::Pyftpdlib);
    m_process = nullptr;
}

TestServer::~TestServer()
{
    stopProcess();
}

} // namespace ferry::test
