// Recursive transfers on real servers (issue #13 §1-§3): uploads into folders that do not
// exist yet, links and loops on both sides, entries that cannot be sent, and times to the
// second on a server whose listing says only minutes.
#include "awaitqueue.h"
#include "ftp/ftpsession.h"
#include "servertest.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/transferqueue.h"
#include "treeutil.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <sys/stat.h>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

std::unique_ptr<TestServer> startServer(TestServer::Kind kind, bool mlsd = true)
{
    TestServer::Options options;
    options.kind = kind;
    options.mlsd = mlsd;
    return startTestServer(options);
}

SessionConfig configFor(const TestServer &server)
{
    return sessionConfigFor(server);
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
    void putLinksAndSpecialFiles_data() { servers_data(); }
    void putLinksAndSpecialFiles();
    void putUnreadableFolderCli_data() { servers_data(); }
    void putUnreadableFolderCli();
    void getLinksAndLoops_data() { servers_data(); }
    void getLinksAndLoops();
    void getWithoutFollowingLinks();

private:
    Counts run(const TestServer &server, const std::function<void(TransferQueue &)> &enqueue);
    QStringList m_notSent;  // every Skipped row with a reason, as the queue told it
    QStringList m_failures; // every Failed row
};

Counts TestRecursion::run(const TestServer &server, const std::function<void(TransferQueue &)> &enqueue)
{
    TransferQueue queue(u":memory:"_s);
    if (!queue.open())
        return {};
    queue.setSite(SiteKey::fromString(u"s"_s), configFor(server), 2);
    connect(&queue, &TransferQueue::jobChanged, this, [this](const TransferJob &job) {
        if (job.state == TransferJob::State::Skipped && job.errorKind != 0)
            m_notSent.append(job.error);
        if (job.state == TransferJob::State::Failed)
            m_failures.append(job.error);
    });
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
    QVERIFY(setMTimeMs(remote + u"a.txt"_s, t1));
    QVERIFY(setMTimeMs(remote + u"b.txt"_s, t1 + 3000));
    QTemporaryDir local;
    const QString down = local.filePath(u"t"_s);
    const auto getTree = [&](TransferJob::Overwrite policy) {
        return run(*server, [&](TransferQueue &queue) {
            queue.enqueueDownloadFolder(SiteKey::fromString(u"s"_s), u"/t"_s, down, overwrite(policy));
        });
    };
    Counts c = getTree(TransferJob::Overwrite::Overwrite);
    QCOMPARE(c.done, qint64(2));
    QCOMPARE(mtimeMs(down + u"/a.txt"_s), t1); // not the minute the listing said
    QCOMPARE(mtimeMs(down + u"/b.txt"_s), t1 + 3000);

    // Edited on the server 33 s later, in the same minute: the listing still says the minute.
    QVERIFY(server->writeFile(u"t/a.txt"_s, "second\n"));
    QVERIFY(setMTimeMs(remote + u"a.txt"_s, t1 + 33000));
    c = getTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    QCOMPARE(c.skipped, qint64(1));
    QCOMPARE(fileSha256(down + u"/a.txt"_s), sha256("second\n"));
    QCOMPARE(mtimeMs(down + u"/a.txt"_s), t1 + 33000);

    // Again 10 s later: fetched again; and nothing changed, nothing fetched.
    QVERIFY(server->writeFile(u"t/a.txt"_s, "third\n"));
    QVERIFY(setMTimeMs(remote + u"a.txt"_s, t1 + 43000));
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
    QVERIFY(setMTimeMs(up + u"/c.txt"_s, t1));
    QVERIFY(setMTimeMs(up + u"/d.txt"_s, t1 + 2000));
    const auto putTree = [&](TransferJob::Overwrite policy) {
        return run(*server, [&](TransferQueue &queue) {
            queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), up, u"/u"_s, overwrite(policy));
        });
    };
    Counts c = putTree(TransferJob::Overwrite::Overwrite);
    QCOMPARE(c.done, qint64(2));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(0)); // unchanged: nothing goes up again
    QCOMPARE(c.skipped, qint64(2));

    writeBytes(up + u"/c.txt"_s, "two\n");
    QVERIFY(setMTimeMs(up + u"/c.txt"_s, t1 + 20000));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    writeBytes(up + u"/c.txt"_s, "three\n");
    QVERIFY(setMTimeMs(up + u"/c.txt"_s, t1 + 40000));
    c = putTree(TransferJob::Overwrite::IfNewer);
    QCOMPARE(c.done, qint64(1));
    QCOMPARE(c.skipped, qint64(1));
    server->fixOwnership();
    QCOMPARE(fileSha256(server->rootPath() + u"/u/c.txt"_s), sha256("three\n"));
    QCOMPARE(mtimeMs(server->rootPath() + u"/u/c.txt"_s), t1 + 40000);
}

void TestRecursion::servers_data()
{
    addServerKindRows();
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
        queue.setSite(SiteKey::fromString(u"s"_s), configFor(*server), 1);
        QList<Exchange> exchanges;
        connect(&queue, &TransferQueue::transcript, this, [&](const SiteKey &, const TranscriptLine &line) {
            if (line.kind == TranscriptLine::Kind::Command)
                exchanges.append({line.text, 0});
            else if (line.kind == TranscriptLine::Kind::Reply && !exchanges.isEmpty() &&
                     exchanges.last().code == 0 && line.text.size() >= 4 && line.text.at(3) == u' ')
                exchanges.last().code = line.text.left(3).toInt();
        });
        queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), src, u"/new/deeper/src"_s, overwrite());
        queue.enqueueUpload(SiteKey::fromString(u"s"_s), local.filePath(u"a.txt"_s), u"/x/y/a.txt"_s,
                            overwrite());
        queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), src, u"/exists"_s, overwrite());
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
    CliResult r = runFerryCli({u"--tls=plain"_s, u"put"_s, u"-r"_s, src, urlFor(*server, u"/cli/a/b/"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runFerryCli(
        {u"--tls=plain"_s, u"put"_s, local.filePath(u"a.txt"_s), urlFor(*server, u"/cli/x/y/"_s)});
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
    queue.setSite(SiteKey::fromString(u"s"_s), configFor(*server), 1);
    QSignalSpy changed(&queue, &TransferQueue::jobChanged);
    const qint64 folder = queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), local.filePath(u"src"_s),
                                                    u"/ro/x/src"_s, overwrite());
    const qint64 file = queue.enqueueUpload(SiteKey::fromString(u"s"_s), local.filePath(u"a.txt"_s),
                                            u"/ro/y/a.txt"_s, overwrite());
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

namespace {

// What the rows skipped unsent say, by entry name: "name: reason".
QStringList reasonsByName(const QStringList &notSent)
{
    QStringList out;
    for (const QString &line : notSent) {
        const qsizetype notSentAt = line.indexOf(u" not "_s);
        out << line.left(notSentAt).section(u'/', -1) + u": "_s + line.mid(line.indexOf(u": "_s) + 2);
    }
    out.sort();
    return out;
}

bool makeLink(const QString &target, const QString &link)
{
    QFile::remove(link);
    return QFile::link(target, link);
}

} // namespace

// put -r and links (issue #13 §2): links inside the tree are sent as what they point to;
// links leaving it, loops, links to nothing and FIFOs are skipped, each with its reason,
// and counted; nothing fails.
void TestRecursion::putLinksAndSpecialFiles()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QTemporaryDir local;
    const QString src = local.filePath(u"src"_s);
    writeBytes(src + u"/a.txt"_s, "a\n");
    writeBytes(src + u"/sub/b.txt"_s, "b\n");
    writeBytes(local.filePath(u"outside.txt"_s), "outside\n");
    writeBytes(local.filePath(u"outside-dir/o.txt"_s), "o\n");
    QVERIFY(makeLink(u"sub/b.txt"_s, src + u"/file-link"_s));
    QVERIFY(makeLink(u"sub"_s, src + u"/dir-link"_s));
    QVERIFY(makeLink(u"."_s, src + u"/loop"_s));
    QVERIFY(makeLink(u".."_s, src + u"/sub/up"_s));
    QVERIFY(makeLink(local.filePath(u"outside.txt"_s), src + u"/out-file"_s));
    QVERIFY(makeLink(u"../outside-dir"_s, src + u"/out-dir"_s));
    QVERIFY(makeLink(u"nowhere"_s, src + u"/dangling"_s));
    QVERIFY(::mkfifo(QFile::encodeName(src + u"/fifo"_s).constData(), 0644) == 0);

    m_notSent.clear();
    m_failures.clear();
    Counts c = run(*server, [&](TransferQueue &queue) {
        queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), src, u"/src"_s, overwrite());
    });
    QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(u'\n')));
    QCOMPARE(c.done, qint64(4));    // a.txt, sub/b.txt, file-link, dir-link/b.txt
    QCOMPARE(c.skipped, qint64(7)); // sub/up and dir-link/up both lead back to src
    const QStringList reasons = reasonsByName(m_notSent);
    const QStringList expected = {u"dangling: a link to %1/nowhere, which does not exist."_s.arg(src),
                                  u"fifo: a named pipe (FIFO)."_s,
                                  u"loop: a link to %1, a folder it is in: a loop."_s.arg(src),
                                  u"out-dir: a link to %1, outside the folder being uploaded."_s.arg(
                                      QFileInfo(local.filePath(u"outside-dir"_s)).canonicalFilePath()),
                                  u"out-file: a link to %1, outside the folder being uploaded."_s.arg(
                                      QFileInfo(local.filePath(u"outside.txt"_s)).canonicalFilePath()),
                                  u"up: a link to %1, a folder it is in: a loop."_s.arg(src),
                                  u"up: a link to %1, a folder it is in: a loop."_s.arg(src)};
    QCOMPARE(reasons, expected);
    server->fixOwnership();
    const QString root = server->rootPath() + u"/src"_s;
    QCOMPARE(fileSha256(root + u"/file-link"_s), sha256("b\n"));
    QCOMPARE(fileSha256(root + u"/dir-link/b.txt"_s), sha256("b\n"));
    for (const QString &name :
         {u"loop"_s, u"sub/up"_s, u"out-file"_s, u"out-dir"_s, u"dangling"_s, u"fifo"_s})
        QVERIFY2(!QFileInfo::exists(root + u'/' + name), qPrintable(name));

    // --no-follow-links: every link is skipped, the two that were followed too.
    m_notSent.clear();
    c = run(*server, [&](TransferQueue &queue) {
        queue.setFollowLinks(false);
        queue.enqueueUploadFolder(SiteKey::fromString(u"s"_s), src, u"/nofollow"_s, overwrite());
    });
    QCOMPARE(c.done, qint64(2));
    QCOMPARE(c.skipped, qint64(8)); // the six links, the FIFO, and sub/up below the folder
    QVERIFY(reasonsByName(m_notSent).contains(
        u"file-link: a link to %1/sub/b.txt; links are not followed."_s.arg(src)));
}

// An unreadable folder (ferry-cli run as an ordinary user: root reads everything) is not
// made on the server, fails the run (exit 6), and is said; a FIFO beside it is a warning
// and counts as skipped.
void TestRecursion::putUnreadableFolderCli()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QTemporaryDir local;
    QVERIFY(QFile::setPermissions(local.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                    QFileDevice::ExeOther));
    const QString src = local.filePath(u"src"_s);
    writeBytes(src + u"/ok.txt"_s, "ok\n");
    writeBytes(src + u"/secret/hidden.txt"_s, "hidden\n");
    QVERIFY(::mkfifo(QFile::encodeName(src + u"/fifo"_s).constData(), 0644) == 0);
    const QString home = local.filePath(u"home"_s);
    QVERIFY(QDir().mkpath(home));
    QProcess chown;
    chown.start(u"chown"_s, {u"-R"_s, u"ferrytest:ferrytest"_s, src, home});
    QVERIFY(chown.waitForFinished(10000) && chown.exitCode() == 0);
    QVERIFY(QFile::setPermissions(src + u"/secret"_s, {}));

    // As an ordinary user: root reads every folder.
    const CliResult r =
        runFerryCli({u"--tls=plain"_s, u"put"_s, u"-r"_s, src, urlFor(*server, u"/"_s)}, u"env"_s,
                    {u"HOME="_s + home, u"setpriv"_s, u"--reuid=ferrytest"_s, u"--regid=ferrytest"_s,
                     u"--clear-groups"_s});
    const QString &err = r.err;
    QVERIFY2(r.code == 6, qPrintable(err));
    QVERIFY2(err.contains(u"Cannot read the folder %1/secret"_s.arg(src)), qPrintable(err));
    QVERIFY2(err.contains(u"warning: %1/fifo not sent: a named pipe (FIFO)."_s.arg(src)), qPrintable(err));
    QVERIFY2(err.contains(u"1 skipped"_s), qPrintable(err));
    server->fixOwnership();
    QCOMPARE(fileSha256(server->rootPath() + u"/src/ok.txt"_s), sha256("ok\n"));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/src/secret"_s)); // not made empty
}

// get -r and links (issue #13 §2): two `x -> .` links, a link back up, a link to a file, a
// link to a sibling folder and a link to nothing. Loops are skipped with their reason (by
// MLSD's unique fact on pyftpdlib, which lists links as what they point to; by the real
// path PWD gives after CWD on vsftpd, which lists them as `l`); the file link is
// downloaded, the folder link followed once; nothing is sent RETR that is a folder.
void TestRecursion::getLinksAndLoops()
{
    QFETCH(int, kind);
    const bool vsftpd = TestServer::Kind(kind) == TestServer::Kind::Vsftpd;
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(u"t/a.txt"_s, "a\n"));
    QVERIFY(server->writeFile(u"t/sub/b.txt"_s, "b\n"));
    const QString t = server->rootPath() + u"/t/"_s;
    QVERIFY(makeLink(u"."_s, t + u"loop1"_s));
    QVERIFY(makeLink(u"."_s, t + u"loop2"_s));
    QVERIFY(makeLink(u".."_s, t + u"sub/up"_s));
    QVERIFY(makeLink(u"a.txt"_s, t + u"file-link"_s));
    QVERIFY(makeLink(u"sub"_s, t + u"dir-link"_s));
    QVERIFY(makeLink(u"nowhere"_s, t + u"dangling"_s));
    QTemporaryDir local;
    const QString down = local.filePath(u"t"_s);
    m_notSent.clear();
    m_failures.clear();
    QElapsedTimer timer;
    timer.start();
    const Counts c = run(*server, [&](TransferQueue &queue) {
        queue.enqueueDownloadFolder(SiteKey::fromString(u"s"_s), u"/t"_s, down, overwrite());
    });
    QVERIFY2(timer.elapsed() < 30000, "a loop was followed");
    QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(u'\n')));
    QCOMPARE(c.done, qint64(4)); // a.txt, sub/b.txt, file-link, dir-link/b.txt
    QStringList expected = {u"loop1: a link to /t, a folder it is in: a loop."_s,
                            u"loop2: a link to /t, a folder it is in: a loop."_s,
                            u"up: a link to /t, a folder it is in: a loop."_s,
                            u"up: a link to /t, a folder it is in: a loop."_s}; // sub/up and dir-link/up
    if (vsftpd) // pyftpdlib does not list a link to nothing
        expected << u"dangling: a link to nowhere, which the server cannot open (it may point to nothing)."_s;
    expected.sort();
    QCOMPARE(reasonsByName(m_notSent), expected);
    QCOMPARE(c.skipped, qint64(expected.size()));
    const Tree tree = readTree(down);
    QStringList files;
    for (const auto &[path, digest] : tree) {
        if (digest != "dir")
            files << path;
    }
    QCOMPARE(files, QStringList({u"a.txt"_s, u"dir-link/b.txt"_s, u"file-link"_s, u"sub/b.txt"_s}));
    QCOMPARE(fileSha256(down + u"/file-link"_s), sha256("a\n"));
}

// --no-follow-links on a server that lists links as links (vsftpd): every link is skipped
// and said, through ferry-cli too, which ends well (a skip is no failure) and counts them.
void TestRecursion::getWithoutFollowingLinks()
{
    auto server = startServer(TestServer::Kind::Vsftpd);
    QVERIFY(server);
    QVERIFY(server->writeFile(u"t/a.txt"_s, "a\n"));
    QVERIFY(server->writeFile(u"t/sub/b.txt"_s, "b\n"));
    const QString t = server->rootPath() + u"/t/"_s;
    QVERIFY(makeLink(u"."_s, t + u"loop"_s));
    QVERIFY(makeLink(u"a.txt"_s, t + u"file-link"_s));
    QTemporaryDir local;
    m_notSent.clear();
    const Counts c = run(*server, [&](TransferQueue &queue) {
        queue.setFollowLinks(false);
        queue.enqueueDownloadFolder(SiteKey::fromString(u"s"_s), u"/t"_s, local.filePath(u"t"_s),
                                    overwrite());
    });
    QCOMPARE(c.done, qint64(2));
    QCOMPARE(c.skipped, qint64(2));
    QCOMPARE(reasonsByName(m_notSent), QStringList({u"file-link: a link to a.txt; links are not followed."_s,
                                                    u"loop: a link to .; links are not followed."_s}));
    const CliResult r = runFerryCli({u"--tls=plain"_s, u"get"_s, u"-r"_s, u"--no-follow-links"_s,
                                     urlFor(*server, u"/t/"_s), local.filePath(u"cli/"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"warning: /t/loop not downloaded: a link to .; links are not followed."_s),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(u"2 skipped"_s), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(local.filePath(u"cli/t/file-link"_s)));
}

QTEST_GUILESS_MAIN(TestRecursion)
#include "tst_recursion.moc"
