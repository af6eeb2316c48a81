// View and Edit of a server's files in the window, against pyftpdlib and vsftpd: F4 downloads
// a copy into a private (0700) temporary folder and hands it to the opener (recorded here,
// no application runs); the test saves it as an editor does (a new file renamed over the
// old one), the banner offers the upload, and the server's file then equals the copy
// (SHA-256). "Always Upload" uploads the next saves without asking; a file changed on the
// server meanwhile is reported and nothing is uploaded until the user says so (also with
// "always upload" on); F3's read-only copy never goes back; closing the window removes the
// copies, asking first about changes not on the server.
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/paneview.h"
#include "browser/remoteeditbanner.h"
#include "browser/remoteeditor.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/hostkeydialog.h"
#include "prompts/promptbroker.h"
#include "sshtestserver.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <cstdio>

using namespace ferry;
using namespace ferry::test;

namespace {

using State = RemoteEditor::State;

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// What an editor does on save: the new text to a file beside it, renamed over the old one
// (the watcher loses the path; the editor must notice anyway).
bool saveLikeAnEditor(const QString &path, const QByteArray &content)
{
    const QString temp = path + QStringLiteral(".swp~");
    QFile f(temp);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return false;
    f.close();
    return std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0;
}

bool isPrivate(const QString &folder)
{
    const QFile::Permissions p = QFileInfo(folder).permissions();
    const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                      QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    return QFileInfo(folder).isDir() && !(p & others) && (p & QFile::WriteOwner);
}

// The window connected to a test server, its remote pane showing "/" with `files`.
struct Fixture {
    std::unique_ptr<TestServer> server;
    Scratch scratch;
    std::unique_ptr<MainWindow> window;
    RemoteEditor *editor = nullptr;
    MessageBanner *banner = nullptr;
    QList<State> states; // every state the files went through, in order
    QString root;        // the server's files on this machine

    bool start(TestServer::Kind kind, const QMap<QString, QByteArray> &files)
    {
        TestServer::Options options;
        options.kind = kind;
        QString error;
        server = TestServer::start(options, &error);
        if (!server) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            if (!server->writeFile(it.key(), it.value()))
                return false;
        }
        root = server->rootPath();
        if (!open(urlFor(*server)))
            return false;
        return waitLoaded(window->siteTab()->remote(), QStringLiteral("/"));
    }
    // The window, connecting to `address` (not waiting for it).
    bool open(const QString &address, const QString &password = {})
    {
        window = std::make_unique<MainWindow>(scratch.context());
        window->show();
        if (!QTest::qWaitForWindowActive(window.get()))
            return false;
        window->openLocal(scratch.folder(QStringLiteral("local")));
        window->connectAddress(address, password);
        editor = window->siteTab()->editor();
        banner = window->editBanner()->banner();
        QObject::connect(editor, &RemoteEditor::fileChanged, editor, [this](int id) {
            states.append(editor->file(id) ? editor->file(id)->state : State::Failed);
        });
        return true;
    }
    QString remoteFile(const QString &name) const { return root + QLatin1Char('/') + name; }
    // Selects `name` in the remote pane and presses `key` there; the path the opener got.
    QString press(const QString &name, Qt::Key key)
    {
        Pane *pane = window->page()->remotePane();
        QAbstractItemModel *model = pane->view()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(DirectoryModel::NameRole).toString() == name)
                pane->view()->setCurrentIndex(index);
        }
        pane->view()->setFocus();
        const qsizetype before = scratch.opened.size();
        QTest::keyClick(pane->view(), key);
        if (!QTest::qWaitFor([&] { return scratch.opened.size() > before; }, 30000))
            return {};
        return scratch.opened.last();
    }
    int idOf(const QString &localPath) const
    {
        for (int id : editor->ids()) {
            if (editor->file(id)->localPath == localPath)
                return id;
        }
        return 0;
    }
    State stateOf(int id) const { return editor->file(id) ? editor->file(id)->state : State::Failed; }
    // The banner's button `name`, when the banner shows one.
    QAction *action(const QString &name) const
    {
        return banner->isVisible() ? banner->findChild<QAction *>(name) : nullptr;
    }
    bool waitForAction(const QString &name, int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([&] { return action(name) != nullptr; }, timeoutMs);
    }
};

} // namespace

class TestRemoteEdit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // SFTP: ~/.ssh and the agent of a scratch home, never the user's.
        QVERIFY(useScratchSshHome(m_home));
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void editAndUploadOnSave_data();
    void editAndUploadOnSave();
    void serverChangedMeanwhile();
    void viewNeverUploads();
    void closingRemovesTheCopies();
    void closingDiscards();
    void editWithACommand();
    void editOverSftp();
    void uploadNeedsItsServer();

private:
    QTemporaryDir m_home;
};

void TestRemoteEdit::editAndUploadOnSave_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

void TestRemoteEdit::editAndUploadOnSave()
{
    QFETCH(int, kind);
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind(kind), {{QStringLiteral("notes.txt"), "first version\n"}}));

    // F4: a copy with the server's content, in a private folder of this window.
    const QString copy = fx.press(QStringLiteral("notes.txt"), Qt::Key_F4);
    QVERIFY(!copy.isEmpty());
    QCOMPARE(QFileInfo(copy).fileName(), QStringLiteral("notes.txt"));
    QVERIFY2(copy.startsWith(fx.editor->folder() + QLatin1Char('/')), qPrintable(copy));
    QVERIFY(isPrivate(fx.editor->folder()));
    QVERIFY(isPrivate(QFileInfo(copy).path()));
    QCOMPARE(contentOf(copy), QByteArray("first version\n"));
    const int id = fx.idOf(copy);
    QVERIFY(id > 0);
    QCOMPARE(fx.stateOf(id), State::Open);
    QVERIFY(!fx.banner->isVisible());

    // Saved: the banner asks, nothing is uploaded before the answer.
    const QByteArray second = "second version, longer\n";
    QVERIFY(saveLikeAnEditor(copy, second));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    QVERIFY(fx.banner->text().contains(QStringLiteral("notes.txt")));
    QTest::qWait(500);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("notes.txt"))), QByteArray("first version\n"));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("notes.txt")))), sha256(second),
                              30000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(id), State::Open, 20000);
    QVERIFY(fx.action(QStringLiteral("editUpload")) == nullptr); // the question is gone
    QVERIFY(fx.editor->unsent().isEmpty());

    // Saved again: "Always Upload" uploads it and remembers the choice.
    const QByteArray third = "third\n";
    QVERIFY(saveLikeAnEditor(copy, third));
    QVERIFY(fx.waitForAction(QStringLiteral("editAlwaysUpload")));
    fx.action(QStringLiteral("editAlwaysUpload"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("notes.txt")))), sha256(third),
                              30000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(id), State::Open, 20000);
    QCOMPARE(fx.scratch.settings->value(QStringLiteral("edit/uploadAutomatically")).toBool(), true);

    // ... so the next save goes up without a question.
    fx.states.clear();
    const QByteArray fourth = "fourth version, saved without a question\n";
    QVERIFY(saveLikeAnEditor(copy, fourth));
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("notes.txt")))), sha256(fourth),
                              30000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(id), State::Open, 20000);
    QVERIFY2(!fx.states.contains(State::Changed), "asked although 'always upload' was on");
    QVERIFY(fx.states.contains(State::Uploading));
    // The banner says it was uploaded (and how to stop that).
    QVERIFY(fx.waitForAction(QStringLiteral("editStopAuto")));
    QCOMPARE(fx.banner->type(), MessageBanner::Type::Positive);
    QCOMPARE(fx.scratch.queue->countJobs({TransferJob::State::Failed}), qint64(0));
}

void TestRemoteEdit::serverChangedMeanwhile()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib, {{QStringLiteral("shared.txt"), "as downloaded\n"}}));
    const QString copy = fx.press(QStringLiteral("shared.txt"), Qt::Key_F4);
    QVERIFY(!copy.isEmpty());
    const int id = fx.idOf(copy);
    QTRY_COMPARE(fx.stateOf(id), State::Open);

    // Someone else changes the server's file; then the copy is saved and "Upload" asked for.
    const QByteArray theirs = "changed by someone else on the server\n";
    QVERIFY(fx.server->writeFile(QStringLiteral("shared.txt"), theirs));
    const QByteArray mine = "my edit\n";
    QVERIFY(saveLikeAnEditor(copy, mine));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QVERIFY(fx.waitForAction(QStringLiteral("editUploadAnyway"), 20000));
    QCOMPARE(fx.stateOf(id), State::Conflict);
    QCOMPARE(fx.banner->type(), MessageBanner::Type::Warning);
    QVERIFY2(fx.banner->text().contains(QStringLiteral("changed on the server")),
             qPrintable(fx.banner->text()));
    QTest::qWait(1000);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("shared.txt"))), theirs); // not overwritten

    // "Ignore" keeps both as they are; with "always upload" on, a new save is still checked.
    fx.action(QStringLiteral("editIgnore"))->trigger();
    QCOMPARE(fx.stateOf(id), State::Open);
    fx.editor->setUploadsAutomatically(true);
    const QByteArray mineAgain = "my edit, saved again\n";
    QVERIFY(saveLikeAnEditor(copy, mineAgain));
    QVERIFY(fx.waitForAction(QStringLiteral("editUploadAnyway"), 20000));
    QTest::qWait(1000);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("shared.txt"))), theirs);

    // Confirmed: uploaded; the next check compares with what was uploaded (no conflict).
    fx.action(QStringLiteral("editUploadAnyway"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("shared.txt")))),
                              sha256(mineAgain), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(id), State::Open, 20000);
    fx.states.clear();
    const QByteArray last = "and once more, no conflict now\n";
    QVERIFY(saveLikeAnEditor(copy, last));
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("shared.txt")))), sha256(last),
                              30000);
    QVERIFY(!fx.states.contains(State::Conflict));
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(id), State::Open, 20000);

    // Deleted on the server: reported, not created again unless confirmed.
    QVERIFY(QFile::remove(fx.remoteFile(QStringLiteral("shared.txt"))));
    QVERIFY(saveLikeAnEditor(copy, "after the delete\n"));
    QVERIFY(fx.waitForAction(QStringLiteral("editUploadAnyway"), 20000));
    QVERIFY2(fx.banner->text().contains(QStringLiteral("not there any more")), qPrintable(fx.banner->text()));
    QTest::qWait(1000);
    QVERIFY(!QFileInfo::exists(fx.remoteFile(QStringLiteral("shared.txt"))));
    fx.action(QStringLiteral("editUploadAnyway"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(contentOf(fx.remoteFile(QStringLiteral("shared.txt"))),
                              QByteArray("after the delete\n"), 30000);
}

void TestRemoteEdit::viewNeverUploads()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib, {{QStringLiteral("readme.txt"), "read only\n"}}));
    fx.editor->setUploadsAutomatically(true); // even so
    const QString copy = fx.press(QStringLiteral("readme.txt"), Qt::Key_F3);
    QVERIFY(!copy.isEmpty());
    QVERIFY(copy.startsWith(fx.editor->folder() + QLatin1Char('/')));
    QCOMPARE(contentOf(copy), QByteArray("read only\n"));
    QVERIFY(!(QFileInfo(copy).permissions() & QFile::WriteOwner)); // the application says read-only
    const int id = fx.idOf(copy);
    QCOMPARE(fx.editor->file(id)->mode, RemoteEditor::Mode::View);

    // Written anyway (made writable first): nothing is offered, nothing goes up.
    QVERIFY(QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(saveLikeAnEditor(copy, "changed in the viewer\n"));
    QTest::qWait(1500);
    QCOMPARE(fx.stateOf(id), State::Open);
    QVERIFY(!fx.banner->isVisible());
    QCOMPARE(fx.scratch.queue->countJobs({TransferJob::State::Queued, TransferJob::State::Running}),
             qint64(0));
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("readme.txt"))), QByteArray("read only\n"));
    // The same file edited (F4) is a separate, writable copy.
    const QString editable = fx.press(QStringLiteral("readme.txt"), Qt::Key_F4);
    QVERIFY(!editable.isEmpty());
    QVERIFY(editable != copy);
    QVERIFY(QFileInfo(editable).permissions() & QFile::WriteOwner);
}

void TestRemoteEdit::closingRemovesTheCopies()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib,
                     {{QStringLiteral("a.txt"), "alpha\n"}, {QStringLiteral("b.txt"), "bravo\n"}}));
    const QString a = fx.press(QStringLiteral("a.txt"), Qt::Key_F4);
    const QString b = fx.press(QStringLiteral("b.txt"), Qt::Key_F3);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    const QString folder = fx.editor->folder();
    QVERIFY(QFileInfo::exists(a) && QFileInfo::exists(b));

    // A change not on the server: closing asks; "Keep Ferry Open" keeps everything.
    const QByteArray edited = "alpha, edited before closing\n";
    QVERIFY(saveLikeAnEditor(a, edited));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    QVERIFY(!fx.window->close());
    QMessageBox *box = fx.window->editBanner()->openQuestion();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("a.txt")));
    box->findChild<QPushButton *>(QStringLiteral("keep"))->click();
    QTRY_VERIFY(!fx.window->editBanner()->openQuestion());
    QVERIFY(fx.window->isVisible());
    QVERIFY(QFileInfo::exists(a));

    // "Upload and Close": the change goes up, then the window closes and the folder goes.
    QVERIFY(!fx.window->close());
    box = fx.window->editBanner()->openQuestion();
    QVERIFY(box);
    box->findChild<QPushButton *>(QStringLiteral("upload"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!fx.window->isVisible(), 30000);
    QCOMPARE(sha256(contentOf(fx.remoteFile(QStringLiteral("a.txt")))), sha256(edited));
    QVERIFY(!QFileInfo::exists(folder));
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("b.txt"))), QByteArray("bravo\n"));
}

// "Discard Changes" closes without uploading; a copy without changes closes without a question.
void TestRemoteEdit::closingDiscards()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib,
                     {{QStringLiteral("c.txt"), "charlie\n"}, {QStringLiteral("d.txt"), "delta\n"}}));
    const QString c = fx.press(QStringLiteral("c.txt"), Qt::Key_F4);
    const QString d = fx.press(QStringLiteral("d.txt"), Qt::Key_F4);
    QVERIFY(!c.isEmpty() && !d.isEmpty());
    const QString folder = fx.editor->folder();
    QVERIFY(saveLikeAnEditor(c, "charlie, not wanted\n"));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    QVERIFY(!fx.window->close());
    QMessageBox *box = fx.window->editBanner()->openQuestion();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("c.txt")));
    QVERIFY(!box->text().contains(QStringLiteral("d.txt"))); // unchanged: not asked about
    box->findChild<QPushButton *>(QStringLiteral("discard"))->click();
    QTRY_VERIFY(!fx.window->isVisible());
    QVERIFY(!QFileInfo::exists(folder));
    QTest::qWait(500);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("c.txt"))), QByteArray("charlie\n"));

    // Only unchanged copies: no question at all.
    Fixture quiet;
    QVERIFY(quiet.start(TestServer::Kind::Pyftpdlib, {{QStringLiteral("e.txt"), "echo\n"}}));
    QVERIFY(!quiet.press(QStringLiteral("e.txt"), Qt::Key_F4).isEmpty());
    const QString quietFolder = quiet.editor->folder();
    QVERIFY(QFileInfo(quietFolder).isDir());
    QTRY_COMPARE(quiet.scratch.queue->progress().running, 0); // else the queue's own question
    QVERIFY(quiet.window->close());
    QVERIFY(!quiet.window->editBanner()->openQuestion());
    QVERIFY(!QFileInfo::exists(quietFolder));
}

// "Edit With…": the command typed (the last one suggested next time) gets the copy's path;
// the copy is watched like any edited file.
void TestRemoteEdit::editWithACommand()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib, {{QStringLiteral("page.html"), "<p>old</p>\n"}}));
    QList<QStringList> started;
    fx.editor->setLauncher([&started](const QString &program, const QStringList &arguments) {
        started.append(QStringList{program} + arguments);
        return true;
    });
    Pane *pane = fx.window->page()->remotePane();
    QAbstractItemModel *model = pane->view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(DirectoryModel::NameRole).toString() == QStringLiteral("page.html"))
            pane->view()->setCurrentIndex(model->index(row, 0));
    }
    pane->view()->setFocus();
    QTRY_VERIFY(fx.window->actions()->get(Actions::Id::EditWith)->isEnabled());
    fx.window->actions()->get(Actions::Id::EditWith)->trigger();
    auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
    QTRY_VERIFY((dialog = fx.window->findChild<QInputDialog *>(QStringLiteral("nameDialog"))) != nullptr);
    QVERIFY(dialog->textValue().isEmpty()); // nothing chosen before
    dialog->setTextValue(QStringLiteral("my-editor --new-window \"two words\""));
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 30000);
    const QStringList run = started.first();
    QCOMPARE(run.mid(0, 3), (QStringList{QStringLiteral("my-editor"), QStringLiteral("--new-window"),
                                         QStringLiteral("two words")}));
    QCOMPARE(run.size(), 4);
    const QString copy = run.at(3);
    QVERIFY(copy.startsWith(fx.editor->folder() + QLatin1Char('/')));
    QCOMPARE(contentOf(copy), QByteArray("<p>old</p>\n"));
    QVERIFY(fx.scratch.opened.isEmpty()); // not the desktop's application
    QCOMPARE(fx.editor->lastCommand(), QStringLiteral("my-editor --new-window \"two words\""));
    QVERIFY(saveLikeAnEditor(copy, "<p>new</p>\n"));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(contentOf(fx.remoteFile(QStringLiteral("page.html"))),
                              QByteArray("<p>new</p>\n"), 30000);
    // Next time the last command is suggested.
    fx.window->actions()->get(Actions::Id::EditWith)->trigger();
    QTRY_VERIFY((dialog = fx.window->findChild<QInputDialog *>(QStringLiteral("nameDialog"))) != nullptr);
    QCOMPARE(dialog->textValue(), QStringLiteral("my-editor --new-window \"two words\""));
    dialog->reject();
}

// The same over SFTP (OpenSSH's sshd): stat, the queue's download and upload, a conflict.
void TestRemoteEdit::editOverSftp()
{
    QString error;
    auto server = SshTestServer::start({}, &error);
    if (!server)
        QSKIP(qPrintable(QStringLiteral("sshd could not be started: ") + error));
    QVERIFY(server->writeFile(QStringLiteral("edit/notes.txt"), "over ssh\n"));
    Fixture fx;
    fx.root = server->rootPath() + QStringLiteral("/edit");
    QVERIFY(fx.open(
        QStringLiteral("sftp://%1@127.0.0.1:%2%3/").arg(server->userName()).arg(server->port()).arg(fx.root),
        server->password()));
    HostKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = qobject_cast<HostKeyDialog *>(fx.window->prompts()->currentDialog())),
                             20000);
    QTest::mouseClick(dialog->button(HostKeyQuestion::Answer::AcceptOnce), Qt::LeftButton);
    QVERIFY(waitLoaded(fx.window->siteTab()->remote(), fx.root));
    fx.window->activateWindow(); // offscreen: no window manager gives it back after the dialog
    QVERIFY(QTest::qWaitForWindowActive(fx.window.get()));

    const QString copy = fx.press(QStringLiteral("notes.txt"), Qt::Key_F4);
    QVERIFY(!copy.isEmpty());
    QCOMPARE(contentOf(copy), QByteArray("over ssh\n"));
    const QByteArray mine = "edited over ssh, then uploaded\n";
    QVERIFY(saveLikeAnEditor(copy, mine));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(sha256(contentOf(fx.remoteFile(QStringLiteral("notes.txt")))), sha256(mine),
                              30000);
    QTRY_COMPARE_WITH_TIMEOUT(fx.stateOf(fx.idOf(copy)), State::Open, 20000);

    const QByteArray theirs = "changed on the ssh server by someone else\n";
    QVERIFY(server->writeFile(QStringLiteral("edit/notes.txt"), theirs));
    QVERIFY(saveLikeAnEditor(copy, "mine again\n"));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QVERIFY(fx.waitForAction(QStringLiteral("editUploadAnyway"), 20000));
    QTest::qWait(500);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("notes.txt"))), theirs);
}

// Disconnected: a save is still offered, "Upload" says to connect again and sends nothing;
// connected again, the same button uploads it.
void TestRemoteEdit::uploadNeedsItsServer()
{
    Fixture fx;
    QVERIFY(fx.start(TestServer::Kind::Pyftpdlib, {{QStringLiteral("later.txt"), "before\n"}}));
    const QString copy = fx.press(QStringLiteral("later.txt"), Qt::Key_F4);
    QVERIFY(!copy.isEmpty());
    const int id = fx.idOf(copy);
    fx.window->siteTab()->disconnectFromServer();
    QVERIFY(saveLikeAnEditor(copy, "written while disconnected\n"));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QCOMPARE(fx.stateOf(id), State::Changed);
    QVERIFY2(fx.banner->text().contains(QStringLiteral("Connect to the server again")),
             qPrintable(fx.banner->text()));
    QTest::qWait(500);
    QCOMPARE(contentOf(fx.remoteFile(QStringLiteral("later.txt"))), QByteArray("before\n"));

    fx.window->connectAddress(urlFor(*fx.server));
    QVERIFY(waitLoaded(fx.window->siteTab()->remote(), QStringLiteral("/")));
    QVERIFY(fx.waitForAction(QStringLiteral("editUpload")));
    fx.action(QStringLiteral("editUpload"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(contentOf(fx.remoteFile(QStringLiteral("later.txt"))),
                              QByteArray("written while disconnected\n"), 30000);
}

QTEST_MAIN(TestRemoteEdit)
#include "tst_remoteedit.moc"
