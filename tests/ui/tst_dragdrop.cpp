// Drag and drop and copy/paste between the panes against pyftpdlib and vsftpd, through the
// models' mimeData/dropMimeData (what a view calls on a drop): local -> remote and back with
// several entries and folders (folder jobs), a drop on a folder row, a drop from a file
// manager (text/uri-list), `..` never carried, Ctrl+A Ctrl+C Tab Ctrl+V in the window,
// 10,000 files dropped at once without holding the window up, and, in the window's views
// with the keys held, moves within a pane (RNFR/RNTO on the server, a local rename),
// cross-pane drops that stay copies, and with Shift the drop menu (Copy Here, Move Here,
// Cancel): a move across the panes only from Move Here; Transfer > Move to Other Side
// (Shift+F6) with its one question for the selection.
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "entrymime.h"
#include "mainwindow.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "treeutil.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"

#include <QApplication>
#include <QClipboard>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>

#include <algorithm>
#include <ctime>

using namespace ferry;
using namespace ferry::test;

namespace {

// Every file below `root` with its SHA-256: "sub/c.txt" -> hex.
QMap<QString, QByteArray> treeOf(const QString &root)
{
    QMap<QString, QByteArray> tree;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    for (int i = 0; i < 100000 && it.hasNext(); ++i) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        tree.insert(QDir(root).relativeFilePath(path),
                    QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
    }
    return tree;
}

QModelIndex rowNamed(PaneController *pane, const QString &name)
{
    const QModelIndexList rows = rowsOf(pane, {name});
    return rows.isEmpty() ? QModelIndex() : rows.first();
}

// What a platform's drag delivers to a pane's list: the rows `names` of `from` selected and
// dragged (the view's own mimeData), with `keys` held, over the row `onto` of `to` (empty:
// the list's empty space), then dropped. The drop's action as the view set it, or
// IgnoreAction when the view refused the drop.
Qt::DropAction dragInView(PaneView *from, const QStringList &names, PaneView *to, const QString &onto,
                          Qt::KeyboardModifiers keys)
{
    from->clearSelection();
    QModelIndexList rows;
    for (int row = 0; row < from->model()->rowCount(); ++row) {
        const QModelIndex i = from->model()->index(row, 0);
        if (names.contains(i.data(DirectoryModel::NameRole).toString())) {
            from->selectionModel()->select(i, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            rows.append(i);
        }
    }
    if (rows.size() != names.size())
        return Qt::IgnoreAction;
    std::unique_ptr<QMimeData> data(from->model()->mimeData(rows));
    QPoint at(to->viewport()->width() / 2, to->viewport()->height() - 4); // below the rows
    for (int row = 0; !onto.isEmpty() && row < to->model()->rowCount(); ++row) {
        const QModelIndex i = to->model()->index(row, 0);
        if (i.data(DirectoryModel::NameRole).toString() == onto)
            at = to->visualRect(i).center();
    }
    const Qt::DropActions offered = from->model()->supportedDragActions();
    QDragEnterEvent enter(at, offered, data.get(), Qt::LeftButton, keys);
    QCoreApplication::sendEvent(to->viewport(), &enter);
    if (!enter.isAccepted())
        return Qt::IgnoreAction;
    QDragMoveEvent move(at, offered, data.get(), Qt::LeftButton, keys);
    QCoreApplication::sendEvent(to->viewport(), &move);
    if (!move.isAccepted())
        return Qt::IgnoreAction;
    QDropEvent drop(at, offered, data.get(), Qt::LeftButton, keys);
    drop.setDropAction(move.dropAction());
    QCoreApplication::sendEvent(to->viewport(), &drop);
    return drop.isAccepted() ? move.dropAction() : Qt::IgnoreAction;
}

// The drop menu a Shift drop across the panes opens: clicks the entry `name` (dropCopy,
// dropMove, dropCancel) with the mouse. False when no menu came up.
bool chooseInDropMenu(const char *name, QWidget *screenshotOf = nullptr, const QString &shot = {})
{
    QMenu *menu = nullptr;
    const bool shown = QTest::qWaitFor(
        [&menu] {
            menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            return menu && menu->isVisible() && menu->objectName() == QLatin1String("dropMenu");
        },
        5000);
    if (!shown)
        return false;
    auto *action = menu->findChild<QAction *>(QLatin1String(name));
    if (!action || !action->isEnabled())
        return false;
    if (screenshotOf)
        saveScreenshot(screenshotOf, shot);
    QTest::mouseMove(menu, menu->actionGeometry(action).center());
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    return QTest::qWaitFor([menu = QPointer<QMenu>(menu)] { return !menu || !menu->isVisible(); }, 5000);
}

} // namespace

class TestDragDrop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void mimeCarriesEntries();
    void dropBothWays_data();
    void dropBothWays();
    void copyPasteInTheWindow();
    void tenThousandFiles();
    void moveWithinPane_data() { dropBothWays_data(); }
    void moveWithinPane();
    void moveToOtherSide_data() { dropBothWays_data(); }
    void moveToOtherSide();
};

void TestDragDrop::mimeCarriesEntries()
{
    DirEntry a;
    a.name = QStringLiteral("a.txt");
    a.size = 3;
    DirEntry up;
    up.name = QStringLiteral("..");
    up.isDir = true;
    DirEntry sub;
    sub.name = QStringLiteral("sub");
    sub.isDir = true;
    std::unique_ptr<QMimeData> data(
        EntryMime::encode(EntryMime::localOrigin(), QStringLiteral("/home/me"), {a, up, sub}));
    const EntryMime::Payload p = EntryMime::decode(data.get());
    QCOMPARE(p.origin, QStringLiteral("local"));
    QCOMPARE(p.folder, QStringLiteral("/home/me"));
    QCOMPARE(p.entries.size(), 2); // never ".."
    QCOMPARE(p.entries.at(0).name, QStringLiteral("a.txt"));
    QCOMPARE(p.entries.at(0).size, qint64(3));
    QVERIFY(p.entries.at(1).isDir);
    // A file manager sees file URLs.
    QCOMPARE(EntryMime::localFiles(data.get()),
             (QStringList{QStringLiteral("/home/me/a.txt"), QStringLiteral("/home/me/sub")}));
    // A remote drag carries no file URLs.
    std::unique_ptr<QMimeData> remote(
        EntryMime::encode(EntryMime::remoteOrigin(QStringLiteral("ftp://x@h:21")), QStringLiteral("/"), {a}));
    QVERIFY(!remote->hasUrls());
    QVERIFY(EntryMime::decode(remote.get()).origin.startsWith(QStringLiteral("remote ")));
    // Another process (another Ferry, the clipboard) gets the bytes: the same payload.
    QVERIFY(data->formats().contains(QLatin1String(EntryMime::kType)));
    QMimeData copy;
    copy.setData(QLatin1String(EntryMime::kType), data->data(QLatin1String(EntryMime::kType)));
    const EntryMime::Payload q = EntryMime::decode(&copy);
    QCOMPARE(q.origin, p.origin);
    QCOMPARE(q.folder, p.folder);
    QCOMPARE(q.entries.size(), 2);
    QCOMPARE(q.entries.at(0).name, QStringLiteral("a.txt"));
    QCOMPARE(q.entries.at(0).size, qint64(3));
    QCOMPARE(q.entries.at(0).mtimeMs, p.entries.at(0).mtimeMs);
    QVERIFY(q.entries.at(1).isDir);
    // Bytes that do not read whole are nothing, not half a payload.
    QMimeData cut;
    const QByteArray bytes = data->data(QLatin1String(EntryMime::kType));
    cut.setData(QLatin1String(EntryMime::kType), bytes.first(bytes.size() - 3));
    QVERIFY(EntryMime::decode(&cut).isNull());
    cut.setData(QLatin1String(EntryMime::kType), QByteArray("{\"origin\":\"local\"}"));
    QVERIFY(EntryMime::decode(&cut).isNull());
}

void TestDragDrop::dropBothWays_data()
{
    addServerKindRows();
}

void TestDragDrop::dropBothWays()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString up =
        scratch.folderWith(QStringLiteral("up"), {{QStringLiteral("a.txt"), "alpha"},
                                                  {QStringLiteral("b.bin"), QByteArray(300000, 'b')},
                                                  {QStringLiteral("sub/c.txt"), "charlie"},
                                                  {QStringLiteral("sub/deep/d.txt"), "delta"},
                                                  {QStringLiteral("skip.txt"), "not selected"}});
    QVERIFY(server->writeFile(QStringLiteral("target/keep.txt"), "kept"));
    SiteTab tab(scratch.context());
    tab.local()->open(up);
    QVERIFY(connectTab(tab, *server));
    QVERIFY(waitLoaded(tab.local(), up));
    DirectorySortProxy *localProxy = tab.local()->proxy();
    DirectorySortProxy *remoteProxy = tab.remote()->proxy();

    // Local -> remote, several entries with a folder, dropped on the list's empty space.
    std::unique_ptr<QMimeData> drag(localProxy->mimeData(
        rowsOf(tab.local(), {QStringLiteral("a.txt"), QStringLiteral("b.bin"), QStringLiteral("sub")})));
    QVERIFY(drag);
    QVERIFY(!localProxy->canDropMimeData(drag.get(), Qt::CopyAction, -1, -1, {})); // its own pane
    QVERIFY(!localProxy->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(remoteProxy->canDropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(remoteProxy->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(waitIdle(scratch.queue.get()));
    QMap<QString, QByteArray> sent = treeOf(up);
    sent.remove(QStringLiteral("skip.txt"));
    QMap<QString, QByteArray> remoteTree = treeOf(server->rootPath());
    remoteTree.remove(QStringLiteral("target/keep.txt"));
    QCOMPARE(remoteTree, sent);
    // The remote pane learnt what arrived without a listing.
    QTRY_VERIFY_WITH_TIMEOUT(rowNamed(tab.remote(), QStringLiteral("a.txt")).isValid(), 5000);

    // A drop on a folder row goes into that folder.
    const QModelIndex target = rowNamed(tab.remote(), QStringLiteral("target"));
    QVERIFY(target.isValid());
    QVERIFY(remoteProxy->flags(target) & Qt::ItemIsDropEnabled);
    QVERIFY(!(remoteProxy->flags(rowNamed(tab.remote(), QStringLiteral("a.txt"))) & Qt::ItemIsDropEnabled));
    std::unique_ptr<QMimeData> one(localProxy->mimeData(rowsOf(tab.local(), {QStringLiteral("a.txt")})));
    QVERIFY(remoteProxy->dropMimeData(one.get(), Qt::CopyAction, -1, -1, target));
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(treeOf(server->rootPath() + QStringLiteral("/target")).keys(),
             (QStringList{QStringLiteral("a.txt"), QStringLiteral("keep.txt")}));

    // From a file manager: file URLs dropped on the remote pane are uploaded.
    const QString outside = scratch.folder(QStringLiteral("outside"));
    writeBytes(outside + QStringLiteral("/e.txt"), "echo");
    writeBytes(outside + QStringLiteral("/f/g.txt"), "golf");
    QMimeData uris;
    uris.setUrls({QUrl::fromLocalFile(outside + QStringLiteral("/e.txt")),
                  QUrl::fromLocalFile(outside + QStringLiteral("/f"))});
    QVERIFY(remoteProxy->dropMimeData(&uris, Qt::CopyAction, -1, -1, target));
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(treeOf(server->rootPath() + QStringLiteral("/target")),
             (QMap<QString, QByteArray>{
                 {QStringLiteral("a.txt"), treeOf(up).value(QStringLiteral("a.txt"))},
                 {QStringLiteral("e.txt"), treeOf(outside).value(QStringLiteral("e.txt"))},
                 {QStringLiteral("f/g.txt"), treeOf(outside).value(QStringLiteral("f/g.txt"))},
                 {QStringLiteral("keep.txt"),
                  QCryptographicHash::hash("kept", QCryptographicHash::Sha256).toHex()}}));
    // ... but not on the local pane (a file manager copies there itself).
    QVERIFY(!localProxy->canDropMimeData(&uris, Qt::CopyAction, -1, -1, {}));

    // Remote -> local: folders and files into another local folder.
    const QString down = scratch.folder(QStringLiteral("down"));
    tab.local()->open(down);
    QVERIFY(waitLoaded(tab.local(), down));
    tab.remote()->refresh();
    QVERIFY(waitLoaded(tab.remote(), QStringLiteral("/")));
    std::unique_ptr<QMimeData> back(remoteProxy->mimeData(
        rowsOf(tab.remote(), {QStringLiteral("sub"), QStringLiteral("b.bin"), QStringLiteral("target")})));
    QVERIFY(!back->hasUrls());
    QVERIFY(localProxy->dropMimeData(back.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(waitIdle(scratch.queue.get()));
    QMap<QString, QByteArray> expected;
    for (const QString &name :
         {QStringLiteral("sub/c.txt"), QStringLiteral("sub/deep/d.txt"), QStringLiteral("b.bin")})
        expected.insert(name, treeOf(up).value(name));
    const QMap<QString, QByteArray> targetTree = treeOf(server->rootPath() + QStringLiteral("/target"));
    for (auto it = targetTree.cbegin(); it != targetTree.cend(); ++it)
        expected.insert(QStringLiteral("target/") + it.key(), it.value());
    QCOMPARE(treeOf(down), expected);
    QCOMPARE(scratch.queue->countJobs({TransferJob::State::Failed}), qint64(0));
}

void TestDragDrop::copyPasteInTheWindow()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    Scratch scratch;
    const QString up = scratch.folderWith(
        QStringLiteral("up"), {{QStringLiteral("one.txt"), "1"}, {QStringLiteral("two/three.txt"), "3"}});
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(up);
    QVERIFY(connectWindow(window, *server));
    QVERIFY(waitLoaded(window.siteTab()->local(), up));
    PaneView *local = window.page()->localPane()->view();
    local->setFocus();
    QTRY_VERIFY(local->hasFocus());
    QTest::keyClick(local, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(local, Qt::Key_C, Qt::ControlModifier);
    QVERIFY(QGuiApplication::clipboard()->mimeData()->hasFormat(QLatin1String(EntryMime::kType)));
    QTest::keyClick(local, Qt::Key_Tab);
    PaneView *remote = window.page()->remotePane()->view();
    QTRY_VERIFY(remote->hasFocus());
    QTest::keyClick(remote, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(treeOf(server->rootPath()), treeOf(up));
    // Pasting in the pane it came from transfers nothing and says so.
    QTest::keyClick(remote, Qt::Key_Tab);
    QTRY_VERIFY(local->hasFocus());
    QTest::keyClick(local, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(window.page()->localPane()->banner()->isVisible());
}

// 10,000 selected local files dragged and dropped at once: the drag carries all of them (in
// this process and, as bytes, to another), the drop queues all of them (500 a turn), and the
// window goes on turning meanwhile. How long it takes is measured by bench/gui-drag.sh
// (bench/RESULTS.md, "The window: a drag of 10,000 files"), not here.
void TestDragDrop::tenThousandFiles()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    Scratch scratch;
    const QString many = scratch.folder(QStringLiteral("many"));
    for (int i = 0; i < 10000; ++i)
        writeBytes(many + QStringLiteral("/f%1.txt").arg(i, 5, 10, QLatin1Char('0')), QByteArray::number(i));
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(many);
    QVERIFY(connectWindow(window, *server));
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->local(), many, 60000));
    scratch.queue->stop(); // the drop is what is checked, not the uploads
    // What a drag hands the model at its start: every column's index of every selected row.
    QModelIndexList selected;
    for (const QModelIndex &row : rowsOf(tab->local())) {
        for (int column = 0; column < tab->local()->proxy()->columnCount(); ++column)
            selected.append(row.siblingAtColumn(column));
    }
    std::unique_ptr<QMimeData> drag(tab->local()->proxy()->mimeData(selected));
    QVERIFY(drag);
    QCOMPARE(EntryMime::decode(drag.get()).entries.size(), 10000);
    QCOMPARE(EntryMime::localFiles(drag.get()).size(), 10000);
    QMimeData elsewhere; // another Ferry: the bytes
    elsewhere.setData(QLatin1String(EntryMime::kType), drag->data(QLatin1String(EntryMime::kType)));
    QCOMPARE(EntryMime::decode(&elsewhere).entries.size(), 10000);
    // The drop returns before the queue holds everything (it takes them a slice a turn, so
    // the window goes on turning), then the rest follows.
    QVERIFY(tab->drop(SiteTab::Side::Remote, drag.get(), QStringLiteral("/")));
    scratch.queue->stop(); // the drop started the queue: the rows stay queued, to be counted
    QVERIFY(scratch.queue->countJobs({TransferJob::State::Queued}) < 10000);
    QTRY_COMPARE_WITH_TIMEOUT(scratch.queue->countJobs({TransferJob::State::Queued}), qint64(10000), 60000);
}

// Drags within a pane move (Dolphin's keys: none or Shift moves; Ctrl copies, in the local
// pane; a server cannot copy its own files: refused there), a file that exists at the target is not
// replaced, a folder never goes into itself, and a drag across the panes is a copy whatever
// the keys: its source stays.
void TestDragDrop::moveWithinPane()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString here = scratch.folderWith(QStringLiteral("here"),
                                            {{QStringLiteral("l.txt"), "local move"},
                                             {QStringLiteral("up.txt"), "goes up"},
                                             {QStringLiteral("mv.txt"), "moves up"},
                                             {QStringLiteral("stay.txt"), "cancelled"},
                                             {QStringLiteral("c.txt"), "copied here"},
                                             {QStringLiteral("cdir/inner.txt"), "copied with its folder"}});
    QVERIFY(QDir(here).mkpath(QStringLiteral("ldir")));
    QVERIFY(server->writeFile(QStringLiteral("a.txt"), "alpha"));
    QVERIFY(server->writeFile(QStringLiteral("b.txt"), "bravo"));
    QVERIFY(server->writeFile(QStringLiteral("same.txt"), "the one dragged"));
    QVERIFY(server->writeFile(QStringLiteral("sub/x.txt"), "inside sub"));
    QVERIFY(server->writeFile(QStringLiteral("dir/same.txt"), "the one there"));
    QVERIFY(server->writeFile(QStringLiteral("down.txt"), "moves down"));
    MainWindow window(scratch.context());
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(here);
    QVERIFY(connectWindow(window, *server));
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->local(), here));
    PaneView *local = window.page()->localPane()->view();
    PaneView *remote = window.page()->remotePane()->view();
    const QString root = server->rootPath();
    const auto content = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
    };

    // No key: a file and a folder dropped on the folder row "dir" move into it.
    QCOMPARE(dragInView(remote, {QStringLiteral("a.txt"), QStringLiteral("sub")}, remote,
                        QStringLiteral("dir"), Qt::NoModifier),
             Qt::MoveAction);
    QTRY_COMPARE_WITH_TIMEOUT(content(root + QStringLiteral("/dir/sub/x.txt")), QByteArray("inside sub"),
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(content(root + QStringLiteral("/dir/a.txt")), QByteArray("alpha"), 10000);
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/a.txt")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/sub")));
    // The pane shows it without a new listing.
    QTRY_VERIFY(!namesIn(tab->remote()).contains(QStringLiteral("a.txt")));
    QTRY_VERIFY(!namesIn(tab->remote()).contains(QStringLiteral("sub")));

    // Ctrl: a copy on the server, which FTP cannot make: refused, nothing changes.
    QCOMPARE(
        dragInView(remote, {QStringLiteral("b.txt")}, remote, QStringLiteral("dir"), Qt::ControlModifier),
        Qt::IgnoreAction);
    // Onto its own folder (the list's empty space) or a folder onto itself: refused.
    QCOMPARE(dragInView(remote, {QStringLiteral("b.txt")}, remote, QString(), Qt::ShiftModifier),
             Qt::IgnoreAction);
    QCOMPARE(dragInView(remote, {QStringLiteral("dir")}, remote, QStringLiteral("dir"), Qt::ShiftModifier),
             Qt::IgnoreAction);
    QTest::qWait(300);
    QCOMPARE(content(root + QStringLiteral("/b.txt")), QByteArray("bravo"));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/dir/b.txt")));

    // Shift: a move; but a name that exists in the target is not replaced, and the pane says so.
    QCOMPARE(dragInView(remote, {QStringLiteral("same.txt"), QStringLiteral("b.txt")}, remote,
                        QStringLiteral("dir"), Qt::ShiftModifier),
             Qt::MoveAction);
    QTRY_COMPARE_WITH_TIMEOUT(content(root + QStringLiteral("/dir/b.txt")), QByteArray("bravo"), 10000);
    QTRY_VERIFY(window.page()->remotePane()->banner()->isVisible());
    QVERIFY2(window.page()->remotePane()->banner()->text().contains(QStringLiteral("exists already")),
             qPrintable(window.page()->remotePane()->banner()->text()));
    QCOMPARE(content(root + QStringLiteral("/dir/same.txt")), QByteArray("the one there"));
    QCOMPARE(content(root + QStringLiteral("/same.txt")), QByteArray("the one dragged"));
    saveScreenshot(&window, QStringLiteral("dragdrop-move-exists"));

    // The local pane: a rename into the folder row "ldir".
    QCOMPARE(dragInView(local, {QStringLiteral("l.txt")}, local, QStringLiteral("ldir"), Qt::ShiftModifier),
             Qt::MoveAction);
    QTRY_COMPARE_WITH_TIMEOUT(content(here + QStringLiteral("/ldir/l.txt")), QByteArray("local move"), 10000);
    QVERIFY(!QFileInfo::exists(here + QStringLiteral("/l.txt")));
    QTRY_VERIFY(!namesIn(tab->local()).contains(QStringLiteral("l.txt")));

    // Ctrl in the local pane: a copy (a file and a folder with its contents); both stay.
    QCOMPARE(dragInView(local, {QStringLiteral("c.txt"), QStringLiteral("cdir")}, local,
                        QStringLiteral("ldir"), Qt::ControlModifier),
             Qt::CopyAction);
    QTRY_COMPARE_WITH_TIMEOUT(content(here + QStringLiteral("/ldir/cdir/inner.txt")),
                              QByteArray("copied with its folder"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(content(here + QStringLiteral("/ldir/c.txt")), QByteArray("copied here"),
                              10000);
    QCOMPARE(content(here + QStringLiteral("/c.txt")), QByteArray("copied here"));
    QCOMPARE(content(here + QStringLiteral("/cdir/inner.txt")), QByteArray("copied with its folder"));

    // Across the panes, Shift asks (Dolphin's drop menu). Copy Here: an upload, the local file stays.
    QCOMPARE(dragInView(local, {QStringLiteral("up.txt")}, remote, QString(), Qt::ShiftModifier),
             Qt::CopyAction);
    QVERIFY(chooseInDropMenu("dropCopy"));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(root + QStringLiteral("/up.txt")), 10000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(content(root + QStringLiteral("/up.txt")), QByteArray("goes up"));
    QCOMPARE(content(here + QStringLiteral("/up.txt")), QByteArray("goes up"));
    // Cancel: nothing happens.
    QCOMPARE(dragInView(local, {QStringLiteral("stay.txt")}, remote, QString(), Qt::ShiftModifier),
             Qt::CopyAction);
    QVERIFY(chooseInDropMenu("dropCancel"));
    QTest::qWait(300);
    QVERIFY(waitIdle(scratch.queue.get()));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/stay.txt")));
    QCOMPARE(content(here + QStringLiteral("/stay.txt")), QByteArray("cancelled"));
    // Move Here: uploaded, then the local file is deleted, and leaves the pane.
    QCOMPARE(dragInView(local, {QStringLiteral("mv.txt")}, remote, QString(), Qt::ShiftModifier),
             Qt::CopyAction);
    QVERIFY(chooseInDropMenu("dropMove", &window, QStringLiteral("dragdrop-drop-menu")));
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(here + QStringLiteral("/mv.txt")), 15000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(content(root + QStringLiteral("/mv.txt")), QByteArray("moves up"));
    QTRY_VERIFY(!namesIn(tab->local()).contains(QStringLiteral("mv.txt")));
    // ... and back, into "ldir": Copy Here keeps the server's file, Move Here deletes it.
    QCOMPARE(
        dragInView(remote, {QStringLiteral("same.txt")}, local, QStringLiteral("ldir"), Qt::ShiftModifier),
        Qt::CopyAction);
    QVERIFY(chooseInDropMenu("dropCopy"));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(here + QStringLiteral("/ldir/same.txt")), 10000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(content(here + QStringLiteral("/ldir/same.txt")), QByteArray("the one dragged"));
    QCOMPARE(content(root + QStringLiteral("/same.txt")), QByteArray("the one dragged"));
    QCOMPARE(
        dragInView(remote, {QStringLiteral("down.txt")}, local, QStringLiteral("ldir"), Qt::ShiftModifier),
        Qt::CopyAction);
    QVERIFY(chooseInDropMenu("dropMove"));
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(root + QStringLiteral("/down.txt")), 15000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(content(here + QStringLiteral("/ldir/down.txt")), QByteArray("moves down"));
    QTRY_VERIFY(!namesIn(tab->remote()).contains(QStringLiteral("down.txt")));
}

// Transfer > Move to Other Side (Shift+F6, also in the panes' context menu): its name says
// which way, one question for the whole selection, then each source goes once it arrived.
void TestDragDrop::moveToOtherSide()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString here = scratch.folder(QStringLiteral("here"));
    writeBytes(here + QStringLiteral("/m1.txt"), "first");
    writeBytes(here + QStringLiteral("/mdir/inner.bin"), randomBytes(200000, 3));
    writeBytes(here + QStringLiteral("/mdir/sub/deep.txt"), "deep");
    const QMap<QString, QByteArray> expected = treeOf(here + QStringLiteral("/mdir"));
    writeBytes(here + QStringLiteral("/kept.txt"), "not selected");
    QVERIFY(server->writeFile(QStringLiteral("r1.txt"), "from the server"));
    QVERIFY(server->writeFile(QStringLiteral("rdir/x.txt"), "x"));
    MainWindow window(scratch.context());
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(here);
    window.connectAddress(urlFor(*server));
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->local(), here));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    PaneView *local = window.page()->localPane()->view();
    PaneView *remote = window.page()->remotePane()->view();
    const QString root = server->rootPath();
    const auto content = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
    };
    auto *move = window.findChild<QAction *>(QStringLiteral("MoveToOtherSide"));
    QVERIFY(move);

    // The local pane: m1.txt and mdir selected, Shift+F6.
    window.page()->setActivePane(window.page()->localPane());
    local->setFocus();
    local->clearSelection();
    for (const QModelIndex &row : rowsOf(tab->local(), {QStringLiteral("m1.txt"), QStringLiteral("mdir")}))
        local->selectionModel()->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_VERIFY(move->isEnabled());
    QCOMPARE(move->text(), QStringLiteral("Upload and De&lete Local Copy…"));
    QMenu context;
    window.findChild<Actions *>()->fillContextMenu(&context);
    QVERIFY(context.actions().contains(move));
    QTest::keyClick(local, Qt::Key_F6, Qt::ShiftModifier);
    QMessageBox *box = nullptr;
    QTRY_VERIFY(box = window.findChild<QMessageBox *>(QStringLiteral("moveConfirmation")));
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("these 2 items")), qPrintable(box->text()));
    QVERIFY(waitIdle(scratch.queue.get(), 2000)); // nothing moves before the answer
    QVERIFY(QFileInfo::exists(here + QStringLiteral("/m1.txt")));
    saveScreenshot(box, QStringLiteral("move-confirmation"));
    QPushButton *yes = nullptr;
    for (QAbstractButton *b : box->buttons()) {
        if (box->buttonRole(b) == QMessageBox::AcceptRole)
            yes = qobject_cast<QPushButton *>(b);
    }
    QVERIFY(yes);
    QTest::mouseClick(yes, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(here + QStringLiteral("/mdir")), 20000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QVERIFY(!QFileInfo::exists(here + QStringLiteral("/m1.txt")));
    QCOMPARE(content(root + QStringLiteral("/m1.txt")), QByteArray("first"));
    QCOMPARE(treeOf(root + QStringLiteral("/mdir")), expected);
    QCOMPARE(content(here + QStringLiteral("/kept.txt")), QByteArray("not selected"));
    QTRY_VERIFY(!namesIn(tab->local()).contains(QStringLiteral("mdir")));
    // The queue pane's rows say "move".
    const QList<TransferJob> jobs = scratch.queue->jobs(0, 100);
    QVERIFY(std::any_of(jobs.cbegin(), jobs.cend(), [](const TransferJob &j) {
        return j.removeSource && j.kind == TransferJob::Kind::UploadFolder &&
               j.state == TransferJob::State::Done;
    }));

    // The remote pane, from the Transfer menu: a download, then the server's copies go.
    window.page()->setActivePane(window.page()->remotePane());
    remote->setFocus();
    remote->clearSelection();
    for (const QModelIndex &row : rowsOf(tab->remote(), {QStringLiteral("r1.txt"), QStringLiteral("rdir")}))
        remote->selectionModel()->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_COMPARE(move->text(), QStringLiteral("Download and De&lete From Server…"));
    move->trigger();
    QTRY_VERIFY(box = window.findChild<QMessageBox *>(QStringLiteral("moveConfirmation")));
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("delete it from the server")), qPrintable(box->text()));
    for (QAbstractButton *b : box->buttons()) {
        if (box->buttonRole(b) == QMessageBox::AcceptRole)
            b->click();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(root + QStringLiteral("/rdir")), 20000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/r1.txt")));
    QCOMPARE(content(here + QStringLiteral("/r1.txt")), QByteArray("from the server"));
    QCOMPARE(content(here + QStringLiteral("/rdir/x.txt")), QByteArray("x"));
    QTRY_VERIFY(!namesIn(tab->remote()).contains(QStringLiteral("r1.txt")));
}

QTEST_MAIN(TestDragDrop)
#include "tst_dragdrop.moc"
