// Bad input from a server, scripted with FakeFtpServer: every case must end in a clear
// error (or success where the client can cope) within the timeout, with no crash.
#include "awaitop.h"
#include "fakeftpserver.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/logonoperation.h"
#include "ftp/transferoperation.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace ferry;
using namespace ferry::test;

class TestFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void greetingFaults_data();
    void greetingFaults();
    void neverGreets();
    void connectionRefused();
    void greeting120ThenReady();
    void splitMultiLineReply();
    void reply421MidSession();
    void closeMidReply();
    void crlfInPathRefusedBeforeSending_data();
    void crlfInPathRefusedBeforeSending();
    void pasvOtherHostReplaced();
    void transferFailure426();
    void epsvBehindDownload();
    void cancelWithEpsvBehind();
    void dataConnectionFailsAfterCommand();
    void passiveRefusedFallsBackToActive();
    void cancelQueued();

private:
    SessionConfig configFor(const FakeFtpServer &server, int timeoutMs = 5000)
    {
        SessionConfig config;
        config.host = QStringLiteral("127.0.0.1");
        config.port = server.port();
        config.user = QStringLiteral("u");
        config.password = QStringLiteral("secret-pw");
        config.timeoutMs = timeoutMs;
        config.tlsPolicy = TlsPolicy::Never;
        return config;
    }
};

void TestFaults::greetingFaults_data()
{
    QTest::addColumn<QByteArray>("greeting");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("421-at-greeting") << QByteArray("421 Too many users\r\n")
                                     << int(RemoteError::Kind::Network) << QStringLiteral("Too many users");
    QTest::newRow("garbage-code") << QByteArray("HELLO THERE\r\n") << int(RemoteError::Kind::Protocol)
                                  << QStringLiteral("malformed");
    QTest::newRow("line-over-bound") << QByteArray("220 ") + QByteArray(70 * 1024, 'x') + "\r\n"
                                     << int(RemoteError::Kind::Protocol) << QStringLiteral("longer than");
    QTest::newRow("one-mib-no-newline") << QByteArray("220 ") + QByteArray(1024 * 1024, 'x')
                                        << int(RemoteError::Kind::Protocol) << QStringLiteral("longer than");
    QByteArray many("220-start\r\n");
    for (int i = 0; i < 100000; ++i)
        many += "x\r\n";
    QTest::newRow("100000-lines") << many << int(RemoteError::Kind::Protocol) << QStringLiteral("lines");
    QTest::newRow("530-at-greeting") << QByteArray("530 Go away\r\n") << int(RemoteError::Kind::Auth)
                                     << QStringLiteral("Go away");
}

void TestFaults::greetingFaults()
{
    QFETCH(QByteArray, greeting);
    QFETCH(int, kind);
    QFETCH(QString, messagePart);
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.greeting = greeting;
    FtpSession session(configFor(server));
    QSignalSpy errors(&session, &FtpSession::errorOccurred);
    const RemoteError error = awaitOp(session.connectToHost(), {}, 15000);
    QCOMPARE(int(error.kind()), kind);
    QVERIFY2(error.toString().contains(messagePart), qPrintable(error.toString()));
    QCOMPARE(session.state(), FtpSession::State::Disconnected);
    QVERIFY(!server.receivedVerb("USER"));
}

void TestFaults::neverGreets()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.greeting.clear();
    FtpSession session(configFor(server, 1000));
    QElapsedTimer timer;
    timer.start();
    const RemoteError error = awaitOp(session.connectToHost(), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Timeout);
    QVERIFY2(error.message().contains(QStringLiteral("no greeting")), qPrintable(error.message()));
    QVERIFY(timer.elapsed() >= 900);
    QVERIFY(timer.elapsed() < 5000);
}

void TestFaults::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress(QHostAddress::LocalHost), 0));
        port = probe.serverPort();
    } // closed: nothing listens there now
    SessionConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.timeoutMs = 5000;
    config.tlsPolicy = TlsPolicy::Never;
    FtpSession session(config);
    QElapsedTimer timer;
    timer.start();
    const RemoteError error = awaitOp(session.connectToHost(), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QVERIFY2(error.message().contains(QStringLiteral("refused")), qPrintable(error.message()));
    QVERIFY(timer.elapsed() < 3000);
}

void TestFaults::greeting120ThenReady()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.greeting = "120 Ready in 1 minute\r\n";
    // The real greeting comes later on the same connection.
    QTimer::singleShot(200, &server, [&server] { server.writeToControl("220 Now ready\r\n"); });
    FtpSession session(configFor(server));
    const RemoteError error = awaitOp(session.connectToHost(), {}, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(session.greeting(), QStringLiteral("Now ready"));
    QVERIFY(server.receivedVerb("PASS"));
}

void TestFaults::splitMultiLineReply()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler([](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb != "FEAT")
            return false;
        // One reply in five packets, split inside lines and inside the CRLF.
        const QList<QByteArray> parts{"211-Fea", "tures:\r", "\n MF", "MT\r\n UTF8\r\n21", "1 End\r\n"};
        int delay = 0;
        for (const QByteArray &part : parts) {
            QTimer::singleShot(delay += 30, control, [control, part] {
                control->write(part);
                control->flush();
            });
        }
        return true;
    });
    FtpSession session(configFor(server));
    const RemoteError error = awaitOp(session.connectToHost(), {}, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(session.capabilities().hasMfmt());
    QVERIFY(session.capabilities().hasUtf8());
}

void TestFaults::reply421MidSession()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler([](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb != "MKD")
            return false;
        control->write("421 Shutting down\r\n");
        control->disconnectFromHost();
        return true;
    });
    FtpSession session(configFor(server));
    QVERIFY(!awaitOp(session.connectToHost()).isError());
    const RemoteError error = awaitOp(session.makeDirectory(QStringLiteral("/x")), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QCOMPARE(error.replyCode(), 421);
    QCOMPARE(session.state(), FtpSession::State::Disconnected);
    // The session connects again on demand.
    server.setHandler({});
    const RemoteError again = awaitOp(session.noop(), {}, 10000);
    QVERIFY2(!again.isError(), qPrintable(again.toString()));
}

void TestFaults::closeMidReply()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler([](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb != "SYST")
            return false;
        control->write("215-UNIX\r\n partial");
        control->flush();
        control->disconnectFromHost();
        return true;
    });
    FtpSession session(configFor(server));
    const RemoteError error = awaitOp(session.connectToHost(), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QVERIFY2(error.message().contains(QStringLiteral("middle of a reply")), qPrintable(error.message()));
}

void TestFaults::crlfInPathRefusedBeforeSending_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("dele") << 0;
    QTest::newRow("retr") << 1;
    QTest::newRow("list") << 2;
    QTest::newRow("rename-target") << 3;
    QTest::newRow("nul") << 4;
}

void TestFaults::crlfInPathRefusedBeforeSending()
{
    QFETCH(int, which);
    FakeFtpServer server;
    QVERIFY(server.listen());
    FtpSession session(configFor(server));
    QVERIFY(!awaitOp(session.connectToHost()).isError());
    const qsizetype before = server.received().size();
    const QString evil = QStringLiteral("/a\r\nDELE /important");
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    FtpOperation *op = nullptr;
    switch (which) {
    case 0:
        op = session.removeFile(evil);
        break;
    case 1:
        op = session.download(evil, &buffer, {});
        break;
    case 2:
        op = session.list(evil, ListMode::List);
        break;
    case 3:
        op = session.rename(QStringLiteral("/ok"), evil);
        break;
    default:
        op = session.removeFile(QStringLiteral("/a") + QChar(0) + QStringLiteral("b"));
        break;
    }
    const RemoteError error = awaitOp(op);
    QCOMPARE(error.kind(), RemoteError::Kind::InvalidArgument);
    // Wait a moment for anything that might still be on its way, then: nothing was sent.
    QVERIFY(!awaitOp(session.noop()).isError());
    const QList<QByteArray> received = server.received();
    QCOMPARE(received.mid(before), QList<QByteArray>{QByteArray("NOOP")});
}

void TestFaults::pasvOtherHostReplaced()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.featReply = "211-Features:\r\n UTF8\r\n211 End\r\n";
    bool listed = false;
    server.setHandler([&](FakeFtpServer &s, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb == "EPSV") {
            control->write("500 EPSV not understood\r\n");
            return true;
        }
        if (verb == "PASV") {
            const quint16 port = s.openPassive([&listed](QTcpSocket *data) {
                data->write("-rw-r--r-- 1 u g 5 Jan 01 2020 file.txt\r\n");
                data->disconnectFromHost();
                listed = true;
            });
            // Names a third host: the client must connect to 127.0.0.1 (the control peer).
            control->write(FakeFtpServer::pasvReply(QHostAddress(QStringLiteral("127.0.0.2")), port));
            return true;
        }
        if (verb == "LIST") {
            control->write("150 Here it comes\r\n");
            QTimer::singleShot(200, control, [control] { control->write("226 Done\r\n"); });
            return true;
        }
        return false;
    });
    FtpSession session(configFor(server));
    QStringList status;
    connect(&session, &FtpSession::transcript, this, [&status](const TranscriptLine &line) {
        if (line.kind == TranscriptLine::Kind::Status)
            status.append(line.text);
    });
    QList<DirEntry> entries;
    const RemoteError error = awaitOp<ListOperation>(
        session.list(QString(), ListMode::List), [&](ListOperation *op) { entries = op->entries(); }, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(listed);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().name, QStringLiteral("file.txt"));
    QVERIFY(status.join(QLatin1Char('\n')).contains(QStringLiteral("127.0.0.2")));
}

void TestFaults::transferFailure426()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](FakeFtpServer &s, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb == "EPSV") {
            const quint16 port = s.openPassive([](QTcpSocket *data) {
                data->write(QByteArray(1000, 'x'));
                data->disconnectFromHost();
            });
            control->write("229 Entering Extended Passive Mode (|||" + QByteArray::number(port) + "|)\r\n");
            return true;
        }
        if (verb == "RETR") {
            control->write("150 Sending\r\n");
            QTimer::singleShot(100, control,
                               [control] { control->write("426 Connection closed; transfer aborted\r\n"); });
            return true;
        }
        return false;
    });
    FtpSession session(configFor(server));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const RemoteError error = awaitOp(session.download(QStringLiteral("/f"), &buffer, {}), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QCOMPARE(error.replyCode(), 426);
    // The session is still usable afterwards.
    QVERIFY(!awaitOp(session.noop()).isError());
}

namespace {
// A server that answers like a real one, one command at a time: RETR sends 1,000 bytes and
// closes the data connection at once, and its "226" `finalDelayMs` later (vsftpd waits for
// the client's acknowledgement); commands that arrive meanwhile wait for it.
void serveDelayedFinal(FakeFtpServer &server, int finalDelayMs)
{
    server.setHandler([&server, finalDelayMs](FakeFtpServer &s, QTcpSocket *control, const QByteArray &verb,
                                              const QByteArray &) {
        if (verb == "EPSV") {
            const quint16 port = s.openPassive([](QTcpSocket *data) {
                data->write(QByteArray(1000, 'x'));
                data->disconnectFromHost();
            });
            control->write("229 Entering Extended Passive Mode (|||" + QByteArray::number(port) + "|)\r\n");
            return true;
        }
        if (verb == "RETR") {
            control->write("150 Sending\r\n");
            server.hold(control);
            QTimer::singleShot(finalDelayMs, control, [&server, control] {
                control->write("226 Done\r\n");
                server.release(control);
            });
            return true;
        }
        return false;
    });
}

int indexOf(const QList<TranscriptLine> &lines, TranscriptLine::Kind kind, const QString &prefix,
            int from = 0)
{
    for (int i = from; i < lines.size(); ++i) {
        if (lines.at(i).kind == kind && lines.at(i).text.startsWith(prefix))
            return i;
    }
    return -1;
}
} // namespace

void TestFaults::epsvBehindDownload()
{
    // With prefetching, the next EPSV goes out as soon as a download's data has ended, before
    // its "226": the "229" then arrives right behind it, and the next RETR takes that
    // connection (one EPSV per file, no more).
    FakeFtpServer server;
    QVERIFY(server.listen());
    serveDelayedFinal(server, 300);
    SessionConfig config = configFor(server);
    config.prefetchDataConnection = true;
    FtpSession session(config);
    QList<TranscriptLine> lines;
    connect(&session, &FtpSession::transcript, this, [&lines](const TranscriptLine &l) { lines.append(l); });
    for (int i = 0; i < 3; ++i) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const RemoteError error = awaitOp(session.download(QStringLiteral("/f%1").arg(i), &buffer, {}));
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        QCOMPARE(buffer.data(), QByteArray(1000, 'x'));
    }
    const int firstRetr = indexOf(lines, TranscriptLine::Kind::Command, QStringLiteral("RETR"));
    const int nextEpsv = indexOf(lines, TranscriptLine::Kind::Command, QStringLiteral("EPSV"), firstRetr);
    const int final226 = indexOf(lines, TranscriptLine::Kind::Reply, QStringLiteral("226"), firstRetr);
    QVERIFY(firstRetr >= 0 && nextEpsv > firstRetr && final226 > nextEpsv);
    QCOMPARE(server.received().count("EPSV"), 3 + 1); // one per file, and the last one's spare
    QVERIFY(!awaitOp(session.noop()).isError());
}

void TestFaults::cancelWithEpsvBehind()
{
    // A download cancelled after its data arrived, while its "226" and the EPSV sent behind it
    // are both still owed: both replies are swallowed in order, and the next commands get
    // their own answers.
    FakeFtpServer server;
    QVERIFY(server.listen());
    serveDelayedFinal(server, 600);
    SessionConfig config = configFor(server);
    config.prefetchDataConnection = true;
    FtpSession session(config);
    QList<TranscriptLine> lines;
    connect(&session, &FtpSession::transcript, this, [&lines](const TranscriptLine &l) { lines.append(l); });
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    TransferOperation *op = session.download(QStringLiteral("/f"), &buffer, {});
    RemoteError result(RemoteError::Kind::Timeout, QStringLiteral("TEST TIMEOUT"));
    bool finished = false;
    connect(op, &RemoteCall::finished, this, [&] {
        finished = true;
        result = op->error();
    });
    const auto epsvBehind = [&lines] {
        const int retr = indexOf(lines, TranscriptLine::Kind::Command, QStringLiteral("RETR"));
        return retr >= 0 &&
               indexOf(lines, TranscriptLine::Kind::Command, QStringLiteral("EPSV"), retr) > retr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(epsvBehind(), 5000);
    QVERIFY(indexOf(lines, TranscriptLine::Kind::Reply, QStringLiteral("226")) < 0); // still owed
    op->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished, 5000);
    QCOMPARE(result.kind(), RemoteError::Kind::Cancelled);
    for (int i = 0; i < 2; ++i) { // each NOOP gets its own 200, not the 226 or the 229
        int code = 0;
        QVERIFY(!awaitOp<CommandOperation>(session.noop(), [&code](CommandOperation *c) {
                     code = c->lastReply().code;
                 }).isError());
        QCOMPARE(code, 200);
    }
    QBuffer again;
    again.open(QIODevice::WriteOnly);
    QVERIFY(!awaitOp(session.download(QStringLiteral("/g"), &again, {})).isError());
    QCOMPARE(again.data(), QByteArray(1000, 'x'));
}

void TestFaults::dataConnectionFailsAfterCommand()
{
    // EPSV names a port where nobody listens: the connect fails while RETR is already out.
    // The late "425" must be swallowed, not taken as the next command's reply.
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress(QHostAddress::LocalHost), 0));
        deadPort = probe.serverPort();
    }
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &) {
        if (verb == "EPSV") {
            control->write("229 Entering Extended Passive Mode (|||" + QByteArray::number(deadPort) +
                           "|)\r\n");
            return true;
        }
        if (verb == "RETR") {
            QTimer::singleShot(300, control,
                               [control] { control->write("425 Can't open data connection\r\n"); });
            return true;
        }
        if (verb == "PWD") {
            control->write("257 \"/right\" is current\r\n");
            return true;
        }
        return false;
    });
    FtpSession session(configFor(server));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const RemoteError error = awaitOp(session.download(QStringLiteral("/f"), &buffer, {}), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QString path;
    const RemoteError pwdError = awaitOp<CommandOperation>(
        session.printWorkingDirectory(), [&](CommandOperation *op) { path = op->path(); }, 10000);
    QVERIFY2(!pwdError.isError(), qPrintable(pwdError.toString()));
    QCOMPARE(path, QStringLiteral("/right"));
}

void TestFaults::passiveRefusedFallsBackToActive()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    server.setHandler(
        [&](FakeFtpServer &, QTcpSocket *control, const QByteArray &verb, const QByteArray &arg) {
            if (verb == "EPSV" || verb == "PASV") {
                control->write("502 Passive mode disabled\r\n");
                return true;
            }
            if (verb == "EPRT") {
                // |1|127.0.0.1|port|
                const QList<QByteArray> parts = arg.split('|');
                const quint16 port = quint16(parts.value(3).toUInt());
                auto *data = new QTcpSocket(control);
                data->connectToHost(QHostAddress(QString::fromLatin1(parts.value(2))), port);
                control->setProperty("pending", QVariant::fromValue(static_cast<QObject *>(data)));
                control->write("200 EPRT ok\r\n");
                return true;
            }
            if (verb == "NLST") {
                auto *data = qobject_cast<QTcpSocket *>(control->property("pending").value<QObject *>());
                control->write("150 Opening\r\n");
                data->write("one\r\ntwo\r\n");
                data->disconnectFromHost();
                QTimer::singleShot(100, control, [control] { control->write("226 Done\r\n"); });
                return true;
            }
            return false;
        });
    FtpSession session(configFor(server));
    QStringList names;
    const RemoteError error = awaitOp<ListOperation>(
        session.list(QString(), ListMode::Nlst), [&](ListOperation *op) { names = op->names(); }, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(names, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
    QCOMPARE(session.dataMode(), DataMode::Active);
}

void TestFaults::cancelQueued()
{
    FakeFtpServer server;
    QVERIFY(server.listen());
    FtpSession session(configFor(server));
    auto *first = session.noop();
    auto *second = session.makeDirectory(QStringLiteral("/never"));
    second->cancel();
    QVERIFY(!awaitOp(first).isError());
    QVERIFY(!awaitOp(session.noop()).isError());
    QVERIFY(!server.receivedVerb("MKD"));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
