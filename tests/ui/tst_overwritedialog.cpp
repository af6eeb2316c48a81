// The window's "target file exists" question (issue #16 §3) against pyftpdlib and vsftpd:
// uploads into files that exist, the OverwriteDialog found among the top-level windows,
// the queue running other files while it waits, "overwrite if newer" with "apply to all"
// (the right files replaced, no second dialog, and the next run asks again), rename to the
// suggested and to an own name, resume of a partial target, skip and Cancel, and "always
// for this site" surviving a new window. FERRY_SCREENSHOT_DIR=dir saves the dialog.
#include "browser/sitetab.h"
#include "formatting.h"
#include "mainwindow.h"
#include "prompts/overwritedialog.h"
#include "prompts/promptbroker.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>

using namespace ferry;
using namespace ferry::test;

namespace {

using State = TransferJob::State;

bool write(const QString &path, const QByteArray &content, const QDateTime &mtime = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size() || !f.flush())
        return false; // flushed: the time set below is the last change
    return !mtime.isValid() || f.setFileTime(mtime, QFileDevice::FileModificationTime);
}

bool setTime(const QString &path, const QDateTime &mtime)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(mtime, QFileDevice::FileModificationTime);
}

QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// The overwrite dialog on screen, if one is.
OverwriteDialog *shownDialog()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *dialog = qobject_cast<OverwriteDialog *>(w); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

OverwriteDialog *waitDialog(int timeoutMs = 30000)
{
    OverwriteDialog *dialog = nullptr;
    return QTest::qWaitFor([&] { return (dialog = shownDialog()) != nullptr; }, timeoutMs) ? dialog : nullptr;
}

QString text(QWidget *dialog, const QString &label)
{
    auto *l = dialog->findChild<QLabel *>(label);
    return l ? l->text() : QString();
}

// The source's file name as the dialog shows it.
QString sourceName(OverwriteDialog *dialog)
{
    return text(dialog, QStringLiteral("sourceName")).section(QLatin1Char('/'), -1);
}

void click(OverwriteDialog *dialog, QDialogButtonBox::StandardButton which)
{
    QPushButton *button = dialog->findChild<QDialogButtonBox *>()->button(which);
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

void choose(OverwriteDialog *dialog, const char *radio)
{
    auto *button = dialog->findChild<QRadioButton *>(QLatin1String(radio));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(6, button->height() / 2));
    QVERIFY(button->isChecked());
}

// A window on `local` and the server's "/", ready to transfer.
bool openWindow(MainWindow &window, const QString &local, const TestServer &server)
{
    window.resize(1100, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.openLocal(local);
    return connectWindow(window, server) && waitLoaded(window.siteTab()->local(), local);
}

QList<DirEntry> entries(PaneController *pane, const QStringList &names)
{
    QList<DirEntry> list;
    for (int row = 0; row < pane->proxy()->rowCount(); ++row) {
        const QModelIndex i = pane->proxy()->mapToSource(pane->proxy()->index(row, 0));
        const DirEntry e = pane->model()->entry(i.row());
        if (names.contains(e.name))
            list.append(e);
    }
    return list;
}

} // namespace

class TestOverwriteDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void newerForAll_data() { servers(); }
    void newerForAll();
    void renameResumeSkip_data() { servers(); }
    void renameResumeSkip();
    void downloads_data() { servers(); }
    void downloads();
    void alwaysForSite();

private:
    void servers()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
        QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
    }
};

// Five files dropped on the remote pane, three of which exist there with other sizes and
// times; "overwrite if newer" for all replaces exactly the two older ones.
void TestOverwriteDialog::newerForAll()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString up = scratch.folder(QStringLiteral("up"));
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-7200);
    const QDateTime older = t0.addDays(-1);
    const QDateTime newer = t0.addSecs(3600);
    const QMap<QString, QByteArray> local = {
        {QStringLiteral("a.txt"), "alpha"},         {QStringLiteral("b.txt"), "bravo, the newer local one"},
        {QStringLiteral("c.txt"), "charlie local"}, {QStringLiteral("d.txt"), "delta, newer here"},
        {QStringLiteral("e.txt"), "echo"},
    };
    for (auto it = local.cbegin(); it != local.cend(); ++it)
        QVERIFY(write(up + QLatin1Char('/') + it.key(), it.value(), t0));
    const QString root = server->rootPath() + QLatin1Char('/');
    QVERIFY(server->writeFile(QStringLiteral("b.txt"), "old b"));
    QVERIFY(server->writeFile(QStringLiteral("c.txt"), "charlie on the server, newer"));
    QVERIFY(server->writeFile(QStringLiteral("d.txt"), "old delta"));
    QVERIFY(setTime(root + QStringLiteral("b.txt"), older));
    QVERIFY(setTime(root + QStringLiteral("c.txt"), newer));
    QVERIFY(setTime(root + QStringLiteral("d.txt"), older));

    MainWindow window(scratch.context());
    QVERIFY(openWindow(window, up, *server));
    QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
    SiteTab *tab = window.siteTab();
    // Dropped like a drag from the local pane: the drop's jobs ask too.
    QModelIndexList rows;
    for (int row = 0; row < tab->local()->proxy()->rowCount(); ++row)
        rows.append(tab->local()->proxy()->index(row, 0));
    std::unique_ptr<QMimeData> drag(tab->local()->proxy()->mimeData(rows));
    QVERIFY(tab->remote()->proxy()->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));

    OverwriteDialog *dialog = waitDialog();
    QVERIFY(dialog);
    const QString name = sourceName(dialog);
    QVERIFY2(QStringList({QStringLiteral("b.txt"), QStringLiteral("c.txt"), QStringLiteral("d.txt")})
                 .contains(name),
             qPrintable(name));
    // Both sides: sizes and times, the newer one marked.
    QVERIFY(text(dialog, QStringLiteral("sourceSize")).contains(QString::number(local.value(name).size())));
    QVERIFY(
        text(dialog, QStringLiteral("targetSize")).contains(QString::number(QFileInfo(root + name).size())));
    const bool targetIsNewer = name == QStringLiteral("c.txt");
    QCOMPARE(text(dialog, QStringLiteral("targetTime")).contains(QStringLiteral("(newer)")), targetIsNewer);
    QCOMPARE(text(dialog, QStringLiteral("sourceTime")).contains(QStringLiteral("(newer)")), !targetIsNewer);
    const QString shownTime = text(dialog, QStringLiteral("sourceTime"));
    QVERIFY2(shownTime.startsWith(Format::dateTime(t0.toLocalTime(), true)), qPrintable(shownTime));

    // The files that do not exist there go while the question waits.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return read(root + QLatin1String("a.txt")) == "alpha" &&
                   read(root + QLatin1String("e.txt")) == "echo";
        },
        30000));
    QCOMPARE(shownDialog(), dialog);
    QCOMPARE(opened.count(), 1);
    saveScreenshot(dialog, QStringLiteral("overwrite-dialog"));

    choose(dialog, "ifNewer");
    QTest::mouseClick(dialog->findChild<QCheckBox *>(QStringLiteral("applyToAll")), Qt::LeftButton, {},
                      QPoint(6, 6));
    QVERIFY(dialog->applyToAll());
    click(dialog, QDialogButtonBox::Ok);
    QVERIFY(waitIdle(scratch.queue.get()));
    QTest::qWait(200); // a second dialog would be opened by now
    QCOMPARE(opened.count(), 1);
    QVERIFY(!shownDialog());
    QCOMPARE(read(root + QLatin1String("a.txt")), local.value(QStringLiteral("a.txt")));
    QCOMPARE(read(root + QLatin1String("b.txt")),
             local.value(QStringLiteral("b.txt"))); // older there: replaced
    QCOMPARE(read(root + QLatin1String("c.txt")),
             QByteArray("charlie on the server, newer")); // newer there: kept
    QCOMPARE(read(root + QLatin1String("d.txt")), local.value(QStringLiteral("d.txt")));
    QCOMPARE(read(root + QLatin1String("e.txt")), local.value(QStringLiteral("e.txt")));
    QCOMPARE(scratch.queue->countJobs({State::Skipped}), qint64(1));
    QCOMPARE(scratch.queue->countJobs({State::Failed}), qint64(0));

    // "For all" was this run's: the next transfer of c.txt asks again; Cancel skips it.
    tab->transfer(SiteTab::Side::Local, entries(tab->local(), {QStringLiteral("c.txt")}),
                  SiteTab::Start::Now);
    dialog = waitDialog();
    QVERIFY(dialog);
    QCOMPARE(sourceName(dialog), QStringLiteral("c.txt"));
    click(dialog, QDialogButtonBox::Cancel);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(opened.count(), 2);
    QCOMPARE(read(root + QLatin1String("c.txt")), QByteArray("charlie on the server, newer"));
    QCOMPARE(scratch.queue->countJobs({State::Skipped}), qint64(2));
}

// One question at a time, each answered differently: rename to the suggested free name,
// rename to an own name, resume a partial target, skip, and Cancel (= skip).
void TestOverwriteDialog::renameResumeSkip()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString up = scratch.folder(QStringLiteral("up"));
    QByteArray big(300000, Qt::Uninitialized);
    QRandomGenerator gen(16);
    for (char &c : big)
        c = char(gen.bounded(256));
    const QMap<QString, QByteArray> local = {
        {QStringLiteral("r.txt"), "report, local"},
        {QStringLiteral("t.txt"), "todo, local"},
        {QStringLiteral("p.bin"), big},
        {QStringLiteral("s.txt"), "skip, local"},
        {QStringLiteral("k.txt"), "keep, local"},
    };
    for (auto it = local.cbegin(); it != local.cend(); ++it)
        QVERIFY(write(up + QLatin1Char('/') + it.key(), it.value()));
    const QString root = server->rootPath() + QLatin1Char('/');
    const QMap<QString, QByteArray> remote = {
        {QStringLiteral("r.txt"), "report on the server"}, {QStringLiteral("t.txt"), "todo on the server"},
        {QStringLiteral("p.bin"), big.left(100000)},       {QStringLiteral("s.txt"), "skip on the server"},
        {QStringLiteral("k.txt"), "keep on the server"},
    };
    for (auto it = remote.cbegin(); it != remote.cend(); ++it)
        QVERIFY(server->writeFile(it.key(), it.value()));

    MainWindow window(scratch.context());
    QVERIFY(openWindow(window, up, *server));
    QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
    SiteTab *tab = window.siteTab();
    tab->transfer(SiteTab::Side::Local, entries(tab->local(), local.keys()), SiteTab::Start::Now);
    QStringList asked;
    for (int i = 0; i < 5; ++i) {
        OverwriteDialog *dialog = waitDialog();
        QVERIFY(dialog);
        const QString name = sourceName(dialog);
        QVERIFY2(!asked.contains(name), qPrintable(name));
        asked.append(name);
        auto *newName = dialog->findChild<QLineEdit *>(QStringLiteral("newName"));
        if (name == QStringLiteral("r.txt")) {
            choose(dialog, "rename");
            QCOMPARE(newName->text(), QStringLiteral("r (1).txt"));
        } else if (name == QStringLiteral("t.txt")) {
            choose(dialog, "rename");
            QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            newName->setText(QStringLiteral("sub/t.txt"));
            QVERIFY(!ok->isEnabled()); // a file name, not a path
            newName->setText(QStringLiteral(".."));
            QVERIFY(!ok->isEnabled());
            newName->selectAll();
            QTest::keyClicks(newName, QStringLiteral("t-mine.txt"));
            QCOMPARE(newName->text(), QStringLiteral("t-mine.txt"));
        } else if (name == QStringLiteral("p.bin")) {
            choose(dialog, "resume");
        } else if (name == QStringLiteral("k.txt")) {
            choose(dialog, "skip");
        }
        click(dialog, name == QStringLiteral("s.txt") ? QDialogButtonBox::Cancel : QDialogButtonBox::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(shownDialog() != dialog, 5000);
    }
    QVERIFY(waitIdle(scratch.queue.get()));
    QTest::qWait(200);
    QCOMPARE(opened.count(), 5);
    QVERIFY(!shownDialog());
    QCOMPARE(read(root + QLatin1String("r.txt")),
             remote.value(QStringLiteral("r.txt"))); // the original is untouched
    QCOMPARE(read(root + QLatin1String("r (1).txt")), local.value(QStringLiteral("r.txt")));
    QCOMPARE(read(root + QLatin1String("t.txt")), remote.value(QStringLiteral("t.txt")));
    QCOMPARE(read(root + QLatin1String("t-mine.txt")), local.value(QStringLiteral("t.txt")));
    QCOMPARE(sha256(read(root + QLatin1String("p.bin"))), sha256(big));
    QCOMPARE(read(root + QLatin1String("s.txt")), remote.value(QStringLiteral("s.txt")));
    QCOMPARE(read(root + QLatin1String("k.txt")), remote.value(QStringLiteral("k.txt")));
    // The resumed file sent only what was missing.
    const qint64 sent = local.value(QStringLiteral("r.txt")).size() +
                        local.value(QStringLiteral("t.txt")).size() + (big.size() - 100000);
    const qint64 moved = scratch.queue->progress().bytesMoved;
    QVERIFY2(moved >= big.size() - 100000 && moved <= sent, qPrintable(QString::number(moved)));
    QCOMPARE(scratch.queue->countJobs({State::Skipped}), qint64(2));
    QCOMPARE(scratch.queue->countJobs({State::Done}), qint64(3));
}

// Downloads ask the same way: a partial local file resumed, a rename to the suggested name.
void TestOverwriteDialog::downloads()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString down = scratch.folder(QStringLiteral("down"));
    QByteArray big(300000, Qt::Uninitialized);
    QRandomGenerator gen(61);
    for (char &c : big)
        c = char(gen.bounded(256));
    QVERIFY(server->writeFile(QStringLiteral("big.bin"), big));
    QVERIFY(server->writeFile(QStringLiteral("n.txt"), "n on the server"));
    QVERIFY(write(down + QStringLiteral("/big.bin"), big.left(120000)));
    QVERIFY(write(down + QStringLiteral("/n.txt"), "n here"));
    QVERIFY(write(down + QStringLiteral("/n (1).txt"), "taken"));

    MainWindow window(scratch.context());
    QVERIFY(openWindow(window, down, *server));
    SiteTab *tab = window.siteTab();
    tab->transfer(SiteTab::Side::Remote,
                  entries(tab->remote(), {QStringLiteral("big.bin"), QStringLiteral("n.txt")}),
                  SiteTab::Start::Now);
    for (int i = 0; i < 2; ++i) {
        OverwriteDialog *dialog = waitDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QGroupBox *>(QStringLiteral("source"))->title(),
                 QStringLiteral("Source (on the server)"));
        if (sourceName(dialog) == QStringLiteral("big.bin")) {
            QVERIFY(text(dialog, QStringLiteral("targetSize")).contains(QStringLiteral("120,000 bytes")) ||
                    text(dialog, QStringLiteral("targetSize")).contains(QStringLiteral("120000 bytes")));
            choose(dialog, "resume");
        } else {
            choose(dialog, "rename");
            // "n (1).txt" is taken here: the first free name.
            QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("newName"))->text(),
                     QStringLiteral("n (2).txt"));
        }
        click(dialog, QDialogButtonBox::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(shownDialog() != dialog, 5000);
    }
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(sha256(read(down + QStringLiteral("/big.bin"))), sha256(big));
    QCOMPARE(read(down + QStringLiteral("/n.txt")), QByteArray("n here"));
    QCOMPARE(read(down + QStringLiteral("/n (1).txt")), QByteArray("taken"));
    QCOMPARE(read(down + QStringLiteral("/n (2).txt")), QByteArray("n on the server"));
    // Only the missing part came (the small file's bytes may be counted or not yet).
    const qint64 moved = scratch.queue->progress().bytesMoved;
    QVERIFY2(moved >= big.size() - 120000 && moved <= big.size() - 120000 + 15,
             qPrintable(QString::number(moved)));
}

// "Always for this site" is remembered: a new window's queue for the same server does not ask.
void TestOverwriteDialog::alwaysForSite()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    Scratch scratch;
    const QString up = scratch.folder(QStringLiteral("up"));
    const QString root = server->rootPath() + QLatin1Char('/');
    QVERIFY(write(up + QStringLiteral("/x.txt"), "first local"));
    QVERIFY(server->writeFile(QStringLiteral("x.txt"), "on the server"));
    {
        MainWindow window(scratch.context());
        QVERIFY(openWindow(window, up, *server));
        SiteTab *tab = window.siteTab();
        tab->transfer(SiteTab::Side::Local, entries(tab->local(), {QStringLiteral("x.txt")}),
                      SiteTab::Start::Now);
        OverwriteDialog *dialog = waitDialog();
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QCheckBox *>(QStringLiteral("alwaysForSite")), Qt::LeftButton, {},
                          QPoint(6, 6));
        QVERIFY(dialog->alwaysForSite());
        QCOMPARE(dialog->action(), TransferJob::Overwrite::Overwrite); // the default answer
        click(dialog, QDialogButtonBox::Ok);
        QVERIFY(waitIdle(scratch.queue.get()));
        QCOMPARE(read(root + QLatin1String("x.txt")), QByteArray("first local"));
    }
    QVERIFY(write(up + QStringLiteral("/x.txt"), "second local, longer"));
    MainWindow window(scratch.context());
    QVERIFY(openWindow(window, up, *server));
    QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
    SiteTab *tab = window.siteTab();
    tab->transfer(SiteTab::Side::Local, entries(tab->local(), {QStringLiteral("x.txt")}),
                  SiteTab::Start::Now);
    QVERIFY(waitIdle(scratch.queue.get(), 30000));
    QCOMPARE(read(root + QLatin1String("x.txt")), QByteArray("second local, longer"));
    QCOMPARE(opened.count(), 0);
    QVERIFY(!shownDialog());
    // Transfer > "Ask Again When Files Exist" forgets it: the same server is asked again.
    auto *forget = window.findChild<QAction *>(QStringLiteral("forgetOverwriteAnswers"));
    QVERIFY(forget);
    QVERIFY(forget->isEnabled());
    QVERIFY(!forget->associatedObjects().isEmpty()); // in the Transfer menu
    forget->trigger();
    QVERIFY(!forget->isEnabled());
    tab->transfer(SiteTab::Side::Local, entries(tab->local(), {QStringLiteral("x.txt")}),
                  SiteTab::Start::Now);
    OverwriteDialog *asked = waitDialog();
    QVERIFY(asked);
    click(asked, QDialogButtonBox::Cancel);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(opened.count(), 1);
    // Another server is still asked.
    auto other = startServer(TestServer::Kind::Vsftpd);
    QVERIFY(other);
    QVERIFY(other->writeFile(QStringLiteral("x.txt"), "on the other server"));
    window.connectAddress(urlFor(*other));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    tab->transfer(SiteTab::Side::Local, entries(tab->local(), {QStringLiteral("x.txt")}),
                  SiteTab::Start::Now);
    OverwriteDialog *dialog = waitDialog();
    QVERIFY(dialog);
    // The job cancelled in the queue while its question is open: the dialog goes by itself.
    const QList<TransferJob> running = scratch.queue->jobsIn({State::Running}, 0, 10);
    QCOMPARE(running.size(), 1);
    scratch.queue->cancel(running.first().id);
    QTRY_VERIFY_WITH_TIMEOUT(!shownDialog(), 5000);
    QVERIFY(waitIdle(scratch.queue.get()));
    QCOMPARE(scratch.queue->job(running.first().id)->state, State::Cancelled);
    QCOMPARE(read(other->rootPath() + QStringLiteral("/x.txt")), QByteArray("on the other server"));
}

QTEST_MAIN(TestOverwriteDialog)
#include "tst_overwritedialog.moc"
