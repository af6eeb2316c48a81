// ferry-cli sync (issue #18 §1) end to end against real servers: the plan (--dry-run, --json),
// the sync itself, a second run that plans nothing (times kept both ways, also on a server
// without MFMT and on LIST-only servers), --delete only when asked and only inside the two
// folders, --exclude, conflicts in both directions, checksums.
#include "miniftpd.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "servertest.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/treecomparison.h"
#include "treeutil.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QStringList lines; // stdout, one plan line each
    QString err;
};

Run sync(const QStringList &args)
{
    Run run;
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"), QStringList{u"sync"_s, u"--no-progress"_s} + args);
    if (!p.waitForStarted(10000))
        return run;
    if (!p.waitForFinished(120000))
        p.kill();
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.lines = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

bool writeLocal(const QString &path, const QByteArray &content, qint64 mtimeMs = -1)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size() || !f.flush())
        return false; // flushed first: a write at close() would set the time again
    if (mtimeMs >= 0)
        return f.setFileTime(QDateTime::fromMSecsSinceEpoch(mtimeMs, QTimeZone::utc()),
                             QFileDevice::FileModificationTime);
    return true;
}

// A small tree: files at two depths, an empty folder, a binary file.
void makeTree(const QString &root, qint64 baseMs)
{
    QVERIFY(writeLocal(root + u"/index.html"_s, "<h1>hi</h1>\n", baseMs));
    QVERIFY(writeLocal(root + u"/css/site.css"_s, "body{}\n", baseMs - 60000));
    QVERIFY(writeLocal(root + u"/img/logo.bin"_s, randomBytes(70000, 7), baseMs - 3600000));
    QVERIFY(writeLocal(root + u"/img/deep/er/x.txt"_s, "x\n", baseMs - 7200000));
    QVERIFY(QDir().mkpath(root + u"/empty"_s));
}

enum class Flavour { Pyftpdlib, Vsftpd, PyftpdlibNoMfmt, PyftpdlibListOnly };

std::unique_ptr<TestServer> startFlavour(Flavour flavour)
{
    TestServer::Options options;
    options.kind = flavour == Flavour::Vsftpd ? TestServer::Kind::Vsftpd : TestServer::Kind::Pyftpdlib;
    options.mfmt = flavour != Flavour::PyftpdlibNoMfmt;
    options.mlsd = flavour != Flavour::PyftpdlibListOnly;
    return startTestServer(options);
}

} // namespace

class TestSync : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void flavours_data();
    void upThenNothing_data() { flavours_data(); }
    void upThenNothing();
    void downThenNothing_data() { flavours_data(); }
    void downThenNothing();
    void deleteOnlyWhenAskedAndInside_data() { flavours_data(); }
    void deleteOnlyWhenAskedAndInside();
    void excludes();
    void unreadableFolderIsLeftOut();
    void bothDirections_data() { flavours_data(); }
    void bothDirections();
    void checksums();
    void listingDroppedOnceIsListedAgain();
    void stoppedBySigterm();
    void timeOffset();
    void badArguments();

private:
    QTemporaryDir m_home;
    const qint64 m_base = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 86400000;
};

void TestSync::initTestCase()
{
    QVERIFY(m_home.isValid());
    // The sync record (both) and the certificate pins go to a private home.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(u"data"_s)));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(u"config"_s)));
    qunsetenv("FERRY_PASSWORD");
}

void TestSync::flavours_data()
{
    QTest::addColumn<int>("flavour");
    QTest::newRow("pyftpdlib") << int(Flavour::Pyftpdlib);
    QTest::newRow("vsftpd") << int(Flavour::Vsftpd);
    QTest::newRow("pyftpdlib-no-mfmt") << int(Flavour::PyftpdlibNoMfmt);
    QTest::newRow("pyftpdlib-list-only") << int(Flavour::PyftpdlibListOnly);
}

void TestSync::upThenNothing()
{
    QFETCH(int, flavour);
    auto server = startFlavour(Flavour(flavour));
    QVERIFY(server);
    QTemporaryDir local;
    makeTree(local.path(), m_base);
    const QString url = urlFor(*server, u"/site"_s);

    // The plan, and nothing changed.
    Run plan = sync({u"--dry-run"_s, local.path(), url});
    QVERIFY2(plan.code == 0, qPrintable(plan.err));
    QVERIFY2(plan.lines.contains(u"mkdir-remote  ./"_s) || plan.lines.contains(u"mkdir-remote  ."_s),
             qPrintable(plan.lines.join(u'\n')));
    QVERIFY(plan.lines.contains(u"upload        index.html"_s));
    QVERIFY(plan.lines.contains(u"mkdir-remote  img/deep/er/"_s));
    QVERIFY(plan.lines.contains(u"upload        img/deep/er/x.txt"_s));
    QVERIFY(plan.lines.contains(u"mkdir-remote  empty/"_s));
    QCOMPARE(plan.lines.size(), 10); // the root, css, img, img/deep, img/deep/er, empty + 4 files
    // The counts, each with its own plural.
    QVERIFY2(
        plan.err.contains(u"Plan: 4 uploads, 0 downloads, 6 folders to make, 0 deletions, 0 conflicts."_s),
        qPrintable(plan.err));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/site"_s));

    // The sync: the same tree, with the times.
    Run first = sync({local.path(), url});
    QVERIFY2(first.code == 0, qPrintable(first.err));
    server->fixOwnership();
    const Tree want = readTree(local.path());
    const Tree got = readTree(server->rootPath() + u"/site"_s);
    QVERIFY2(got == want, qPrintable(describeDiff(want, got)));
    if (Flavour(flavour) != Flavour::PyftpdlibNoMfmt)
        QCOMPARE(mtimeMs(server->rootPath() + u"/site/css/site.css"_s), m_base - 60000);

    // A second run plans nothing, and does nothing.
    Run again = sync({u"--dry-run"_s, local.path(), url});
    QVERIFY2(again.code == 0 && again.lines.isEmpty(), qPrintable(again.lines.join(u'\n') + again.err));
    QVERIFY(again.err.contains(u"Nothing to do"_s));
    Run second = sync({local.path(), url});
    QVERIFY2(second.code == 0 && second.err.contains(u"Nothing to do"_s), qPrintable(second.err));

    // One file changed locally (newer, another size: a server without MFMT keeps no times to
    // tell a same-size edit by): only it goes.
    QVERIFY(writeLocal(local.path() + u"/css/site.css"_s, "body{color:red}\n", m_base + 3600000));
    Run changed = sync({u"--dry-run"_s, u"--json"_s, local.path(), url});
    QCOMPARE(changed.lines.size(), 1);
    const QJsonObject object = QJsonDocument::fromJson(changed.lines.first().toUtf8()).object();
    QCOMPARE(object.value(u"action"_s).toString(), u"upload"_s);
    QCOMPARE(object.value(u"path"_s).toString(), u"css/site.css"_s);
    QCOMPARE(object.value(u"size"_s).toInt(), 16);
    QCOMPARE(sync({local.path(), url}).code, 0);
    server->fixOwnership();
    QCOMPARE(fileSha256(server->rootPath() + u"/site/css/site.css"_s), sha256("body{color:red}\n"));
    QVERIFY(sync({u"--dry-run"_s, local.path(), url}).lines.isEmpty());
}

void TestSync::downThenNothing()
{
    QFETCH(int, flavour);
    auto server = startFlavour(Flavour(flavour));
    QVERIFY(server);
    QVERIFY(server->writeFile(u"pub/a.txt"_s, "alpha\n"));
    QVERIFY(server->writeFile(u"pub/sub/b.bin"_s, randomBytes(50000, 3)));
    QVERIFY(server->writeFile(u"outside.txt"_s, "not mine\n"));
    QVERIFY(setMTimeMs(server->rootPath() + u"/pub/a.txt"_s, m_base + 17000)); // seconds matter
    QVERIFY(setMTimeMs(server->rootPath() + u"/pub/sub/b.bin"_s, m_base - 3600000));
    QTemporaryDir parent;
    const QString local = parent.filePath(u"mirror"_s);
    const QString url = urlFor(*server, u"/pub/"_s);

    Run first = sync({u"--direction"_s, u"down"_s, local, url});
    QVERIFY2(first.code == 0, qPrintable(first.err));
    const Tree want = readTree(server->rootPath() + u"/pub"_s);
    QCOMPARE(readTree(local), want);
    QVERIFY(!QFileInfo::exists(parent.filePath(u"outside.txt"_s)));
    QCOMPARE(mtimeMs(local + u"/a.txt"_s), m_base + 17000);

    Run again = sync({u"--dry-run"_s, u"--direction"_s, u"down"_s, local, url});
    QVERIFY2(again.code == 0 && again.lines.isEmpty(), qPrintable(again.lines.join(u'\n') + again.err));

    // Changed on the server: the same size, a minute later.
    QVERIFY(server->writeFile(u"pub/a.txt"_s, "ALPHA\n"));
    QVERIFY(setMTimeMs(server->rootPath() + u"/pub/a.txt"_s, m_base + 600000));
    Run changed = sync({u"--direction"_s, u"down"_s, u"--dry-run"_s, local, url});
    QCOMPARE(changed.lines, QStringList{u"download      a.txt"_s});
    QCOMPARE(sync({u"--direction"_s, u"down"_s, local, url}).code, 0);
    QCOMPARE(fileSha256(local + u"/a.txt"_s), sha256("ALPHA\n"));
}

void TestSync::deleteOnlyWhenAskedAndInside()
{
    QFETCH(int, flavour);
    auto server = startFlavour(Flavour(flavour));
    QVERIFY(server);
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"keep.txt"_s), "keep\n", m_base));
    QVERIFY(server->writeFile(u"www/keep.txt"_s, "keep\n"));
    QVERIFY(setMTimeMs(server->rootPath() + u"/www/keep.txt"_s, m_base));
    QVERIFY(server->writeFile(u"www/stale.txt"_s, "stale\n"));
    QVERIFY(server->writeFile(u"www/old/deep/gone.txt"_s, "gone\n"));
    QVERIFY(server->writeFile(u"www-other/x.txt"_s, "outside the root\n"));
    QVERIFY(server->writeFile(u"sibling.txt"_s, "outside too\n"));
    const QString url = urlFor(*server, u"/www"_s);

    // Without --delete nothing goes.
    Run plain = sync({local.path(), url});
    QVERIFY2(plain.code == 0 && plain.err.contains(u"Nothing to do"_s), qPrintable(plain.err));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/www/stale.txt"_s));

    Run plan = sync({u"--delete"_s, u"--dry-run"_s, local.path(), url});
    QCOMPARE(plan.lines, (QStringList{u"delete-remote old/"_s, u"delete-remote stale.txt"_s}));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/www/old/deep/gone.txt"_s));

    Run run = sync({u"--delete"_s, local.path(), url});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/www/stale.txt"_s));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/www/old"_s));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/www/keep.txt"_s));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/www-other/x.txt"_s));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/sibling.txt"_s));

    // Downwards: local extras go only with --delete; a link is deleted as a link.
    QTemporaryDir outside;
    QVERIFY(writeLocal(outside.filePath(u"precious.txt"_s), "precious\n"));
    QVERIFY(writeLocal(local.filePath(u"extra/e.txt"_s), "e\n"));
    QVERIFY(QFile::link(outside.path(), local.filePath(u"extra/link"_s)));
    QVERIFY(sync({u"--direction"_s, u"down"_s, local.path(), url}).code == 0);
    QVERIFY(QFileInfo::exists(local.filePath(u"extra/e.txt"_s)));
    Run down = sync({u"--direction"_s, u"down"_s, u"--delete"_s, local.path(), url});
    QVERIFY2(down.code == 0, qPrintable(down.err));
    QVERIFY(!QFileInfo::exists(local.filePath(u"extra"_s)));
    QVERIFY(QFileInfo::exists(outside.filePath(u"precious.txt"_s)));
    QVERIFY(QFileInfo::exists(local.filePath(u"keep.txt"_s)));
}

void TestSync::excludes()
{
    auto server = startFlavour(Flavour::Pyftpdlib);
    QVERIFY(server);
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"a.txt"_s), "a\n", m_base));
    QVERIFY(writeLocal(local.filePath(u"debug.log"_s), "log\n", m_base));
    QVERIFY(writeLocal(local.filePath(u"cache/big.bin"_s), "cache\n", m_base));
    QVERIFY(writeLocal(local.filePath(u"src/cache/keep.txt"_s), "kept\n", m_base));
    QVERIFY(server->writeFile(u"d/server.log"_s, "server log\n"));
    const QString url = urlFor(*server, u"/d"_s);
    const QStringList excl{u"--exclude"_s, u"*.log"_s, u"--exclude"_s, u"/cache"_s};
    Run plan = sync(QStringList{u"--dry-run"_s, u"--delete"_s} + excl + QStringList{local.path(), url});
    QVERIFY2(plan.code == 0, qPrintable(plan.err));
    QCOMPARE(plan.lines, (QStringList{u"upload        a.txt"_s, u"mkdir-remote  src/"_s,
                                      u"mkdir-remote  src/cache/"_s, u"upload        src/cache/keep.txt"_s}));
    QCOMPARE(sync(QStringList{u"--delete"_s} + excl + QStringList{local.path(), url}).code, 0);
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/d/server.log"_s));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/d/debug.log"_s));
    QVERIFY(!QFileInfo::exists(server->rootPath() + u"/d/cache"_s));
    QVERIFY(QFileInfo::exists(server->rootPath() + u"/d/src/cache/keep.txt"_s));
}

// A folder the server will not open (vsftpd runs the session as the login user): reported,
// nothing in it compared, so nothing local below it is deleted; the rest is synchronised.
void TestSync::unreadableFolderIsLeftOut()
{
    auto server = startFlavour(Flavour::Vsftpd);
    QVERIFY(server);
    QVERIFY(server->writeFile(u"p/locked/secret.txt"_s, "secret\n"));
    QVERIFY(server->writeFile(u"p/open.txt"_s, "open\n"));
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"locked/mine.txt"_s), "local copy\n", m_base));
    QVERIFY(QFile::setPermissions(server->rootPath() + u"/p/locked"_s, QFileDevice::Permissions()));
    Run run = sync({u"--direction"_s, u"down"_s, u"--delete"_s, local.path(), urlFor(*server, u"/p"_s)});
    QVERIFY(QFile::setPermissions(server->rootPath() + u"/p/locked"_s,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QVERIFY2(run.code == 5 && run.err.contains(u"locked: left out"_s), qPrintable(run.err));
    QCOMPARE(fileSha256(local.filePath(u"locked/mine.txt"_s)), sha256("local copy\n"));
    QCOMPARE(fileSha256(local.filePath(u"open.txt"_s)), sha256("open\n"));
}

void TestSync::bothDirections()
{
    QFETCH(int, flavour);
    auto server = startFlavour(Flavour(flavour));
    QVERIFY(server);
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"mine.txt"_s), "mine\n", m_base));
    QVERIFY(writeLocal(local.filePath(u"shared.txt"_s), "shared v1\n", m_base));
    QVERIFY(server->writeFile(u"b/theirs.txt"_s, "theirs\n"));
    QVERIFY(setMTimeMs(server->rootPath() + u"/b/theirs.txt"_s, m_base));
    const QString url = urlFor(*server, u"/b"_s);
    const QStringList both{u"--direction"_s, u"both"_s};

    Run first = sync(both + QStringList{local.path(), url});
    QVERIFY2(first.code == 0, qPrintable(first.err));
    server->fixOwnership();
    QCOMPARE(readTree(local.path()), readTree(server->rootPath() + u"/b"_s));
    Run again = sync(both + QStringList{u"--dry-run"_s, local.path(), url});
    QVERIFY2(again.lines.isEmpty(), qPrintable(again.lines.join(u'\n')));

    // One side changed: it wins. Both sides changed: a conflict, nothing overwritten.
    QTest::qWait(1100);
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 + 5000;
    QVERIFY(writeLocal(local.filePath(u"mine.txt"_s), "mine, edited\n", now));
    QVERIFY(writeLocal(local.filePath(u"shared.txt"_s), "shared, here\n", now));
    QVERIFY(server->writeFile(u"b/shared.txt"_s, "shared, there!\n"));
    QVERIFY(setMTimeMs(server->rootPath() + u"/b/shared.txt"_s, now + 120000));
    Run plan = sync(both + QStringList{u"--dry-run"_s, local.path(), url});
    QCOMPARE(plan.lines.size(), 2);
    QCOMPARE(plan.lines.at(0), u"upload        mine.txt"_s);
    QVERIFY2(plan.lines.at(1).startsWith(u"conflict      shared.txt: changed on both sides"_s),
             qPrintable(plan.lines.at(1)));
    Run run = sync(both + QStringList{local.path(), url});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"conflict"_s), qPrintable(run.err));
    server->fixOwnership();
    QCOMPARE(fileSha256(server->rootPath() + u"/b/mine.txt"_s), sha256("mine, edited\n"));
    QCOMPARE(fileSha256(local.filePath(u"shared.txt"_s)), sha256("shared, here\n"));
    QCOMPARE(fileSha256(server->rootPath() + u"/b/shared.txt"_s), sha256("shared, there!\n"));
    QCOMPARE(sync(both + QStringList{u"--delete"_s, local.path(), url}).code, 2);
}

void TestSync::checksums()
{
    TestServer::Options options;
    options.hashCommands = TestServer::allHashCommands();
    auto server = startTestServer(options);
    QVERIFY(server);
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"same.txt"_s), "same\n", m_base));
    QVERIFY(writeLocal(local.filePath(u"twin.txt"_s), "AAAA\n", m_base));
    QVERIFY(server->writeFile(u"c/same.txt"_s, "same\n"));
    QVERIFY(server->writeFile(u"c/twin.txt"_s, "BBBB\n"));
    // Same size, same time: only the checksum tells twin.txt apart.
    QVERIFY(setMTimeMs(server->rootPath() + u"/c/same.txt"_s, m_base));
    QVERIFY(setMTimeMs(server->rootPath() + u"/c/twin.txt"_s, m_base));
    const QString url = urlFor(*server, u"/c"_s);
    QVERIFY(sync({u"--dry-run"_s, local.path(), url}).lines.isEmpty());
    Run plan = sync({u"--dry-run"_s, u"--compare"_s, u"checksum"_s, local.path(), url});
    QVERIFY2(plan.code == 0, qPrintable(plan.err));
    QCOMPARE(plan.lines, QStringList{u"upload        twin.txt"_s});
    QVERIFY2(
        plan.err.contains(u"Plan: 1 upload, 0 downloads, 0 folders to make, 0 deletions, 0 conflicts."_s),
        qPrintable(plan.err));
    QCOMPARE(sync({u"--compare"_s, u"checksum"_s, local.path(), url}).code, 0);
    QVERIFY(sync({u"--dry-run"_s, u"--compare"_s, u"checksum"_s, local.path(), url}).lines.isEmpty());

    // vsftpd offers no checksum command: said before anything is compared.
    auto vsftpd = startFlavour(Flavour::Vsftpd);
    QVERIFY(vsftpd);
    Run refused =
        sync({u"--dry-run"_s, u"--compare"_s, u"checksum"_s, local.path(), urlFor(*vsftpd, u"/"_s)});
    QVERIFY2(refused.code == 2 && refused.err.contains(u"checksum"_s), qPrintable(refused.err));
}

// What real servers will not do on cue (MiniFtpd): the connection dropped at a listing. The
// folder is listed once more on a new connection; dropped twice, the comparison stops with
// the error instead of taking the folder for empty.
void TestSync::listingDroppedOnceIsListedAgain()
{
    MiniFtpd server;
    QVERIFY(server.listen());
    server.dirs.insert("/r");
    server.dirs.insert("/r/sub");
    server.files["/r/a.txt"] = "a";
    server.files["/r/sub/b.txt"] = "bb";
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"a.txt"_s), "a"));
    QVERIFY(writeLocal(local.filePath(u"sub/b.txt"_s), "bb"));
    SessionConfig config;
    config.host = u"127.0.0.1"_s;
    config.port = server.port();
    config.user = u"u"_s;
    config.password = u"p"_s;
    config.tlsPolicy = TlsPolicy::Never;
    config.timeoutMs = 5000;
    for (const int drops : {1, 2}) {
        server.clearFaults();
        server.inject("MLSD", dropAction(true), drops);
        std::unique_ptr<RemoteSession> session(createRemoteSession(config, nullptr));
        QVERIFY(session);
        CompareCriteria sizes;
        sizes.time = false;
        TreeComparison comparison(session.get(), local.path(), u"/r"_s, sizes);
        QStringList same;
        connect(&comparison, &TreeComparison::compared, this, [&same](const QList<ComparedEntry> &batch) {
            for (const ComparedEntry &entry : batch) {
                if (entry.status == ComparedEntry::Status::Same)
                    same << entry.path;
            }
        });
        std::optional<RemoteError> result;
        connect(&comparison, &TreeComparison::finished, this,
                [&result](const RemoteError &e) { result = e; });
        comparison.start();
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
        if (drops == 1) {
            QVERIFY2(!result->isError(), qPrintable(result->toString()));
            QCOMPARE(same, (QStringList{u"a.txt"_s, u"sub"_s, u"sub/b.txt"_s}));
        } else {
            QVERIFY(result->isError() && result->isTransient());
            QVERIFY(same.isEmpty());
        }
    }
}

// SIGTERM in the middle of a sync's transfer: exit status 7, the good file never replaced by
// a partial one (the partial download stays in NAME.part), and the next sync finishes the job.
void TestSync::stoppedBySigterm()
{
    TestServer::Options options;
    options.dataRate = 256 * 1024;
    auto server = startTestServer(options);
    QVERIFY(server);
    const QByteArray big = randomBytes(3 * 1024 * 1024, 11);
    QVERIFY(server->writeFile(u"s/big.bin"_s, big));
    QTemporaryDir local;
    QVERIFY(writeLocal(local.filePath(u"big.bin"_s), "old and good\n", m_base));
    const QString url = urlFor(*server, u"/s"_s);
    QProcess p;
    p.start(qEnvironmentVariable("FERRY_CLI"),
            {u"sync"_s, u"--no-progress"_s, u"--direction"_s, u"down"_s, local.path(), url});
    QVERIFY(p.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(local.filePath(u"big.bin.part"_s)).size() > 0, 20000);
    p.terminate();
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 7);
    QCOMPARE(fileSha256(local.filePath(u"big.bin"_s)), sha256("old and good\n"));
    Run again = sync({u"--direction"_s, u"down"_s, local.path(), url});
    QVERIFY2(again.code == 0, qPrintable(again.err));
    QCOMPARE(fileSha256(local.filePath(u"big.bin"_s)), sha256(big));
    QVERIFY(!QFileInfo::exists(local.filePath(u"big.bin.part"_s)));
}

// --time-offset shifts the times a LIST line gives (the server's local time), never MLSD's
// (UTC by definition).
void TestSync::timeOffset()
{
    for (const Flavour flavour : {Flavour::PyftpdlibListOnly, Flavour::Pyftpdlib}) {
        auto server = startFlavour(flavour);
        QVERIFY(server);
        QVERIFY(server->writeFile(u"o/a.txt"_s, "a\n"));
        QVERIFY(setMTimeMs(server->rootPath() + u"/o/a.txt"_s, m_base));
        QTemporaryDir local;
        QVERIFY(writeLocal(local.filePath(u"a.txt"_s), "a\n", m_base));
        const QString url = urlFor(*server, u"/o"_s);
        const QStringList down{u"--dry-run"_s, u"--direction"_s, u"down"_s};
        QVERIFY(sync(down + QStringList{local.path(), url}).lines.isEmpty());
        const Run shifted = sync(down + QStringList{u"--time-offset"_s, u"120"_s, local.path(), url});
        QVERIFY2(shifted.code == 0, qPrintable(shifted.err));
        if (flavour == Flavour::PyftpdlibListOnly)
            QCOMPARE(shifted.lines, QStringList{u"download      a.txt"_s});
        else
            QVERIFY(shifted.lines.isEmpty());
    }
    QCOMPARE(sync({u"--time-offset"_s, u"9999"_s, u"."_s, u"ftp://127.0.0.1:1/x"_s}).code, 2);
}

void TestSync::badArguments()
{
    const QString url = u"ftp://127.0.0.1:1/x"_s;
    QCOMPARE(sync({u"--direction"_s, u"sideways"_s, u"."_s, url}).code, 2);
    QCOMPARE(sync({u"--compare"_s, u"colour"_s, u"."_s, url}).code, 2);
    QCOMPARE(sync({u"--compare"_s, u"checksum,time"_s, u"."_s, url}).code, 2);
    QCOMPARE(sync({u"--direction"_s, u"both"_s, u"--delete"_s, u"."_s, url}).code, 2);
    QCOMPARE(sync({u"."_s}).code, 2);
}

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
