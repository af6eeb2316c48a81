// The site manager's side of the window, offscreen, against pyftpdlib: Ctrl+S and Connect
// from the dialog (the site's default folders; the password from the keychain, or asked
// without one), the Server menu's site tree and recent connections, bookmarks (add, open,
// manage), and sites.json written by ferry-cli while the window adds sites (nothing lost);
// the question before another connection replaces one whose uploads run.
// Registered with a keychain and without, like tst_sitemanager.
#include "sitemanagertestutil.h"
#include "sites/connector.h"
#include "sites/quickconnectbar.h"

using namespace ferry;
using namespace ferry::test;

class TestSitesInWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectFromDialog();
    void bookmarksAndServerMenu();
    void concurrentWithCli();
    void reloadKeepsUnsavedEdits();
    void replaceAsksWhileTransfersRun();
};

void TestSitesInWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    installEnglishPlurals(QCoreApplication::instance());
}

namespace {

// A site for the test server with its local folder, saved in the store.
SiteProfile addServerSite(SiteStore *store, const TestServer &server, const QString &localFolder)
{
    SiteProfile site;
    site.name = QStringLiteral("Local server");
    site.folder = QStringLiteral("Tests");
    site.host = QStringLiteral("127.0.0.1");
    site.port = server.port();
    site.protocol = Protocol::Ftp;
    site.tlsPolicy = TlsPolicy::Never;
    site.user = server.userName();
    site.remoteFolder = QStringLiteral("/sub");
    site.localFolder = localFolder;
    QString error;
    if (!store->add(site, &error) || !store->save(&error))
        qWarning("%s", qPrintable(error));
    return site;
}

// Answers the password prompt if one comes (no keychain, or none stored yet).
bool connectedAt(MainWindow *window, const TestServer &server, const QString &remote)
{
    const bool done = QTest::qWaitFor(
        [&] {
            if (auto *prompt = qobject_cast<PasswordDialog *>(window->prompts()->currentDialog())) {
                prompt->passwordEdit()->setText(server.password());
                QTest::keyClick(prompt->passwordEdit(), Qt::Key_Return);
            }
            return window->siteTab()->remote()->path() == remote &&
                   !window->siteTab()->remote()->model()->isLoading() &&
                   window->siteTab()->remote()->isAttached();
        },
        20000);
    return done;
}

} // namespace

void TestSitesInWindow::connectFromDialog()
{
    QString error;
    auto server = TestServer::start({}, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("sub/in-sub.txt"), "x"));
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    const SiteProfile site = addServerSite(&store, *server, scratch.folder(QStringLiteral("site-local")));
    CredentialStore credentials;
    AppContext context = scratch.context();
    context.sites = &store;
    context.credentials = &credentials;
    MainWindow window(context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    // Ctrl+S opens it (the File menu and the tool bar hold the same action).
    QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
    if (!window.siteMenus()->siteManager())
        window.actions()->get(Actions::Id::SiteManager)->trigger(); // offscreen focus may not take it
    SiteManagerDialog *dialog = window.siteMenus()->siteManager();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->selectSite(site.id);
    if (withKeychain()) {
        QTRY_VERIFY(dialog->hasKeychain());
        QTest::keyClicks(dialog->editor()->passwordEdit(), server->password());
    }
    screenshot(dialog, QStringLiteral("sitemanager-connect"));
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    // The site's default remote and local folders.
    QVERIFY(connectedAt(&window, *server, QStringLiteral("/sub")));
    QVERIFY(namesIn(window.siteTab()->remote()).contains(QStringLiteral("in-sub.txt")));
    QVERIFY(waitLoaded(window.siteTab()->local(), site.localFolder));
    QCOMPARE(window.siteTab()->siteKey(), SiteKey::forSite(site.id));
    QVERIFY(!window.siteMenus()->siteManager()); // closed (deleted on close)
    if (withKeychain())
        QVERIFY(!window.prompts()->currentDialog()); // the password came from the keychain
}

void TestSitesInWindow::bookmarksAndServerMenu()
{
    QString error;
    auto server = TestServer::start({}, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("sub/deeper/file.txt"), "x"));
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    const SiteProfile site = addServerSite(&store, *server, scratch.folder(QStringLiteral("site-local")));
    const QString otherLocal = scratch.folder(QStringLiteral("other-local"));
    AppContext context = scratch.context();
    context.sites = &store;
    MainWindow window(context);
    window.show();
    QAction *add = window.actions()->get(Actions::Id::AddBookmark);
    QVERIFY(!add->isEnabled()); // not connected
    QCOMPARE(add->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));

    // The Server menu lists the site tree; a click connects.
    auto *serverMenu = window.menuBar()->findChild<QMenu *>(QStringLiteral("serverMenu"));
    QVERIFY(serverMenu);
    Q_EMIT serverMenu->aboutToShow();
    auto *sitesMenu = serverMenu->findChild<QMenu *>(QStringLiteral("sitesMenu"));
    QVERIFY(sitesMenu);
    QCOMPARE(sitesMenu->actions().size(), 1);
    QMenu *folder = sitesMenu->actions().first()->menu();
    QVERIFY(folder);
    QCOMPARE(folder->title(), QStringLiteral("Tests"));
    QCOMPARE(folder->actions().first()->text(), site.name);
    folder->actions().first()->trigger();
    QVERIFY(connectedAt(&window, *server, QStringLiteral("/sub")));
    QTRY_VERIFY(add->isEnabled());

    // Ctrl+D's work: the current folders become a bookmark of the site.
    window.siteTab()->remote()->open(QStringLiteral("/sub/deeper"));
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/sub/deeper")));
    window.siteTab()->local()->open(otherLocal);
    QVERIFY(waitLoaded(window.siteTab()->local(), otherLocal));
    QVERIFY2(window.siteMenus()->addBookmark(QStringLiteral("Deeper"), &error), qPrintable(error));
    SiteStore reread(store.filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.sites().first().bookmarks,
             (QList<SiteBookmark>{{QStringLiteral("Deeper"), otherLocal, QStringLiteral("/sub/deeper")}}));

    // Elsewhere, then the Bookmarks menu takes both panes back.
    window.siteTab()->remote()->open(QStringLiteral("/"));
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/")));
    window.siteTab()->local()->open(site.localFolder);
    QVERIFY(waitLoaded(window.siteTab()->local(), site.localFolder));
    auto *bookmarks = window.menuBar()->findChild<QMenu *>(QStringLiteral("bookmarksMenu"));
    QVERIFY(bookmarks);
    Q_EMIT bookmarks->aboutToShow();
    QAction *deeper = nullptr;
    for (QAction *a : bookmarks->actions())
        deeper = a->text() == QLatin1String("Deeper") ? a : deeper;
    QVERIFY(deeper);
    deeper->trigger();
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/sub/deeper")));
    QVERIFY(waitLoaded(window.siteTab()->local(), otherLocal));

    // Recent connections name the site.
    Q_EMIT serverMenu->aboutToShow();
    auto *recent = serverMenu->findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    QCOMPARE(recent->actions().value(0) ? recent->actions().first()->text() : QString(), site.path());
    // So does the quick-connect drop-down; its entry asks for the site by id.
    QMenu *quick = window.quickConnect()->historyButton()->menu();
    Q_EMIT quick->aboutToShow();
    QVERIFY(!quick->actions().isEmpty());
    QCOMPARE(quick->actions().first()->text(), site.path());
    QSignalSpy asked(window.siteMenus(), &SiteMenus::connectSiteRequested);
    quick->actions().first()->trigger();
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().first().toString(), site.path());
    QVERIFY(connectedAt(&window, *server, QStringLiteral("/sub")));

    // Manage: remove it.
    BookmarksDialog *manage = window.siteMenus()->manageBookmarks();
    QVERIFY(manage);
    QCOMPARE(manage->table()->rowCount(), 1);
    screenshot(manage, QStringLiteral("bookmarks-manage"));
    manage->table()->selectRow(0);
    QTest::mouseClick(manage->removeButton(), Qt::LeftButton);
    QCOMPARE(manage->table()->rowCount(), 0);
    auto *box = manage->findChild<QDialogButtonBox *>();
    QVERIFY(box);
    box->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(store.sites().first().bookmarks.isEmpty());
    QVERIFY(reread.load());
    QVERIFY(reread.sites().first().bookmarks.isEmpty());
}

void TestSitesInWindow::concurrentWithCli()
{
    const QString cli = qEnvironmentVariable("FERRY_CLI");
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        QSKIP("FERRY_CLI names no ferry-cli");
    Scratch scratch;
    // ferry-cli's sites.json is <XDG_CONFIG_HOME>/ferry/sites.json: the window's store uses it.
    const QString config = scratch.folder(QStringLiteral("config"));
    SiteStore store(config + QStringLiteral("/ferry/sites.json"));
    AppContext context = scratch.context();
    context.sites = &store;
    MainWindow window(context);
    window.show();
    constexpr int kEach = 6;
    QProcess writer;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
    writer.setProcessEnvironment(env);
    writer.setProgram(QStringLiteral("/bin/sh"));
    writer.setArguments(
        {QStringLiteral("-c"),
         QStringLiteral("for i in $(seq 1 %1); do \"$0\" sites add --name cli-$i --host cli$i.test "
                        "--folder CLI || exit 1; done")
             .arg(kEach),
         cli});
    writer.start();
    QVERIFY(writer.waitForStarted(10000));
    // Meanwhile the window's site manager adds its own sites, one dialog each, and edits
    // the first of them again.
    for (int i = 1; i <= kEach; ++i) {
        SiteManagerDialog *dialog = window.siteMenus()->openSiteManager();
        QVERIFY(dialog);
        QTest::mouseClick(button(dialog, "newSiteButton"), Qt::LeftButton);
        typeInto(dialog->editor()->nameEdit(), QStringLiteral("gui-%1").arg(i));
        typeInto(dialog->editor()->hostEdit(), QStringLiteral("gui%1.test").arg(i));
        choose(dialog->editor()->logonBox(), int(SiteProfile::LogonType::Anonymous));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!window.siteMenus()->siteManager());
        QTest::qWait(30);
    }
    // Bounded; it may have ended already (its end is seen while the dialogs' loops turn).
    QTRY_VERIFY_WITH_TIMEOUT(writer.state() == QProcess::NotRunning, 60000);
    QCOMPARE(writer.exitStatus(), QProcess::NormalExit);
    QVERIFY2(writer.exitCode() == 0, writer.readAllStandardError().constData());
    // The window's store hears about the last of ferry-cli's writes by itself.
    QTRY_COMPARE_WITH_TIMEOUT(store.sites().size(), 2 * kEach, 10000);
    SiteStore reread(store.filePath());
    QVERIFY(reread.load());
    QStringList names;
    for (const SiteProfile &s : reread.sites())
        names << s.path();
    names.sort();
    QStringList expected;
    for (int i = 1; i <= kEach; ++i)
        expected << QStringLiteral("CLI/cli-%1").arg(i) << QStringLiteral("gui-%1").arg(i);
    expected.sort();
    QCOMPARE(names, expected);
    QVERIFY(!QFile::exists(store.filePath() + QStringLiteral(".lock")));
}

void TestSitesInWindow::reloadKeepsUnsavedEdits()
{
    Scratch scratch;
    const QString path = scratch.dir.filePath(QStringLiteral("sites.json"));
    SiteStore mine(path);
    SiteStore theirs(path);
    SiteProfile a;
    a.name = QStringLiteral("A");
    a.host = QStringLiteral("a.test");
    SiteProfile b = a;
    b.id = QUuid::createUuid();
    b.name = QStringLiteral("B");
    QString error;
    QVERIFY(mine.add(a, &error) && mine.add(b, &error) && mine.save(&error));
    QVERIFY(theirs.load(&error));
    SiteStoreWatcher watcher(&mine);
    QSignalSpy changed(&watcher, &SiteStoreWatcher::sitesChanged);
    // Unsaved here: A's host. Saved there: B's host, a new C, and the same name taken.
    a.host = QStringLiteral("a-mine.test");
    QVERIFY(mine.update(a, &error));
    SiteProfile b2 = b;
    b2.host = QStringLiteral("b-theirs.test");
    QVERIFY(theirs.update(b2, &error));
    SiteProfile c = a;
    c.id = QUuid::createUuid();
    c.name = QStringLiteral("C");
    QVERIFY(theirs.add(c, &error));
    QVERIFY(theirs.save(&error));
    QTRY_VERIFY(changed.count() >= 1); // the watcher saw it and reloaded
    QCOMPARE(mine.sites().size(), 3);
    QCOMPARE(mine.findById(a.id)->host, QStringLiteral("a-mine.test")); // kept
    QCOMPARE(mine.findById(b.id)->host, QStringLiteral("b-theirs.test"));
    QVERIFY(mine.findById(c.id));
    // Removed there, untouched here: gone after the next save here.
    QVERIFY(theirs.remove(c.id) && theirs.save(&error));
    QVERIFY(mine.save(&error));
    QVERIFY(!mine.findById(c.id));
    QCOMPARE(mine.findById(a.id)->host, QStringLiteral("a-mine.test"));
    // Both add "D" (different ids): neither is lost, the later one renamed.
    SiteProfile d1 = a, d2 = a;
    d1.id = QUuid::createUuid();
    d2.id = QUuid::createUuid();
    d1.name = d2.name = QStringLiteral("D");
    QVERIFY(mine.add(d2, &error)); // unsaved here
    QVERIFY(theirs.add(d1, &error) && theirs.save(&error));
    QVERIFY(mine.save(&error));
    SiteStore reread(path);
    QVERIFY2(reread.load(&error), qPrintable(error));
    QVERIFY(reread.findById(d1.id) && reread.findById(d2.id));
    QCOMPARE(reread.findById(d2.id)->name, QStringLiteral("D (2)"));
}

namespace {

QMessageBox *replaceQuestion(MainWindow *window)
{
    auto *box = qobject_cast<QMessageBox *>(window->prompts()->currentDialog());
    return box && box->objectName() == QLatin1String(Connector::kReplaceQuestion) ? box : nullptr;
}

} // namespace

// #17 §1: one SiteTab, so connecting elsewhere replaces its connection. While the current
// server's uploads run (256 KiB each to a server capped at 128 KiB/s, one connection per
// site: one running, one waiting), a site of the Server menu and a quick-connect address ask first: Cancel
// keeps the connection, Replace connects; the uploads go on over the queue's own
// connections and arrive whole. With the queue idle, nothing is asked.
void TestSitesInWindow::replaceAsksWhileTransfersRun()
{
    if (withKeychain())
        QSKIP("no keychain in this question: run once, without one");
    TestServer::Options slow;
    slow.dataRate = 128 * 1024;
    auto busy = startServer(slow);
    auto other = startServer();
    QVERIFY(busy && other);
    Scratch scratch;
    AppSettings settings = AppSettings::load(scratch.settings.get());
    settings.connectionsPerSite = 1;
    settings.save(scratch.settings.get());
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    const SiteProfile site = addServerSite(&store, *other, QString());
    QVERIFY(other->writeFile(QStringLiteral("sub/on-other.txt"), "x"));
    const QString local = scratch.folder(QStringLiteral("up"));
    QHash<QString, QByteArray> sent;
    for (const char *name : {"first.bin", "second.bin"}) {
        QByteArray data(256 * 1024, 0);
        for (int i = 0; i < data.size(); ++i)
            data[i] = char((i * 7 + name[0]) & 0xff);
        QFile f(local + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
        sent.insert(QLatin1String(name), data);
    }
    AppContext context = scratch.context();
    context.sites = &store;
    MainWindow window(context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SiteTab *tab = window.siteTab();
    window.openLocal(local);
    QVERIFY(waitLoaded(tab->local(), local));
    window.connectAddress(urlFor(*busy));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    const SiteKey busyKey = tab->siteKey();
    QList<DirEntry> files;
    for (int row = 0; row < tab->local()->model()->rowCount(); ++row)
        files.append(tab->local()->model()->entry(row));
    QCOMPARE(files.size(), 2);
    tab->transfer(SiteTab::Side::Local, files, SiteTab::Start::Now);
    TransferQueue *queue = scratch.queue.get();
    QVERIFY(QTest::qWaitFor([&] { return queue->activity(busyKey).running == 1; }, 10000));

    // Cancel, from the Server menu's site tree.
    QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
    window.connectSite(site.path());
    QVERIFY(QTest::qWaitFor([&] { return replaceQuestion(&window); }, 5000));
    QMessageBox *box = replaceQuestion(&window);
    const QString text = box->text() + QLatin1Char('\n') + box->informativeText();
    QVERIFY2(text.contains(QLatin1String("The connection to ") + busyKey.url() +
                           QLatin1String(" has 1 transfer running.")) &&
                 text.contains(QLatin1String("1 more in the queue.")) && text.contains(site.name) &&
                 text.contains(QLatin1String("not stopped")),
             qPrintable(text));
    saveScreenshot(box, QStringLiteral("replace-question"));
    box->findChild<QPushButton *>(QStringLiteral("cancel"))->click();
    QTRY_VERIFY(!window.prompts()->currentDialog());
    QTest::qWait(200);
    QCOMPARE(tab->siteKey(), busyKey);
    QVERIFY(tab->isConnected());
    const TransferQueue::SiteActivity after = queue->activity(busyKey);
    QVERIFY(after.running + after.queued >= 1); // untouched: still running
    QCOMPARE(queue->countJobs({TransferJob::State::Failed, TransferJob::State::Cancelled}), 0);

    // Replace, from the quick-connect bar's address.
    window.connectAddress(urlFor(*other, QStringLiteral("/sub/")));
    QVERIFY(QTest::qWaitFor([&] { return replaceQuestion(&window); }, 5000));
    replaceQuestion(&window)->findChild<QPushButton *>(QStringLiteral("replace"))->click();
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/sub")));
    QVERIFY(tab->siteKey() != busyKey);
    QVERIFY(namesIn(tab->remote()).contains(QStringLiteral("on-other.txt")));
    QVERIFY(queue->activity(busyKey).running + queue->activity(busyKey).queued > 0); // still going
    QVERIFY(QTest::qWaitFor(
        [&] { return queue->isIdle() && queue->countJobs({TransferJob::State::Done}) == 2; }, 30000));
    for (auto it = sent.cbegin(); it != sent.cend(); ++it) {
        QFile arrived(busy->rootPath() + QLatin1Char('/') + it.key());
        QVERIFY2(arrived.open(QIODevice::ReadOnly), qPrintable(it.key()));
        QCOMPARE(arrived.readAll(), it.value());
        QVERIFY(!QFile::exists(other->rootPath() + QLatin1Char('/') + it.key()));
    }
    QCOMPARE(opened.count(), 2);

    // Idle: back to the first server without a question.
    window.connectAddress(urlFor(*busy));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    QCOMPARE(tab->siteKey(), busyKey);
    QCOMPARE(opened.count(), 2);
    QVERIFY(namesIn(tab->remote()).contains(QStringLiteral("second.bin")));
}

QTEST_MAIN(TestSitesInWindow)
#include "tst_sitesinwindow.moc"
