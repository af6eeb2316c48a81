// core/remote, the seam the window and SFTP plug into: FtpRemoteSession's calls against
// real servers (pyftpdlib and vsftpd), the listers (local, remote, the cache and the diff
// on refresh), a browsing connection that drops and comes back, and one trust question for
// two sessions meeting the same certificate.
#include "awaitop.h"
#include "ftp/ftpremotesession.h"
#include "remote/certificaterequest.h"
#include "remote/listingcache.h"
#include "remote/locallister.h"
#include "remote/remotelister.h"
#include "remote/trustdecisions.h"
#include "testserver.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

namespace {

SessionConfig configFor(const TestServer &server)
{
    SessionConfig config;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.tlsPolicy = server.tls() == TestServer::Tls::None ? TlsPolicy::Never : TlsPolicy::Require;
    config.tlsMode = server.tls() == TestServer::Tls::Implicit ? TlsMode::Implicit : TlsMode::Explicit;
    config.timeoutMs = 15000;
    return config;
}

// A lister fed by the test: the diff and the cache without any I/O.
class ScriptedLister final : public DirectoryLister {
public:
    explicit ScriptedLister(ListingCache *cache)
        : DirectoryLister(QStringLiteral("scripted"), cache, nullptr)
    {
    }
    QList<DirEntry> next;
    int started = 0;
    void deliver() { listingDone(next); }
    void deliverBatch(const QList<DirEntry> &batch) { listingBatch(batch); }

protected:
    void startListing(const QString &) override { ++started; }
    void cancelListing() override {}
};

DirEntry file(const QString &name, qint64 size)
{
    DirEntry e;
    e.name = name;
    e.size = size;
    return e;
}

} // namespace

class TestRemote : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listerDiff();
    void listerDuplicatesAndApply();
    void entryStoreKeepsEveryField();
    void paths();
    void localLister();
    void localListerErrors();
    void calls_data();
    void calls();
    void remoteListerCacheAndRefresh_data();
    void remoteListerCacheAndRefresh();
    void remoteListerSurvivesDrop();
    void oneQuestionForTwoSessions();
};

void TestRemote::listerDiff()
{
    ListingCache cache;
    ScriptedLister lister(&cache);
    QSignalSpy started(&lister, &DirectoryLister::started);
    QSignalSpy added(&lister, &DirectoryLister::itemsAdded);
    QSignalSpy removed(&lister, &DirectoryLister::itemsRemoved);
    QSignalSpy changed(&lister, &DirectoryLister::itemsChanged);
    QSignalSpy completed(&lister, &DirectoryLister::completed);

    // A first listing streams: batches reach the view as they come.
    lister.openPath(QStringLiteral("/d"));
    QCOMPARE(started.size(), 1);
    lister.deliverBatch({file(QStringLiteral("a"), 1), file(QStringLiteral("b"), 2)});
    lister.deliverBatch({file(QStringLiteral("c"), 3)});
    QCOMPARE(added.size(), 2);
    lister.next = {file(QStringLiteral("a"), 1), file(QStringLiteral("b"), 2), file(QStringLiteral("c"), 3)};
    lister.deliver();
    QCOMPARE(added.size(), 2); // nothing new at the end
    QCOMPARE(completed.size(), 1);
    QCOMPARE(namesOf(lister.items()),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));

    // A refresh is a diff: one removed, one changed, one added; no reset.
    added.clear();
    lister.refresh();
    lister.next = {file(QStringLiteral("a"), 1), file(QStringLiteral("c"), 30), file(QStringLiteral("d"), 4)};
    lister.deliver();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toStringList(), QStringList{QStringLiteral("b")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QList<DirEntry>>().at(0).size, 30);
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(0).value<QList<DirEntry>>().at(0).name, QStringLiteral("d"));
    QCOMPARE(started.size(), 1);

    // Going elsewhere and back: the cached folder is shown at once, then refreshed behind.
    lister.openPath(QStringLiteral("/e"));
    lister.next = {};
    lister.deliver();
    added.clear();
    completed.clear();
    const int listings = lister.started;
    lister.openPath(QStringLiteral("/d"));
    QCOMPARE(added.size(), 1);
    QCOMPARE(namesOf(added.at(0).at(0).value<QList<DirEntry>>()),
             (QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(completed.size(), 1);
    QVERIFY(lister.isLoading());
    QCOMPARE(lister.started, listings + 1);
}

void TestRemote::listerDuplicatesAndApply()
{
    ListingCache cache;
    ScriptedLister lister(&cache);
    lister.openPath(QStringLiteral("/"));
    lister.next = {file(QStringLiteral("x"), 1), file(QStringLiteral("x"), 2), file(QStringLiteral("y"), 3)};
    lister.deliver();
    QCOMPARE(lister.items().size(), 2); // a name listed twice keeps its first entry
    QCOMPARE(lister.items().at(0).size, 1);

    QSignalSpy added(&lister, &DirectoryLister::itemsAdded);
    QSignalSpy removed(&lister, &DirectoryLister::itemsRemoved);
    QSignalSpy changed(&lister, &DirectoryLister::itemsChanged);
    lister.applyAdded(QStringLiteral("/"), file(QStringLiteral("up.txt"), 9));
    QCOMPARE(added.size(), 1);
    lister.applyAdded(QStringLiteral("/"), file(QStringLiteral("up.txt"), 10)); // replaced
    QCOMPARE(changed.size(), 1);
    lister.applyRenamed(QStringLiteral("/"), QStringLiteral("up.txt"), QStringLiteral("moved.txt"));
    QCOMPARE(namesOf(lister.items()),
             (QStringList{QStringLiteral("moved.txt"), QStringLiteral("x"), QStringLiteral("y")}));
    lister.applyRemoved(QStringLiteral("/"), QStringLiteral("x"));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("moved.txt"), QStringLiteral("y")}));
    QVERIFY(removed.size() >= 2);
    // The cache saw the same changes: coming back shows them without a listing.
    lister.openPath(QStringLiteral("/other"));
    lister.openPath(QStringLiteral("/"));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("moved.txt"), QStringLiteral("y")}));
    // A change to a folder that is not shown goes to the cache only.
    lister.applyAdded(QStringLiteral("/other"), file(QStringLiteral("z"), 1));
    QCOMPARE(lister.items().size(), 2);
}

// The lister's packed store gives back every field of every entry, whatever changes it saw:
// raw names that are not the name's UTF-8, links, times before 1970, no time at all.
void TestRemote::entryStoreKeepsEveryField()
{
    const auto same = [](const DirEntry &a, const DirEntry &b) {
        return a.name == b.name && a.rawName == b.rawName && a.target == b.target && a.unique == b.unique &&
               a.permissions == b.permissions && a.owner == b.owner && a.group == b.group &&
               a.size == b.size && a.date == b.date && a.time == b.time && a.line == b.line &&
               a.timePrecision == b.timePrecision && a.timeIsUtc == b.timeIsUtc && a.isDir == b.isDir &&
               a.isLink == b.isLink;
    };
    QList<DirEntry> entries;
    DirEntry latin = file(QStringLiteral("caf\u00e9.txt"), 42);
    latin.rawName = QByteArray("caf\xe9.txt"); // ISO 8859-1 on the wire
    latin.permissions = QStringLiteral("-rw-r--r--");
    latin.owner = QStringLiteral("ftp");
    latin.group = QStringLiteral("users");
    latin.date = QDate(2024, 3, 5);
    latin.time = QTime(14, 7, 9);
    latin.timePrecision = DirEntry::TimePrecision::Second;
    latin.line = 3;
    entries.append(latin);
    DirEntry link = file(QStringLiteral("old link"), 7);
    link.rawName = link.name.toUtf8();
    link.isLink = true;
    link.target = QStringLiteral("../d\u00e9j\u00e0");
    link.unique = QByteArray("801g1a");
    link.date = QDate(1969, 12, 31);
    link.time = QTime(23, 59);
    link.timePrecision = DirEntry::TimePrecision::Minute;
    link.timeIsUtc = true;
    link.permissions = latin.permissions;
    entries.append(link);
    DirEntry folder = file(QStringLiteral("r\u00e9sum\u00e9s"), -1);
    folder.rawName = folder.name.toUtf8();
    folder.isDir = true;
    entries.append(folder);
    DirEntry renamed = file(QStringLiteral("renamed"), 1); // rawName empty: a rename's, until listed again
    renamed.time = QTime(1, 2, 3);                         // a time without a day: kept as it is
    entries.append(renamed);

    EntryStore store = EntryStore::fromList(entries);
    QCOMPARE(store.size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QVERIFY2(same(store.at(i), entries.at(i)), qPrintable(entries.at(i).name));
        QCOMPARE(store.indexOf(entries.at(i).name), i);
        QVERIFY(store.sameAttributes(i, entries.at(i)));
    }
    QCOMPARE(store.indexOf(u"missing"), qsizetype(-1));
    QVERIFY(store.timeKey(1) < store.timeKey(0));
    QCOMPARE(store.timeKey(2), std::numeric_limits<qint64>::min());
    QVERIFY(!store.sameAttributes(0, link));

    // A copy is shared until one side changes; then each keeps its own.
    const EntryStore copy = store;
    DirEntry bigger = latin;
    bigger.size = 43;
    store.replace(0, bigger);
    QCOMPARE(copy.at(0).size, qint64(42));
    QCOMPARE(store.at(0).size, qint64(43));
    QVERIFY(!store.sameAttributes(0, copy, 0));
    QVERIFY(store.sameAttributes(1, copy, 1));

    // Many removals: the names are compacted, the index follows.
    for (int i = 0; i < 20000; ++i)
        store.append(file(QStringLiteral("file %1.dat").arg(i), i));
    QCOMPARE(store.removeIf([](qsizetype i) { return i >= 4 && i % 2 == 0; }), qsizetype(10000));
    store.remove(0);
    QCOMPARE(store.size(), qsizetype(3 + 10000));
    QVERIFY(same(store.at(0), link));
    QVERIFY(same(store.at(1), folder));
    QVERIFY(same(store.at(2), renamed));
    for (qsizetype i = 3; i < store.size(); i += 97) {
        const int n = int(2 * (i - 3) + 1);
        QCOMPARE(store.name(i).toString(), QStringLiteral("file %1.dat").arg(n));
        QCOMPARE(store.fileSize(i), qint64(n));
        QCOMPARE(store.indexOf(store.name(i)), i);
    }
    QCOMPARE(store.indexOf(u"file 0.dat"), qsizetype(-1));
    QCOMPARE(store.indexOf(latin.name), qsizetype(-1));
}

void TestRemote::paths()
{
    QCOMPARE(DirectoryLister::childPath(QStringLiteral("/"), QStringLiteral("a")), QStringLiteral("/a"));
    QCOMPARE(DirectoryLister::childPath(QStringLiteral("/a"), QStringLiteral("b")), QStringLiteral("/a/b"));
    QCOMPARE(DirectoryLister::parentPath(QStringLiteral("/a/b")), QStringLiteral("/a"));
    QCOMPARE(DirectoryLister::parentPath(QStringLiteral("/a")), QStringLiteral("/"));
    QCOMPARE(DirectoryLister::parentPath(QStringLiteral("/")), QStringLiteral("/"));
}

void TestRemote::localLister()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const int count = LocalLister::BatchSize * 2 + 17;
    for (int i = 0; i < count; ++i) {
        QFile f(dir.filePath(QStringLiteral("f%1.txt").arg(i)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(i % 7, 'x'));
    }
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    QVERIFY(QFile(dir.filePath(QStringLiteral(".hidden"))).open(QIODevice::WriteOnly));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("sub")), dir.filePath(QStringLiteral("link-to-sub"))));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")), dir.filePath(QStringLiteral("dangling"))));

    LocalLister lister;
    QSignalSpy added(&lister, &DirectoryLister::itemsAdded);
    QSignalSpy completed(&lister, &DirectoryLister::completed);
    lister.openPath(dir.path());
    QVERIFY(completed.wait(20000));
    QVERIFY2(added.size() >= 3, "a large folder arrives in several batches");
    QCOMPARE(lister.items().size(), count + 3); // sub, link-to-sub, dangling; no .hidden
    const auto find = [&](const QString &name) -> DirEntry {
        for (const DirEntry &e : lister.items())
            if (e.name == name)
                return e;
        return {};
    };
    QCOMPARE(find(QStringLiteral("f6.txt")).size, 6);
    QVERIFY(find(QStringLiteral("sub")).isDir);
    QCOMPARE(find(QStringLiteral("sub")).permissions.at(0), QLatin1Char('d'));
    QVERIFY(find(QStringLiteral("link-to-sub")).isLink);
    QVERIFY(find(QStringLiteral("link-to-sub")).isDir);
    QVERIFY(find(QStringLiteral("dangling")).isLink);
    QVERIFY(!find(QStringLiteral("dangling")).isDir);
    QCOMPARE(find(QStringLiteral("f1.txt")).timePrecision, DirEntry::TimePrecision::Second);
    QVERIFY(!find(QStringLiteral("f1.txt")).owner.isEmpty());

    lister.setShowHidden(true);
    completed.clear();
    lister.refresh();
    QVERIFY(completed.wait(20000));
    QCOMPARE(lister.items().size(), count + 4);
}

void TestRemote::localListerErrors()
{
    LocalLister lister;
    QSignalSpy failed(&lister, &DirectoryLister::errorOccurred);
    lister.openPath(QStringLiteral("/nonexistent/ferry-test"));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.at(0).at(1).value<RemoteError>().kind(), RemoteError::Kind::NotFound);

    // A second openPath before the first finished: only the second folder is shown.
    QTemporaryDir a, b;
    QVERIFY(QFile(a.filePath(QStringLiteral("in-a"))).open(QIODevice::WriteOnly));
    QVERIFY(QFile(b.filePath(QStringLiteral("in-b"))).open(QIODevice::WriteOnly));
    QSignalSpy completed(&lister, &DirectoryLister::completed);
    lister.openPath(a.path());
    lister.openPath(b.path());
    QVERIFY(completed.wait(10000));
    QTest::qWait(100);
    QCOMPARE(completed.size(), 1);
    QCOMPARE(namesOf(lister.items()), QStringList{QStringLiteral("in-b")});
}

void TestRemote::calls_data()
{
    QTest::addColumn<TestServer::Kind>("kind");
    QTest::newRow("pyftpdlib") << TestServer::Kind::Pyftpdlib;
    QTest::newRow("vsftpd") << TestServer::Kind::Vsftpd;
}

// Every RemoteSession call on FTP, against a real server.
void TestRemote::calls()
{
    QFETCH(TestServer::Kind, kind);
    TestServer::Options options;
    options.kind = kind;
    options.hashCommands =
        kind == TestServer::Kind::Pyftpdlib ? QStringList{QStringLiteral("HASH")} : QStringList{};
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QByteArray content = "hello, remote session\n";
    QVERIFY(server->writeFile(QStringLiteral("dir/a.txt"), content));

    FtpRemoteSession session(configFor(*server));
    QSignalSpy states(&session, &RemoteSession::stateChanged);
    QVERIFY(!awaitOp(session.connectToHost()).isError());
    QVERIFY(session.isLoggedIn());
    QVERIFY(!states.isEmpty());
    QVERIFY(session.features().testFlag(RemoteSession::Feature::SetTime));
    QCOMPARE(session.features().testFlag(RemoteSession::Feature::Checksums),
             kind == TestServer::Kind::Pyftpdlib);
    QVERIFY(!session.isEncrypted());
    QVERIFY(session.securityDescription().isEmpty());

    // list, with the batches adding up to the whole.
    RemoteCall *list = session.list(QStringLiteral("/dir"));
    QList<DirEntry> batches;
    connect(list, &RemoteCall::entriesArrived, this, [&](const QList<DirEntry> &b) { batches += b; });
    QList<DirEntry> entries;
    QVERIFY(!awaitOp(list, std::function<void(RemoteCall *)>([&](RemoteCall *c) { entries = c->entries(); }))
                 .isError());
    QCOMPARE(namesOf(entries), QStringList{QStringLiteral("a.txt")});
    QCOMPARE(namesOf(batches), namesOf(entries));

    // stat: size and a time to the second; a missing file is NotFound (or the server's 550).
    DirEntry stat;
    QVERIFY(!awaitOp(session.stat(QStringLiteral("/dir/a.txt")),
                     std::function<void(RemoteCall *)>([&](RemoteCall *c) { stat = c->entry(); }))
                 .isError());
    QCOMPARE(stat.name, QStringLiteral("a.txt"));
    QCOMPARE(stat.size, content.size());
    QCOMPARE(stat.timePrecision, DirEntry::TimePrecision::Second);
    QVERIFY(awaitOp(session.stat(QStringLiteral("/dir/missing.txt"))).isError());

    // setTime, seen by stat.
    const QDateTime when(QDate(2021, 3, 4), QTime(5, 6, 7), Qt::UTC);
    QVERIFY(!awaitOp(session.setTime(QStringLiteral("/dir/a.txt"), when)).isError());
    QVERIFY(!awaitOp(session.stat(QStringLiteral("/dir/a.txt")),
                     std::function<void(RemoteCall *)>([&](RemoteCall *c) { stat = c->entry(); }))
                 .isError());
    QCOMPARE(QDateTime(stat.date, stat.time, Qt::UTC), when);

    // upload and download through the neutral interface.
    QByteArray up(300000, 'u');
    QBuffer source(&up);
    QVERIFY(source.open(QIODevice::ReadOnly));
    qint64 uploaded = 0;
    QVERIFY(
        !awaitOp(session.upload(&source, QStringLiteral("/dir/b.bin"), {}),
                 std::function<void(RemoteCall *)>([&](RemoteCall *c) { uploaded = c->bytesTransferred(); }))
             .isError());
    QCOMPARE(uploaded, up.size());
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    QVERIFY(!awaitOp(session.download(QStringLiteral("/dir/b.bin"), &target, {})).isError());
    QCOMPARE(target.data(), up);

    // checksum where the server offers one.
    if (kind == TestServer::Kind::Pyftpdlib) {
        QString sum;
        QVERIFY(!awaitOp(session.checksum(QStringLiteral("/dir/b.bin")),
                         std::function<void(RemoteCall *)>([&](RemoteCall *c) { sum = c->text(); }))
                     .isError());
        QCOMPARE(sum,
                 QStringLiteral("SHA-256:") +
                     QString::fromLatin1(QCryptographicHash::hash(up, QCryptographicHash::Sha256).toHex()));
    } else {
        QVERIFY(awaitOp(session.checksum(QStringLiteral("/dir/b.bin"))).isError());
    }

    // mkdir, rename, chmod, remove.
    QVERIFY(!awaitOp(session.mkdir(QStringLiteral("/dir/new"))).isError());
    QVERIFY(QFileInfo(server->rootPath() + QStringLiteral("/dir/new")).isDir());
    QVERIFY(
        !awaitOp(session.rename(QStringLiteral("/dir/b.bin"), QStringLiteral("/dir/new/c.bin"))).isError());
    QVERIFY(QFileInfo::exists(server->rootPath() + QStringLiteral("/dir/new/c.bin")));
    QVERIFY(!awaitOp(session.chmod(QStringLiteral("/dir/new/c.bin"), 0600)).isError());
    // The user/group/other bits (QFile's 0x0777 mask) say 0600.
    QCOMPARE(QFileInfo(server->rootPath() + QStringLiteral("/dir/new/c.bin")).permissions() & 0x0777,
             QFile::ReadUser | QFile::WriteUser);
    QVERIFY(awaitOp(session.remove(QStringLiteral("/dir/new"), RemoteSession::EntryType::Folder)).isError());
    QVERIFY(
        !awaitOp(session.remove(QStringLiteral("/dir/new/c.bin"), RemoteSession::EntryType::File)).isError());
    QVERIFY(!awaitOp(session.remove(QStringLiteral("/dir/new"), RemoteSession::EntryType::Folder)).isError());
    QVERIFY(!QFileInfo::exists(server->rootPath() + QStringLiteral("/dir/new")));

    // A cancelled call finishes once, as cancelled, and the session goes on.
    RemoteCall *cancelled = session.stat(QStringLiteral("/dir/a.txt"));
    int finishedCount = 0;
    connect(cancelled, &RemoteCall::finished, this, [&] { ++finishedCount; });
    cancelled->cancel();
    QTRY_COMPARE(finishedCount, 1);
    QVERIFY(!awaitOp(session.stat(QStringLiteral("/dir/a.txt"))).isError());

    QVERIFY(!awaitOp(session.close()).isError());
    QTRY_COMPARE(session.state(), RemoteSession::State::Disconnected);
}

void TestRemote::remoteListerCacheAndRefresh_data()
{
    calls_data();
}

void TestRemote::remoteListerCacheAndRefresh()
{
    QFETCH(TestServer::Kind, kind);
    TestServer::Options options;
    options.kind = kind;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("docs/one.txt"), "1"));
    QVERIFY(server->writeFile(QStringLiteral("docs/two.txt"), "22"));
    QVERIFY(server->writeFile(QStringLiteral("other/x"), "x"));

    FtpRemoteSession session(configFor(*server));
    ListingCache cache;
    RemoteLister lister(&session, QStringLiteral("site"), &cache);
    QSignalSpy completed(&lister, &DirectoryLister::completed);
    QSignalSpy added(&lister, &DirectoryLister::itemsAdded);
    QSignalSpy removed(&lister, &DirectoryLister::itemsRemoved);
    lister.openPath(QStringLiteral("/docs"));
    QVERIFY(completed.wait(20000));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("one.txt"), QStringLiteral("two.txt")}));

    lister.openPath(QStringLiteral("/other"));
    QTRY_VERIFY_WITH_TIMEOUT(!lister.isLoading(), 20000);

    // The server's folder changes; going back shows the cached one at once, then the diff.
    QVERIFY(QFile::remove(server->rootPath() + QStringLiteral("/docs/one.txt")));
    QVERIFY(server->writeFile(QStringLiteral("docs/three.txt"), "333"));
    added.clear();
    removed.clear();
    completed.clear();
    lister.openPath(QStringLiteral("/docs"));
    QCOMPARE(completed.size(), 1); // from the cache, before any network
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("one.txt"), QStringLiteral("two.txt")}));
    QVERIFY(lister.isLoading());
    QVERIFY(completed.wait(20000));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("three.txt"), QStringLiteral("two.txt")}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toStringList(), QStringList{QStringLiteral("one.txt")});
    QCOMPARE(added.size(), 2); // the cached folder, then three.txt
    QCOMPARE(added.at(1).at(0).value<QList<DirEntry>>().at(0).name, QStringLiteral("three.txt"));

    // A folder that cannot be listed: an error with the server's words, the lister idle.
    QSignalSpy failed(&lister, &DirectoryLister::errorOccurred);
    lister.openPath(QStringLiteral("/nope"));
    QVERIFY(failed.wait(20000));
    QVERIFY(!failed.at(0).at(1).value<RemoteError>().replyText().isEmpty());
    QVERIFY(!lister.isLoading());
}

// The browsing connection drops (the server closes it at the first MLSD): the lister
// connects again and lists, and the user sees the folder, not an error.
void TestRemote::remoteListerSurvivesDrop()
{
    TestServer::Options options;
    options.dropControlAfterCommand = QStringLiteral("MLSD");
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("f.txt"), "f"));
    FtpRemoteSession session(configFor(*server));
    QVERIFY(!awaitOp(session.connectToHost()).isError());
    RemoteLister lister(&session, QStringLiteral("site"), nullptr);
    QSignalSpy completed(&lister, &DirectoryLister::completed);
    QSignalSpy failed(&lister, &DirectoryLister::errorOccurred);
    lister.openPath(QStringLiteral("/"));
    QVERIFY(completed.wait(30000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(namesOf(lister.items()), QStringList{QStringLiteral("f.txt")});
}

// Two sessions sharing the process's TrustDecisions meet the same self-signed certificate
// at once: the user is asked once, and "accept once" holds for both and for a third.
void TestRemote::oneQuestionForTwoSessions()
{
    TestServer::Options options;
    options.tls = TestServer::Tls::Explicit;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    TrustDecisions trust;
    SessionConfig config = configFor(*server);
    config.trust = &trust;
    FtpRemoteSession first(config), second(config);
    QList<Question *> asked;
    for (FtpRemoteSession *s : {&first, &second})
        connect(s, &RemoteSession::questionAsked, this, [&](Question *q) { asked.append(q); });
    const CallWatch a(first.connectToHost());
    const CallWatch b(second.connectToHost());
    QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 20000);
    QTest::qWait(300); // the second session reaches the same certificate meanwhile
    QCOMPARE(asked.size(), 1);
    auto *request = qobject_cast<CertificateRequest *>(asked.at(0));
    QVERIFY(request);
    QCOMPARE(request->fingerprint(), server->certificateSha256());
    request->answer(CertificateRequest::Answer::AcceptOnce);
    QTRY_VERIFY_WITH_TIMEOUT(a.done && b.done, 20000);
    QVERIFY(a.ok);
    QVERIFY(b.ok);

    FtpRemoteSession third(config);
    connect(&third, &RemoteSession::questionAsked, this, [&](Question *q) { asked.append(q); });
    QVERIFY(!awaitOp(third.connectToHost()).isError());
    QCOMPARE(asked.size(), 1);
}

QTEST_GUILESS_MAIN(TestRemote)
#include "tst_remote.moc"
