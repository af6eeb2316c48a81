// The queue pane: QueueModel paged over the store (QAbstractItemModelTester, keyset pages,
// live state changes), QueueController's commands, and the window's Transfers tab against
// pyftpdlib: 200 files through 4 connections with the counts, states, status bar and title
// watched, failures with their reasons, retry, remove finished, Del, the context menu and
// the speed limits. FERRY_SCREENSHOT_DIR=dir saves what the pane shows.
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "queuemodel.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "transfer/queuestore.h"
#include "transfers/queuecontroller.h"
#include "transfers/queuepanel.h"
#include "transfers/queuestatus.h"
#include "transfers/speedlimits.h"
#include "uitestutil.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

using namespace ferry;
using namespace ferry::test;

namespace {

using State = TransferJob::State;
using View = QueueModel::View;

SiteKey keyFor(const TestServer &server)
{
    return SiteKey::fromString(
        QStringLiteral("ftp://%1@127.0.0.1:%2").arg(server.userName()).arg(server.port()));
}

QList<qint64> idsOf(const QueueModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.jobId(row));
    return ids;
}

bool fetchAll(QueueModel &model)
{
    for (int i = 0; i < 100000 && model.canFetchMore({}); ++i)
        model.fetchMore({});
    return !model.canFetchMore({});
}

QByteArray sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

// The resident set size of this process, in KiB (Linux).
qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestQueuePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void pagesUnderTheTester();
    void statesMoveBetweenTabs();
    void millionJobs();
    void window200Files();
    void failuresRetryAndRemove();
    void keysMenuAndLimits();
    void restartAndCloseQuestions();
};

// Jobs of a site that has no settings wait: a queue that stays still while the model reads it.
void TestQueuePanel::pagesUnderTheTester()
{
    Scratch scratch;
    TransferQueue &queue = *scratch.queue;
    const SiteKey site = SiteKey::fromString(QStringLiteral("ftp://nobody@127.0.0.1:9"));
    QueueModel model(&queue, View::Queued);
    model.setPageSize(100);
    model.reload();
    // Qt 6.4's tester calls fetchMore() inside its own rowsInserted/modelReset checks, so a
    // model that pages is put under it with pages larger than the queue; the paging itself
    // is checked on `model`, the live changes on `tested`.
    QueueModel tested(&queue, View::Queued);
    tested.setPageSize(100000);
    tested.reload();
    QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<qint64> queued;
    for (int i = 0; i < 345; ++i)
        queued.append(queue.enqueueUpload(site, QStringLiteral("/tmp/f%1").arg(i),
                                          QStringLiteral("/up/f%1").arg(i), {}));
    model.flush();
    tested.flush();
    QCOMPARE(model.rowCount(), 100); // one page; the rest when the view scrolls there
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(tested.rowCount(), 345);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), qint64(345), 3000);
    QVERIFY(fetchAll(model));
    QCOMPARE(idsOf(model), queued);
    QCOMPARE(idsOf(tested), queued);
    QCOMPARE(model.index(0, QueueModel::LocalColumn).data().toString(), QStringLiteral("/tmp/f0"));
    QCOMPARE(model.index(0, QueueModel::RemoteColumn).data().toString(), QStringLiteral("/up/f0"));
    QCOMPARE(model.index(0, QueueModel::DirectionColumn).data().toString(), QStringLiteral("→"));
    QCOMPARE(model.index(0, QueueModel::HostColumn).data().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(model.index(0, QueueModel::StatusColumn).data().toString(), QStringLiteral("Waiting"));
    model.setSiteNamer([](const QString &) { return QStringLiteral("My server"); });
    QCOMPARE(model.index(5, QueueModel::HostColumn).data().toString(), QStringLiteral("My server"));

    // A download added later comes at the end, with its own arrow.
    const qint64 down = queue.enqueueDownload(site, QStringLiteral("/d/x"), QStringLiteral("/tmp/x"), {}, 10);
    QSignalSpy more(&model, &QueueModel::moreAvailable);
    model.flush();
    tested.flush();
    QCOMPARE(more.size(), 1); // beyond the rows read: a view at its end fetches it
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.jobId(model.rowCount() - 1), down);
    QCOMPARE(tested.jobId(tested.rowCount() - 1), down);
    QCOMPARE(model.index(model.rowCount() - 1, QueueModel::DirectionColumn).data().toString(),
             QStringLiteral("←"));
    QCOMPARE(model.index(model.rowCount() - 1, QueueModel::SizeColumn).data().toString(),
             QStringLiteral("10 bytes"));
    // A page of the queue read while the rows change: pause and cancel move rows under the tester.
    queue.pause(queued[3]);
    queue.cancel(queued[7]);
    tested.refreshJobs({queued[3], queued[7]});
    tested.flush();
    QCOMPARE(tested.rowCount(), 345);
    QCOMPARE(tested.index(3, 0).data(QueueModel::StateRole).toInt(), int(State::Paused));
}

void TestQueuePanel::statesMoveBetweenTabs()
{
    Scratch scratch;
    TransferQueue &queue = *scratch.queue;
    const SiteKey site = SiteKey::fromString(QStringLiteral("ftp://nobody@127.0.0.1:9"));
    QueueController controller(&queue);
    QueueModel *queued = controller.model(View::Queued);
    QueueModel *failed = controller.model(View::Failed);
    QAbstractItemModelTester t1(queued, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(failed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<qint64> ids;
    for (int i = 0; i < 10; ++i)
        ids.append(
            queue.enqueueUpload(site, QStringLiteral("/tmp/g%1").arg(i), QStringLiteral("/g%1").arg(i), {}));
    queued->flush();
    QCOMPARE(queued->rowCount(), 10);

    controller.pause({ids[2], ids[3]});
    queued->flush();
    QCOMPARE(queued->index(2, 0).data(QueueModel::StateRole).toInt(), int(State::Paused));
    QCOMPARE(queued->index(2, QueueModel::StatusColumn).data().toString(), QStringLiteral("Paused"));
    controller.resume({ids[2]});
    queued->flush();
    QCOMPARE(queued->index(2, 0).data(QueueModel::StateRole).toInt(), int(State::Queued));

    controller.cancel({ids[0], ids[5]});
    queued->flush();
    failed->flush();
    QCOMPARE(queued->rowCount(), 8);
    QCOMPARE(idsOf(*failed), (QList<qint64>{ids[0], ids[5]}));
    QCOMPARE(failed->index(0, QueueModel::StatusColumn).data().toString(), QStringLiteral("Cancelled"));

    controller.retry({ids[5]});
    queued->flush();
    failed->flush();
    QCOMPARE(idsOf(*failed), QList<qint64>{ids[0]});
    QCOMPARE(queued->rowOf(ids[5]), 4); // back in its place in queue order
    QCOMPARE(queued->rowCount(), 9);

    controller.setPriority({ids[9]}, QueueController::Priority::Highest);
    QCOMPARE(queue.job(ids[9])->priority, int(QueueController::Priority::Highest));

    QCOMPARE(controller.removeFinished(), 1);
    QCOMPARE(failed->rowCount(), 0);
    QCOMPARE(failed->totalCount(), qint64(0));
}

// A million queued jobs: the model reads a page, the view scrolls to its end by pages,
// and memory grows by the ids passed, not by a million jobs.
void TestQueuePanel::millionJobs()
{
    const int total = qEnvironmentVariableIntValue("FERRY_QUEUE_ROWS") > 0
                          ? qEnvironmentVariableIntValue("FERRY_QUEUE_ROWS")
                          : 1000000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("queue.sqlite"));
    {
        QueueStore store(path);
        QVERIFY(store.open());
        QList<TransferJob> batch;
        for (int i = 0; i < total; ++i) {
            TransferJob job;
            job.kind = TransferJob::Kind::Upload;
            job.site = QStringLiteral("ftp://nobody@127.0.0.1:9");
            job.localPath = QStringLiteral("/home/me/photos/2024/img_%1.jpg").arg(i);
            job.remotePath = QStringLiteral("/backup/photos/2024/img_%1.jpg").arg(i);
            job.size = 1000 + i;
            batch.append(job);
            if (batch.size() == 20000 || i == total - 1) {
                QVERIFY(store.insert(batch));
                batch.clear();
            }
        }
    }
    TransferQueue queue(path);
    QVERIFY(queue.open());
    const qint64 before = rssKiB();
    QElapsedTimer clock;
    clock.start();
    QueueModel model(&queue, View::Queued);
    const qint64 openMs = clock.elapsed();
    QCOMPARE(model.totalCount(), qint64(total));
    QCOMPARE(model.rowCount(), QueueModel::kDefaultPageSize);
    QTableView view;
    view.setModel(&model);
    view.resize(800, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Scroll to the end 200 times, as a person dragging the bar down would.
    qint64 worstMs = 0;
    QList<qint64> steps;
    for (int i = 0; i < 200; ++i) {
        clock.restart();
        view.scrollToBottom();
        QCoreApplication::processEvents();
        steps.append(clock.elapsed());
        worstMs = qMax(worstMs, clock.elapsed());
    }
    std::sort(steps.begin(), steps.end());
    qInfo("scroll steps: median %lld ms, 90th percentile %lld ms", steps.at(100), steps.at(180));
    const int loaded = model.rowCount();
    QVERIFY(loaded > 100 * QueueModel::kDefaultPageSize);
    const qint64 grownKiB = rssKiB() - before;
    qInfo("%d jobs: model opened in %lld ms, %d rows loaded by scrolling, worst scroll step %lld ms, "
          "memory grew %lld KiB",
          total, openMs, loaded, worstMs, grownKiB);
    QVERIFY2(openMs < 2000, qPrintable(QString::number(openMs)));
    QVERIFY2(worstMs < 500, qPrintable(QString::number(worstMs)));
    // Ids and a bounded cache: well under what the rows' jobs would take (~300 bytes each).
    // Not under ASan, whose quarantine keeps up to 256 MiB of freed memory (236 MiB seen).
#if !defined(__SANITIZE_ADDRESS__)
    QVERIFY2(grownKiB < 60 * 1024, qPrintable(QString::number(grownKiB)));
#endif
    QCOMPARE(model.index(loaded - 1, QueueModel::LocalColumn).data().toString(),
             QStringLiteral("/home/me/photos/2024/img_%1.jpg").arg(loaded - 1));
}

void TestQueuePanel::window200Files()
{
    auto server = startServer();
    QVERIFY(server);
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("up"));
    QHash<QString, QByteArray> sums;
    for (int i = 0; i < 200; ++i) {
        const QString name = QStringLiteral("file%1.bin").arg(i, 3, 10, QLatin1Char('0'));
        QFile f(local + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(20000 + i * 97, char('a' + i % 26)));
        f.close();
        sums.insert(name, sha256(f.fileName()));
    }
    MainWindow window(scratch.context());
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(local);
    window.connectAddress(urlFor(*server));
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->local(), local));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    // Slow enough to watch: 4 connections sharing 2 MiB/s.
    window.speedLimits()->setLimits(0, 2 * 1024 * 1024);
    QueuePanel *panel = window.queuePanel();
    QVERIFY(panel);
    QueueModel *queued = panel->controller()->model(View::Queued);
    QueueModel *done = panel->controller()->model(View::Done);
    window.findChild<QTabWidget *>(QStringLiteral("bottomTabs"))->setCurrentWidget(panel);
    window.mainSplitter()->setSizes({400, 340});
    bool photographed = false;

    QList<DirEntry> files;
    for (int row = 0; row < tab->local()->proxy()->rowCount(); ++row) {
        const QModelIndex i = tab->local()->proxy()->mapToSource(tab->local()->proxy()->index(row, 0));
        files.append(tab->local()->model()->entry(i.row()));
    }
    QCOMPARE(files.size(), 200);
    tab->transfer(SiteTab::Side::Local, files, SiteTab::Start::Now);

    int mostRunning = 0;
    bool runningFirst = true;
    bool titleShowed = false;
    bool statusShowed = false;
    const bool finished = QTest::qWaitFor(
        [&] {
            int running = 0;
            for (int row = 0; row < queued->rowCount(); ++row) {
                const bool isRunning =
                    queued->index(row, 0).data(QueueModel::StateRole).toInt() == int(State::Running);
                if (isRunning && row != running)
                    runningFirst = false;
                running += isRunning ? 1 : 0;
            }
            mostRunning = qMax(mostRunning, running);
            if (running >= 4 && done->totalCount() >= 40 && !photographed) {
                photographed = true;
                saveScreenshot(&window, QStringLiteral("queue-running"));
            }
            titleShowed = titleShowed || window.windowTitle().contains(QStringLiteral("% ·"));
            statusShowed =
                statusShowed || window.queueLabel()->text().startsWith(QStringLiteral("Transferring"));
            return done->totalCount() == 200 && scratch.queue->isIdle();
        },
        120000);
    QVERIFY2(finished, qPrintable(panel->tabs()->tabText(0) + QLatin1Char(' ') + panel->tabs()->tabText(2)));
    QCOMPARE(mostRunning, 4);
    QVERIFY(runningFirst);
    QVERIFY(titleShowed);
    QVERIFY(statusShowed);
    QTRY_COMPARE_WITH_TIMEOUT(panel->tabs()->tabText(2), QStringLiteral("Successful (200)"), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(panel->tabs()->tabText(0), QStringLiteral("Queued (0)"), 3000);
    QCOMPARE(panel->tabs()->tabText(1), QStringLiteral("Failed (0)"));
    QTRY_VERIFY_WITH_TIMEOUT(!window.windowTitle().contains(QStringLiteral("% ·")), 3000);
    panel->tabs()->setCurrentIndex(2);
    saveScreenshot(&window, QStringLiteral("queue-done"));
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        QCOMPARE(sha256(server->rootPath() + QLatin1Char('/') + it.key()), it.value());
}

void TestQueuePanel::failuresRetryAndRemove()
{
    auto server = startServer();
    QVERIFY(server);
    Scratch scratch;
    scratch.queue->setMaxRetries(0);
    QVERIFY(server->writeFile(QStringLiteral("there.txt"), "here"));
    const SiteKey site = keyFor(*server);
    scratch.queue->setSite(site, configFor(*server));
    QueueController controller(scratch.queue.get());
    QString opened;
    controller.setFolderOpener([&opened](const QString &folder) { opened = folder; });
    QueuePanel panel(&controller);
    panel.resize(1000, 300);
    panel.show();
    const QString target = scratch.folder(QStringLiteral("down"));
    const qint64 missing = scratch.queue->enqueueDownload(site, QStringLiteral("/not-there.txt"),
                                                          target + QStringLiteral("/not-there.txt"), {});
    const qint64 good = scratch.queue->enqueueDownload(site, QStringLiteral("/there.txt"),
                                                       target + QStringLiteral("/there.txt"), {});
    scratch.queue->start();
    QTRY_COMPARE_WITH_TIMEOUT(panel.tabs()->tabText(1), QStringLiteral("Failed (1)"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(panel.tabs()->tabText(2), QStringLiteral("Successful (1)"), 20000);
    QueueModel *failed = controller.model(View::Failed);
    QTRY_COMPARE_WITH_TIMEOUT(failed->rowCount(), 1, 3000);
    QCOMPARE(failed->jobId(0), missing);
    const QString status = failed->index(0, QueueModel::StatusColumn).data().toString();
    QVERIFY2(status.startsWith(QStringLiteral("Failed: ")) && status.size() > 10, qPrintable(status));
    QCOMPARE(controller.model(View::Done)->jobId(0), good);

    panel.tabs()->setCurrentIndex(1);
    QTableView *view = panel.view(View::Failed);
    view->selectRow(0);
    QCOMPARE(panel.selectedIds(), QList<qint64>{missing});
    QVERIFY(panel.action(QueuePanel::Command::CopyReason)->isEnabled());
    panel.action(QueuePanel::Command::CopyReason)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("/not-there.txt: ") + scratch.queue->job(missing)->error);
    panel.action(QueuePanel::Command::OpenFolder)->trigger();
    QCOMPARE(opened, QDir::cleanPath(target));
    saveScreenshot(&panel, QStringLiteral("queue-failed"));

    // Retry: it goes back to Queued, fails again with the same reason.
    panel.action(QueuePanel::Command::Retry)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(scratch.queue->job(missing)->state, State::Failed, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(failed->rowCount(), 1, 3000);
    panel.action(QueuePanel::Command::RetryAllFailed)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(scratch.queue->job(missing)->state, State::Failed, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(scratch.queue->isIdle(), 10000);

    QVERIFY(panel.action(QueuePanel::Command::RemoveFinished)->isEnabled());
    panel.action(QueuePanel::Command::RemoveFinished)->trigger();
    QCOMPARE(panel.tabs()->tabText(2), QStringLiteral("Successful (0)"));
    QCOMPARE(controller.model(View::Done)->rowCount(), 0);
    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("Failed (1)")); // failed jobs stay for a retry
}

void TestQueuePanel::keysMenuAndLimits()
{
    Scratch scratch;
    TransferQueue &queue = *scratch.queue;
    const SiteKey site = SiteKey::fromString(QStringLiteral("ftp://nobody@127.0.0.1:9"));
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids.append(
            queue.enqueueUpload(site, QStringLiteral("/tmp/k%1").arg(i), QStringLiteral("/k%1").arg(i), {}));
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The start's question about what an earlier run left: answered later in another test.
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = window.findChild<QMessageBox *>(QStringLiteral("unfinishedQuestion"))));
    question->reject();
    QueuePanel *panel = window.queuePanel();
    QTRY_COMPARE_WITH_TIMEOUT(panel->tabs()->tabText(0), QStringLiteral("Queued (5)"), 3000);
    QTableView *view = panel->view(View::Queued);
    view->setFocus();
    view->selectRow(1);
    QMenu *menu = panel->makeContextMenu();
    QStringList enabled;
    for (QAction *a : menu->actions()) {
        if (a->isEnabled() && !a->isSeparator())
            enabled.append(a->text());
    }
    QCOMPARE(enabled,
             (QStringList{QStringLiteral("&Pause"), QStringLiteral("&Resume"), QStringLiteral("&Cancel"),
                          QStringLiteral("&Priority"), QStringLiteral("&Open the Local Folder")}));
    delete menu;
    // Del cancels in the queue (the window's Del deletes files in a pane).
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(queue.job(ids[1])->state, State::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(panel->tabs()->tabText(1), QStringLiteral("Failed (1)"), 3000);
    QCOMPARE(panel->tabs()->tabText(0), QStringLiteral("Queued (4)"));

    // Speed limits: the Transfer menu's entries, applied and remembered.
    SpeedLimits *limits = window.speedLimits();
    QMenu *download = limits->menu()->actions().at(0)->menu();
    download->actions().at(3)->trigger(); // 1 MiB/s
    QCOMPARE(limits->downloadLimit(), qint64(1024 * 1024));
    QCOMPARE(scratch.settings->value(QStringLiteral("transfers/downloadLimit")).toLongLong(),
             qint64(1024 * 1024));
    QCOMPARE(limits->indicator()->text(), QStringLiteral("↓ 1.0 MiB/s  ↑ no limit"));
    bool inTransferMenu = false;
    for (QMenu *m : window.findChildren<QMenu *>()) {
        for (QAction *a : m->actions())
            inTransferMenu = inTransferMenu || a->menu() == limits->menu();
    }
    QVERIFY(inTransferMenu);
    // "Process Queue" starts and stops the queue.
    QVERIFY(!queue.isStarted());
    QTRY_COMPARE_WITH_TIMEOUT(window.queueLabel()->text(),
                              QStringLiteral("Queue stopped: 4 transfers waiting"), 3000);
}

void TestQueuePanel::restartAndCloseQuestions()
{
    auto server = startServer();
    QVERIFY(server);
    Scratch scratch;
    const SiteKey site = keyFor(*server);
    const SiteKey elsewhere = SiteKey::fromString(QStringLiteral("ftp://nobody@127.0.0.1:9"));
    for (int i = 0; i < 3; ++i)
        scratch.queue->enqueueUpload(elsewhere, QStringLiteral("/tmp/r%1").arg(i),
                                     QStringLiteral("/r%1").arg(i), {});
    {
        MainWindow window(scratch.context());
        window.show();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("unfinishedQuestion"))));
        QCOMPARE(box->text(), QStringLiteral("3 transfers were not finished."));
        QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("resume"));
        box->findChild<QPushButton *>(QStringLiteral("clear"))->click();
        QCOMPARE(scratch.queue->countJobs({State::Queued}), qint64(0));
    }
    // Closing while a transfer runs asks; "stop and resume next time" closes and keeps it.
    const QString big = scratch.dir.filePath(QStringLiteral("big.bin"));
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4 * 1024 * 1024, 'x'));
    }
    scratch.queue->setSite(site, configFor(*server));
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.speedLimits()->setLimits(0, 256 * 1024);
    const qint64 id = scratch.queue->enqueueUpload(site, big, QStringLiteral("/big.bin"), {});
    scratch.queue->start();
    QTRY_VERIFY_WITH_TIMEOUT(scratch.queue->progress().running == 1, 20000);
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("closeQuestion"))));
    QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("stop"));
    box->findChild<QPushButton *>(QStringLiteral("stop"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(scratch.queue->job(id)->state, State::Queued, 10000);
    QVERIFY(!scratch.queue->isStarted());
}

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
