// The window's controllers without widgets, against real servers (pyftpdlib and vsftpd):
// SiteTab and its two PaneControllers browse (cache, back/forward/up, refresh as a diff),
// run file operations on both sides and apply them without a new listing, transfer through
// the queue and update the other side, open files, survive a dropped connection, ask about
// certificates and warn once about plain FTP. The live models run under
// QAbstractItemModelTester.
#include "browser/fileops.h"
#include "browser/sitetab.h"
#include "directorysortproxy.h"
#include "foldertreemodel.h"
#include "remote/certificaterequest.h"
#include "remote/locallister.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QStorageInfo>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;

namespace {

int modeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// Listings the session sent (MLSD / LIST / NLST), from the transcript.
int listingsIn(const QSignalSpy &transcript)
{
    int count = 0;
    for (const QList<QVariant> &args : transcript) {
        const auto line = args.at(0).value<TranscriptLine>();
        if (line.kind == TranscriptLine::Kind::Command &&
            (line.text.startsWith(QLatin1String("MLSD")) || line.text.startsWith(QLatin1String("LIST")) ||
             line.text.startsWith(QLatin1String("NLST"))))
            ++count;
    }
    return count;
}

bool waitIdle(FileOps *ops, int timeoutMs = 20000)
{
    QSignalSpy idle(ops, &FileOps::idle);
    return idle.wait(timeoutMs);
}

} // namespace

class TestSiteTab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void browse_data();
    void browse();
    void remoteOperations_data();
    void remoteOperations();
    void localOperations();
    void transfersUpdateTheOtherSide_data();
    void transfersUpdateTheOtherSide();
    void activateAndOpen();
    void dropThenNavigate();
    void operationSurvivesDrop();
    void certificateQuestion();
    void failedFolderGoesBack();

private:
    static void serverKinds();
};

void TestSiteTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Qt 6.4 trashes into the current folder when the data folder is missing.
    QVERIFY(QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
    installEnglishPlurals(QCoreApplication::instance());
    qRegisterMetaType<TranscriptLine>();
}

void TestSiteTab::serverKinds()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

void TestSiteTab::browse_data()
{
    serverKinds();
}

void TestSiteTab::browse()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("docs/guide.md"), "# guide"));
    QVERIFY(server->writeFile(QStringLiteral("docs/deep/x.txt"), "x"));
    QVERIFY(server->writeFile(QStringLiteral("file10.txt"), "10"));
    QVERIFY(server->writeFile(QStringLiteral("file2.txt"), "2"));
    QVERIFY(server->writeFile(QStringLiteral("caf\u00e9 \u65e5\u672c.txt"), "utf8"));
    Scratch scratch;
    SiteTab tab(scratch.context());
    PaneController *remote = tab.remote();
    QAbstractItemModelTester modelTester(remote->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(remote->proxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester treeTester(remote->tree(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy transcript(&tab, &SiteTab::transcript);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    QCOMPARE(namesIn(remote),
             (QStringList{QStringLiteral("docs"), QStringLiteral("caf\u00e9 \u65e5\u672c.txt"),
                          QStringLiteral("file2.txt"), QStringLiteral("file10.txt")}));
    QVERIFY(tab.session()->isLoggedIn());
    QCOMPARE(tab.siteKey().toString(),
             QStringLiteral("ftp://%1@127.0.0.1:%2/").arg(server->userName()).arg(server->port()));
    QVERIFY(!tab.siteKey().toString().contains(server->password()));

    // Into a folder, up, back, forward.
    remote->openChild(QStringLiteral("docs"));
    QVERIFY(waitLoaded(remote, QStringLiteral("/docs")));
    QCOMPARE(namesIn(remote), (QStringList{QStringLiteral("deep"), QStringLiteral("guide.md")}));
    QVERIFY(remote->tree()->indexOf(QStringLiteral("/docs/deep")).isValid()); // the tree learnt it
    QVERIFY(remote->canGoBack());
    remote->up();
    QCOMPARE(remote->path(), QStringLiteral("/"));
    // The folder was cached: shown at once, refreshed behind.
    QCOMPARE(remote->model()->rowCount(), 4);
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    remote->back();
    QCOMPARE(remote->path(), QStringLiteral("/docs"));
    QCOMPARE(remote->model()->rowCount(), 2);
    QVERIFY(waitLoaded(remote, QStringLiteral("/docs")));
    remote->back();
    remote->forward();
    QCOMPARE(remote->path(), QStringLiteral("/docs"));
    QVERIFY(remote->canGoForward()); // "/", where "up" went
    remote->forward();
    QCOMPARE(remote->path(), QStringLiteral("/"));
    QVERIFY(!remote->canGoForward());
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    remote->openChild(QStringLiteral("docs"));
    QVERIFY(waitLoaded(remote, QStringLiteral("/docs")));
    QCOMPARE(remote->resolve(QStringLiteral("../a/./b//c/..")), QStringLiteral("/a/b"));

    // F5: a file the server got meanwhile appears; the model is not reset.
    QSignalSpy resets(remote->model(), &QAbstractItemModel::modelReset);
    QVERIFY(server->writeFile(QStringLiteral("docs/new.txt"), "new"));
    QVERIFY(QFile::remove(server->rootPath() + QStringLiteral("/docs/guide.md")));
    const int before = listingsIn(transcript);
    remote->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(namesIn(remote),
                              (QStringList{QStringLiteral("deep"), QStringLiteral("new.txt")}), 20000);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(listingsIn(transcript), before + 1);

    // The tree lists what it expands.
    const QModelIndex deep = remote->tree()->indexOf(QStringLiteral("/docs/deep"));
    remote->tree()->fetchMore(deep); // (the model tester may have asked already)
    QTRY_VERIFY_WITH_TIMEOUT(!remote->tree()->hasChildren(deep) && !remote->tree()->canFetchMore(deep),
                             20000);
}

void TestSiteTab::remoteOperations_data()
{
    serverKinds();
}

void TestSiteTab::remoteOperations()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("a.txt"), "a"));
    QVERIFY(server->writeFile(QStringLiteral("tree/one.txt"), "1"));
    QVERIFY(server->writeFile(QStringLiteral("tree/sub/two.txt"), "2"));
    QVERIFY(server->writeFile(QStringLiteral("tree/sub/deeper/three.txt"), "3"));
    Scratch scratch;
    SiteTab tab(scratch.context());
    PaneController *remote = tab.remote();
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    QSignalSpy transcript(&tab, &SiteTab::transcript);
    QSignalSpy problems(remote, &PaneController::problem);
    const QString root = server->rootPath();

    remote->makeFolder(QStringLiteral("new folder"));
    QVERIFY(waitIdle(remote->ops()));
    QVERIFY(QFileInfo(root + QStringLiteral("/new folder")).isDir());
    QVERIFY(namesIn(remote).contains(QStringLiteral("new folder")));
    QVERIFY(remote->tree()->indexOf(QStringLiteral("/new folder")).isValid());

    remote->makeFile(QStringLiteral("empty.txt"));
    QVERIFY(waitIdle(remote->ops()));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/empty.txt")));
    QCOMPARE(QFileInfo(root + QStringLiteral("/empty.txt")).size(), 0);

    remote->rename(QStringLiteral("a.txt"), QStringLiteral("b.txt"));
    QVERIFY(waitIdle(remote->ops()));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/b.txt")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/a.txt")));
    QVERIFY(namesIn(remote).contains(QStringLiteral("b.txt")));
    QVERIFY(!namesIn(remote).contains(QStringLiteral("a.txt")));

    // chmod: 0640, then recursively on a folder's files only.
    const auto entryNamed = [remote](const QString &name) {
        return remote->model()->entry(remote->model()->rowOf(name));
    };
    PermissionChange change;
    change.set = 0640;
    change.clear = 0777 & ~0640;
    remote->changePermissions({entryNamed(QStringLiteral("b.txt"))}, change);
    QVERIFY(waitIdle(remote->ops()));
    QCOMPARE(modeOf(root + QStringLiteral("/b.txt")), 0640);
    PermissionChange filesOnly;
    filesOnly.set = 0600;
    filesOnly.clear = 0177;
    filesOnly.recursive = true;
    filesOnly.scope = PermissionChange::Scope::FilesOnly;
    const int folderMode = modeOf(root + QStringLiteral("/tree/sub"));
    remote->changePermissions({entryNamed(QStringLiteral("tree"))}, filesOnly);
    QVERIFY(waitIdle(remote->ops()));
    QCOMPARE(modeOf(root + QStringLiteral("/tree/one.txt")), 0600);
    QCOMPARE(modeOf(root + QStringLiteral("/tree/sub/deeper/three.txt")), 0600);
    QCOMPARE(modeOf(root + QStringLiteral("/tree/sub")), folderMode);

    // Deleting: a file and a folder with everything in it, in one go.
    const int listingsBefore = listingsIn(transcript);
    remote->remove({entryNamed(QStringLiteral("b.txt")), entryNamed(QStringLiteral("tree"))}, false);
    QVERIFY(waitIdle(remote->ops()));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/b.txt")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/tree")));
    QCOMPARE(namesIn(remote), (QStringList{QStringLiteral("new folder"), QStringLiteral("empty.txt")}));
    // Only the folder being deleted was listed (three levels), never the folder shown.
    QCOMPARE(listingsIn(transcript), listingsBefore + 3);
    QCOMPARE(problems.size(), 0);

    // A failure is one problem with the server's reason, and changes nothing.
    remote->rename(QStringLiteral("missing.txt"), QStringLiteral("x.txt"));
    QVERIFY(waitIdle(remote->ops()));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(namesIn(remote), (QStringList{QStringLiteral("new folder"), QStringLiteral("empty.txt")}));
    remote->rename(QStringLiteral("empty.txt"), QStringLiteral("new folder"));
    QCOMPARE(problems.size(), 2); // refused before asking: the name is taken
    QVERIFY(problems.last().at(0).toString().contains(QStringLiteral("already exists")));
}

void TestSiteTab::localOperations()
{
    Scratch scratch;
    const QString folder = scratch.folder(QStringLiteral("local"));
    QVERIFY(QDir(folder).mkpath(QStringLiteral("tree/sub")));
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile f(folder + QLatin1Char('/') + name);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    };
    QVERIFY(write(QStringLiteral("a.txt"), "a"));
    QVERIFY(write(QStringLiteral("trash-me.txt"), "t"));
    QVERIFY(write(QStringLiteral("tree/sub/x.txt"), "x"));
    QVERIFY(write(QStringLiteral(".hidden"), "h"));
    SiteTab tab(scratch.context());
    PaneController *local = tab.local();
    QAbstractItemModelTester tester(local->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy listed(local->lister(), &DirectoryLister::completed);
    local->open(folder);
    QVERIFY(waitLoaded(local, folder));
    QCOMPARE(namesIn(local),
             (QStringList{QStringLiteral("tree"), QStringLiteral("a.txt"), QStringLiteral("trash-me.txt")}));
    local->setShowHidden(true);
    QCOMPARE(namesIn(local).size(), 4);
    local->setShowHidden(false);
    listed.clear();

    local->makeFolder(QStringLiteral("made"));
    QVERIFY(waitIdle(local->ops()));
    local->makeFile(QStringLiteral("new.txt"));
    QVERIFY(waitIdle(local->ops()));
    local->rename(QStringLiteral("a.txt"), QStringLiteral("renamed.txt"));
    QVERIFY(waitIdle(local->ops()));
    QVERIFY(QFileInfo(folder + QStringLiteral("/made")).isDir());
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/new.txt")));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/renamed.txt")));
    QCOMPARE(namesIn(local),
             (QStringList{QStringLiteral("made"), QStringLiteral("tree"), QStringLiteral("new.txt"),
                          QStringLiteral("renamed.txt"), QStringLiteral("trash-me.txt")}));

    PermissionChange change;
    change.set = 0700;
    change.clear = 0077;
    change.recursive = true;
    const auto entryNamed = [local](const QString &name) {
        return local->model()->entry(local->model()->rowOf(name));
    };
    local->changePermissions({entryNamed(QStringLiteral("tree"))}, change);
    QVERIFY(waitIdle(local->ops()));
    QCOMPARE(modeOf(folder + QStringLiteral("/tree/sub/x.txt")), 0700);
    QCOMPARE(modeOf(folder + QStringLiteral("/tree")), 0700);
    QCOMPARE(entryNamed(QStringLiteral("tree")).permissions, QStringLiteral("drwx------"));

    // Del: to the trash (the test-mode data folder's Trash); Shift+Del: gone for good.
    local->remove({entryNamed(QStringLiteral("trash-me.txt"))}, false);
    QVERIFY(waitIdle(local->ops()));
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/trash-me.txt")));
    // The home trash, or the volume's own (.Trash-UID) when the folder is on another one.
    const QStringList trashes{
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
            QStringLiteral("/Trash/files"),
        QStorageInfo(folder).rootPath() + QStringLiteral("/.Trash-%1/files").arg(::getuid()),
        QStorageInfo(folder).rootPath() + QStringLiteral("/.Trash/%1/files").arg(::getuid())};
    QVERIFY2(std::any_of(trashes.cbegin(), trashes.cend(),
                         [](const QString &trash) {
                             return !QDir(trash).entryList({QStringLiteral("trash-me*")}).isEmpty();
                         }),
             qPrintable(trashes.join(QLatin1Char(' '))));
    local->remove({entryNamed(QStringLiteral("tree"))}, true);
    QVERIFY(waitIdle(local->ops()));
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/tree")));
    QCOMPARE(namesIn(local),
             (QStringList{QStringLiteral("made"), QStringLiteral("new.txt"), QStringLiteral("renamed.txt")}));
    QCOMPARE(listed.size(), 0); // every change applied without a new listing

    QSignalSpy problems(local, &PaneController::problem);
    local->makeFolder(QStringLiteral("made"));
    QVERIFY(waitIdle(local->ops()));
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().at(0).toString().contains(QStringLiteral("already exists")));
    QCOMPARE(local->freeName(QStringLiteral("made")), QStringLiteral("made (2)"));
}

void TestSiteTab::transfersUpdateTheOtherSide_data()
{
    serverKinds();
}

void TestSiteTab::transfersUpdateTheOtherSide()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    const QByteArray payload = randomBytes(300 * 1024, 7);
    QVERIFY(server->writeFile(QStringLiteral("remote.bin"), payload));
    QVERIFY(server->writeFile(QStringLiteral("rtree/in/deep.txt"), "deep"));
    Scratch scratch;
    const QString folder = scratch.folder(QStringLiteral("local"));
    QVERIFY(QDir(folder).mkpath(QStringLiteral("ltree/sub")));
    {
        QFile up(folder + QStringLiteral("/up.txt"));
        QVERIFY(up.open(QIODevice::WriteOnly));
        up.write("upload me");
        QFile sub(folder + QStringLiteral("/ltree/sub/s.txt"));
        QVERIFY(sub.open(QIODevice::WriteOnly));
        sub.write("s");
    }
    SiteTab tab(scratch.context());
    tab.local()->open(folder);
    QVERIFY(waitLoaded(tab.local(), folder));
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QSignalSpy localListed(tab.local()->lister(), &DirectoryLister::completed);
    QSignalSpy remoteListed(tab.remote()->lister(), &DirectoryLister::completed);
    const auto entry = [](PaneController *pane, const QString &name) {
        return pane->model()->entry(pane->model()->rowOf(name));
    };

    QSignalSpy drained(scratch.queue.get(), &TransferQueue::drained);
    tab.transfer(
        SiteTab::Side::Remote,
        {entry(tab.remote(), QStringLiteral("remote.bin")), entry(tab.remote(), QStringLiteral("rtree"))},
        SiteTab::Start::Now);
    tab.transfer(SiteTab::Side::Local,
                 {entry(tab.local(), QStringLiteral("up.txt")), entry(tab.local(), QStringLiteral("ltree"))},
                 SiteTab::Start::Now);
    QTRY_VERIFY_WITH_TIMEOUT(drained.size() > 0, 60000);
    for (const TransferJob &job : scratch.queue->jobs(0, 100))
        QVERIFY2(job.state == TransferJob::State::Done,
                 qPrintable(job.remotePath + QLatin1String(": ") + job.error));
    QCOMPARE(fileSha256(folder + QStringLiteral("/remote.bin")), sha256(payload));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/rtree/in/deep.txt")));
    QVERIFY(QFileInfo::exists(server->rootPath() + QStringLiteral("/up.txt")));
    QVERIFY(QFileInfo::exists(server->rootPath() + QStringLiteral("/ltree/sub/s.txt")));
    // Each side shows what arrived, without a new listing of its folder.
    QTRY_VERIFY(namesIn(tab.local()).contains(QStringLiteral("remote.bin")));
    QTRY_VERIFY(namesIn(tab.local()).contains(QStringLiteral("rtree")));
    QTRY_VERIFY(namesIn(tab.remote()).contains(QStringLiteral("up.txt")));
    QTRY_VERIFY(namesIn(tab.remote()).contains(QStringLiteral("ltree")));
    QCOMPARE(entry(tab.local(), QStringLiteral("remote.bin")).size, payload.size());
    QCOMPARE(entry(tab.remote(), QStringLiteral("up.txt")).size, 9);
    QCOMPARE(localListed.size(), 0);
    QCOMPARE(remoteListed.size(), 0);

    // "Add to queue" does not start a stopped queue.
    scratch.queue->stop();
    tab.transfer(SiteTab::Side::Remote, {entry(tab.remote(), QStringLiteral("up.txt"))},
                 SiteTab::Start::Later);
    QVERIFY(!scratch.queue->isStarted());
    QCOMPARE(scratch.queue->progress().running, 0);
}

void TestSiteTab::activateAndOpen()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("notes.txt"), "notes"));
    QVERIFY(server->writeFile(QStringLiteral("folder/in.txt"), "in"));
    Scratch scratch;
    const QString folder = scratch.folder(QStringLiteral("local"));
    SiteTab tab(scratch.context());
    tab.local()->open(folder);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    const auto entry = [&tab](const QString &name) {
        return tab.remote()->model()->entry(tab.remote()->model()->rowOf(name));
    };
    // Enter on a file: the transfer (FileZilla's default).
    tab.activate(SiteTab::Side::Remote, {entry(QStringLiteral("notes.txt"))});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(folder + QStringLiteral("/notes.txt")), 30000);
    // Set to open: downloaded to the view folder, then handed to the desktop.
    tab.setActivation(SiteTab::Activation::Open);
    tab.activate(SiteTab::Side::Remote, {entry(QStringLiteral("notes.txt"))});
    QTRY_COMPARE_WITH_TIMEOUT(scratch.opened.size(), 1, 30000);
    QVERIFY(scratch.opened.first().startsWith(scratch.dir.filePath(QStringLiteral("open"))));
    QVERIFY(scratch.opened.first().endsWith(QStringLiteral("/notes.txt")));
    QCOMPARE(fileSha256(scratch.opened.first()), sha256("notes"));
    // A local file opens where it is.
    QVERIFY(waitLoaded(tab.local(), folder));
    QTRY_VERIFY(tab.local()->model()->rowOf(QStringLiteral("notes.txt")) >= 0);
    tab.openEntries(SiteTab::Side::Local,
                    {tab.local()->model()->entry(tab.local()->model()->rowOf(QStringLiteral("notes.txt")))});
    QCOMPARE(scratch.opened.last(), folder + QStringLiteral("/notes.txt"));
    // Enter on a folder opens it.
    tab.activate(SiteTab::Side::Remote, {entry(QStringLiteral("folder"))});
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/folder")));
    QCOMPARE(
        tab.urlOf(SiteTab::Side::Remote, QStringLiteral("/folder/in.txt")),
        QStringLiteral("ftp://%1@127.0.0.1:%2/folder/in.txt").arg(server->userName()).arg(server->port()));
}

// vsftpd runs each session in processes of its own: killing them drops the connection the
// way an idle timeout or a restarted server does. The next navigation just works.
void TestSiteTab::dropThenNavigate()
{
    auto server = startServer(TestServer::Kind::Vsftpd);
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("docs/a.txt"), "a"));
    Scratch scratch;
    SiteTab tab(scratch.context());
    QSignalSpy problems(tab.remote(), &PaneController::problem);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QProcess pkill;
    pkill.start(QStringLiteral("pkill"),
                {QStringLiteral("-KILL"), QStringLiteral("-P"), QString::number(server->pid())});
    QVERIFY(pkill.waitForFinished(10000));
    QTest::qWait(200); // let the close arrive, or not: both must work
    tab.remote()->openChild(QStringLiteral("docs"));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/docs"), 30000));
    QCOMPARE(namesIn(tab.remote()), QStringList{QStringLiteral("a.txt")});
    QCOMPARE(problems.size(), 0);
    QVERIFY(tab.session()->isLoggedIn());
}

// A file operation whose connection drops on the way is made again on a new one.
void TestSiteTab::operationSurvivesDrop()
{
    TestServer::Options options;
    options.dropControlAfterCommand = QStringLiteral("MKD");
    auto server = startServer(TestServer::Kind::Pyftpdlib, options);
    QVERIFY(server);
    Scratch scratch;
    SiteTab tab(scratch.context());
    QSignalSpy problems(tab.remote(), &PaneController::problem);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    tab.remote()->makeFolder(QStringLiteral("made"));
    QVERIFY(waitIdle(tab.remote()->ops(), 30000));
    QVERIFY(QFileInfo(server->rootPath() + QStringLiteral("/made")).isDir());
    QCOMPARE(problems.size(), 0);
    QVERIFY(namesIn(tab.remote()).contains(QStringLiteral("made")));
}

void TestSiteTab::certificateQuestion()
{
    TestServer::Options options;
    options.tls = TestServer::Tls::Explicit;
    auto server = startServer(TestServer::Kind::Pyftpdlib, options);
    QVERIFY(server);
    Scratch scratch;
    SiteTab tab(scratch.context());
    QList<QPointer<Question>> questions;
    connect(&tab, &SiteTab::questionAsked, this, [&questions](Question *q) { questions.append(q); });
    QSignalSpy insecure(&tab, &SiteTab::insecure);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QTRY_COMPARE_WITH_TIMEOUT(questions.size(), 1, 20000);
    auto *request = qobject_cast<CertificateRequest *>(questions.first().data());
    QVERIFY(request);
    QCOMPARE(request->fingerprint(), server->certificateSha256());
    request->answer(CertificateRequest::Answer::AcceptOnce);
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QVERIFY(tab.session()->isEncrypted());
    QVERIFY(tab.session()->securityDescription().startsWith(QStringLiteral("TLS 1.")));
    // The padlock's certificate: the server's (RemoteSession::peerCertificateChain).
    const QList<QSslCertificate> chain = tab.session()->peerCertificateChain();
    QVERIFY(!chain.isEmpty());
    QCOMPARE(CertificateRequest::fingerprintOf(chain.first()), server->certificateSha256());
    QCOMPARE(insecure.size(), 0);
    // Reconnecting in this process does not ask again (accepted once, shared decisions).
    tab.disconnectFromServer();
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QCOMPARE(questions.size(), 1);
}

void TestSiteTab::failedFolderGoesBack()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("here.txt"), "h"));
    Scratch scratch;
    SiteTab tab(scratch.context());
    QSignalSpy problems(tab.remote(), &PaneController::problem);
    QSignalSpy insecure(&tab, &SiteTab::insecure);
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    tab.remote()->open(QStringLiteral("/no/such/folder"));
    QVERIFY(problems.wait(20000));
    QVERIFY(problems.first().at(0).toString().contains(QStringLiteral("/no/such/folder")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QCOMPARE(namesIn(tab.remote()), QStringList{QStringLiteral("here.txt")});
    QVERIFY(!tab.remote()->canGoForward());
    // Plain FTP was said once for this site, however often it is used.
    tab.remote()->refresh();
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    tab.disconnectFromServer();
    QVERIFY(tab.connectTo(configFor(*server), QStringLiteral("/")));
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    QCOMPARE(insecure.size(), 1);
}

QTEST_MAIN(TestSiteTab)
#include "tst_sitetab.moc"
