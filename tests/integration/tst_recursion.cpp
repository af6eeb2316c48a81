// Recursive transfers on real servers (issue #13 §1-§3): uploads into folders that do not
// exist yet, links and loops on both sides, entries that cannot be sent, and times to the
// second on a server whose listing says only minutes.
#include "awaitqueue.h"
#include "ftp/ftpsession.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/transferqueue.h"
#include "treeutil.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

std::unique_ptr<TestServer> startServer(TestServer::Kind kind, bool mlsd = true)
{
    TestServer::Options options;
    options.kind = kind;
    options.mlsd = mlsd;
    QString error;
    auto server = TestServer::start(options, &error);
    if (!server)
        qWarning("cannot start %s: %s", qPrintable(TestServer::kindName(kind)), qPrintable(error));
    return server;
}

SessionConfig configFor(const TestServer &server)
{
    SessionConfig config;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.timeoutMs = 15000;
    config.tlsPolicy = TlsPolicy::Never;
    return config;
}

TransferQueue::JobOptions overwrite(TransferJob::Overwrite policy = TransferJob::Overwrite::Overwrite)
{
    TransferQueue::JobOptions options;
    options.overwrite = policy;
    return options;
}

// The commands of one connection, each with the code of its final reply.
struct Exchange {
    QString command;
    int code = 0;
};

struct CliResult {
    int code = -1;
    QString err;
};

CliResult runCli(const QStringList &args)
{
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"), args);
    if (!p.waitForStarted(10000))
        return {-2, u"ferry-cli did not start: set FERRY_CLI"_s};
    if (!p.waitForFinished(120000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardError())};
}

QString urlFor(const TestServer &server, const QString &path)
{
    return u"ftp://%1:%2@127.0.0.1:%3%4"_s.arg(server.userName(), server.password())
        .arg(server.port())
        .arg(path);
}

bool setTime(const QString &path, qint64 ms)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()),
                                                         QFileDevice::FileModificationTime);
}

qint64 timeOf(const QString &path)
{
    return QFileInfo(path).lastModified().toMSecsSinceEpoch();
}

// Runs one queue to the end; (files done, files skipped, files failed).
struct Counts {
    qint64 done = -1;
    qint64 skipped = -1;
    qint64 failed = -1;
};

} // namespace

class TestRecursion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void servers_data();
    void putCreatesMissingParents_data() { servers_data(); }
    void putCreatesMissingParents();
    void putRefusedFolderStaysAnError();
    void listOnlyServers_data();
    void timesToTheSecondDownload_data() { listOnlyServers_data(); }
    void timesToTheSecondDownload();
    void timesToTheSecondUpload_data() { listOnlyServers_data(); }
    void timesToTheSecondUpload();

private:
    Counts run(const TestServer &server, const std::function<void(TransferQueue &)> &enqueue);
};

Counts TestRecursion::run(const TestServer &server, const std::function<void(TransferQueue &)> &enqueue)
{
    TransferQueue queue(u":memory:"_s);
    if (!queue.open())
        return {};
    queue.setSite(u"s"_s, configFor(server), 2);
    enqueue(queue);
    if (!runUntilDrained(queue))
        return {};
    const QueueProgress p = queue.progress();
    return {p.filesDone, p.filesSkipped, p.filesFailed};
}

void TestRecursion::listOnlyServers_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
    QTest::newRow("pyftpdlib, LIST only") << int(TestServer::Kind::Pyftpdlib);
}

// `ls -l` says minutes (issue #13 §3). A downloaded file gets the second the server has
// (MDTM), and a file edited on the server twice within one minute is fetched again by
// `get -r --overwrite=newer`; an unchanged one is not.
void TestRecursion::timesToTheSecondDownload()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind), false);
    QVERIFY(server);
    // An hour ago, 7 s into a minute (recent files list with a time of day).
    const qint64 t1 = ((QDateTime::currentMSecsSinceEpoch() - 3600 * 1000) / 60000) * 60000 + 7000;
    const QString remote = server->rootPath() + u"/t/"_s;
    QVERIFY(server->writeFile(u"t/a.txt"_s, "first\n"));
    QVERIFY(server->writeFile(u"t/b.txt"_s, "unchanged\n"));
    QVERIFY(setTime(remote + u"a.txt"_s, t1));
    QVERIFY(setTime(remote + u"b.txt"_s, t1 + 3000));
    QTemporaryDir local;
    const QString down = local.filePath(u"t"_s);
    const auto getTree = [&](TransferJob::Overwrite policy) {
        return run(*server, [&](TransferQueue &queue) {
            queue.enqueueDownloadFolder(u"s"_s, u"/t"_s, down, overwrite(policy));
        });
    };
    Counts c = getTree(TransferJob::Overwrite::Overwrite);
    QCOMPARE(c.done, qint64(2));
    QCOMPARE(timeOf(down + u"/a.txt"_s), t1); // not the minute the listing said
    QCOMPARE(timeOf(down + u"/b.txt"_s), t1 + 3000);

    // Edited on the server 33 s later, in the same minute: the listing still says the minute.
    QVERIFY(server->writeFile(u"t/a.txt"_s, "second\n"));
    QVERIFY(setTime(remote + u"a.txt"_s, t1 + 33000));
    c = getTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    QCOMPARE(c.skipped, qint64(1));
    QCOMPARE(fileSha256(down + u"/a.txt"_s), sha256("second\n"));
    QCOMPARE(timeOf(down + u"/a.txt"_s), t1 + 33000);

    // Again 10 s later: fetched again; and nothing changed, nothing fetched.
    QVERIFY(server->writeFile(u"t/a.txt"_s, "third\n"));
    QVERIFY(setTime(remote + u"a.txt"_s, t1 + 43000));
    c = getTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    QCOMPARE(fileSha256(down + u"/a.txt"_s), sha256("third\n"));
    c = getTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(0));
    QCOMPARE(c.skipped, qint64(2));
}

// The other way: an unchanged tree is not sent again by `put -r --overwrite=newer` (the
// listing's minute is older than the file's second), and a file edited twice within one
// minute goes up both times.
void TestRecursion::timesToTheSecondUpload()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind), false);
    QVERIFY(server);
    const qint64 t1 = ((QDateTime::currentMSecsSinceEpoch() - 3600 * 1000) / 60000) * 60000 + 5000;
    QTemporaryDir local;
    const QString up = local.filePath(u"u"_s);
    writeBytes(up + u"/c.txt"_s, "one\n");
    writeBytes(up + u"/d.txt"_s, "still\n");
    QVERIFY(setTime(up + u"/c.txt"_s, t1));
    QVERIFY(setTime(up + u"/d.txt"_s, t1 + 2000));
    const auto putTree = [&](TransferJob::Overwrite policy) {
        return run(*server, [&](TransferQueue &queue) {
            queue.enqueueUploadFolder(u"s"_s, up, u"/u"_s, overwrite(policy));
        });
    };
    Counts c = putTree(TransferJob::Overwrite::Overwrite);
    QCOMPARE(c.done, qint64(2));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(0)); // unchanged: nothing goes up again
    QCOMPARE(c.skipped, qint64(2));

    writeBytes(up + u"/c.txt"_s, "two\n");
    QVERIFY(setTime(up + u"/c.txt"_s, t1 + 20000));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    writeBytes(up + u"/c.txt"_s, "three\n");
    QVERIFY(setTime(up + u"/c.txt"_s, t1 + 40000));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    QCOMPARE(c.skipped, qint64(1));
    server->fixOwnership();
    QCOMPARE(fileSha256(server->rootPath() + u"/u/c.txt"_s), sha256("three\n"));
    QCOMPARE(timeOf(server->rootPath() + u"/u/c.txt"_s), t1 + 40000);
}

void TestRecursion::servers_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

// `put -r ./src ftp://host/new/deeper/` and `put a.txt ftp://h/x/y/` with nothing there:
// every missing folder is made, one successful MKD per level; a folder that exists (its
// MKD refused) is used as it is.
void TestRecursion::putCreatesMissingParents()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QTemporaryDir local;
    const QString src = local.filePath(u"src"_s);
    for (int i = 0; i < 5; ++i)
        writeBytes(src + u"/f%1.txt"_s.arg(i), randomBytes(1000 + i, quint32(i)));
    writeBytes(local.filePath(u"a.txt"_s), "alpha\n");
    QVERIFY(server->writeFile(u"exists/old.txt"_s, "old\n"));
    const Tree expected = readTree(src);
    {
        TransferQueue queue(u":memory:"_s);
        QVERIFY(queue.open());
        queue.setSite(u"s"_s, configFor(*server), 1);
        QList<Exchange> exchanges;
        connect(&queue, &TransferQueue::transcript, this, [&](const QString &, const TranscriptLine &line) {
            if (line.kind == TranscriptLine::Kind::Command)
                exchanges.append({line.text, 0});
            else if (line.kind == TranscriptLine::Kind::Reply && !exchanges.isEmpty() &&
                     exchanges.last().code == 0 && line.text.size() >= 4 && line.text.at(3) == u' ')
                exchanges.last().code = line.text.left(3).toInt();
        });
        queue.enqueueUploadFolder(u"s"_s, src, u"/new/deeper/src"_s, overwrite());
        queue.enqueueUpload(u"s"_s, local.filePath(u"a.txt"_s), u"/x/y/a.txt"_s, overwrite());
        queue.enqueueUploadFolder(u"s"_s, src, u"/exists"_s, overwrite());
        QVERIFY(runUntilDrained(queue));
        QCOMPARE(queue.progress().filesFailed, qint64(0));
        QCOMPARE(queue.progress().filesDone, qint64(5 + 1 + 5));
        QStringList made;
        for (const Exchange &e : std::as_const(exchanges)) {
            if (e.command.startsWith(u"MKD "_s) && e.code == 257)
                made << e.command.mid(4);
        }
        made.sort();
        QCOMPARE(made, QStringList({u"/new"_s, u"/new/deeper"_s, u"/new/deeper/src"_s, u"/x"_s, u"/x/y"_s}));
    }
    server->fixOwnership();
    const QString root = server->rootPath();
    QVERIFY2(readTree(root + u"/new/deeper/src"_s) == expected,
             qPrintable(describeDiff(expected, readTree(root + u"/new/deeper/src"_s))));
    QCOMPARE(fileSha256(root + u"/x/y/a.txt"_s), sha256("alpha\n"));
    QCOMPARE(fileSha256(root + u"/exists/f3.txt"_s), fileSha256(src + u"/f3.txt"_s));
    QCOMPARE(fileSha256(root + u"/exists/old.txt"_s), sha256("old\n"));

    // The same through ferry-cli, into other missing folders.
    CliResult r = runCli({u"--tls=none"_s, u"put"_s, u"-r"_s, src, urlFor(*server, u"/cli/a/b/"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({u"--tls=none"_s, u"put"_s, local.filePath(u"a.txt"_s), urlFor(*server, u"/cli/x/y/"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    server->fixOwnership();
    QVERIFY2(readTree(root + u"/cli/a/b/src"_s) == expected,
             qPrintable(describeDiff(expected, readTree(root + u"/cli/a/b/src"_s))));
    QCOMPARE(fileSha256(root + u"/cli/x/y/a.txt"_s), sha256("alpha\n"));
}

// A folder the server refuses (vsftpd's user may not write in a root-owned folder) is still
// an error: making the parents changes nothing there, and nothing is retried for ever.
void TestRecursion::putRefusedFolderStaysAnError()
{
    auto server = startServer(TestServer::Kind::Vsftpd);
    QVERIFY(server);
    QVERIFY(QDir().mkpath(server->rootPath() + u"/ro"_s));
    QTemporaryDir local;
    writeBytes(local.filePath(u"src/f.txt"_s), "f\n");
    writeBytes(local.filePath(u"a.txt"_s), "a\n");
    TransferQueue queue(u":memory:"_s);
    QVERIFY(queue.open());
    queue.setSite(u"s"_s, configFor(*server), 1);
    QSignalSpy changed(&queue, &TransferQueue::jobChanged);
    const qint64 folder =
        queue.enqueueUploadFolder(u"s"_s, local.filePath(u"src"_s), u"/ro/x/src"_s, overwrite());
    const qint64 file =
        queue.enqueueUpload(u"s"_s, local.filePath(u"a.txt"_s), u"/ro/y/a.txt"_s, overwrite());
    QVERIFY(runUntilDrained(queue));
    for (const qint64 id : {folder, file}) {
        const std::optional<TransferJob> job = queue.job(id);
        QVERIFY(job);
        QCOMPARE(job->state, TransferJob::State::Failed);
        QVERIFY2(job->errorKind == int(RemoteError::Kind::NotFound) ||
                     job->errorKind == int(RemoteError::Kind::Permission),
                 qPrintable(job->error));
    }
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/ro/x"_s));
}

QTEST_GUILESS_MAIN(TestRecursion)
#include "tst_recursion.moc"
