// ferry-cli cp (issue #18 §2) against real servers: server to server (FXP) between two
// vsftpd instances that allow it, the copy through ferry-cli when a server refuses it
// (vsftpd by default, pyftpdlib), --no-fxp, the same server on both sides, -r trees, and a
// copy cut in the middle (a dropped data connection, a killed server) that ends in a clear
// error and is completed by cp --resume. Every result compared by SHA-256. FXP over TLS with
// SSCN between two ProFTPD servers (tests/servers/proftpd_server.sh) when proftpd is unpacked.
//
// The servers listen on different loopback addresses (127.0.0.2, .3, ...) while ferry-cli
// connects from 127.0.0.1, so that a server checking that a data connection comes from, or a
// PORT names, the client's own address refuses FXP as it would on the Internet.
#include "servertest.h"
#include "testserver.h"
#include "testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run cp(const QStringList &args)
{
    Run run;
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"), QStringList{u"cp"_s, u"--timeout"_s, u"10"_s} + args);
    if (!p.waitForStarted(10000))
        return run;
    if (!p.waitForFinished(120000))
        p.kill();
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

std::unique_ptr<TestServer> start(TestServer::Kind kind, const char *address, bool fxp,
                                  TestServer::Options options = {})
{
    options.kind = kind;
    options.address = QHostAddress(QString::fromLatin1(address));
    options.allowFxp = fxp;
    return startTestServer(options);
}

// Relative path -> SHA-256 of every file below `root`.
QMap<QString, QByteArray> treeDigests(const QString &root)
{
    QMap<QString, QByteArray> digests;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        digests.insert(QDir(root).relativeFilePath(path), fileSha256(path));
    }
    return digests;
}

const char *const kThrough = "through ferry-cli";
const char *const kDirect = "server to server (FXP)";

} // namespace

class TestFxp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void directFiles_data();
    void directFiles();
    void directTree();
    void treeGoesOnAfterAFailedFile();
    void refusedFallsBack_data();
    void refusedFallsBack();
    void noFxpForcesTheFallback();
    void fallbackMemoryIsBounded();
    void tlsWithoutSscnFallsBack();
    void tlsWithSscnIsDirect();
    void sameServer_data();
    void sameServer();
    void droppedDataConnectionResumes();
    void killedServerEndsClearly();
    void directCopyCutThenResumed();
    void sigtermStopsCleanly();
    void usage();

private:
    std::unique_ptr<TestServer> m_a; // vsftpd, FXP allowed, 127.0.0.2
    std::unique_ptr<TestServer> m_b; // vsftpd, FXP allowed, 127.0.0.3
    std::unique_ptr<TestServer> m_c; // vsftpd as by default: refuses FXP, 127.0.0.4
    std::unique_ptr<TestServer> m_p; // pyftpdlib (permit_foreign_addresses off), 127.0.0.5
};

void TestFxp::initTestCase()
{
    if (qEnvironmentVariable("FERRY_CLI").isEmpty())
        QSKIP("FERRY_CLI is not set (run through ctest)");
    m_a = start(TestServer::Kind::Vsftpd, "127.0.0.2", true);
    m_b = start(TestServer::Kind::Vsftpd, "127.0.0.3", true);
    m_c = start(TestServer::Kind::Vsftpd, "127.0.0.4", false);
    m_p = start(TestServer::Kind::Pyftpdlib, "127.0.0.5", false);
    QVERIFY(m_a && m_b && m_c && m_p);
}

void TestFxp::directFiles_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("0 B") << qint64(0);
    QTest::newRow("1 B") << qint64(1);
    QTest::newRow("10 MiB") << qint64(10 * 1024 * 1024);
}

void TestFxp::directFiles()
{
    QFETCH(qint64, size);
    const QString name = u"direct-%1.bin"_s.arg(size);
    const QByteArray data = randomBytes(size, quint32(size + 1));
    QVERIFY(m_a->writeFile(name, data));
    const Run run = cp({u"-v"_s, urlFor(*m_a, u"/"_s + name), urlFor(*m_b, u"/copies/"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(QLatin1String(kDirect)), qPrintable(run.out + run.err.right(1500)));
    QVERIFY2(run.err.contains(u"> PORT 127,0,0,2,"_s),
             qPrintable(run.err.right(1500))); // the source's PASV address
    QVERIFY(!run.err.contains(QLatin1String(kThrough)));
    QCOMPARE(fileSha256(m_b->rootPath() + u"/copies/"_s + name), sha256(data));
}

void TestFxp::directTree()
{
    QVERIFY(m_a->writeFile(u"site/index.html"_s, "<h1>hi</h1>\n"));
    QVERIFY(m_a->writeFile(u"site/empty.txt"_s, {}));
    QVERIFY(m_a->writeFile(u"site/img/logo.bin"_s, randomBytes(300000, 3)));
    QVERIFY(m_a->writeFile(u"site/img/deep/er/x.txt"_s, "x\n"));
    QVERIFY(QDir().mkpath(m_a->rootPath() + u"/site/nothing"_s));
    m_a->fixOwnership();
    const Run run = cp({u"-r"_s, urlFor(*m_a, u"/site"_s), urlFor(*m_b, u"/mirror/"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(u"4 files copied server to server (FXP)"_s), qPrintable(run.out));
    QCOMPARE(treeDigests(m_b->rootPath() + u"/mirror/site"_s), treeDigests(m_a->rootPath() + u"/site"_s));
    QVERIFY(QFileInfo(m_b->rootPath() + u"/mirror/site/nothing"_s).isDir());
}

// -r: a file the source refuses (unreadable) is reported and counted; the files after it
// are still copied, and the exit status says that not everything was.
void TestFxp::treeGoesOnAfterAFailedFile()
{
    QVERIFY(m_a->writeFile(u"part/a.txt"_s, "a\n"));
    QVERIFY(m_a->writeFile(u"part/locked.txt"_s, "nobody may read this\n"));
    QVERIFY(m_a->writeFile(u"part/sub/z.bin"_s, randomBytes(70000, 9)));
    QVERIFY(m_a->writeFile(u"part/z.txt"_s, "z\n"));
    QVERIFY(QFile::setPermissions(m_a->rootPath() + u"/part/locked.txt"_s, {})); // vsftpd runs as ferrytest
    const Run run = cp({u"-r"_s, urlFor(*m_a, u"/part"_s), urlFor(*m_b, u"/partial/"_s)});
    QFile::setPermissions(m_a->rootPath() + u"/part/locked.txt"_s, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY2(run.code != 0, qPrintable(run.out + run.err.right(1500)));
    QVERIFY2(run.out.contains(u"3 files copied"_s), qPrintable(run.out + run.err.right(1500)));
    QVERIFY2(run.err.contains(u"1 file or folder could not be copied: /part/locked.txt"_s),
             qPrintable(run.err.right(1500)));
    const QString copied = m_b->rootPath() + u"/partial/part"_s;
    QCOMPARE(fileSha256(copied + u"/a.txt"_s), sha256("a\n"));
    QCOMPARE(fileSha256(copied + u"/z.txt"_s), sha256("z\n"));
    QCOMPARE(fileSha256(copied + u"/sub/z.bin"_s), sha256(randomBytes(70000, 9)));
}

void TestFxp::refusedFallsBack_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("refusal"); // what the transcript shows of the refusal
    QTest::addColumn<QString>("refuser"); // the server the message names
    // vsftpd's port_promiscuous=NO: a PORT naming another address than the client's.
    QTest::newRow("vsftpd refuses PORT")
        << u"a"_s << u"c"_s << u"500 Illegal PORT command"_s << u"127.0.0.4 (the target)"_s;
    // vsftpd's pasv_promiscuous=NO: a data connection from another address.
    QTest::newRow("vsftpd refuses the connection")
        << u"c"_s << u"a"_s << u"425 Security: Bad IP connecting"_s << u"127.0.0.4 (the source)"_s;
    // pyftpdlib's permit_foreign_addresses=False, both ways.
    QTest::newRow("pyftpdlib refuses PORT")
        << u"a"_s << u"p"_s << u"501 Rejected data connection to foreign"_s << u"127.0.0.5 (the target)"_s;
    QTest::newRow("pyftpdlib refuses the connection")
        << u"p"_s << u"b"_s << u"425"_s << u"127.0.0.5 (the source)"_s;
}

void TestFxp::refusedFallsBack()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, refusal);
    QFETCH(QString, refuser);
    auto server = [this](const QString &id) -> TestServer & {
        return id == u"a"_s ? *m_a : id == u"b"_s ? *m_b : id == u"c"_s ? *m_c : *m_p;
    };
    TestServer &source = server(from);
    TestServer &target = server(to);
    const QString name = u"refused-%1-%2.bin"_s.arg(from, to);
    const QByteArray data = randomBytes(10 * 1024 * 1024, 11);
    QVERIFY(source.writeFile(name, data));
    const Run run = cp({u"-v"_s, urlFor(source, u"/"_s + name), urlFor(target, u"/in/"_s + name)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.err.contains(u"The servers refused a direct copy"_s), qPrintable(run.err.right(1500)));
    QVERIFY2(run.err.contains(refusal), qPrintable(run.err.right(1500)));
    QVERIFY2(run.err.contains(refuser + u" refused a server-to-server copy"_s),
             qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(QLatin1String(kThrough)), qPrintable(run.out));
    QCOMPARE(fileSha256(target.rootPath() + u"/in/"_s + name), sha256(data));
}

void TestFxp::noFxpForcesTheFallback()
{
    const QByteArray data = randomBytes(2 * 1024 * 1024 + 17, 5);
    QVERIFY(m_a->writeFile(u"nofxp.bin"_s, data));
    const Run run =
        cp({u"-v"_s, u"--no-fxp"_s, urlFor(*m_a, u"/nofxp.bin"_s), urlFor(*m_b, u"/nofxp.bin"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(QLatin1String(kThrough)), qPrintable(run.out));
    QVERIFY(!run.err.contains(u"> PORT"_s));
    QCOMPARE(fileSha256(m_b->rootPath() + u"/nofxp.bin"_s), sha256(data));
}

void TestFxp::fallbackMemoryIsBounded()
{
    // 128 MiB through ferry-cli: the pipe holds about 1 MiB, so the process stays far below
    // the file's size (the largest ferry-cli this test process ran and waited for).
    const qint64 size = 128 * 1024 * 1024;
    {
        QFile file(m_a->rootPath() + u"/big-through.bin"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray block = randomBytes(1024 * 1024, 77);
        for (qint64 written = 0; written < size; written += block.size())
            QVERIFY(file.write(block) == block.size());
    }
    m_a->fixOwnership();
    const Run run =
        cp({u"--no-fxp"_s, urlFor(*m_a, u"/big-through.bin"_s), urlFor(*m_b, u"/big-through.bin"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QCOMPARE(fileSha256(m_b->rootPath() + u"/big-through.bin"_s),
             fileSha256(m_a->rootPath() + u"/big-through.bin"_s));
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's quarantine keeps freed memory, so RSS says nothing about the pipe's "
          "bound here (the copy itself was checked above)");
#endif
    rusage usage{};
    QCOMPARE(getrusage(RUSAGE_CHILDREN, &usage), 0);
    const qint64 peakKiB = usage.ru_maxrss;
    qInfo("ferry-cli peak RSS: %lld KiB", peakKiB);
    QVERIFY2(peakKiB < 64 * 1024, qPrintable(u"peak RSS %1 KiB"_s.arg(peakKiB)));
}

void TestFxp::tlsWithoutSscnFallsBack()
{
    // Two vsftpd instances that allow FXP, but over TLS: neither offers SSCN or CPSV, so no
    // server could be the TLS client of the data connection: ferry-cli says so and copies
    // through itself (TLS on all four data connections' ends).
    TestServer::Options tls;
    tls.tls = TestServer::Tls::Explicit;
    auto a = start(TestServer::Kind::Vsftpd, "127.0.0.9", true, tls);
    auto b = start(TestServer::Kind::Vsftpd, "127.0.0.10", true, tls);
    QVERIFY(a && b);
    const QByteArray data = randomBytes(3 * 1024 * 1024 + 5, 13);
    QVERIFY(a->writeFile(u"secret.bin"_s, data));
    auto ftpes = [](const TestServer &server, const QString &path) {
        return urlFor(server, path).replace(u"ftp://"_s, u"ftpes://"_s);
    };
    const Run run =
        cp({u"-v"_s, u"--insecure"_s, ftpes(*a, u"/secret.bin"_s), ftpes(*b, u"/copy/secret.bin"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.err.contains(u"FXP over TLS needs SSCN or CPSV"_s), qPrintable(run.err.right(1500)));
    QVERIFY(!run.err.contains(u"> PORT"_s));
    QVERIFY(run.err.contains(u"> PROT P"_s));
    QVERIFY2(run.out.contains(QLatin1String(kThrough)), qPrintable(run.out));
    QCOMPARE(fileSha256(b->rootPath() + u"/copy/secret.bin"_s), sha256(data));
}

void TestFxp::tlsWithSscnIsDirect()
{
    // Two ProFTPD (mod_tls) servers over explicit FTPS: they offer SSCN, so the copy goes
    // server to server with SSCN ON on one side (its data connection's TLS client).
    if (proftpdBinary().isEmpty())
        QSKIP("proftpd is not unpacked in /opt/ferry-proftpd or $FERRY_PROFTPD (tools/install-deps test)");
    TestServer::Options tls;
    tls.tls = TestServer::Tls::Explicit;
    auto a = start(TestServer::Kind::Proftpd, "127.0.0.11", true, tls);
    auto b = start(TestServer::Kind::Proftpd, "127.0.0.12", true, tls);
    QVERIFY(a && b);
    const QByteArray data = randomBytes(3 * 1024 * 1024 + 7, 17);
    QVERIFY(a->writeFile(u"secret.bin"_s, data));
    auto ftpes = [](const TestServer &server, const QString &path) {
        return urlFor(server, path).replace(u"ftp://"_s, u"ftpes://"_s);
    };
    const Run run =
        cp({u"-v"_s, u"--insecure"_s, ftpes(*a, u"/secret.bin"_s), ftpes(*b, u"/copy/secret.bin"_s)});
    const QString all = run.out + run.err.right(1500);
    QVERIFY2(run.code == 0, qPrintable(all));
    QVERIFY2(run.err.contains(u"> SSCN ON"_s), qPrintable(all));
    QVERIFY2(run.err.contains(u"< 200 SSCN:CLIENT METHOD"_s), qPrintable(all)); // ProFTPD's yes to SSCN ON
    QVERIFY2(run.err.contains(u"> PORT"_s), qPrintable(all));
    QVERIFY2(run.out.contains(QLatin1String(kDirect)), qPrintable(all));
    QVERIFY(!run.out.contains(QLatin1String(kThrough)));
    QCOMPARE(fileSha256(b->rootPath() + u"/copy/secret.bin"_s), sha256(data));
}

void TestFxp::sameServer_data()
{
    QTest::addColumn<bool>("allowsFxp");
    QTest::newRow("vsftpd allowing FXP") << true;
    QTest::newRow("vsftpd refusing FXP") << false;
}

void TestFxp::sameServer()
{
    QFETCH(bool, allowsFxp);
    TestServer &server = allowsFxp ? *m_a : *m_c;
    const QByteArray data = randomBytes(1024 * 1024, 9);
    QVERIFY(server.writeFile(u"same/one.bin"_s, data));
    const Run run = cp({urlFor(server, u"/same/one.bin"_s), urlFor(server, u"/same/two.bin"_s)});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(QLatin1String(allowsFxp ? kDirect : kThrough)),
             qPrintable(run.out + run.err.right(1500)));
    QCOMPARE(fileSha256(server.rootPath() + u"/same/two.bin"_s), sha256(data));
}

void TestFxp::droppedDataConnectionResumes()
{
    // pyftpdlib cuts the first RETR's data connection after 3 MiB (426): the copy (through
    // ferry-cli: --no-fxp, so that the first RETR is that one) fails, the target is not reported complete,
    // and cp --resume appends the rest.
    TestServer::Options options;
    options.dropDataAfter = 3 * 1024 * 1024;
    options.faultCommands = {u"RETR"_s};
    auto source = start(TestServer::Kind::Pyftpdlib, "127.0.0.6", false, options);
    QVERIFY(source);
    const QByteArray data = randomBytes(8 * 1024 * 1024, 21);
    QVERIFY(source->writeFile(u"big.bin"_s, data));
    const QString from = urlFor(*source, u"/big.bin"_s);
    const QString to = urlFor(*m_b, u"/dropped.bin"_s);
    Run run = cp({u"--no-fxp"_s, from, to});
    QCOMPARE(run.code, 3); // network
    QVERIFY2(run.err.contains(u"cp --resume continues it"_s), qPrintable(run.err.right(1500)));
    QVERIFY(!run.out.contains(u"copied"_s));
    const qint64 partial = QFileInfo(m_b->rootPath() + u"/dropped.bin"_s).size();
    QVERIFY2(partial < data.size(), qPrintable(QString::number(partial)));
    run = cp({u"-v"_s, u"--no-fxp"_s, u"--resume"_s, from, to});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    if (partial > 0)
        QVERIFY2(run.err.contains(u"> APPE /dropped.bin"_s), qPrintable(run.err.right(1500)));
    QCOMPARE(fileSha256(m_b->rootPath() + u"/dropped.bin"_s), sha256(data));
    // A second --resume finds it whole and copies nothing.
    run = cp({u"--no-fxp"_s, u"--resume"_s, from, to});
    QVERIFY2(run.code == 0 && run.out.contains(u"1 already complete"_s),
             qPrintable(run.out + run.err.right(1500)));
}

void TestFxp::killedServerEndsClearly()
{
    // The target server dies mid-copy (a slow source: 1 MiB/s): a clear error, exit 3, and
    // the partial file is not reported complete. Then cp --resume to a live server works.
    TestServer::Options slow;
    slow.dataRate = 1024 * 1024;
    auto source = start(TestServer::Kind::Pyftpdlib, "127.0.0.7", false, slow);
    auto target = start(TestServer::Kind::Pyftpdlib, "127.0.0.8", false);
    QVERIFY(source && target);
    const QByteArray data = randomBytes(6 * 1024 * 1024, 33);
    QVERIFY(source->writeFile(u"slow.bin"_s, data));
    QProcess p;
    p.start(
        qEnvironmentVariable("FERRY_CLI"),
        {u"cp"_s, u"--timeout"_s, u"10"_s, urlFor(*source, u"/slow.bin"_s), urlFor(*target, u"/slow.bin"_s)});
    QVERIFY(p.waitForStarted(10000));
    const QString partialPath = target->rootPath() + u"/slow.bin"_s;
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(partialPath).size() > 512 * 1024, 15000);
    ::kill(pid_t(target->pid()), SIGKILL);
    QVERIFY(p.waitForFinished(30000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(err.contains(u"cp --resume continues it"_s), qPrintable(err));
    QVERIFY(!QString::fromUtf8(p.readAllStandardOutput()).contains(u"copied"_s));
    QVERIFY(QFileInfo(partialPath).size() < data.size());
}

void TestFxp::directCopyCutThenResumed()
{
    // The source dies in the middle of a direct copy (vsftpd sending at 2 MiB/s): the target
    // saw its data connection close, but the copy is an error (exit 3) and is not reported
    // copied. cp --resume from another server with the same file continues it server to
    // server (REST on the source, APPE on the target).
    TestServer::Options slow;
    slow.vsftpdMaxRate = 2 * 1024 * 1024;
    auto source = start(TestServer::Kind::Vsftpd, "127.0.0.12", true, slow);
    QVERIFY(source);
    const QByteArray data = randomBytes(12 * 1024 * 1024, 55);
    QVERIFY(source->writeFile(u"cut.bin"_s, data));
    QVERIFY(m_a->writeFile(u"cut.bin"_s, data));
    const QString to = urlFor(*m_b, u"/cut.bin"_s);
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"),
            {u"cp"_s, u"--timeout"_s, u"10"_s, urlFor(*source, u"/cut.bin"_s), to});
    QVERIFY(p.waitForStarted(10000));
    const QString partialPath = m_b->rootPath() + u"/cut.bin"_s;
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(partialPath).size() > 1024 * 1024, 15000);
    source.reset(); // stops vsftpd and its session processes
    QVERIFY(p.waitForFinished(30000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(err.contains(u"cp --resume continues it"_s), qPrintable(err));
    QVERIFY(!err.contains(u"copying through ferry-cli"_s)); // a drop is no refusal
    QVERIFY(!out.contains(u"copied"_s));
    const qint64 partial = QFileInfo(partialPath).size();
    QVERIFY2(partial > 0 && partial < data.size(), qPrintable(QString::number(partial)));
    const Run run = cp({u"-v"_s, u"--resume"_s, urlFor(*m_a, u"/cut.bin"_s), to});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QVERIFY2(run.err.contains(u"> REST %1"_s.arg(partial)) && run.err.contains(u"> APPE /cut.bin"_s),
             qPrintable(run.err.right(1500)));
    QVERIFY2(run.out.contains(QLatin1String(kDirect)), qPrintable(run.out));
    QCOMPARE(fileSha256(partialPath), sha256(data));
}

void TestFxp::sigtermStopsCleanly()
{
    // SIGTERM mid-copy (through ferry-cli, a slow source): both transfers aborted, exit 7,
    // the partial target named as such; cp --resume then completes it.
    TestServer::Options slow;
    slow.dataRate = 1024 * 1024;
    auto source = start(TestServer::Kind::Pyftpdlib, "127.0.0.11", false, slow);
    QVERIFY(source);
    const QByteArray data = randomBytes(5 * 1024 * 1024, 44);
    QVERIFY(source->writeFile(u"term.bin"_s, data));
    const QString from = urlFor(*source, u"/term.bin"_s);
    const QString to = urlFor(*m_b, u"/term.bin"_s);
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"), {u"cp"_s, u"--no-fxp"_s, from, to});
    QVERIFY(p.waitForStarted(10000));
    const QString partialPath = m_b->rootPath() + u"/term.bin"_s;
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(partialPath).size() > 256 * 1024, 15000);
    p.terminate();
    QVERIFY(p.waitForFinished(30000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 7);
    QVERIFY2(err.contains(u"Cancelled"_s) && err.contains(u"cp --resume continues it"_s), qPrintable(err));
    QVERIFY(QFileInfo(partialPath).size() < data.size());
    const Run run = cp({u"--no-fxp"_s, u"--resume"_s, from, to});
    QVERIFY2(run.code == 0, qPrintable(run.err.right(1500)));
    QCOMPARE(fileSha256(partialPath), sha256(data));
}

void TestFxp::usage()
{
    QVERIFY(m_a->writeFile(u"u/f.txt"_s, "f\n"));
    Run run = cp({urlFor(*m_a, u"/u/"_s), urlFor(*m_b, u"/u2/"_s)});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(u"cp -r"_s), qPrintable(run.err.right(1500)));
    run = cp({urlFor(*m_a, u"/u/missing.txt"_s), urlFor(*m_b, u"/"_s)});
    QCOMPARE(run.code, 5);
    run = cp({u"sftp://me@127.0.0.1/x"_s, urlFor(*m_b, u"/"_s)});
    QCOMPARE(run.code, 2);
}

QTEST_GUILESS_MAIN(TestFxp)
#include "tst_fxp.moc"
