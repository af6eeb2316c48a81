// Where the jobs a window left unfinished get their password at the next start (issue #16
// §3: "from the keychain, from a URL or site given on the command line for that site, else
// asked once per site"), against pyftpdlib with a real keychain (tests/keychain-wrapper.sh),
// offscreen. A queue file holds uploads of saved sites and of an address, as after a kill;
// a second window on it answers "Resume":
// - a site whose password is in the keychain resumes with no question, started plainly or
//   as `ferry --site NAME`;
// - a site with no stored password, started as `ferry --site NAME` (its one question, at
//   connect) or with an address that carries the password (none), resumes with it;
// - with no password anywhere, two sites (a saved one and an address) of 24 jobs each and 4
//   connections each are asked once each, and each answer serves all that site's transfers.
// Each time every file arrives whole (SHA-256) and is sent once (the server's transfer log).
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/promptbroker.h"
#include "sites/credentialstore.h"
#include "sites/ftpurl.h"
#include "sites/sitestore.h"
#include "transfer/pluraltranslator.h"
#include "treeutil.h"
#include "uitestutil.h"

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using State = TransferJob::State;
constexpr int kFiles = 24;

// A pyftpdlib on its own loopback address (the password question names the host), slow
// enough that a site's 4 connections carry transfers at the same time.
std::unique_ptr<TestServer> startAt(const char *address)
{
    TestServer::Options options;
    options.address = QHostAddress(QString::fromLatin1(address));
    options.logTransfers = true;
    options.dataRate = 400 * 1024;
    return startServer(TestServer::Kind::Pyftpdlib, options);
}

SiteProfile siteFor(const TestServer &server, const QString &name)
{
    SiteProfile site;
    site.name = name;
    site.protocol = Protocol::Ftp;
    site.tlsPolicy = TlsPolicy::Never;
    site.host = server.address().toString();
    site.port = server.port();
    site.user = server.userName();
    site.remoteFolder = u"/"_s;
    site.connectionLimit = 4;
    return site;
}

SiteKey addressKey(const TestServer &server)
{
    FtpUrl url;
    url.protocol = Protocol::Ftp;
    url.user = server.userName();
    url.host = server.address().toString();
    url.port = server.port();
    return SiteKey::forUrl(url);
}

// kFiles files of 20 to 60 KiB in `folder`, each its own bytes, as uploads to the server's root.
QList<TransferQueue::Transfer> uploadsFrom(const QString &folder)
{
    QList<TransferQueue::Transfer> transfers;
    for (int i = 0; i < kFiles; ++i) {
        const QString name = u"f%1.bin"_s.arg(i, 2, 10, QLatin1Char('0'));
        writeBytes(folder + u'/' + name, randomBytes(20 * 1024 + i * 1700, quint32(i + 1)));
        transfers.append({TransferJob::Kind::Upload, folder + u'/' + name, u'/' + name});
    }
    return transfers;
}

// Each file in `sent` arrived whole on `server`, carried by exactly one STOR of all its bytes.
QString checkArrived(const TestServer &server, const QString &sent)
{
    const Tree want = readTree(sent);
    const Tree got = readTree(server.rootPath());
    if (got != want)
        return u"the server's files differ:\n"_s + describeDiff(want, got);
    QHash<QString, int> stores;
    for (const TestServer::Transfer &t : server.transfers()) {
        if (t.command != u"STOR"_s || !t.completed || t.bytes != QFileInfo(t.path).size())
            return u"%1 %2 bytes=%3 completed=%4"_s.arg(t.command, t.path).arg(t.bytes).arg(t.completed);
        ++stores[QFileInfo(t.path).fileName()];
    }
    for (const auto &[name, digest] : want) {
        if (stores.value(name) != 1)
            return u"%1 sent %2 times"_s.arg(name).arg(stores.value(name));
    }
    return {};
}

bool storePassword(CredentialStore *credentials, const QUuid &site, const QString &password)
{
    bool written = false;
    QObject context;
    credentials->writePassword(site, password, &context, [&](CredentialStore::Result r, const QString &) {
        written = r == CredentialStore::Result::Ok;
    });
    return QTest::qWaitFor([&] { return written; }, 20000);
}

// Ferry's next start: sites saved and uploads left unfinished in the queue file (as a window
// that was closed or killed leaves them), then the queue file opened by a window with the
// site store and the keychain.
struct NextStart {
    Scratch scratch;
    SiteStore sites{scratch.dir.filePath(u"sites.json"_s)};
    CredentialStore credentials;
    const QString store = scratch.dir.filePath(u"queue.sqlite"_s);
    std::unique_ptr<TransferQueue> queue;
    std::unique_ptr<MainWindow> window;

    bool save(const SiteProfile &site)
    {
        QString error;
        if (sites.add(site, &error) && sites.save(&error))
            return true;
        qWarning("%s", qPrintable(error));
        return false;
    }
    // kFiles uploads from the scratch folder `folder` for `key`, left unfinished; the folder.
    QString leave(const SiteKey &key, const QString &folder)
    {
        const QString path = scratch.folder(folder);
        const QList<TransferQueue::Transfer> transfers = uploadsFrom(path);
        TransferQueue first(store);
        const bool left = first.open() && first.enqueueTransfers(key, transfers, {}) == transfers.size();
        return left ? path : QString();
    }
    // The window of the next start, not shown yet.
    MainWindow &open()
    {
        queue = std::make_unique<TransferQueue>(store);
        if (!queue->open())
            qWarning("%s", qPrintable(queue->errorString()));
        queue->setRetryDelay(100);
        AppContext context = scratch.context();
        context.queue = queue.get();
        context.sites = &sites;
        context.credentials = &credentials;
        window = std::make_unique<MainWindow>(context);
        return *window;
    }
    bool allDone(int files)
    {
        return QTest::qWaitFor([&] { return queue->countJobs({State::Done}) == files; }, 90000) &&
               queue->progress().filesFailed == 0;
    }
};

} // namespace

class TestRestartLogins : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
        if (qEnvironmentVariableIsEmpty("FERRY_TEST_KEYCHAIN"))
            QSKIP("needs tests/keychain-wrapper.sh (a private keychain)");
    }
    void savedSiteResumes_data();
    void savedSiteResumes();
    void askedOncePerSite();
};

void TestRestartLogins::savedSiteResumes_data()
{
    QTest::addColumn<bool>("inKeychain");
    QTest::addColumn<QString>("started"); // "", "site" (--site NAME), "address" (with the password)
    QTest::addColumn<int>("questions");
    QTest::newRow("keychain: ferry") << true << QString() << 0;
    QTest::newRow("keychain: ferry --site NAME") << true << u"site"_s << 0;
    QTest::newRow("none stored: ferry --site NAME, asked once at connect") << false << u"site"_s << 1;
    QTest::newRow("none stored: ferry ftp://user:password@host/") << false << u"address"_s << 0;
}

// A saved site's jobs take its password from the keychain, else from the window's own
// connection to that server: the one typed when `--site NAME` connected, or the one in the
// address it was started with (an address is not the site, but names the same server and user).
void TestRestartLogins::savedSiteResumes()
{
    QFETCH(bool, inKeychain);
    QFETCH(QString, started);
    QFETCH(int, questions);
    auto server = startAt("127.0.0.2");
    QVERIFY(server);
    NextStart next;
    const SiteProfile site = siteFor(*server, u"Demo"_s);
    QVERIFY(next.save(site));
    if (inKeychain)
        QVERIFY(storePassword(&next.credentials, site.id, server->password()));
    const QString up = next.leave(SiteKey::forSite(site.id), u"up"_s);
    QVERIFY(!up.isEmpty());

    MainWindow &window = next.open();
    PasswordAnswers answers(window.prompts(), server->password());
    window.show();
    if (started == u"site"_s)
        window.connectSite(site.name);
    else if (started == u"address"_s)
        window.connectAddress(urlFor(*server));
    QVERIFY(resumeUnfinished(window));
    QVERIFY(next.allDone(kFiles));
    const QString problem = checkArrived(*server, up);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(answers.asked.size(), questions);
    if (!started.isEmpty())
        QVERIFY(waitLoaded(window.siteTab()->remote(), u"/"_s));
}

// No password anywhere: a saved site and an address, 24 jobs each, 4 connections each. One
// question per site, whatever the number of jobs and connections; the answer serves them all.
void TestRestartLogins::askedOncePerSite()
{
    auto a = startAt("127.0.0.2");
    auto b = startAt("127.0.0.3");
    QVERIFY(a && b);
    NextStart next;
    const SiteProfile site = siteFor(*a, u"Saved"_s);
    QVERIFY(next.save(site));
    const QString toA = next.leave(SiteKey::forSite(site.id), u"to-a"_s);
    const QString toB = next.leave(addressKey(*b), u"to-b"_s);
    QVERIFY(!toA.isEmpty() && !toB.isEmpty());

    MainWindow &window = next.open();
    PasswordAnswers answers(window.prompts(), a->password()); // both servers' test user
    int mostRunning = 0;
    connect(next.queue.get(), &TransferQueue::progressChanged, this,
            [&](const QueueProgress &p) { mostRunning = qMax(mostRunning, p.running); });
    window.show();
    QVERIFY(resumeUnfinished(window));
    QVERIFY(next.allDone(2 * kFiles));
    for (const auto &[server, sent] : {std::pair{a.get(), toA}, std::pair{b.get(), toB}}) {
        const QString problem = checkArrived(*server, sent);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    answers.asked.sort();
    QCOMPARE(answers.asked, (QStringList{u"Password for 127.0.0.2"_s, u"Password for 127.0.0.3"_s}));
    qInfo("at most %d transfers ran at once", mostRunning);
    QVERIFY(mostRunning > 2); // more than one connection per site carried the answer
}

QTEST_MAIN(TestRestartLogins)
#include "tst_restartlogins.moc"
