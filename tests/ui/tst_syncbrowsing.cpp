// Synchronized browsing (View > Synchronized Browsing, a site's "synchronized browsing"
// option) in the window against pyftpdlib, offscreen: folders entered with Enter and left
// with Backspace on one side are followed on the other at the same relative path; a folder
// missing on the other side leaves it where it was and its banner says so; leaving the
// root or switching it off stops the following; a site with the option starts with it on.
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "browser/syncbrowsing.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "sites/sitestore.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>

using namespace ferry;
using namespace ferry::test;

namespace {

// Selects `name` in the pane's list and presses Enter, as a person would.
bool enter(Pane *pane, const QString &name)
{
    PaneController *c = pane->controller();
    for (int row = 0; row < c->proxy()->rowCount(); ++row) {
        const QModelIndex index = c->proxy()->index(row, 0);
        if (index.data(DirectoryModel::NameRole).toString() == name) {
            pane->view()->setFocus();
            pane->view()->setCurrentIndex(index);
            QTest::keyClick(pane->view(), Qt::Key_Return);
            return true;
        }
    }
    return false;
}

} // namespace

class TestSyncBrowsing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void followsBothWays();
    void siteStartsSynchronized();
    void relativePaths();

private:
    std::unique_ptr<TestServer> m_server;
};

void TestSyncBrowsing::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_server = startServer();
    QVERIFY(m_server);
    QVERIFY(m_server->writeFile(QStringLiteral("a/b/remote.txt"), "r"));
    QVERIFY(m_server->writeFile(QStringLiteral("top.txt"), "t"));
}

void TestSyncBrowsing::followsBothWays()
{
    Scratch scratch;
    const QString root = scratch.folder(QStringLiteral("local"));
    QVERIFY(QDir(root).mkpath(QStringLiteral("a/b/c")));
    MainWindow window(scratch.context());
    window.resize(1100, 700);
    window.show();
    SiteTab *tab = window.siteTab();
    Pane *localPane = window.page()->localPane();
    Pane *remotePane = window.page()->remotePane();
    PaneController *local = tab->local();
    PaneController *remote = tab->remote();
    local->open(root);
    QVERIFY(waitLoaded(local, root));
    QAction *action = window.actions()->get(Actions::Id::SyncBrowsing);
    QVERIFY(!action->isEnabled()); // not connected
    window.connectAddress(
        QStringLiteral("ftp://%1@127.0.0.1:%2/").arg(m_server->userName()).arg(m_server->port()),
        m_server->password());
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    QVERIFY(action->isEnabled());

    // Switched on with its key: the roots are the folders shown.
    QTest::keySequence(&window, action->shortcut());
    QVERIFY(action->isChecked());
    QVERIFY(tab->syncBrowsing()->isEnabled());
    QCOMPARE(tab->syncBrowsing()->root(PaneController::Side::Local), root);
    QCOMPARE(tab->syncBrowsing()->root(PaneController::Side::Remote), QStringLiteral("/"));

    // Enter a on the local side: the server's /a opens.
    QVERIFY(enter(localPane, QStringLiteral("a")));
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/a")));
    QCOMPARE(namesIn(remote), QStringList{QStringLiteral("b")});

    // Enter b on the remote side: the local a/b opens.
    QVERIFY(enter(remotePane, QStringLiteral("b")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/a/b")));
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a/b")));
    QCOMPARE(namesIn(local), QStringList{QStringLiteral("c")});

    // Enter c locally: the server has no /a/b/c, the remote side stays and says so.
    QVERIFY(enter(localPane, QStringLiteral("c")));
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a/b/c")));
    QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                 remotePane->banner()->text().contains(QLatin1String("does not exist here")),
                             20000);
    QVERIFY(remotePane->banner()->text().contains(QLatin1String("/a/b/c")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/a/b")));
    QCOMPARE(namesIn(remote), QStringList{QStringLiteral("remote.txt")});
    QCOMPARE(local->path(), root + QStringLiteral("/a/b/c")); // not bounced back
    QVERIFY(tab->syncBrowsing()->isEnabled());
    saveScreenshot(&window, QStringLiteral("syncbrowsing-missing"));

    // Up (Backspace) locally twice: back to a/b (the server is there already), then a.
    localPane->view()->setFocus();
    QTest::keyClick(localPane->view(), Qt::Key_Backspace);
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a/b")));
    QTest::keyClick(localPane->view(), Qt::Key_Backspace);
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/a")));
    // Up on the remote side: the local root follows.
    remotePane->view()->setFocus();
    QTest::keyClick(remotePane->view(), Qt::Key_Backspace);
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    QVERIFY(waitLoaded(local, root));

    // A path typed in the local location bar, then Back: the server follows both.
    localPane->locationEdit()->clear();
    QTest::keyClicks(localPane->locationEdit(), root + QStringLiteral("/a/b"));
    QTest::keyClick(localPane->locationEdit(), Qt::Key_Return);
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a/b")));
    QVERIFY(waitLoaded(remote, QStringLiteral("/a/b")));
    local->back();
    QVERIFY(waitLoaded(local, root));
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));

    // Switched off: no following.
    action->trigger();
    QVERIFY(!tab->syncBrowsing()->isEnabled());
    QVERIFY(enter(localPane, QStringLiteral("a")));
    QVERIFY(waitLoaded(local, root + QStringLiteral("/a")));
    QTest::qWait(300);
    QCOMPARE(remote->path(), QStringLiteral("/"));

    // On again (roots: local a, remote /); going above the local root switches it off.
    action->trigger();
    QVERIFY(tab->syncBrowsing()->isEnabled());
    local->up();
    QVERIFY(!tab->syncBrowsing()->isEnabled());
    QVERIFY(!action->isChecked());
    QTest::qWait(300);
    QCOMPARE(remote->path(), QStringLiteral("/"));

    // Disconnect switches it off.
    action->trigger();
    QVERIFY(tab->syncBrowsing()->isEnabled());
    tab->disconnectFromServer();
    QVERIFY(!tab->syncBrowsing()->isEnabled());
    QVERIFY(!action->isChecked());
}

void TestSyncBrowsing::siteStartsSynchronized()
{
    Scratch scratch;
    QString error;
    SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteProfile site;
    site.name = QStringLiteral("Synced");
    site.host = QStringLiteral("127.0.0.1");
    site.port = m_server->port();
    site.protocol = Protocol::Ftp;
    site.tlsPolicy = TlsPolicy::Never;
    site.user = m_server->userName();
    site.logonType = SiteProfile::LogonType::AskPassword;
    site.remoteFolder = QStringLiteral("/a");
    site.localFolder = scratch.folder(QStringLiteral("mirror"));
    site.syncBrowsing = true;
    QVERIFY(QDir(site.localFolder).mkpath(QStringLiteral("b")));
    QVERIFY2(sites.add(site, &error), qPrintable(error));
    AppContext context = scratch.context();
    context.sites = &sites;
    MainWindow window(context);
    window.show();
    window.connectSite(site.name);
    PasswordDialog *dialog = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] { return (dialog = qobject_cast<PasswordDialog *>(window.prompts()->currentDialog())); }, 20000));
    QTest::keyClicks(dialog->passwordEdit(), m_server->password());
    QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/a")));
    QVERIFY(tab->syncBrowsing()->isEnabled());
    QVERIFY(window.actions()->get(Actions::Id::SyncBrowsing)->isChecked());
    QCOMPARE(tab->syncBrowsing()->root(PaneController::Side::Remote), QStringLiteral("/a"));
    QCOMPARE(tab->syncBrowsing()->root(PaneController::Side::Local), site.localFolder);
    QVERIFY(waitLoaded(tab->local(), site.localFolder));
    QVERIFY(enter(window.page()->localPane(), QStringLiteral("b")));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/a/b")));

    // Without the option: off after Connect.
    tab->disconnectFromServer();
    site.syncBrowsing = false;
    QVERIFY2(sites.update(site, &error), qPrintable(error));
    window.connectSite(site.name);
    QVERIFY(QTest::qWaitFor(
        [&] { return (dialog = qobject_cast<PasswordDialog *>(window.prompts()->currentDialog())); }, 20000));
    QTest::keyClicks(dialog->passwordEdit(), m_server->password());
    QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/a")));
    QVERIFY(!tab->syncBrowsing()->isEnabled());
}

void TestSyncBrowsing::relativePaths()
{
    using S = SyncBrowsing;
    QCOMPARE(S::relative(QStringLiteral("/"), QStringLiteral("/a/b")), QStringLiteral("a/b"));
    QCOMPARE(S::relative(QStringLiteral("/x"), QStringLiteral("/x")), QString());
    QCOMPARE(S::relative(QStringLiteral("/x"), QStringLiteral("/x/y")), QStringLiteral("y"));
    QVERIFY(!S::relative(QStringLiteral("/x"), QStringLiteral("/xy")));
    QVERIFY(!S::relative(QStringLiteral("/x/y"), QStringLiteral("/x")));
}

QTEST_MAIN(TestSyncBrowsing)
#include "tst_syncbrowsing.moc"
