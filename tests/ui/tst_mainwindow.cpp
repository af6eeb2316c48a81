// The window with real key and mouse events (QTest), offscreen, against pyftpdlib: the
// quick-connect bar, both panes' keys (Enter, Backspace, Alt+arrows, Tab, type-ahead,
// Ctrl+L, F5, F2, Del, Shift+Del, F7, Alt+Return, Ctrl+F, Ctrl+H), double-clicks, the
// context menu, sorting by a header click, the protocol log, the certificate and password
// dialogs driven through the dialogs' objects, what is remembered between runs, and a
// 100,000-entry folder that loads while the window keeps turning. FERRY_SCREENSHOT_DIR=dir
// saves what the window shows (QWidget::grab).
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/panecontroller.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "foldertreemodel.h"
#include "mainwindow.h"
#include "prompts/certificatedialog.h"
#include "prompts/passworddialog.h"
#include "prompts/permissionsdialog.h"
#include "prompts/promptbroker.h"
#include "sites/quickconnectbar.h"
#include "testutil.h"
#include "transcriptmodel.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"
#include "widgets/securityindicator.h"
#include "widgets/transcriptview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeView>

#include <sys/stat.h>

using namespace ferry;
using namespace ferry::test;

namespace {

int modeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

template<typename T>
T *waitForTopLevel(const QString &objectName = {}, int timeoutMs = 10000)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *t = qobject_cast<T *>(w);
                if (t && t->isVisible() && (objectName.isEmpty() || t->objectName() == objectName)) {
                    found = t;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

// The visual rectangle of the row called `name` in a pane's list.
QRect rowRect(Pane *pane, const QString &name)
{
    QAbstractItemModel *model = pane->view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(DirectoryModel::NameRole).toString() == name) {
            pane->view()->scrollTo(index);
            return pane->view()->visualRect(index);
        }
    }
    return {};
}

void selectOnly(Pane *pane, const QString &name)
{
    QAbstractItemModel *model = pane->view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(DirectoryModel::NameRole).toString() == name) {
            pane->view()->setCurrentIndex(index); // selects the row alone
            return;
        }
    }
}

// Offscreen has no window manager to give a window back its activation when a dialog
// closes (the window's shortcuts need it).
bool reactivate(QWidget *window)
{
    window->activateWindow();
    return QTest::qWaitForWindowActive(window);
}

// A double-click as a mouse makes it: Qt 6.4's QTest::mouseDClick sends the double-click
// event alone, which an item view takes as a first press.
void doubleClick(QWidget *widget, QPoint pos)
{
    QTest::mousePress(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
}

QString currentName(Pane *pane)
{
    return pane->view()->currentIndex().siblingAtColumn(0).data(DirectoryModel::NameRole).toString();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectAndKeys();
    void mouseAndContextMenu();
    void fileOperationsByKeys();
    void localTrashAndFilters();
    void certificateDialogs();
    void passwordPrompt();
    void rememberedBetweenRuns();
    void nameColumnTakesTheWidth();
    void refreshKeepsSelectionAndScroll();
    void hundredThousandEntries();

private:
    std::unique_ptr<TestServer> m_server;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
    installEnglishPlurals(QCoreApplication::instance());
    QString error;
    m_server = TestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
    QVERIFY(m_server->writeFile(QStringLiteral("docs/guide.md"), "# guide"));
    QVERIFY(m_server->writeFile(QStringLiteral("docs/readme.txt"), "read me"));
    QVERIFY(m_server->writeFile(QStringLiteral("notes.txt"), "notes"));
    QVERIFY(m_server->writeFile(QStringLiteral("photo.jpg"), QByteArray(5000, 'j')));
    QVERIFY(m_server->writeFile(QStringLiteral(".hidden-remote"), "h"));
}

void TestMainWindow::connectAndKeys()
{
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("local"));
    QVERIFY(QDir(local).mkpath(QStringLiteral("sub")));
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(local);
    Pane *localPane = window.page()->localPane();
    Pane *remotePane = window.page()->remotePane();
    QVERIFY(waitLoaded(localPane->controller(), local));
    QCOMPARE(QApplication::focusWidget(), localPane->view()); // the local pane has the focus
    // The folder tree shows the folder, current and in view, once its parents are listed.
    auto *tree = localPane->findChild<QTreeView *>(QStringLiteral("folderTree"));
    QTRY_COMPARE(localPane->controller()->tree()->pathOf(tree->currentIndex()), local);
    QTRY_VERIFY(tree->viewport()->rect().contains(tree->visualRect(tree->currentIndex())));
    QCOMPARE(window.page()->activePane(), localPane);
    saveScreenshot(&window, QStringLiteral("01-start"));

    // Quick connect, typed: host, user, password, port, Enter.
    QuickConnectBar *bar = window.quickConnect();
    QTest::keyClicks(bar->hostEdit(), QStringLiteral("127.0.0.1"));
    QTest::keyClicks(bar->userEdit(), m_server->userName());
    QTest::keyClicks(bar->passwordEdit(), m_server->password());
    QTest::keyClicks(bar->portEdit(), QString::number(m_server->port()));
    QTest::keyClick(bar->portEdit(), Qt::Key_Return);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/")));
    QCOMPARE(namesIn(remotePane->controller()),
             (QStringList{QStringLiteral("docs"), QStringLiteral("notes.txt"), QStringLiteral("photo.jpg")}));
    QVERIFY(bar->passwordEdit()->text().isEmpty());
    const QString expectedAddress =
        QStringLiteral("ftp://%1@127.0.0.1:%2/").arg(m_server->userName()).arg(m_server->port());
    QCOMPARE(scratch.history->quickConnects().first().url, expectedAddress);
    QVERIFY(!scratch.history->quickConnects().first().url.contains(m_server->password()));
    QTRY_COMPARE(window.connectionLabel()->text(), QStringLiteral("Connected to 127.0.0.1"));
    QCOMPARE(window.security()->level(), SecurityIndicator::Level::Plain);
    QVERIFY(remotePane->banner()->isVisible());
    QVERIFY(remotePane->banner()->text().contains(QStringLiteral("plain FTP")));
    // The log: commands and replies, the password masked.
    QTRY_VERIFY(window.transcript()->rowCount() > 5);
    window.transcriptView()->copy();
    const QString log = QGuiApplication::clipboard()->text();
    QVERIFY(log.contains(QStringLiteral("> PASS ****")));
    QVERIFY(!log.contains(m_server->password()));
    saveScreenshot(&window, QStringLiteral("02-connected"));

    // Tab: to the remote pane; its first row is current.
    QTest::keyClick(localPane->view(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), remotePane->view());
    QCOMPARE(window.page()->activePane(), remotePane);
    QTest::keyClick(remotePane->view(), Qt::Key_Home);
    QCOMPARE(currentName(remotePane), QStringLiteral("docs"));
    // Enter opens the folder; Backspace goes up; Alt+Left back; Alt+Right forward.
    QTest::keyClick(remotePane->view(), Qt::Key_Return);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/docs")));
    QTest::keyClick(remotePane->view(), Qt::Key_Backspace);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/")));
    QTest::keyClick(remotePane->view(), Qt::Key_Left, Qt::AltModifier);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/docs")));
    QTest::keyClick(remotePane->view(), Qt::Key_Right, Qt::AltModifier);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/")));
    QTest::keyClick(remotePane->view(), Qt::Key_Up, Qt::AltModifier); // at the top: nothing
    QCOMPARE(remotePane->controller()->path(), QStringLiteral("/"));
    // Type-ahead selects.
    QTest::keyClicks(remotePane->view(), QStringLiteral("pho"));
    QCOMPARE(currentName(remotePane), QStringLiteral("photo.jpg"));
    // Enter on a file: downloaded to the local pane's folder, which shows it.
    QTest::keyClick(remotePane->view(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(local + QStringLiteral("/photo.jpg")), 30000);
    QTRY_VERIFY(namesIn(localPane->controller()).contains(QStringLiteral("photo.jpg")));
    // Ctrl+L edits the location; a typed path opens.
    QTest::keyClick(remotePane->view(), Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), remotePane->locationEdit());
    QCOMPARE(remotePane->locationEdit()->selectedText(), QStringLiteral("/"));
    QTest::keyClicks(remotePane->locationEdit(), QStringLiteral("/docs"));
    QTest::keyClick(remotePane->locationEdit(), Qt::Key_Return);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/docs")));
    QCOMPARE(QApplication::focusWidget(), remotePane->view());
    // A folder that cannot be opened: back where it was, and the banner says why (and stays).
    QTest::keyClick(remotePane->view(), Qt::Key_L, Qt::ControlModifier);
    QTest::keyClicks(remotePane->locationEdit(), QStringLiteral("/no-such-folder"));
    QTest::keyClick(remotePane->locationEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                 remotePane->banner()->text().contains(QStringLiteral("/no-such-folder")),
                             20000);
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/docs")));
    QTest::qWait(200);
    QVERIFY(remotePane->banner()->isVisible());
    // F5: what the server got meanwhile shows.
    QVERIFY(m_server->writeFile(QStringLiteral("docs/later.txt"), "later"));
    QTest::keyClick(remotePane->view(), Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(namesIn(remotePane->controller()).contains(QStringLiteral("later.txt")), 20000);
    QVERIFY(QFile::remove(m_server->rootPath() + QStringLiteral("/docs/later.txt")));
    // Shift+Tab goes back to the local pane.
    QTest::keyClick(remotePane->view(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), localPane->view());
    saveScreenshot(&window, QStringLiteral("03-browsed"));
}

void TestMainWindow::mouseAndContextMenu()
{
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("local"));
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(local);
    window.connectAddress(urlFor(*m_server));
    Pane *remotePane = window.page()->remotePane();
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/")));

    // A double-click on a folder opens it; on a file, downloads it.
    const QRect docs = rowRect(remotePane, QStringLiteral("docs"));
    doubleClick(remotePane->view()->viewport(), docs.center());
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/docs")));
    doubleClick(remotePane->view()->viewport(), rowRect(remotePane, QStringLiteral("readme.txt")).center());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(local + QStringLiteral("/readme.txt")), 30000);
    QCOMPARE(fileSha256(local + QStringLiteral("/readme.txt")), sha256("read me"));

    // A header click sorts (folders stay first); a second click reverses.
    remotePane->controller()->up();
    QVERIFY(waitLoaded(remotePane->controller(), QStringLiteral("/")));
    QHeaderView *header = remotePane->view()->header();
    const int sizeX = header->sectionViewportPosition(DirectoryModel::SizeColumn) + 5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(sizeX, header->height() / 2));
    QCOMPARE(remotePane->controller()->proxy()->sortColumn(), int(DirectoryModel::SizeColumn));
    QCOMPARE(namesIn(remotePane->controller()),
             (QStringList{QStringLiteral("docs"), QStringLiteral("notes.txt"), QStringLiteral("photo.jpg")}));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(sizeX, header->height() / 2));
    QCOMPARE(namesIn(remotePane->controller()),
             (QStringList{QStringLiteral("docs"), QStringLiteral("photo.jpg"), QStringLiteral("notes.txt")}));

    // The context menu of a file: transfer, queue, open, and the file commands.
    const QRect notes = rowRect(remotePane, QStringLiteral("notes.txt"));
    QTest::mouseClick(remotePane->view()->viewport(), Qt::LeftButton, {}, notes.center());
    QMetaObject::invokeMethod(
        remotePane->view(), [&] { Q_EMIT remotePane->view()->customContextMenuRequested(notes.center()); },
        Qt::QueuedConnection);
    QMenu *menu = waitForTopLevel<QMenu>();
    QVERIFY(menu);
    QStringList texts;
    for (QAction *a : menu->actions()) {
        if (!a->isSeparator())
            texts.append(a->text().remove(QLatin1Char('&')));
    }
    QVERIFY2((texts.mid(0, 4) == QStringList{QStringLiteral("Download"), QStringLiteral("Add to Queue"),
                                             QStringLiteral("Download and Delete From Server…"),
                                             QStringLiteral("Open")}),
             qPrintable(texts.join(QLatin1Char(','))));
    for (const char *t : {"New Folder…", "Rename", "Delete…", "Permissions…", "Copy URL", "Copy Path"})
        QVERIFY2(texts.contains(QString::fromUtf8(t)), t);
    QVERIFY(!texts.contains(QStringLiteral("Delete Permanently…"))); // no trash on a server
    saveScreenshot(menu->window(), QStringLiteral("04-context-menu"));
    // Copy URL from it.
    QAction *copyUrl = window.actions()->get(Actions::Id::CopyUrl);
    menu->close();
    copyUrl->trigger();
    QCOMPARE(
        QGuiApplication::clipboard()->text(),
        QStringLiteral("ftp://%1@127.0.0.1:%2/notes.txt").arg(m_server->userName()).arg(m_server->port()));
    saveScreenshot(&window, QStringLiteral("05-window"));
}

void TestMainWindow::fileOperationsByKeys()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(scratch.folder(QStringLiteral("local")));
    window.connectAddress(urlFor(*m_server));
    Pane *remotePane = window.page()->remotePane();
    PaneController *remote = remotePane->controller();
    QVERIFY(waitLoaded(remote, QStringLiteral("/")));
    remotePane->view()->setFocus();
    const QString root = m_server->rootPath();

    // F7: a new folder, named in a dialog.
    QTest::keyClick(remotePane->view(), Qt::Key_F7);
    auto *name = waitForTopLevel<QInputDialog>(QStringLiteral("nameDialog"));
    QVERIFY(name);
    QCOMPARE(name->textValue(), QStringLiteral("New folder"));
    name->setTextValue(QStringLiteral("made by F7"));
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(root + QStringLiteral("/made by F7")).isDir(), 20000);
    QTRY_VERIFY(namesIn(remote).contains(QStringLiteral("made by F7")));
    QVERIFY(reactivate(&window));

    // F2: rename in place.
    QVERIFY(m_server->writeFile(QStringLiteral("rename-me.txt"), "r"));
    remote->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(namesIn(remote).contains(QStringLiteral("rename-me.txt")), 20000);
    selectOnly(remotePane, QStringLiteral("rename-me.txt"));
    QTest::keyClick(remotePane->view(), Qt::Key_F2);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("renamed.txt"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(root + QStringLiteral("/renamed.txt")), 20000);
    QTRY_VERIFY(namesIn(remote).contains(QStringLiteral("renamed.txt")));
    QVERIFY(!namesIn(remote).contains(QStringLiteral("rename-me.txt")));

    // Alt+Return: permissions, typed as a number.
    selectOnly(remotePane, QStringLiteral("renamed.txt"));
    QTest::keyClick(remotePane->view(), Qt::Key_Return, Qt::AltModifier);
    auto *permissions = waitForTopLevel<PermissionsDialog>();
    QVERIFY(permissions);
    permissions->octalEdit()->selectAll();
    QTest::keyClicks(permissions->octalEdit(), QStringLiteral("600"));
    QVERIFY(permissions->bitBox(0400)->isChecked());
    QVERIFY(!permissions->bitBox(0044 & 0040)->isChecked());
    QVERIFY(!permissions->recursiveBox()); // a file: nothing to recurse into
    permissions->accept();
    QVERIFY(reactivate(&window));
    QTRY_COMPARE_WITH_TIMEOUT(modeOf(root + QStringLiteral("/renamed.txt")), 0600, 20000);

    // Del: one confirmation for the whole selection, then gone.
    QVERIFY(m_server->writeFile(QStringLiteral("gone1.txt"), "1"));
    QVERIFY(m_server->writeFile(QStringLiteral("gone2.txt"), "2"));
    remote->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(namesIn(remote).contains(QStringLiteral("gone2.txt")), 20000);
    selectOnly(remotePane, QStringLiteral("gone1.txt"));
    QTest::keyClick(remotePane->view(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(remotePane->selectedEntries().size(), 2);
    QTest::keyClick(remotePane->view(), Qt::Key_Delete);
    auto *confirm = waitForTopLevel<QMessageBox>(QStringLiteral("deleteConfirmation"));
    QVERIFY(confirm);
    QVERIFY(confirm->text().contains(QStringLiteral("2 items")));
    QTest::keyClick(confirm, Qt::Key_Return); // the default button deletes
    QVERIFY(reactivate(&window));
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(root + QStringLiteral("/gone1.txt")) &&
                                 !QFileInfo::exists(root + QStringLiteral("/gone2.txt")),
                             20000);
    QTRY_VERIFY(!namesIn(remote).contains(QStringLiteral("gone1.txt")));

    // An error shows in the pane's banner and the log, never as a box.
    remote->makeFolder(QStringLiteral("made by F7"));
    QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                 remotePane->banner()->type() == MessageBanner::Type::Error,
                             20000);
    saveScreenshot(&window, QStringLiteral("06-error-banner"));
    QVERIFY(!waitForTopLevel<QMessageBox>({}, 300));
    QFile::remove(root + QStringLiteral("/renamed.txt"));
    QDir(root + QStringLiteral("/made by F7")).removeRecursively();
}

void TestMainWindow::localTrashAndFilters()
{
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("local"));
    for (const char *name : {"a.md", "b.md", "c.txt", ".dotfile", "trash-me.txt", "purge-me.txt"}) {
        QFile f(local + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(local);
    Pane *pane = window.page()->localPane();
    PaneController *c = pane->controller();
    QVERIFY(waitLoaded(c, local));
    QCOMPARE(c->proxy()->rowCount(), 5); // .dotfile hidden
    pane->view()->setFocus();

    // Ctrl+H shows hidden files, again hides them.
    QTest::keyClick(pane->view(), Qt::Key_H, Qt::ControlModifier);
    QCOMPARE(c->proxy()->rowCount(), 6);
    QTest::keyClick(pane->view(), Qt::Key_H, Qt::ControlModifier);
    QCOMPARE(c->proxy()->rowCount(), 5);

    // Ctrl+F filters as you type; Esc clears and closes the field.
    QTest::keyClick(pane->view(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(pane->filterEdit()->isVisible());
    QCOMPARE(QApplication::focusWidget(), pane->filterEdit());
    QTest::keyClicks(pane->filterEdit(), QStringLiteral("*.md"));
    QCOMPARE(namesIn(c), (QStringList{QStringLiteral("a.md"), QStringLiteral("b.md")}));
    QTRY_VERIFY(pane->footer()->text().contains(QStringLiteral("not shown")));
    saveScreenshot(&window, QStringLiteral("07-filter"));
    QTest::keyClick(pane->filterEdit(), Qt::Key_Escape);
    QVERIFY(!pane->filterEdit()->isVisible());
    QCOMPARE(c->proxy()->rowCount(), 5);

    // Del: to the trash; Shift+Del: gone for good. One confirmation each.
    selectOnly(pane, QStringLiteral("trash-me.txt"));
    QTest::keyClick(pane->view(), Qt::Key_Delete);
    auto *confirm = waitForTopLevel<QMessageBox>(QStringLiteral("deleteConfirmation"));
    QVERIFY(confirm);
    QVERIFY(confirm->text().contains(QStringLiteral("trash")));
    QTest::keyClick(confirm, Qt::Key_Return);
    QVERIFY(reactivate(&window));
    QTRY_VERIFY(!QFileInfo::exists(local + QStringLiteral("/trash-me.txt")));
    selectOnly(pane, QStringLiteral("purge-me.txt"));
    QTest::keyClick(pane->view(), Qt::Key_Delete, Qt::ShiftModifier);
    confirm = waitForTopLevel<QMessageBox>(QStringLiteral("deleteConfirmation"));
    QVERIFY(confirm);
    QVERIFY(confirm->text().contains(QStringLiteral("for good")));
    QTest::keyClick(confirm, Qt::Key_Return);
    QTRY_VERIFY(!QFileInfo::exists(local + QStringLiteral("/purge-me.txt")));
    QTRY_COMPARE(namesIn(c),
                 (QStringList{QStringLiteral("a.md"), QStringLiteral("b.md"), QStringLiteral("c.txt")}));
    // The footer: counts and size, the selection's, the volume's free space.
    selectOnly(pane, QStringLiteral("a.md"));
    // The folder's totals (with the hidden .dotfile), and how many rows are not shown.
    QTRY_COMPARE(pane->footer()->text(),
                 QStringLiteral("Selected: 1 file, 0 bytes \u00b7 4 files, 0 bytes (1 not shown)"));
    QTRY_VERIFY(
        pane->findChild<QLabel *>(QStringLiteral("freeSpace"))->text().endsWith(QStringLiteral("free")));
}

void TestMainWindow::certificateDialogs()
{
    TestServer::Options options;
    options.tls = TestServer::Tls::Explicit;
    QString error;
    auto tls = TestServer::start(options, &error);
    QVERIFY2(tls, qPrintable(error));
    QVERIFY(tls->writeFile(QStringLiteral("secret.txt"), "s"));
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const QString address =
        QStringLiteral("ftpes://%1:%2@127.0.0.1:%3/").arg(tls->userName(), tls->password()).arg(tls->port());
    window.connectAddress(address);
    auto *dialog = waitForTopLevel<CertificateDialog>();
    QVERIFY(dialog);
    QCOMPARE(window.prompts()->currentDialog(), dialog);
    QVERIFY(!dialog->isChangedWarningShown());
    auto *fingerprint = dialog->findChild<QLabel *>(QStringLiteral("fingerprint"));
    QVERIFY(fingerprint);
    QCOMPARE(fingerprint->text().remove(QLatin1Char(':')).remove(QLatin1Char('\n')).toLower().toLatin1(),
             tls->certificateSha256());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("problems")));
    QVERIFY(dialog->button(CertificateRequest::Answer::AcceptOnce)->isDefault());
    saveScreenshot(dialog, QStringLiteral("08-certificate"));
    QTest::mouseClick(dialog->button(CertificateRequest::Answer::TrustAlways), Qt::LeftButton);
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/")));
    QTRY_COMPARE(window.security()->level(), SecurityIndicator::Level::Encrypted);
    QVERIFY(window.security()->text().startsWith(QStringLiteral("TLS 1.")));
    QVERIFY(!scratch.certificates->pinnedFingerprint(QStringLiteral("127.0.0.1"), tls->port()).isEmpty());
    saveScreenshot(&window, QStringLiteral("09-tls"));
    // The padlock shows the certificate.
    QTest::mouseClick(window.security(), Qt::LeftButton);
    auto *shown = waitForTopLevel<CertificateDialog>();
    QVERIFY(shown);
    QVERIFY(!shown->button(CertificateRequest::Answer::Reject)); // nothing to answer
    shown->close();
    window.siteTab()->disconnectFromServer();

    // A pinned certificate that changed: a warning, Reject as the default; Enter rejects.
    QSslCertificate other;
    {
        TestServer::Options wrong = options;
        wrong.cert = TestServer::TlsCert::WrongHost;
        auto otherServer = TestServer::start(wrong, &error);
        QVERIFY2(otherServer, qPrintable(error));
        QFile pem(otherServer->certificatePath());
        QVERIFY(pem.open(QIODevice::ReadOnly));
        other = QSslCertificate(pem.readAll(), QSsl::Pem);
    }
    QVERIFY(scratch.certificates->pin(QStringLiteral("127.0.0.1"), tls->port(), other));
    Scratch second; // a new process: no "accept once" from before
    second.certificates = std::make_unique<CertificateStore>(scratch.certificates->filePath());
    QVERIFY(second.certificates->load());
    MainWindow again(second.context());
    again.show();
    QVERIFY(QTest::qWaitForWindowActive(&again));
    again.connectAddress(address);
    auto *changed = waitForTopLevel<CertificateDialog>();
    QVERIFY(changed);
    QVERIFY(changed->isChangedWarningShown());
    QVERIFY(changed->button(CertificateRequest::Answer::Reject)->isDefault());
    saveScreenshot(changed, QStringLiteral("10-certificate-changed"));
    QTest::keyClick(changed, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(again.page()->remotePane()->banner()->isVisible(), 20000);
    QVERIFY(namesIn(again.siteTab()->remote()).isEmpty());
}

void TestMainWindow::passwordPrompt()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.connectAddress(
        QStringLiteral("ftp://%1@127.0.0.1:%2/").arg(m_server->userName()).arg(m_server->port()));
    auto *dialog = waitForTopLevel<PasswordDialog>();
    QVERIFY(dialog);
    QVERIFY(!dialog->rememberBox()->isEnabled()); // an address, not a site: nothing to keep it in
    QTest::keyClicks(dialog->passwordEdit(), m_server->password());
    QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/")));
    QVERIFY(namesIn(window.siteTab()->remote()).contains(QStringLiteral("notes.txt")));
}

// At 1920 px the name column takes what the other columns leave (both panes), never less
// than its own width; a width the user gave another column comes back at the next start
// and still wins, and the name's stretched width is not what is remembered.
void TestMainWindow::nameColumnTakesTheWidth()
{
    Scratch scratch;
    const auto fills = [](Pane *pane) {
        const QHeaderView *header = pane->view()->header();
        return header->length() == pane->view()->viewport()->width();
    };
    int ownNameWidth = 0;
    {
        MainWindow window(scratch.context());
        window.resize(1920, 1080);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (Pane *pane : {window.page()->localPane(), window.page()->remotePane()}) {
            QTRY_VERIFY(fills(pane));
            QVERIFY(pane->view()->header()->sectionSize(DirectoryModel::NameColumn) >
                    pane->view()->header()->sectionSize(DirectoryModel::TypeColumn) * 2);
        }
        Pane *remote = window.page()->remotePane();
        remote->view()->header()->resizeSection(DirectoryModel::SizeColumn, 150); // as a drag does
        QTRY_VERIFY(fills(remote));
        window.resize(800, 600); // narrower than the columns: the name keeps its own width
        QTRY_VERIFY(remote->view()->header()->length() > remote->view()->viewport()->width());
        ownNameWidth = remote->view()->header()->sectionSize(DirectoryModel::NameColumn);
        window.resize(1920, 1080);
        QTRY_VERIFY(fills(remote));
        window.close();
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Pane *remote = window.page()->remotePane();
    QCOMPARE(remote->view()->header()->sectionSize(DirectoryModel::SizeColumn), 150);
    QTRY_VERIFY(fills(remote));
    window.resize(800, 600);
    QTRY_COMPARE(remote->view()->header()->sectionSize(DirectoryModel::NameColumn), ownNameWidth);
}

void TestMainWindow::rememberedBetweenRuns()
{
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("remembered"));
    QList<int> splitter;
    {
        MainWindow window(scratch.context());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(1000, 700);
        window.openLocal(local);
        QVERIFY(waitLoaded(window.page()->localPane()->controller(), local));
        window.page()->localPane()->view()->sortByColumn(DirectoryModel::ModifiedColumn, Qt::DescendingOrder);
        window.page()->localPane()->view()->header()->resizeSection(DirectoryModel::NameColumn, 321);
        window.page()->splitter()->setSizes({300, 700});
        splitter = window.page()->splitter()->sizes();
        window.actions()->get(Actions::Id::ShowHidden)->trigger();
        window.close();
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal({}); // the last folder
    Pane *pane = window.page()->localPane();
    QVERIFY(waitLoaded(pane->controller(), local));
    QCOMPARE(window.size(), QSize(1000, 700));
    QCOMPARE(window.page()->splitter()->sizes(), splitter);
    QCOMPARE(pane->controller()->proxy()->sortColumn(), int(DirectoryModel::ModifiedColumn));
    QCOMPARE(pane->controller()->proxy()->sortOrder(), Qt::DescendingOrder);
    QCOMPARE(pane->view()->header()->sectionSize(DirectoryModel::NameColumn), 321);
    QVERIFY(window.actions()->get(Actions::Id::ShowHidden)->isChecked());
    QVERIFY(pane->controller()->showHidden());
}

// F5 on a long folder that changed on the server: the selected row stays selected and
// current, and the list stays where it was scrolled to (a diff, not a reset).
void TestMainWindow::refreshKeepsSelectionAndScroll()
{
    for (int i = 0; i < 300; ++i)
        QVERIFY(m_server->writeFile(QStringLiteral("many/f%1.txt").arg(i, 3, 10, QLatin1Char('0')), "x"));
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.connectAddress(urlFor(*m_server, QStringLiteral("/many/")));
    Pane *pane = window.page()->remotePane();
    QVERIFY(waitLoaded(pane->controller(), QStringLiteral("/many")));
    PaneView *view = pane->view();
    view->setFocus();
    selectOnly(pane, QStringLiteral("f150.txt"));
    view->scrollTo(view->currentIndex(), QAbstractItemView::PositionAtTop);
    const int scrolled = view->verticalScrollBar()->value();
    QVERIFY(scrolled > 0);
    QVERIFY(m_server->writeFile(QStringLiteral("many/f299b.txt"), "new"));
    QVERIFY(QFile::remove(m_server->rootPath() + QStringLiteral("/many/f299.txt")));
    QTest::keyClick(view, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(namesIn(pane->controller()).contains(QStringLiteral("f299b.txt")), 20000);
    QVERIFY(!namesIn(pane->controller()).contains(QStringLiteral("f299.txt")));
    QCOMPARE(currentName(pane), QStringLiteral("f150.txt"));
    QCOMPARE(pane->selectedEntries().size(), 1);
    QCOMPARE(pane->selectedEntries().first().name, QStringLiteral("f150.txt"));
    QCOMPARE(view->verticalScrollBar()->value(), scrolled);
    QVERIFY(QDir(m_server->rootPath() + QStringLiteral("/many")).removeRecursively());
}

// A 100,000-entry folder (vsftpd): it loads completely and the event loop keeps turning
// all along. How fast is bench/gui-listing's business (bench/RESULTS.md), not a test's.
void TestMainWindow::hundredThousandEntries()
{
    TestServer::Options options;
    options.kind = TestServer::Kind::Vsftpd;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    const QString big = server->rootPath() + QStringLiteral("/big");
    QVERIFY(QDir().mkpath(big));
    for (int i = 0; i < 100000; ++i) {
        QFile f(big + QStringLiteral("/file_%1.dat").arg(i, 6, 10, QLatin1Char('0')));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    server->fixOwnership();
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    window.connectAddress(urlFor(*server, QStringLiteral("/big/")));
    PaneController *remote = window.siteTab()->remote();
    QVERIFY(QTest::qWaitFor([&] { return remote->model()->rowCount() > 0; }, 60000));
    const int ticksAtFirstRows = ticks;
    QVERIFY(waitLoaded(remote, QStringLiteral("/big"), 120000));
    QCOMPARE(remote->proxy()->rowCount(), 100000);
    QCOMPARE(remote->proxy()->index(0, 0).data().toString(), QStringLiteral("file_000000.dat"));
    QCOMPARE(remote->proxy()->index(99999, 0).data().toString(), QStringLiteral("file_099999.dat"));
    QVERIFY2(ticks > ticksAtFirstRows, "the event loop turned while the rows came in");
    window.page()->remotePane()->view()->sortByColumn(DirectoryModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(remote->proxy()->index(0, 0).data().toString(), QStringLiteral("file_099999.dat"));
    saveScreenshot(&window, QStringLiteral("11-hundred-thousand"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
