// Checks the real-server fixtures themselves (tests/common/testserver.*): each server
// starts on a loopback port, greets, accepts the test user and anonymous, serves
// files put into rootPath(), and is really gone after the TestServer is destroyed.
// The FTPS part checks explicit/implicit TLS, the protocol versions, the generated
// certificates and TLS data transfers that resume the control connection's session
// (the recipe documented in tests/servers/README.md). The last part proves the
// pyftpdlib extensions against the running server: HASH/X* checksums, connection
// limits (also vsftpd's), and the scripted data/control connection faults.
#include "testserver.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <functional>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using ferry::test::TestServer;

namespace {

constexpr int kTimeoutMs = 10000;

// Reads one complete FTP reply (handles "123-" multi-line replies); returns the
// full text, or an empty string on timeout/disconnect.
QString readReply(QTcpSocket &socket)
{
    QByteArray all;
    QByteArray code;
    while (true) {
        while (!socket.canReadLine()) {
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                return QString();
            if (!socket.waitForReadyRead(kTimeoutMs) && !socket.canReadLine())
                return QString();
        }
        const QByteArray line = socket.readLine();
        all += line;
        if (code.isEmpty()) {
            if (line.size() < 4)
                return QString::fromUtf8(all);
            code = line.left(3);
            if (line.at(3) != '-')
                break;
        } else if (line.startsWith(QByteArray(code + ' '))) {
            break;
        }
    }
    return QString::fromUtf8(all).trimmed();
}

QString command(QTcpSocket &socket, const QString &cmd)
{
    socket.write(cmd.toUtf8() + "\r\n");
    if (!socket.waitForBytesWritten(kTimeoutMs))
        return QString();
    return readReply(socket);
}

bool processGone(qint64 pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return u"TLS 1.2"_s;
    case QSsl::TlsV1_3:
        return u"TLS 1.3"_s;
    default:
        return u"protocol %1"_s.arg(int(protocol));
    }
}

// Control connection settings: no certificate check (the fixture tests don't test
// trust), the same name for SNI on control and data connections, and — essential —
// session persistence ON before the handshake, so that sslConfiguration() carries the
// session (sessionTicket()) that the data connections resume.
QSslConfiguration controlTlsConfiguration()
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    conf.setSslOption(QSsl::SslOptionDisableSessionPersistence, false);
    return conf;
}

// Port from "229 Entering Extended Passive Mode (|||port|)", 0 if none.
quint16 epsvPort(const QString &reply)
{
    static const QRegularExpression re(u"\\(\\|\\|\\|(\\d{1,5})\\|\\)"_s);
    const QRegularExpressionMatch m = re.match(reply);
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : quint16(0);
}

// Opens a passive data connection for `transferCommand` on a TLS control connection
// with PROT P in force, following the recipe for vsftpd (require_ssl_reuse=YES) and
// pyftpdlib: the data socket gets the control socket's sslConfiguration() taken now
// (it holds the session to resume; under TLS 1.3 the tickets come after the handshake,
// and have arrived once a reply was read over TLS), connects, sends the command and
// starts TLS without waiting for the other (vsftpd runs its TLS accept only after the
// command and its 150), then waits for 150/125 and the handshake.
// Returns the preliminary reply, or an empty string with *why set.
QString openTlsData(QSslSocket &control, QSslSocket &data, const QHostAddress &address,
                    const QString &transferCommand, QString *why)
{
    const QString epsv = command(control, u"EPSV"_s);
    const quint16 port = epsvPort(epsv);
    if (!epsv.startsWith(u"229") || port == 0) {
        *why = u"EPSV: "_s + epsv;
        return QString();
    }
    const QSslConfiguration resume = control.sslConfiguration();
    if (resume.sessionTicket().isEmpty()) {
        *why = u"the control connection's sslConfiguration() has no session to resume"_s;
        return QString();
    }
    data.setSslConfiguration(resume);
    data.setPeerVerifyName(control.peerVerifyName()); // same SNI / verification name
    data.connectToHost(address, port);
    if (!data.waitForConnected(kTimeoutMs)) {
        *why = u"data connect: "_s + data.errorString();
        return QString();
    }
    control.write(transferCommand.toUtf8() + "\r\n");
    data.startClientEncryption();
    const QString preliminary = readReply(control);
    if (!preliminary.startsWith(u"150") && !preliminary.startsWith(u"125")) {
        *why = transferCommand + u": "_s + preliminary;
        return QString();
    }
    if (!data.waitForEncrypted(kTimeoutMs)) {
        *why = u"data TLS handshake: "_s + data.errorString();
        return QString();
    }
    return preliminary;
}

// --- helpers for the checksum, limit and fault tests ---------------------------

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray hexDigest(const QString &algorithm, const QByteArray &data)
{
    if (algorithm == u"CRC32")
        return QByteArray::number(crc32(data), 16).rightJustified(8, '0');
    const QCryptographicHash::Algorithm a = algorithm == u"SHA-256" ? QCryptographicHash::Sha256
                                            : algorithm == u"SHA-1" ? QCryptographicHash::Sha1
                                                                    : QCryptographicHash::Md5;
    return QCryptographicHash::hash(data, a).toHex();
}

// The feature lines of a FEAT reply, trimmed, without the 211 lines.
QStringList featLines(const QString &feat)
{
    QStringList lines;
    for (const QString &line : feat.split(u'\n')) {
        if (!line.startsWith(u"211"))
            lines << line.trimmed();
    }
    return lines;
}

// Connects `control` (plain, or explicit FTPS with PROT P when `tls`) and logs in as
// the test user with TYPE I. Returns what failed, or an empty string.
QString logIn(QSslSocket &control, const TestServer &server, bool tls = false)
{
    if (tls) {
        control.setSslConfiguration(controlTlsConfiguration());
        control.setPeerVerifyName(u"localhost"_s);
    }
    control.connectToHost(server.address(), server.port());
    if (!control.waitForConnected(kTimeoutMs))
        return u"connect: "_s + control.errorString();
    QString reply = readReply(control);
    if (!reply.startsWith(u"220"))
        return u"greeting: "_s + reply;
    if (tls) {
        reply = command(control, u"AUTH TLS"_s);
        if (!reply.startsWith(u"234"))
            return u"AUTH TLS: "_s + reply;
        control.startClientEncryption();
        if (!control.waitForEncrypted(kTimeoutMs))
            return u"handshake: "_s + control.errorString();
    }
    const QStringList commands{u"USER "_s + server.userName(), u"PASS "_s + server.password(), u"PBSZ 0"_s,
                               u"PROT P"_s, u"TYPE I"_s};
    const QStringList expected{u"331"_s, u"230"_s, u"200"_s, u"200"_s, u"200"_s};
    for (qsizetype i = 0; i < commands.size(); ++i) {
        if (!tls && (i == 2 || i == 3))
            continue; // PBSZ/PROT: FTPS only
        reply = command(control, commands.at(i));
        if (!reply.startsWith(expected.at(i)))
            return commands.at(i).section(u' ', 0, 0) + u": "_s + reply;
    }
    return QString();
}

// Opens a passive data connection (TLS when the control connection is encrypted),
// sends `transferCommand` and reads its 150/125. Returns that reply, or an empty
// string with *why set.
QString openData(QSslSocket &control, QSslSocket &data, const QHostAddress &address,
                 const QString &transferCommand, QString *why)
{
    if (control.isEncrypted())
        return openTlsData(control, data, address, transferCommand, why);
    const QString epsv = command(control, u"EPSV"_s);
    const quint16 port = epsvPort(epsv);
    if (port == 0) {
        *why = u"EPSV: "_s + epsv;
        return QString();
    }
    data.connectToHost(address, port);
    if (!data.waitForConnected(kTimeoutMs)) {
        *why = u"data connect: "_s + data.errorString();
        return QString();
    }
    const QString preliminary = command(control, transferCommand);
    if (!preliminary.startsWith(u"150") && !preliminary.startsWith(u"125")) {
        *why = transferCommand + u": "_s + preliminary;
        return QString();
    }
    return preliminary;
}

struct Received {
    QByteArray bytes;
    bool ended = false; // the server ended the connection (FIN, RST or TLS close_notify)
    QString how;        // Qt's error string when it ended with an error
};

// Reads a data connection, event-driven, until the server ends it or `quietMs` pass
// without a byte (a stalled transfer); never longer than 60 s.
Received receive(QSslSocket &data, int quietMs = kTimeoutMs)
{
    Received r;
    r.bytes = data.readAll();
    bool ended = false;
    QElapsedTimer quiet;
    quiet.start();
    const auto onRead = QObject::connect(&data, &QIODevice::readyRead, &data, [&] {
        r.bytes += data.readAll();
        quiet.restart();
    });
    const auto onError =
        QObject::connect(&data, &QAbstractSocket::errorOccurred, &data, [&](QAbstractSocket::SocketError) {
            ended = true;
            r.how = data.errorString();
        });
    const auto onGone = QObject::connect(&data, &QAbstractSocket::disconnected, &data, [&] { ended = true; });
    (void)QTest::qWaitFor(
        [&] {
            return ended || data.state() == QAbstractSocket::UnconnectedState || quiet.elapsed() > quietMs;
        },
        60000);
    QObject::disconnect(onRead);
    QObject::disconnect(onError);
    QObject::disconnect(onGone);
    r.bytes += data.readAll();
    r.ended = ended || data.state() == QAbstractSocket::UnconnectedState;
    return r;
}

// Writes `payload` (bounded), then closes the data connection (bounded). Errors
// (the server reset the connection) are the point of some tests: not checked here.
void sendAndClose(QSslSocket &data, const QByteArray &payload)
{
    data.write(payload);
    QDeadlineTimer deadline(kTimeoutMs);
    while (data.bytesToWrite() > 0 && data.state() == QAbstractSocket::ConnectedState &&
           !deadline.hasExpired())
        data.waitForBytesWritten(int(qMax<qint64>(1, deadline.remainingTime())));
    data.disconnectFromHost();
    if (data.state() != QAbstractSocket::UnconnectedState)
        data.waitForDisconnected(kTimeoutMs);
}

QByteArray fileContent(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// Connects and reads the greeting (bounded); empty on timeout.
QString greeting(QTcpSocket &socket, const TestServer &server)
{
    socket.connectToHost(server.address(), server.port());
    if (!socket.waitForConnected(kTimeoutMs))
        return QString();
    return readReply(socket);
}

// True once the server closed `socket` (bounded).
bool closedByServer(QAbstractSocket &socket)
{
    if (socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QDeadlineTimer deadline(kTimeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        socket.waitForDisconnected(int(qMax<qint64>(1, deadline.remainingTime())));
        socket.readAll();
    }
    return socket.state() == QAbstractSocket::UnconnectedState;
}

} // namespace

class TestServerTest : public QObject {
    Q_OBJECT

private slots:
    void lifecycle_data();
    void lifecycle();
    void options_data();
    void options();
    void startErrorsAreReported();
    void tls_data();
    void tls();
    void tlsOptional_data();
    void tlsOptional();
    void authWithoutTls_data();
    void authWithoutTls();
    void tlsCertificates_data();
    void tlsCertificates();
    void hashCommands();
    void hashCommandSubsets();
    void extensionOptionsAreChecked();
    void connectionLimits_data();
    void connectionLimits();
    void dropData_data();
    void dropData();
    void stallData();
    void dataRate();
    void dropControl();
};

void TestServerTest::lifecycle_data()
{
    QTest::addColumn<TestServer::Kind>("kind");
    QTest::addColumn<bool>("ipv6");

    QTest::newRow("pyftpdlib-ipv4") << TestServer::Kind::Pyftpdlib << false;
    QTest::newRow("pyftpdlib-ipv6") << TestServer::Kind::Pyftpdlib << true;
    QTest::newRow("vsftpd-ipv4") << TestServer::Kind::Vsftpd << false;
    QTest::newRow("vsftpd-ipv6") << TestServer::Kind::Vsftpd << true;
}

void TestServerTest::lifecycle()
{
    QFETCH(TestServer::Kind, kind);
    QFETCH(bool, ipv6);

    TestServer::Options options;
    options.kind = kind;
    options.address = QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);

    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QCOMPARE(server->kind(), kind);
    QCOMPARE(server->address(), options.address);
    QVERIFY(server->port() != 0);
    const qint64 pid = server->pid();
    QVERIFY(pid > 0);
    QVERIFY(!processGone(pid));
    if (kind == TestServer::Kind::Pyftpdlib) {
        QCOMPARE(server->userName(), u"test"_s);
        QCOMPARE(server->password(), u"test-pw"_s);
    } else {
        QCOMPARE(server->userName(), u"ferrytest"_s);
        QCOMPARE(server->password(), u"ferry-test-pw"_s);
    }
    const QString context = TestServer::kindName(kind) + u" on ["_s + server->address().toString() + u"]:"_s +
                            QString::number(server->port());

    // A file put into rootPath() must be visible at "/".
    const QByteArray payload = QByteArray("Ferry test payload\n").repeated(37);
    {
        QFile file(server->rootPath() + u"/hello.txt"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(payload), qint64(payload.size()));
    }

    {
        QTcpSocket control;
        control.connectToHost(server->address(), server->port());
        QVERIFY2(control.waitForConnected(kTimeoutMs), qPrintable(context + u": "_s + control.errorString()));
        QCOMPARE(control.peerAddress(), options.address);
        const QString greeting = readReply(control);
        QVERIFY2(greeting.startsWith(u"220"), qPrintable(context + u" greeting: "_s + greeting));

        QString reply = command(control, u"USER "_s + server->userName());
        QVERIFY2(reply.startsWith(u"331"), qPrintable(context + u" USER: "_s + reply));
        reply = command(control, u"PASS "_s + server->password());
        QVERIFY2(reply.startsWith(u"230"),
                 qPrintable(context + u" PASS: "_s + reply + u"\n"_s + server->serverLog()));

        reply = command(control, u"PWD"_s);
        QVERIFY2(reply.startsWith(u"257 \"/\""), qPrintable(context + u" PWD: "_s + reply));
        reply = command(control, u"TYPE I"_s);
        QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" TYPE: "_s + reply));
        reply = command(control, u"SIZE hello.txt"_s);
        QCOMPARE(reply, u"213 "_s + QString::number(payload.size()));
        reply = command(control, u"SIZE /hello.txt"_s);
        QCOMPARE(reply, u"213 "_s + QString::number(payload.size()));
        // writeFile(): nested, UTF-8 name, and the login user may delete it.
        const QString nested = u"sub dir/café 日本.txt"_s;
        QVERIFY(server->writeFile(nested, "12345"));
        reply = command(control, u"SIZE "_s + nested);
        QCOMPARE(reply, u"213 5"_s);
        reply = command(control, u"DELE "_s + nested);
        QVERIFY2(reply.startsWith(u"250"), qPrintable(context + u" DELE: "_s + reply));
        QVERIFY(!QFileInfo::exists(server->rootPath() + u'/' + nested));
        reply = command(control, u"RMD sub dir"_s);
        QVERIFY2(reply.startsWith(u"250"), qPrintable(context + u" RMD: "_s + reply));
        QVERIFY(!server->writeFile(u"../escape.txt"_s, "x"));

        reply = command(control, u"SIZE no-such-file.txt"_s);
        QVERIFY2(reply.startsWith(u"550"), qPrintable(context + u" SIZE missing: "_s + reply));

        // Anonymous login in a second connection while the first stays open.
        QTcpSocket anon;
        anon.connectToHost(server->address(), server->port());
        QVERIFY2(anon.waitForConnected(kTimeoutMs), qPrintable(context + u": "_s + anon.errorString()));
        QVERIFY(readReply(anon).startsWith(u"220"));
        reply = command(anon, u"USER anonymous"_s);
        QVERIFY2(reply.startsWith(u"331") || reply.startsWith(u"230"),
                 qPrintable(context + u" anon USER: "_s + reply));
        if (reply.startsWith(u"331"))
            reply = command(anon, u"PASS ferry@example.invalid"_s);
        QVERIFY2(reply.startsWith(u"230"), qPrintable(context + u" anon PASS: "_s + reply));
        reply = command(anon, u"TYPE I"_s);
        QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" anon TYPE: "_s + reply));
        reply = command(anon, u"SIZE hello.txt"_s);
        QCOMPARE(reply, u"213 "_s + QString::number(payload.size()));
        // Anonymous is read-only.
        reply = command(anon, u"MKD anon-dir"_s);
        QVERIFY2(reply.startsWith(u'5'), qPrintable(context + u" anon MKD: "_s + reply));

        // The test user can write.
        reply = command(control, u"MKD user-dir"_s);
        QVERIFY2(reply.startsWith(u"257"), qPrintable(context + u" MKD: "_s + reply));
        QVERIFY(QFileInfo(server->rootPath() + u"/user-dir"_s).isDir());

        reply = command(anon, u"QUIT"_s);
        QVERIFY2(reply.startsWith(u"221"), qPrintable(context + u" anon QUIT: "_s + reply));
        // `control` stays connected on purpose: destroying the server must also end
        // sessions that are still open.
        const quint16 port = server->port();
        const QHostAddress address = server->address();
        QElapsedTimer stopping;
        stopping.start();
        server.reset();
        // SIGTERM must be enough: the SIGKILL fallback only comes after 3 s.
        QVERIFY2(stopping.elapsed() < 2500,
                 qPrintable(context + u": stopping took %1 ms"_s.arg(stopping.elapsed())));

        QVERIFY2(processGone(pid), qPrintable(context + u": server PID still exists after destruction"_s));
        QTcpSocket probe;
        probe.connectToHost(address, port);
        QVERIFY2(!probe.waitForConnected(2000), qPrintable(context + u": port still accepts connections"_s));
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);

        // The still-open session was closed by the server side.
        if (control.state() == QAbstractSocket::ConnectedState)
            control.waitForDisconnected(kTimeoutMs);
        QCOMPARE(control.state(), QAbstractSocket::UnconnectedState);
    }
}

void TestServerTest::options_data()
{
    lifecycle_data();
}

// allowActive / utf8 reach the server: FEAT and PORT/EPRT answers change.
void TestServerTest::options()
{
    QFETCH(TestServer::Kind, kind);
    QFETCH(bool, ipv6);

    for (const bool restricted : {false, true}) {
        TestServer::Options options;
        options.kind = kind;
        options.address = QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
        options.allowActive = !restricted;
        options.utf8 = !restricted;
        const QString context = TestServer::kindName(kind) + (restricted ? u" restricted"_s : u" default"_s);

        QString error;
        auto server = TestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));

        QTcpSocket control;
        control.connectToHost(server->address(), server->port());
        QVERIFY(control.waitForConnected(kTimeoutMs));
        QVERIFY(readReply(control).startsWith(u"220"));
        QVERIFY(command(control, u"USER "_s + server->userName()).startsWith(u"331"));
        QVERIFY(command(control, u"PASS "_s + server->password()).startsWith(u"230"));

        const QString feat = command(control, u"FEAT"_s);
        QVERIFY2(feat.startsWith(u"211"), qPrintable(context + u" FEAT: "_s + feat));
        const QStringList features = feat.split(u'\n');
        auto hasFeature = [&features](const QString &name) {
            for (const QString &line : features) {
                if (line.trimmed() == name)
                    return true;
            }
            return false;
        };
        QCOMPARE(hasFeature(u"UTF8"_s), !restricted);
        QCOMPARE(hasFeature(u"EPRT"_s), !restricted);
        QVERIFY2(hasFeature(u"EPSV"_s) && hasFeature(u"SIZE"_s) && hasFeature(u"MDTM"_s),
                 qPrintable(context + u" FEAT: "_s + feat));

        // Active mode towards a listener of ours on the same loopback address.
        QTcpServer listener;
        QVERIFY(listener.listen(options.address, 0));
        const quint16 p = listener.serverPort();
        const QString active =
            ipv6 ? u"EPRT |2|::1|%1|"_s.arg(p) : u"PORT 127,0,0,1,%1,%2"_s.arg(p / 256).arg(p % 256);
        const QString reply = command(control, active);
        if (restricted)
            QVERIFY2(reply.startsWith(u'5'), qPrintable(context + u" "_s + active + u": "_s + reply));
        else
            QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" "_s + active + u": "_s + reply));
        const QString epsv = command(control, u"EPSV"_s);
        QVERIFY2(epsv.startsWith(u"229"), qPrintable(context + u" EPSV: "_s + epsv));
    }
}

void TestServerTest::startErrorsAreReported()
{
    TestServer::Options options;
    options.address = QHostAddress(u"192.0.2.1"_s); // not loopback: refused up front
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY(!server);
    QVERIFY2(error.contains(u"127.0.0.1"), qPrintable(error));
}

void TestServerTest::tls_data()
{
    QTest::addColumn<TestServer::Kind>("kind");
    QTest::addColumn<TestServer::Tls>("mode");
    QTest::addColumn<bool>("tls13");
    QTest::addColumn<bool>("ipv6");

    for (const TestServer::Kind kind : {TestServer::Kind::Pyftpdlib, TestServer::Kind::Vsftpd}) {
        for (const TestServer::Tls mode : {TestServer::Tls::Explicit, TestServer::Tls::Implicit}) {
            for (const bool tls13 : {true, false}) {
                const QByteArray name = TestServer::kindName(kind).toLatin1() +
                                        (mode == TestServer::Tls::Explicit ? "-explicit" : "-implicit") +
                                        (tls13 ? "-tls13" : "-tls12");
                QTest::newRow(name.constData()) << kind << mode << tls13 << false;
            }
        }
    }
    QTest::newRow("pyftpdlib-explicit-tls13-ipv6")
        << TestServer::Kind::Pyftpdlib << TestServer::Tls::Explicit << true << true;
    QTest::newRow("vsftpd-implicit-tls13-ipv6")
        << TestServer::Kind::Vsftpd << TestServer::Tls::Implicit << true << true;
}

// Explicit/implicit FTPS with TLS 1.3 or 1.2 only: the protocol negotiated, login,
// PBSZ/PROT, plain USER refused (requireTls), and a download and an upload over TLS
// data connections that resume the control session.
void TestServerTest::tls()
{
    QFETCH(TestServer::Kind, kind);
    QFETCH(TestServer::Tls, mode);
    QFETCH(bool, tls13);
    QFETCH(bool, ipv6);

    TestServer::Options options;
    options.kind = kind;
    options.address = QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
    options.tls = mode;
    options.tls13 = tls13;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QCOMPARE(server->tls(), mode);
    QVERIFY(QFileInfo(server->certificatePath()).isFile());
    QVERIFY(QFileInfo(server->privateKeyPath()).isFile());
    QVERIFY(server->caCertificatePath().isEmpty()); // self-signed
    const QString context =
        QString::fromLatin1(QTest::currentDataTag()) + u" on port "_s + QString::number(server->port());
    const QSsl::SslProtocol expected = tls13 ? QSsl::TlsV1_3 : QSsl::TlsV1_2;

    QByteArray payload;
    for (int i = 0; payload.size() < 300 * 1024; ++i)
        payload += QByteArray::number(i) + ": FTPS test payload\n";
    QVERIFY(server->writeFile(u"down.bin"_s, payload));

    if (mode == TestServer::Tls::Explicit) {
        // requireTls: a plain login is refused.
        QTcpSocket plain;
        plain.connectToHost(server->address(), server->port());
        QVERIFY(plain.waitForConnected(kTimeoutMs));
        QVERIFY(readReply(plain).startsWith(u"220"));
        const QString reply = command(plain, u"USER "_s + server->userName());
        QVERIFY2(reply.startsWith(u'5'), qPrintable(context + u" plain USER: "_s + reply));
        qInfo("%s: plain USER -> %s", qPrintable(context), qPrintable(reply));
    }

    QSslSocket control;
    control.setSslConfiguration(controlTlsConfiguration());
    control.setPeerVerifyName(u"localhost"_s);
    if (mode == TestServer::Tls::Explicit) {
        control.connectToHost(server->address(), server->port());
        QVERIFY(control.waitForConnected(kTimeoutMs));
        QVERIFY(readReply(control).startsWith(u"220"));
        const QString auth = command(control, u"AUTH TLS"_s);
        QVERIFY2(auth.startsWith(u"234"), qPrintable(context + u" AUTH TLS: "_s + auth));
        control.startClientEncryption();
    } else {
        control.connectToHostEncrypted(server->address().toString(), server->port());
    }
    QVERIFY2(control.waitForEncrypted(kTimeoutMs),
             qPrintable(context + u" handshake: "_s + control.errorString() + u'\n' + server->serverLog()));
    QVERIFY2(control.sessionProtocol() == expected,
             qPrintable(context + u": negotiated "_s + protocolName(control.sessionProtocol())));
    QCOMPARE(control.peerCertificate().digest(QCryptographicHash::Sha256).toHex(),
             server->certificateSha256());
    if (mode == TestServer::Tls::Implicit)
        QVERIFY(readReply(control).startsWith(u"220"));

    QString reply = command(control, u"USER "_s + server->userName());
    QVERIFY2(reply.startsWith(u"331"), qPrintable(context + u" USER: "_s + reply));
    reply = command(control, u"PASS "_s + server->password());
    QVERIFY2(reply.startsWith(u"230"),
             qPrintable(context + u" PASS: "_s + reply + u'\n' + server->serverLog()));
    reply = command(control, u"PBSZ 0"_s);
    QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" PBSZ: "_s + reply));
    reply = command(control, u"PROT P"_s);
    QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" PROT: "_s + reply));
    reply = command(control, u"TYPE I"_s);
    QVERIFY2(reply.startsWith(u"200"), qPrintable(context + u" TYPE: "_s + reply));

    // Download. vsftpd sends close_notify after the data and waits for the client to
    // close before its 226; Qt reports the close_notify as RemoteHostClosedError: that
    // is the end of the file.
    {
        QSslSocket data;
        QString why;
        QVERIFY2(!openTlsData(control, data, server->address(), u"RETR down.bin"_s, &why).isEmpty(),
                 qPrintable(context + u": "_s + why + u'\n' + server->serverLog()));
        QCOMPARE(data.sessionProtocol(), expected);
        // Event-driven, like a real client: Qt 6.4 signals the close_notify only through
        // errorOccurred(RemoteHostClosedError) — no readyRead, no disconnected, the
        // state stays ConnectedState — and waitForReadyRead() does not return on it
        // when it arrives in a segment of its own (it times out and overwrites error()).
        QByteArray received = data.readAll();
        bool closeNotify = false;
        connect(&data, &QIODevice::readyRead, &data, [&] { received += data.readAll(); });
        connect(&data, &QAbstractSocket::errorOccurred, &data, [&](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError)
                closeNotify = true;
        });
        const bool ended = QTest::qWaitFor(
            [&] { return closeNotify || data.state() == QAbstractSocket::UnconnectedState; }, kTimeoutMs);
        received += data.readAll();
        QVERIFY2(ended,
                 qPrintable(context + u" RETR data: no end after "_s + QString::number(received.size()) +
                            u" bytes: "_s + data.errorString() + u'\n' + server->serverLog()));
        data.disconnectFromHost();
        if (data.state() != QAbstractSocket::UnconnectedState)
            data.waitForDisconnected(kTimeoutMs);
        reply = readReply(control);
        QVERIFY2(reply.startsWith(u"226"),
                 qPrintable(context + u" RETR: "_s + reply + u'\n' + server->serverLog()));
        QCOMPARE(received.size(), payload.size());
        QVERIFY(received == payload);
    }

    // Upload. Under TLS 1.3 the server sends a session ticket on the data connection
    // after the handshake; closing before it has been read makes the kernel answer
    // with a reset, so wait for it (bounded) before closing.
    {
        QSslSocket data;
        QSignalSpy ticket(&data, &QSslSocket::newSessionTicketReceived);
        QString why;
        QVERIFY2(!openTlsData(control, data, server->address(), u"STOR up.bin"_s, &why).isEmpty(),
                 qPrintable(context + u": "_s + why + u'\n' + server->serverLog()));
        data.write(payload);
        while (data.bytesToWrite() > 0 && data.state() == QAbstractSocket::ConnectedState) {
            if (!data.waitForBytesWritten(kTimeoutMs))
                break;
        }
        QCOMPARE(data.bytesToWrite(), qint64(0));
        if (data.sessionProtocol() == QSsl::TlsV1_3 && ticket.isEmpty())
            ticket.wait(1000);
        qInfo("%s: STOR data connection: %s, %d session ticket(s) before closing", qPrintable(context),
              qPrintable(protocolName(data.sessionProtocol())), int(ticket.size()));
        data.disconnectFromHost();
        if (data.state() != QAbstractSocket::UnconnectedState)
            QVERIFY(data.waitForDisconnected(kTimeoutMs));
        reply = readReply(control);
        QVERIFY2(reply.startsWith(u"226"),
                 qPrintable(context + u" STOR: "_s + reply + u'\n' + server->serverLog()));
        QFile stored(server->rootPath() + u"/up.bin"_s);
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QVERIFY(stored.readAll() == payload);
    }

    // Both data connections resumed the control session: vsftpd refuses anything else
    // (require_ssl_reuse=YES: 522 and the session ends); both servers log it.
    const QString dir = QFileInfo(server->rootPath()).path();
    if (kind == TestServer::Kind::Pyftpdlib) {
        const QString log = readAll(dir + u"/server.log"_s);
        const QString line =
            u"TLS data connection: "_s + (tls13 ? u"TLSv1.3"_s : u"TLSv1.2"_s) + u", session resumed"_s;
        QVERIFY2(log.count(line) == 2, qPrintable(context + u": server log:\n"_s + log));
    } else {
        // debug_ssl: 'SSL version: TLSv1.3, SSL cipher: ..., reused, no cert' per connection.
        const QString log = readAll(dir + u"/vsftpd.log"_s);
        const QString version = u"SSL version: "_s + (tls13 ? u"TLSv1.3"_s : u"TLSv1.2"_s);
        QVERIFY2(log.count(u", reused, no cert"_s) == 2 && log.count(version) >= 3,
                 qPrintable(context + u": vsftpd.log:\n"_s + log));
    }

    reply = command(control, u"QUIT"_s);
    QVERIFY2(reply.startsWith(u"221"), qPrintable(context + u" QUIT: "_s + reply));
}

void TestServerTest::tlsOptional_data()
{
    QTest::addColumn<TestServer::Kind>("kind");
    QTest::newRow("pyftpdlib") << TestServer::Kind::Pyftpdlib;
    QTest::newRow("vsftpd") << TestServer::Kind::Vsftpd;
}

// requireTls = false: plain logins and clear data connections still work.
void TestServerTest::tlsOptional()
{
    QFETCH(TestServer::Kind, kind);
    TestServer::Options options;
    options.kind = kind;
    options.tls = TestServer::Tls::Explicit;
    options.requireTls = false;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(u"a.txt"_s, "clear"));

    QTcpSocket plain;
    plain.connectToHost(server->address(), server->port());
    QVERIFY(plain.waitForConnected(kTimeoutMs));
    QVERIFY(readReply(plain).startsWith(u"220"));
    const QString feat = command(plain, u"FEAT"_s);
    QVERIFY2(feat.contains(u"AUTH TLS"_s), qPrintable(feat));
    QVERIFY(command(plain, u"USER "_s + server->userName()).startsWith(u"331"));
    QVERIFY(command(plain, u"PASS "_s + server->password()).startsWith(u"230"));
    QVERIFY(command(plain, u"TYPE I"_s).startsWith(u"200"));
    const QString epsv = command(plain, u"EPSV"_s);
    QVERIFY2(epsvPort(epsv) != 0, qPrintable(epsv));
    QTcpSocket data;
    data.connectToHost(server->address(), epsvPort(epsv));
    QVERIFY(data.waitForConnected(kTimeoutMs));
    const QString retr = command(plain, u"RETR a.txt"_s);
    QVERIFY2(retr.startsWith(u"150") || retr.startsWith(u"125"), qPrintable(retr));
    QByteArray received;
    while (data.state() == QAbstractSocket::ConnectedState && data.waitForReadyRead(kTimeoutMs))
        received += data.readAll();
    received += data.readAll();
    QCOMPARE(received, QByteArray("clear"));
    QVERIFY(readReply(plain).startsWith(u"226"));
}

void TestServerTest::authWithoutTls_data()
{
    tlsOptional_data();
}

// The "downgrade" server: with Tls::None both servers refuse AUTH TLS with a 5xx, but
// not with the same code (vsftpd: 530 before login).
void TestServerTest::authWithoutTls()
{
    QFETCH(TestServer::Kind, kind);
    TestServer::Options options;
    options.kind = kind;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->certificatePath().isEmpty());
    QVERIFY(server->certificateSha256().isEmpty());

    QTcpSocket control;
    control.connectToHost(server->address(), server->port());
    QVERIFY(control.waitForConnected(kTimeoutMs));
    QVERIFY(readReply(control).startsWith(u"220"));
    const QString feat = command(control, u"FEAT"_s);
    QVERIFY2(!feat.contains(u"AUTH"_s), qPrintable(feat));
    const QString auth = command(control, u"AUTH TLS"_s);
    const QString expected = kind == TestServer::Kind::Vsftpd ? u"530 "_s : u"500 "_s;
    QVERIFY2(auth.startsWith(expected), qPrintable(auth));
    // The connection stays usable in clear text.
    QVERIFY(command(control, u"USER "_s + server->userName()).startsWith(u"331"));
    QVERIFY(command(control, u"PASS "_s + server->password()).startsWith(u"230"));
    const QString again = command(control, u"AUTH TLS"_s);
    QVERIFY2(again.startsWith(u"500 "), qPrintable(again));
}

void TestServerTest::tlsCertificates_data()
{
    QTest::addColumn<TestServer::TlsCert>("cert");
    QTest::addColumn<bool>("trustCa");     // add caCertificatePath() (or the self-signed cert)
    QTest::addColumn<QString>("peerName"); // name checked against the certificate
    QTest::addColumn<QList<QSslError::SslError>>("expected");

    using E = QSslError;
    const QString localhost = u"localhost"_s;
    QTest::newRow("selfsigned") << TestServer::TlsCert::SelfSigned << false << localhost
                                << QList<E::SslError>{E::SelfSignedCertificate};
    QTest::newRow("selfsigned-trusted")
        << TestServer::TlsCert::SelfSigned << true << localhost << QList<E::SslError>{};
    QTest::newRow("selfsigned-trusted-ip")
        << TestServer::TlsCert::SelfSigned << true << u"127.0.0.1"_s << QList<E::SslError>{};
    QTest::newRow("casigned") << TestServer::TlsCert::CaSigned << false << localhost
                              << QList<E::SslError>{E::UnableToGetLocalIssuerCertificate,
                                                    E::UnableToVerifyFirstCertificate};
    QTest::newRow("casigned-trusted")
        << TestServer::TlsCert::CaSigned << true << localhost << QList<E::SslError>{};
    QTest::newRow("casigned-trusted-ip")
        << TestServer::TlsCert::CaSigned << true << u"127.0.0.1"_s << QList<E::SslError>{};
    QTest::newRow("expired-trusted") << TestServer::TlsCert::Expired << true << localhost
                                     << QList<E::SslError>{E::CertificateExpired};
    QTest::newRow("wronghost-trusted")
        << TestServer::TlsCert::WrongHost << true << localhost << QList<E::SslError>{E::HostNameMismatch};
    QTest::newRow("wronghost-trusted-ip") << TestServer::TlsCert::WrongHost << true << u"127.0.0.1"_s
                                          << QList<E::SslError>{E::HostNameMismatch};
}

// The generated certificates, as Qt's verification sees them (implicit FTPS handshake).
void TestServerTest::tlsCertificates()
{
    QFETCH(TestServer::TlsCert, cert);
    QFETCH(bool, trustCa);
    QFETCH(QString, peerName);
    QFETCH(QList<QSslError::SslError>, expected);

    TestServer::Options options;
    options.tls = TestServer::Tls::Implicit;
    options.cert = cert;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QCOMPARE(server->caCertificatePath().isEmpty(), cert == TestServer::TlsCert::SelfSigned);
    const QByteArray sha256 = server->certificateSha256();
    QVERIFY2(QRegularExpression(u"^[0-9a-f]{64}$"_s).match(QString::fromLatin1(sha256)).hasMatch(),
             sha256.constData());

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (trustCa) {
        const QString anchor =
            cert == TestServer::TlsCert::SelfSigned ? server->certificatePath() : server->caCertificatePath();
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(anchor, QSsl::Pem);
        QCOMPARE(cas.size(), 1);
        conf.setCaCertificates(cas); // only the test anchor: the system store is irrelevant here
    } else {
        conf.setCaCertificates({});
    }
    QSslSocket socket;
    socket.setSslConfiguration(conf);
    socket.setPeerVerifyName(peerName);
    socket.connectToHostEncrypted(server->address().toString(), server->port());
    const bool encrypted = socket.waitForEncrypted(kTimeoutMs);

    QList<QSslError::SslError> errors;
    for (const QSslError &e : socket.sslHandshakeErrors())
        errors.append(e.error());
    std::sort(errors.begin(), errors.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(errors, expected);
    QCOMPARE(encrypted, expected.isEmpty());
    QVERIFY(!socket.peerCertificate().isNull());
    QCOMPARE(socket.peerCertificate().digest(QCryptographicHash::Sha256).toHex(), sha256);
    if (encrypted)
        QVERIFY(readReply(socket).startsWith(u"220"));
}

// --- pyftpdlib extensions: checksums ------------------------------------------------

// HASH (draft-bryan-ftpext-hash) and the X* commands against files whose digests we
// compute here; OPTS HASH selects per session; errors for missing files/folders.
void TestServerTest::hashCommands()
{
    TestServer::Options options;
    options.hashCommands = TestServer::allHashCommands();
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QByteArray payload = ferry::test::randomBytes(100000, 42);
    QVERIFY(server->writeFile(u"dir/data.bin"_s, payload));
    QVERIFY(server->writeFile(u"empty.txt"_s, QByteArray()));
    QVERIFY(server->writeFile(u"with space.txt"_s, "spaced out"));

    QSslSocket control;
    QString why = logIn(control, *server);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QStringList feat = featLines(command(control, u"FEAT"_s));
    for (const QString &line :
         {u"HASH SHA-256*;SHA-1;MD5;CRC32"_s, u"XSHA256"_s, u"XSHA1"_s, u"XMD5"_s, u"XCRC"_s})
        QVERIFY2(feat.contains(line), qPrintable(line + u" not in FEAT: "_s + feat.join(u" | ")));

    // Default SHA-256; "<start>-<end>" is inclusive (0-99999 for 100000 bytes); the
    // name comes back as given.
    QCOMPARE(command(control, u"HASH dir/data.bin"_s), u"213 SHA-256 0-99999 "_s +
                                                           QString::fromLatin1(ferry::test::sha256(payload)) +
                                                           u" dir/data.bin"_s);
    for (const QString &alg : {u"SHA-1"_s, u"MD5"_s, u"CRC32"_s}) {
        QCOMPARE(command(control, u"OPTS HASH "_s + alg.toLower()), u"200 "_s + alg);
        QCOMPARE(command(control, u"HASH /dir/data.bin"_s),
                 u"213 %1 0-99999 %2 /dir/data.bin"_s.arg(alg, QString::fromLatin1(hexDigest(alg, payload))));
    }
    QCOMPARE(command(control, u"OPTS HASH"_s), u"200 CRC32"_s);
    QVERIFY(featLines(command(control, u"FEAT"_s)).contains(u"HASH SHA-256;SHA-1;MD5;CRC32*"_s));
    QString reply = command(control, u"OPTS HASH SHA-512"_s);
    QVERIFY2(reply.startsWith(u"501 "), qPrintable(reply));
    QCOMPARE(command(control, u"OPTS HASH"_s), u"200 CRC32"_s); // unchanged
    QCOMPARE(command(control, u"HASH empty.txt"_s), u"213 CRC32 0-0 00000000 empty.txt"_s);
    QCOMPARE(
        command(control, u"HASH with space.txt"_s),
        u"213 CRC32 0-9 %1 with space.txt"_s.arg(QString::fromLatin1(hexDigest(u"CRC32"_s, "spaced out"))));
    reply = command(control, u"HASH no-such.bin"_s);
    QVERIFY2(reply.startsWith(u"550 "), qPrintable(reply));
    reply = command(control, u"HASH dir"_s);
    QVERIFY2(reply.startsWith(u"553 "), qPrintable(reply));

    // X* commands: 250 and the digest in upper case (ProFTPD mod_digest style).
    const QList<std::pair<QString, QString>> xCommands{{u"XSHA256"_s, u"SHA-256"_s},
                                                       {u"XSHA1"_s, u"SHA-1"_s},
                                                       {u"XMD5"_s, u"MD5"_s},
                                                       {u"XCRC"_s, u"CRC32"_s}};
    for (const auto &[cmd, alg] : xCommands) {
        QCOMPARE(command(control, cmd + u" dir/data.bin"_s),
                 u"250 "_s + QString::fromLatin1(hexDigest(alg, payload)).toUpper());
        reply = command(control, cmd + u" no-such.bin"_s);
        QVERIFY2(reply.startsWith(u"550 "), qPrintable(cmd + u": "_s + reply));
        reply = command(control, cmd + u" dir"_s);
        QVERIFY2(reply.startsWith(u"550 "), qPrintable(cmd + u": "_s + reply));
    }
    QCOMPARE(command(control, u"XMD5 \"with space.txt\""_s),
             u"250 "_s + QString::fromLatin1(hexDigest(u"MD5"_s, "spaced out")).toUpper());

    // The selection belongs to the session: a new one starts at SHA-256 again.
    QSslSocket other;
    why = logIn(other, *server);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(command(other, u"OPTS HASH"_s), u"200 SHA-256"_s);
    QCOMPARE(command(control, u"OPTS HASH"_s), u"200 CRC32"_s);

    // An uploaded file hashes to what was sent.
    const QByteArray uploaded = ferry::test::randomBytes(70000, 7);
    {
        QSslSocket data;
        QVERIFY2(!openData(control, data, server->address(), u"STOR up.bin"_s, &why).isEmpty(),
                 qPrintable(why));
        sendAndClose(data, uploaded);
        reply = readReply(control);
        QVERIFY2(reply.startsWith(u"226"), qPrintable(reply));
    }
    QCOMPARE(command(other, u"HASH up.bin"_s),
             u"213 SHA-256 0-69999 "_s + QString::fromLatin1(ferry::test::sha256(uploaded)) + u" up.bin"_s);
}

// Only some commands/algorithms: what is not enabled is neither in FEAT nor understood,
// so that a client's fallback order can be tested.
void TestServerTest::hashCommandSubsets()
{
    const QByteArray payload = "checksum subsets\n";
    {
        TestServer::Options options;
        options.hashCommands = {u"XCRC"_s};
        QString error;
        auto server = TestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));
        QVERIFY(server->writeFile(u"a.txt"_s, payload));
        QSslSocket control;
        const QString why = logIn(control, *server);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QStringList feat = featLines(command(control, u"FEAT"_s));
        QVERIFY2(feat.contains(u"XCRC"_s), qPrintable(feat.join(u" | ")));
        for (const QString &absent : {u"XSHA256"_s, u"XSHA1"_s, u"XMD5"_s})
            QVERIFY2(!feat.contains(absent), qPrintable(feat.join(u" | ")));
        for (const QString &line : feat)
            QVERIFY2(!line.startsWith(u"HASH"), qPrintable(line));
        for (const QString &cmd : {u"HASH a.txt"_s, u"XSHA256 a.txt"_s, u"XSHA1 a.txt"_s, u"XMD5 a.txt"_s}) {
            const QString reply = command(control, cmd);
            QVERIFY2(reply.startsWith(u"500 "), qPrintable(cmd + u": "_s + reply));
        }
        QVERIFY(command(control, u"OPTS HASH SHA-1"_s).startsWith(u"501"));
        QCOMPARE(command(control, u"XCRC a.txt"_s),
                 u"250 "_s + QString::fromLatin1(hexDigest(u"CRC32"_s, payload)).toUpper());
    }
    {
        TestServer::Options options;
        options.hashCommands = {u"HASH"_s};
        options.hashAlgorithms = {u"MD5"_s, u"SHA-1"_s};
        QString error;
        auto server = TestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));
        QVERIFY(server->writeFile(u"a.txt"_s, payload));
        QSslSocket control;
        const QString why = logIn(control, *server);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QStringList feat = featLines(command(control, u"FEAT"_s));
        QVERIFY2(feat.contains(u"HASH MD5*;SHA-1"_s), qPrintable(feat.join(u" | ")));
        QVERIFY(!feat.contains(u"XCRC"_s));
        QCOMPARE(command(control, u"HASH a.txt"_s),
                 u"213 MD5 0-16 %1 a.txt"_s.arg(QString::fromLatin1(hexDigest(u"MD5"_s, payload))));
        QVERIFY(command(control, u"OPTS HASH SHA-256"_s).startsWith(u"501"));
        QCOMPARE(command(control, u"OPTS HASH SHA-1"_s), u"200 SHA-1"_s);
        QCOMPARE(command(control, u"HASH a.txt"_s),
                 u"213 SHA-1 0-16 %1 a.txt"_s.arg(QString::fromLatin1(hexDigest(u"SHA-1"_s, payload))));
        QVERIFY(command(control, u"XCRC a.txt"_s).startsWith(u"500"));
    }
}

// Options pyftpdlib alone implements are refused for vsftpd, bad values for both.
void TestServerTest::extensionOptionsAreChecked()
{
    const QList<std::function<void(TestServer::Options &)>> vsftpdRefuses{
        [](TestServer::Options &o) { o.hashCommands = {u"XCRC"_s}; },
        [](TestServer::Options &o) { o.dropDataAfter = 10; },
        [](TestServer::Options &o) { o.stallDataAfter = 10; },
        [](TestServer::Options &o) { o.dataRate = 10; },
        [](TestServer::Options &o) { o.dropControlAfterCommand = u"STOR"_s; },
        [](TestServer::Options &o) {
            o.maxConnections = 1;
            o.tooManyReply = 530;
        },
    };
    for (const auto &set : vsftpdRefuses) {
        TestServer::Options options;
        options.kind = TestServer::Kind::Vsftpd;
        set(options);
        QString error;
        QVERIFY(!TestServer::start(options, &error));
        QVERIFY2(error.contains(u"Kind::Pyftpdlib"), qPrintable(error));
    }
    const QList<std::function<void(TestServer::Options &)>> invalid{
        [](TestServer::Options &o) { o.hashCommands = {u"XSHA512"_s}; },
        [](TestServer::Options &o) { o.hashAlgorithms = {u"SHA-512"_s}; },
        [](TestServer::Options &o) { o.tooManyReply = 550; },
        [](TestServer::Options &o) { o.faultCommands = {u"LIST"_s}; },
        [](TestServer::Options &o) { o.dropControlAfterCommand = u"RETR x"_s; },
        [](TestServer::Options &o) { o.maxConnections = -1; },
    };
    for (const auto &set : invalid) {
        TestServer::Options options;
        set(options);
        QString error;
        QVERIFY(!TestServer::start(options, &error));
        QVERIFY2(error.startsWith(u"pyftpdlib: "), qPrintable(error));
    }
}

// --- connection limits ------------------------------------------------------------

void TestServerTest::connectionLimits_data()
{
    QTest::addColumn<TestServer::Kind>("kind");
    QTest::addColumn<bool>("perIp");
    QTest::addColumn<int>("tooManyReply");

    QTest::newRow("pyftpdlib-max-421") << TestServer::Kind::Pyftpdlib << false << 421;
    QTest::newRow("pyftpdlib-per-ip-421") << TestServer::Kind::Pyftpdlib << true << 421;
    QTest::newRow("pyftpdlib-max-530") << TestServer::Kind::Pyftpdlib << false << 530;
    QTest::newRow("pyftpdlib-per-ip-530") << TestServer::Kind::Pyftpdlib << true << 530;
    QTest::newRow("vsftpd-max-421") << TestServer::Kind::Vsftpd << false << 421;
    QTest::newRow("vsftpd-per-ip-421") << TestServer::Kind::Vsftpd << true << 421;
}

// A limit of 2: two sessions log in, the third is refused (421 at the greeting, or
// 530 at PASS) and closed; once one session quits, a new one logs in.
void TestServerTest::connectionLimits()
{
    QFETCH(TestServer::Kind, kind);
    QFETCH(bool, perIp);
    QFETCH(int, tooManyReply);

    TestServer::Options options;
    options.kind = kind;
    (perIp ? options.maxConnectionsPerIp : options.maxConnections) = 2;
    options.tooManyReply = tooManyReply;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QString context = QString::fromLatin1(QTest::currentDataTag());

    QSslSocket first, second;
    QString why = logIn(first, *server);
    QVERIFY2(why.isEmpty(), qPrintable(context + u" 1st: "_s + why + u'\n' + server->serverLog()));
    why = logIn(second, *server);
    QVERIFY2(why.isEmpty(), qPrintable(context + u" 2nd: "_s + why + u'\n' + server->serverLog()));

    QTcpSocket third;
    const QString hello = greeting(third, *server);
    if (tooManyReply == 421) {
        QVERIFY2(hello.startsWith(u"421 "), qPrintable(context + u" 3rd greeting: "_s + hello));
    } else {
        QVERIFY2(hello.startsWith(u"220 "), qPrintable(context + u" 3rd greeting: "_s + hello));
        QVERIFY(command(third, u"USER "_s + server->userName()).startsWith(u"331"));
        const QString pass = command(third, u"PASS "_s + server->password());
        QVERIFY2(pass.startsWith(u"530 Sorry, the maximum number of "_s) && pass.contains(u"(2)"_s) &&
                     pass.contains(u"already connected"_s),
                 qPrintable(context + u" 3rd PASS: "_s + pass));
    }
    qInfo("%s: refused with: %s", qPrintable(context),
          qPrintable(tooManyReply == 421 ? hello : u"530 at PASS"_s));
    QVERIFY2(closedByServer(third), qPrintable(context + u": the refused connection stays open"_s));

    // A session that quits frees its place (vsftpd counts a session until it reaped
    // the process: retry briefly).
    QVERIFY(command(first, u"QUIT"_s).startsWith(u"221"));
    QVERIFY(closedByServer(first));
    QElapsedTimer waited;
    waited.start();
    int attempts = 0;
    while (true) {
        ++attempts;
        QSslSocket next;
        why = logIn(next, *server);
        if (why.isEmpty())
            break;
        QVERIFY2(waited.elapsed() < 3000, qPrintable(context + u" after QUIT: "_s + why));
        QThread::msleep(100);
    }
    if (kind == TestServer::Kind::Pyftpdlib)
        QCOMPARE(attempts, 1); // pyftpdlib forgets a connection when it closes it
    QCOMPARE(command(second, u"NOOP"_s).left(3), u"200"_s);
}

// --- data connection faults -------------------------------------------------------

void TestServerTest::dropData_data()
{
    QTest::addColumn<bool>("upload");
    QTest::addColumn<TestServer::DropMode>("mode");
    QTest::addColumn<bool>("tls");

    QTest::newRow("download-reset") << false << TestServer::DropMode::Reset << false;
    QTest::newRow("download-close") << false << TestServer::DropMode::Close << false;
    QTest::newRow("upload-reset") << true << TestServer::DropMode::Reset << false;
    QTest::newRow("upload-close") << true << TestServer::DropMode::Close << false;
    QTest::newRow("download-reset-tls") << false << TestServer::DropMode::Reset << true;
    QTest::newRow("upload-reset-tls") << true << TestServer::DropMode::Reset << true;
}

// dropDataAfter 1000, dropCount 2: the first two transfers deliver exactly 1000 bytes
// and end with "426 Connection closed; transfer aborted." (an upload keeps its 1000
// bytes); resumed with REST they add up, and the third transfer completes.
void TestServerTest::dropData()
{
    QFETCH(bool, upload);
    QFETCH(TestServer::DropMode, mode);
    QFETCH(bool, tls);

    TestServer::Options options;
    options.dropDataAfter = 1000;
    options.dropCount = 2;
    options.dropMode = mode;
    if (tls) {
        options.tls = TestServer::Tls::Explicit;
        options.requireTls = false;
    }
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QString context = QString::fromLatin1(QTest::currentDataTag());
    const QByteArray payload = ferry::test::randomBytes(5000, 5);
    QVERIFY(server->writeFile(u"down.bin"_s, payload));
    const QString upPath = server->rootPath() + u"/up.bin"_s;

    QSslSocket control;
    QString why = logIn(control, *server, tls);
    QVERIFY2(why.isEmpty(), qPrintable(context + u": "_s + why));

    QByteArray downloaded;
    for (int transfer = 1; transfer <= 3; ++transfer) {
        const qint64 offset = (transfer - 1) * 1000;
        if (offset > 0) {
            const QString rest = command(control, u"REST "_s + QString::number(offset));
            QVERIFY2(rest.startsWith(u"350"), qPrintable(context + u" REST: "_s + rest));
        }
        QSslSocket data;
        const QString verb = upload ? u"STOR up.bin"_s : u"RETR down.bin"_s;
        QVERIFY2(!openData(control, data, server->address(), verb, &why).isEmpty(),
                 qPrintable(context + u": "_s + why + u'\n' + server->serverLog()));
        if (upload) {
            sendAndClose(data, payload.mid(offset));
        } else {
            const Received got = receive(data);
            QVERIFY2(got.ended, qPrintable(context + u": the data connection did not end"_s));
            data.disconnectFromHost();
            if (transfer < 3)
                QVERIFY2(got.bytes == payload.mid(offset, 1000),
                         qPrintable(
                             context +
                             u" #%1: got %2 bytes (%3)"_s.arg(transfer).arg(got.bytes.size()).arg(got.how)));
            else
                QVERIFY2(got.bytes == payload.mid(offset),
                         qPrintable(context + u" #3: got %1 bytes"_s.arg(got.bytes.size())));
            downloaded += got.bytes;
        }
        const QString reply = readReply(control);
        if (transfer < 3) {
            QVERIFY2(reply == u"426 Connection closed; transfer aborted."_s,
                     qPrintable(context + u" #%1: "_s.arg(transfer) + reply + u'\n' + server->serverLog()));
            if (upload)
                QVERIFY2(fileContent(upPath) == payload.left(offset + 1000),
                         qPrintable(context + u" #%1: the server kept %2 bytes"_s.arg(transfer).arg(
                                                  QFileInfo(upPath).size())));
        } else {
            QVERIFY2(reply.startsWith(u"226"),
                     qPrintable(context + u" #3: "_s + reply + u'\n' + server->serverLog()));
        }
    }
    if (upload)
        QVERIFY(fileContent(upPath) == payload);
    else
        QVERIFY(downloaded == payload);
    QVERIFY2(server->serverLog().count(u"cut after 1000 bytes"_s) == 2, qPrintable(server->serverLog()));
    QVERIFY(command(control, u"NOOP"_s).startsWith(u"200")); // the session is still fine
}

// stallDataAfter 1000: the first download stops after 1000 bytes with the data
// connection open; ABOR ends it; the next download is whole.
void TestServerTest::stallData()
{
    TestServer::Options options;
    options.stallDataAfter = 1000;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QByteArray payload = ferry::test::randomBytes(300000, 3);
    QVERIFY(server->writeFile(u"down.bin"_s, payload));

    QSslSocket control;
    QString why = logIn(control, *server);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    {
        QSslSocket data;
        QVERIFY2(!openData(control, data, server->address(), u"RETR down.bin"_s, &why).isEmpty(),
                 qPrintable(why));
        const Received got = receive(data, 1500);
        QVERIFY2(!got.ended, qPrintable(u"the stalled connection ended: "_s + got.how));
        QCOMPARE(data.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(got.bytes, payload.left(1000));
        control.write("ABOR\r\n");
        QString reply = readReply(control);
        QVERIFY2(reply.startsWith(u"426"), qPrintable(reply));
        reply = readReply(control);
        QVERIFY2(reply.startsWith(u"226"), qPrintable(reply));
        QVERIFY(closedByServer(data));
    }
    {
        QSslSocket data;
        QVERIFY2(!openData(control, data, server->address(), u"RETR down.bin"_s, &why).isEmpty(),
                 qPrintable(why));
        const Received got = receive(data);
        QVERIFY(got.ended);
        QVERIFY(got.bytes == payload);
        const QString reply = readReply(control);
        QVERIFY2(reply.startsWith(u"226"), qPrintable(reply));
    }
}

// dataRate 1000 B/s: 3000 bytes take about 3 s to download (never less than 2.5 s),
// 2000 bytes about 2 s to upload (the 226 comes once the server read them).
void TestServerTest::dataRate()
{
    TestServer::Options options;
    options.dataRate = 1000;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QByteArray payload = ferry::test::randomBytes(3000, 9);
    QVERIFY(server->writeFile(u"down.bin"_s, payload));

    QSslSocket control;
    QString why = logIn(control, *server);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    {
        QSslSocket data;
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(!openData(control, data, server->address(), u"RETR down.bin"_s, &why).isEmpty(),
                 qPrintable(why));
        QByteArray early;
        (void)QTest::qWaitFor([&] { return clock.elapsed() >= 1000; }, 2000);
        early = data.readAll();
        const Received got = receive(data);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(got.ended);
        QVERIFY(early + got.bytes == payload);
        qInfo("3000 bytes at 1000 B/s: %lld bytes after 1 s, all after %lld ms", qint64(early.size()),
              elapsed);
        QVERIFY2(early.size() >= 500 && early.size() <= 1500, qPrintable(QString::number(early.size())));
        QVERIFY2(elapsed >= 2500 && elapsed <= 8000, qPrintable(QString::number(elapsed)));
        QVERIFY(readReply(control).startsWith(u"226"));
    }
    {
        QSslSocket data;
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(!openData(control, data, server->address(), u"STOR up.bin"_s, &why).isEmpty(),
                 qPrintable(why));
        sendAndClose(data, payload.left(2000));
        const QString reply = readReply(control);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(reply.startsWith(u"226"), qPrintable(reply));
        qInfo("2000 bytes uploaded at 1000 B/s: 226 after %lld ms", elapsed);
        QVERIFY2(elapsed >= 1500 && elapsed <= 8000, qPrintable(QString::number(elapsed)));
        QVERIFY(fileContent(server->rootPath() + u"/up.bin"_s) == payload.left(2000));
    }
}

// dropControlAfterCommand RETR: the first RETR closes the control connection with no
// reply (and the data connection with it); the next session downloads normally.
void TestServerTest::dropControl()
{
    TestServer::Options options;
    options.dropControlAfterCommand = u"RETR"_s;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QByteArray payload = ferry::test::randomBytes(5000, 1);
    QVERIFY(server->writeFile(u"down.bin"_s, payload));

    for (const bool dropped : {true, false}) {
        QSslSocket control;
        QString why = logIn(control, *server);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(command(control, u"SIZE down.bin"_s), u"213 5000"_s); // other commands pass
        const QString epsv = command(control, u"EPSV"_s);
        QVERIFY2(epsvPort(epsv) != 0, qPrintable(epsv));
        QSslSocket data;
        data.connectToHost(server->address(), epsvPort(epsv));
        QVERIFY(data.waitForConnected(kTimeoutMs));
        const QString reply = command(control, u"RETR down.bin"_s);
        if (dropped) {
            QVERIFY2(reply.isEmpty(), qPrintable(u"RETR: "_s + reply));
            QVERIFY(closedByServer(control));
            QVERIFY(closedByServer(data));
        } else {
            QVERIFY2(reply.startsWith(u"125") || reply.startsWith(u"150"), qPrintable(reply));
            const Received got = receive(data);
            QVERIFY(got.bytes == payload);
            QVERIFY(readReply(control).startsWith(u"226"));
        }
    }
    QVERIFY2(server->serverLog().contains(u"fault: RETR #1: control connection"_s),
             qPrintable(server->serverLog()));
}

QTEST_GUILESS_MAIN(TestServerTest)
#include "tst_testserver.moc"
