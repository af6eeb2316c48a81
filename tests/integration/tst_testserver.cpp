// Checks the real-server fixtures themselves (tests/common/testserver.*): each server
// starts on a loopback port, greets, accepts the test user and anonymous, serves
// files put into rootPath(), and is really gone after the TestServer is destroyed.
#include "testserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <csignal>
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

} // namespace

class TestServerTest : public QObject {
    Q_OBJECT

private slots:
    void lifecycle_data();
    void lifecycle();
    void options_data();
    void options();
    void startErrorsAreReported();
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

QTEST_GUILESS_MAIN(TestServerTest)
#include "tst_testserver.moc"
