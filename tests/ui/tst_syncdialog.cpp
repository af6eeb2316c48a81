// Transfer > Synchronise… (issue #18 §3) in the window against pyftpdlib (MLSD) and vsftpd
// (LIST, times to the minute): the plan of a prepared tree counted right for upload, download
// and "delete extraneous"; the deletions asked about first (Cancel leaves the queue empty);
// Synchronise runs the plan as jobs of the window's queue and leaves both sides equal by
// SHA-256, and a second plan finds nothing to do; Stop while the tree is being compared
// leaves nothing queued. FERRY_SCREENSHOT_DIR=dir saves the dialog.
#include "actions/actions.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "syncplanmodel.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "transfers/syncdialog.h"
#include "treeutil.h"
#include "uitestutil.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QMessageBox>
#include <QPushButton>

using namespace ferry;
using namespace ferry::test;

namespace {

using Kind = SyncAction::Kind;
using State = Synchroniser::State;

bool stamp(const QString &path, const QDateTime &when)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(when, QFileDevice::FileModificationTime);
}

// The counts the dialog's plan has, as "up down folders deletions conflicts".
QString counts(const Synchroniser *s)
{
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(s->count(Kind::Upload))
        .arg(s->count(Kind::Download))
        .arg(s->count(Kind::MakeLocalFolder) + s->count(Kind::MakeRemoteFolder))
        .arg(s->deletions())
        .arg(s->count(Kind::Conflict));
}

bool waitPlanned(SyncDialog *dialog, int timeoutMs = 20000)
{
    return QTest::qWaitFor(
        [&] {
            return dialog->synchroniser() && dialog->synchroniser()->state() == State::Planned &&
                   dialog->synchroniseButton()->isEnabled() ==
                       (dialog->synchroniser()->actions().size() >
                        dialog->synchroniser()->count(Kind::Conflict));
        },
        timeoutMs);
}

struct Window {
    Scratch scratch;
    std::unique_ptr<MainWindow> window;
    bool open(const QString &local, const TestServer &server)
    {
        window = std::make_unique<MainWindow>(scratch.context());
        window->resize(1100, 700);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return false;
        window->openLocal(local);
        window->connectAddress(urlFor(server));
        return waitLoaded(window->siteTab()->local(), local) &&
               waitLoaded(window->siteTab()->remote(), QStringLiteral("/"));
    }
    SyncDialog *openDialog()
    {
        QAction *action = window->actions()->get(Actions::Id::Synchronise);
        if (!action->isEnabled())
            return nullptr;
        action->trigger();
        return window->findChild<SyncDialog *>();
    }
};

} // namespace

class TestSyncDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance()); // "4 uploads", as the window reads
    }
    void planAndRun_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
        QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
    }
    void planAndRun();
    void stopWhilePlanning();
};

void TestSyncDialog::planAndRun()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Window w;
    const QString local = w.scratch.folder(QStringLiteral("here"));
    const QString root = server->rootPath();
    // Seconds in the time: a LIST time to the minute must still count as the same.
    QDateTime t0 = QDateTime::currentDateTimeUtc().addDays(-2);
    t0.setTime(QTime(t0.time().hour(), t0.time().minute(), 50));
    const auto here = [&](const QString &path, const QByteArray &data, const QDateTime &when) {
        writeBytes(local + QLatin1Char('/') + path, data);
        QVERIFY(stamp(local + QLatin1Char('/') + path, when));
    };
    const auto there = [&](const QString &path, const QByteArray &data, const QDateTime &when) {
        QVERIFY(server->writeFile(path, data));
        QVERIFY(stamp(root + QLatin1Char('/') + path, when));
    };
    here(QStringLiteral("same.txt"), "identical", t0);
    there(QStringLiteral("same.txt"), "identical", t0);
    here(QStringLiteral("new-here.txt"), "only on this computer", t0);
    here(QStringLiteral("changed.txt"), "a longer, newer version", t0.addSecs(3 * 3600));
    there(QStringLiteral("changed.txt"), "old", t0);
    here(QStringLiteral("sub/a.txt"), QByteArray(70000, 'a'), t0);
    here(QStringLiteral("sub/deep/b.txt"), "b", t0);
    here(QStringLiteral("both/kept.txt"), "kept", t0);
    there(QStringLiteral("both/kept.txt"), "kept", t0);
    there(QStringLiteral("both/stale.txt"), "only on the server", t0);
    there(QStringLiteral("extra/inside.txt"), "a folder only on the server", t0);
    there(QStringLiteral("stale.txt"), "only on the server", t0);
    QVERIFY(w.open(local, *server));

    SyncDialog *dialog = w.openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(waitPlanned(dialog));
    Synchroniser *sync = dialog->synchroniser();
    // Up (the default), nothing deleted: 4 uploads, sub/ and sub/deep/ made.
    QCOMPARE(counts(sync), QStringLiteral("4 0 2 0 0"));
    QCOMPARE(dialog->planModel()->rowCount(), 6);
    QVERIFY2(dialog->countsText().startsWith(QStringLiteral("4 uploads, 0 downloads, 2 new folders")),
             qPrintable(dialog->countsText()));

    // Down: the server's side comes here (extra/ made here, its file and the two stale ones).
    dialog->directionBox()->setCurrentIndex(1);
    QVERIFY(waitPlanned(dialog));
    QCOMPARE(counts(sync), QStringLiteral("0 4 1 0 0"));
    // ... and with "delete": what is only here goes (new-here.txt, and sub/ whole).
    dialog->deleteBox()->setChecked(true);
    QVERIFY(waitPlanned(dialog));
    QCOMPARE(counts(sync), QStringLiteral("0 4 1 2 0"));
    QCOMPARE(sync->count(Kind::DeleteLocal), 2);

    // Up with delete: both/stale.txt, extra/ (whole) and stale.txt go from the server.
    dialog->directionBox()->setCurrentIndex(0);
    QVERIFY(waitPlanned(dialog));
    QCOMPARE(counts(sync), QStringLiteral("4 0 2 3 0"));
    QCOMPARE(sync->count(Kind::DeleteRemote), 3);
    saveScreenshot(dialog, QStringLiteral("syncdialog-%1").arg(QString::fromLatin1(QTest::currentDataTag())));

    // The deletions are asked about; Cancel queues nothing.
    TransferQueue *queue = w.scratch.queue.get();
    const QList<TransferJob::State> all{TransferJob::State::Queued,  TransferJob::State::Running,
                                        TransferJob::State::Done,    TransferJob::State::Failed,
                                        TransferJob::State::Skipped, TransferJob::State::Waiting};
    QTest::mouseClick(dialog->synchroniseButton(), Qt::LeftButton);
    QMessageBox *ask = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] { return (ask = dialog->findChild<QMessageBox *>(QStringLiteral("syncDeleteConfirmation"))); },
        5000));
    QVERIFY(ask->text().contains(QStringLiteral("3 files or folders from the server")));
    ask->button(QMessageBox::Cancel)->click();
    QTest::qWait(200);
    QCOMPARE(queue->countJobs(all), 0);
    QVERIFY(dialog->isVisible());

    // Again, and yes: the queue runs it (its jobs), and both sides are the same.
    QTest::mouseClick(dialog->synchroniseButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor(
        [&] { return (ask = dialog->findChild<QMessageBox *>(QStringLiteral("syncDeleteConfirmation"))); },
        5000));
    QAbstractButton *yes = nullptr;
    for (QAbstractButton *b : ask->buttons())
        if (ask->buttonRole(b) == QMessageBox::DestructiveRole)
            yes = b;
    QVERIFY(yes);
    yes->click();
    QVERIFY(QTest::qWaitFor([&] { return !w.window->findChild<SyncDialog *>(); }, 5000)); // closed
    QVERIFY(QTest::qWaitFor([&] { return readTree(local) == readTree(root); }, 30000));
    QVERIFY(QTest::qWaitFor([&] { return queue->isIdle(); }, 10000));
    QCOMPARE(queue->countJobs({TransferJob::State::Failed}), 0);
    // 4 uploads and 3 deletions went through the queue (a folder's deletion has its children's jobs).
    QVERIFY2(queue->countJobs({TransferJob::State::Done}) >= 7,
             qPrintable(QString::number(queue->countJobs({TransferJob::State::Done}))));
    QVERIFY2(readTree(local) == readTree(root), qPrintable(describeDiff(readTree(local), readTree(root))));

    // The times came along: a new plan has nothing to do.
    dialog = w.openDialog();
    QVERIFY(dialog);
    QVERIFY(waitPlanned(dialog));
    QCOMPARE(counts(dialog->synchroniser()), QStringLiteral("0 0 0 0 0"));
    QCOMPARE(dialog->countsText(), QStringLiteral("Nothing to do: the folders are in step."));
    QVERIFY(!dialog->synchroniseButton()->isEnabled());
    dialog->reject();
}

// Stop while comparing a tree of 60 folders: the comparison ends, Synchronise stays off, and
// nothing is ever queued, also after the dialog is closed.
void TestSyncDialog::stopWhilePlanning()
{
    auto server = startServer();
    QVERIFY(server);
    Window w;
    const QString local = w.scratch.folder(QStringLiteral("here"));
    for (int i = 0; i < 60; ++i) {
        const QString path = QStringLiteral("d%1/f.txt").arg(i, 2, 10, QLatin1Char('0'));
        writeBytes(local + QLatin1Char('/') + path, "new here");
        QVERIFY(server->writeFile(QStringLiteral("d%1/other.txt").arg(i, 2, 10, QLatin1Char('0')), "there"));
    }
    QVERIFY(w.open(local, *server));
    SyncDialog *dialog = w.openDialog();
    QVERIFY(dialog);
    Synchroniser *sync = dialog->synchroniser();
    QVERIFY(QTest::qWaitFor([&] { return sync->comparedFolders() >= 3 || sync->state() != State::Planning; },
                            10000));
    QCOMPARE(sync->state(), State::Planning); // still comparing: the window went on meanwhile
    QVERIFY(dialog->stopButton()->isVisible());
    QTest::mouseClick(dialog->stopButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return sync->state() == State::Failed; }, 5000));
    QCOMPARE(sync->error().kind(), RemoteError::Kind::Cancelled);
    QVERIFY2(sync->comparedFolders() < 61, qPrintable(QString::number(sync->comparedFolders())));
    QVERIFY(!dialog->synchroniseButton()->isEnabled());
    saveScreenshot(dialog, QStringLiteral("syncdialog-stopped"));
    dialog->reject();
    QTest::qWait(300);
    QCOMPARE(w.scratch.queue->countJobs({TransferJob::State::Queued, TransferJob::State::Running,
                                         TransferJob::State::Done, TransferJob::State::Failed}),
             0);
}

QTEST_MAIN(TestSyncDialog)
#include "tst_syncdialog.moc"
