// Moves through the transfer queue (TransferJob::removeSource, issue #16 §1) on pyftpdlib and
// vsftpd: a file and a tree up and down, the sources gone and the targets equal by SHA-256;
// a failure, a skip and a refused DELE keep the source (a folder that still holds something
// stays, skipped with its reason); the flag survives the store being reopened, and a queue
// file written before the column existed still opens.
#include "awaitqueue.h"
#include "servertest.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/transferqueue.h"
#include "treeutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace ferry;
using namespace ferry::test;

namespace {

const SiteKey kSite = SiteKey::fromString(QStringLiteral("s"));

// A job's state, or Cancelled when the queue does not have it (never dereferences nothing).
TransferJob::State stateOf(TransferQueue &queue, qint64 id)
{
    const std::optional<TransferJob> job = queue.job(id);
    return job ? job->state : TransferJob::State::Cancelled;
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

TransferQueue::JobOptions moveOptions(TransferJob::Overwrite overwrite = TransferJob::Overwrite::Overwrite)
{
    TransferQueue::JobOptions options;
    options.overwrite = overwrite;
    options.removeSource = true;
    return options;
}

// A small tree: files at two levels, an empty folder, a 0-byte file, a UTF-8 name.
void makeTree(const QString &root, quint32 seed)
{
    writeBytes(root + QStringLiteral("/a.bin"), randomBytes(70000, seed));
    writeBytes(root + QStringLiteral("/empty.txt"), QByteArray());
    writeBytes(root + QStringLiteral("/sub/b.bin"), randomBytes(3000, seed + 1));
    writeBytes(root + QStringLiteral("/sub/deeper/été.txt"), "summer\n");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/sub/empty folder")));
}

} // namespace

class TestMove : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void upload();
    void download();
    void failureAndSkipKeepSources();
    void refusedDeleteIsTheError();
    void flagSurvivesReopen();

private:
    std::unique_ptr<TestServer> start()
    {
        QFETCH_GLOBAL(int, kind);
        TestServer::Options options;
        options.kind = TestServer::Kind(kind);
        return startTestServer(options);
    }
};

void TestMove::initTestCase_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

// A file and a tree go up; the local file and the local tree are gone, the server has them whole.
void TestMove::upload()
{
    auto server = start();
    QVERIFY(server);
    QTemporaryDir local;
    const QString file = local.filePath(QStringLiteral("one.bin"));
    const QByteArray payload = randomBytes(300000, 7);
    writeBytes(file, payload);
    const QString tree = local.filePath(QStringLiteral("tree"));
    makeTree(tree, 11);
    const Tree expected = readTree(tree);

    TransferQueue queue(QStringLiteral(":memory:"));
    QVERIFY(queue.open());
    queue.setSite(kSite, sessionConfigFor(*server), 3);
    const qint64 fileJob = queue.enqueueUpload(kSite, file, QStringLiteral("/one.bin"), moveOptions());
    const qint64 treeJob = queue.enqueueUploadFolder(kSite, tree, QStringLiteral("/tree"), moveOptions());
    QVERIFY(fileJob > 0 && treeJob > 0);
    QVERIFY(queue.job(fileJob).value_or(TransferJob()).removeSource);
    QVERIFY(runUntilDrained(queue));

    QCOMPARE(stateOf(queue, fileJob), TransferJob::State::Done);
    QCOMPARE(stateOf(queue, treeJob), TransferJob::State::Done);
    QCOMPARE(fileSha256(server->rootPath() + QStringLiteral("/one.bin")), sha256(payload));
    const Tree uploaded = readTree(server->rootPath() + QStringLiteral("/tree"));
    QVERIFY2(uploaded == expected, qPrintable(describeDiff(expected, uploaded)));
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY2(!QFileInfo::exists(tree), qPrintable(QDir(tree).entryList().join(u',')));
    QCOMPARE(QDir(local.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
}

// A file and a tree come down; the server's are gone (DELE, RMD), the local ones whole.
void TestMove::download()
{
    auto server = start();
    QVERIFY(server);
    QTemporaryDir staging;
    const QString source = staging.filePath(QStringLiteral("tree"));
    makeTree(source, 23);
    const Tree expected = readTree(source);
    QVERIFY(QDir().rename(source, server->rootPath() + QStringLiteral("/tree")));
    const QByteArray payload = randomBytes(500000, 5);
    QVERIFY(server->writeFile(QStringLiteral("one.bin"), payload));
    QVERIFY(server->writeFile(QStringLiteral("stays.txt"), "not moved"));
    server->fixOwnership();

    QTemporaryDir local;
    TransferQueue queue(QStringLiteral(":memory:"));
    QVERIFY(queue.open());
    queue.setSite(kSite, sessionConfigFor(*server), 3);
    const qint64 fileJob = queue.enqueueDownload(kSite, QStringLiteral("/one.bin"),
                                                 local.filePath(QStringLiteral("one.bin")), moveOptions());
    const qint64 treeJob = queue.enqueueDownloadFolder(kSite, QStringLiteral("/tree"),
                                                       local.filePath(QStringLiteral("tree")), moveOptions());
    QVERIFY(runUntilDrained(queue));

    QCOMPARE(stateOf(queue, fileJob), TransferJob::State::Done);
    QCOMPARE(stateOf(queue, treeJob), TransferJob::State::Done);
    QCOMPARE(fileSha256(local.filePath(QStringLiteral("one.bin"))), sha256(payload));
    const Tree downloaded = readTree(local.filePath(QStringLiteral("tree")));
    QVERIFY2(downloaded == expected, qPrintable(describeDiff(expected, downloaded)));
    QVERIFY(!QFileInfo::exists(server->rootPath() + QStringLiteral("/one.bin")));
    QVERIFY(!QFileInfo::exists(server->rootPath() + QStringLiteral("/tree")));
    QVERIFY(QFileInfo::exists(server->rootPath() + QStringLiteral("/stays.txt")));
}

// What did not arrive keeps its source: a failed upload, a failed download, a file skipped
// by the policy; the folder around them stays, skipped with its reason, the rest moved.
void TestMove::failureAndSkipKeepSources()
{
    auto server = start();
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("plain"), "a file, not a folder"));
    QVERIFY(server->writeFile(QStringLiteral("down/ok.txt"), "moves"));
    QVERIFY(server->writeFile(QStringLiteral("down/blocked.txt"), "cannot land"));
    QVERIFY(server->writeFile(QStringLiteral("down/exists.txt"), "server's"));
    server->fixOwnership();
    QTemporaryDir local;
    const QString up = local.filePath(QStringLiteral("up.txt"));
    writeBytes(up, "stays here");
    // Where a downloaded file cannot go: a folder in its place.
    QVERIFY(QDir().mkpath(local.filePath(QStringLiteral("down/blocked.txt"))));
    writeBytes(local.filePath(QStringLiteral("down/exists.txt")), "local one");

    TransferQueue queue(QStringLiteral(":memory:"));
    QVERIFY(queue.open());
    queue.setSite(kSite, sessionConfigFor(*server), 2);
    queue.setRetryDelay(50);
    // Below a remote file: STOR refused, its parent cannot be made.
    const qint64 failedUp =
        queue.enqueueUpload(kSite, up, QStringLiteral("/plain/sub/up.txt"), moveOptions());
    const qint64 folder =
        queue.enqueueDownloadFolder(kSite, QStringLiteral("/down"), local.filePath(QStringLiteral("down")),
                                    moveOptions(TransferJob::Overwrite::Skip));
    QVERIFY(runUntilDrained(queue));

    QCOMPARE(stateOf(queue, failedUp), TransferJob::State::Failed);
    QCOMPARE(contentOf(up), QByteArray("stays here"));
    QCOMPARE(stateOf(queue, folder), TransferJob::State::Skipped);
    const QString kept = queue.job(folder).value_or(TransferJob()).error;
    QVERIFY2(kept.contains(QStringLiteral("was kept")), qPrintable(kept));
    const QString remote = server->rootPath() + QStringLiteral("/down");
    QVERIFY(!QFileInfo::exists(remote + QStringLiteral("/ok.txt"))); // moved
    QCOMPARE(contentOf(local.filePath(QStringLiteral("down/ok.txt"))), QByteArray("moves"));
    QCOMPARE(contentOf(remote + QStringLiteral("/blocked.txt")), QByteArray("cannot land")); // failed
    QCOMPARE(contentOf(remote + QStringLiteral("/exists.txt")), QByteArray("server's"));     // skipped
    QCOMPARE(contentOf(local.filePath(QStringLiteral("down/exists.txt"))), QByteArray("local one"));
    QList<TransferJob::State> states;
    for (const TransferJob &child : queue.children(folder, 0, 10))
        states.append(child.state);
    std::sort(states.begin(), states.end());
    QCOMPARE(states, (QList<TransferJob::State>{TransferJob::State::Done, TransferJob::State::Failed,
                                                TransferJob::State::Skipped}));
}

// The server refuses the DELE (a folder its user cannot write; vsftpd runs as that user):
// the download is there, the job failed with that reason, the server's file stays.
void TestMove::refusedDeleteIsTheError()
{
    QFETCH_GLOBAL(int, kind);
    if (TestServer::Kind(kind) != TestServer::Kind::Vsftpd)
        QSKIP("pyftpdlib runs as root here: its permissions do not refuse a DELE");
    auto server = start();
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("ro/f.txt"), "read only"));
    server->fixOwnership();
    const QString folder = server->rootPath() + QStringLiteral("/ro");
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                              QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QTemporaryDir local;
    TransferQueue queue(QStringLiteral(":memory:"));
    QVERIFY(queue.open());
    queue.setSite(kSite, sessionConfigFor(*server));
    const qint64 id = queue.enqueueDownload(kSite, QStringLiteral("/ro/f.txt"),
                                            local.filePath(QStringLiteral("f.txt")), moveOptions());
    QVERIFY(runUntilDrained(queue));
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const TransferJob job = queue.job(id).value_or(TransferJob());
    QCOMPARE(job.state, TransferJob::State::Failed);
    QVERIFY2(job.error.contains(QStringLiteral("did not delete")), qPrintable(job.error));
    QCOMPARE(contentOf(local.filePath(QStringLiteral("f.txt"))), QByteArray("read only"));
    QCOMPARE(contentOf(folder + QStringLiteral("/f.txt")), QByteArray("read only"));
}

// The flag is a column of the store: a queue reopened (another process, after a restart)
// still moves. A file from before the column opens, its jobs plain transfers.
void TestMove::flagSurvivesReopen()
{
    auto server = start();
    QVERIFY(server);
    QTemporaryDir local;
    const QString store = local.filePath(QStringLiteral("queue.sqlite"));
    const QString file = local.filePath(QStringLiteral("later.txt"));
    writeBytes(file, "moved after a restart");
    qint64 id = 0;
    {
        TransferQueue queue(store);
        QVERIFY(queue.open());
        id = queue.enqueueUpload(kSite, file, QStringLiteral("/later.txt"), moveOptions());
        QVERIFY(id > 0);
    }
    {
        TransferQueue queue(store);
        QVERIFY(queue.open());
        QVERIFY(queue.job(id).value_or(TransferJob()).removeSource);
        queue.setSite(kSite, sessionConfigFor(*server));
        QVERIFY(runUntilDrained(queue));
        QCOMPARE(stateOf(queue, id), TransferJob::State::Done);
    }
    QCOMPARE(contentOf(server->rootPath() + QStringLiteral("/later.txt")),
             QByteArray("moved after a restart"));
    QVERIFY(!QFileInfo::exists(file));

    // An older queue file: no remove_source column.
    writeBytes(file, "a copy this time");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(store);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DELETE FROM jobs")));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE jobs DROP COLUMN remove_source")),
                 qPrintable(q.lastError().text()));
        QVERIFY(
            q.exec(QStringLiteral("INSERT INTO jobs (kind, state, site, remote, local, size, mtime, tsize, "
                                  "tmtime, priority, overwrite, mode, preserve, resume, attempts, "
                                  "not_before, bytes, pending, error, error_kind) VALUES (1, 0, 's', "
                                  "'/old.txt', '%1', -1, -1, -2, -1, 0, 1, 0, 1, 0, 0, 0, 0, 0, '', 0)")
                       .arg(file)));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    TransferQueue queue(store);
    QVERIFY2(queue.open(), qPrintable(queue.errorString()));
    const QList<TransferJob> jobs = queue.jobs(0, 10);
    QCOMPARE(jobs.size(), 1);
    QVERIFY(!jobs.first().removeSource);
    queue.setSite(kSite, sessionConfigFor(*server));
    QVERIFY(runUntilDrained(queue));
    QCOMPARE(stateOf(queue, jobs.first().id), TransferJob::State::Done);
    QCOMPARE(contentOf(server->rootPath() + QStringLiteral("/old.txt")), QByteArray("a copy this time"));
    QVERIFY(QFileInfo::exists(file));
}

QTEST_MAIN(TestMove)
#include "tst_move.moc"
