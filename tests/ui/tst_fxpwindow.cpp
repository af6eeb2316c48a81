// Copies between two servers in the window: File > New Window opens a second window on the
// same queue, each connected to its own server; the entries of one window's remote pane
// dropped on the other's (through the models' mimeData/dropMimeData, what a view calls on a
// drop) are queued as copies: server to server (FXP) between two vsftpd that allow it,
// through Ferry when the target (pyftpdlib) refuses. Files and a folder arrive equal by
// SHA-256, and the queue pane lists the copies.
#include "browser/sitetab.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "entrymime.h"
#include "mainwindow.h"
#include "prompts/hostkeydialog.h"
#include "prompts/promptbroker.h"
#include "queuemodel.h"
#include "sshtestserver.h"
#include "testutil.h"
#include "transfers/queuecontroller.h"
#include "transfers/queuepanel.h"
#include "treeutil.h"
#include "uitestutil.h"

#include <QGuiApplication>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

std::unique_ptr<TestServer> start(TestServer::Kind kind, const char *address, bool fxp, qint64 rate = 0)
{
    TestServer::Options options;
    options.address = QHostAddress(QString::fromLatin1(address));
    options.allowFxp = fxp;
    options.vsftpdMaxRate = rate;
    return startServer(kind, options);
}

// Every row of `from`'s remote pane dropped on `to`'s remote pane.
bool dropAll(SiteTab *from, SiteTab *to)
{
    std::unique_ptr<QMimeData> drag(from->remote()->proxy()->mimeData(rowsOf(from->remote())));
    return to->remote()->proxy()->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, {});
}

QStringList said(const QSignalSpy &messages)
{
    QStringList lines;
    for (const QList<QVariant> &m : messages)
        lines.append(m.at(2).toString());
    return lines;
}

// With FERRY_SCREENSHOT_DIR: the two windows side by side while a streamed copy runs (slowed
// by the queue's speed limit), as fxp-windows-*.png, and under X (Xvfb) the whole screen.
void screenshotWhileCopying(TransferQueue *queue, MainWindow *left, MainWindow *right)
{
    const QString dir = qEnvironmentVariable("FERRY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    left->setGeometry(0, 0, 790, 860);
    right->setGeometry(800, 0, 790, 860);
    for (MainWindow *window : {left, right}) { // the Transfers tab
        if (auto *tabs = window->findChild<QTabWidget *>(u"bottomTabs"_s))
            tabs->setCurrentIndex(tabs->count() - 1);
    }
    queue->setSpeedLimits(1 << 20, 1 << 20);
    const auto copying = [queue] {
        const QList<QueueProgress::Job> jobs = queue->progress().jobs;
        return std::any_of(jobs.cbegin(), jobs.cend(),
                           [](const auto &job) { return job.bytesDone > (1 << 20); });
    };
    if (!QTest::qWaitFor(copying, 20000))
        qWarning("no copy running for the screenshot");
    saveScreenshot(left, u"fxp-windows-source"_s);
    saveScreenshot(right, u"fxp-windows-target"_s);
    if (QGuiApplication::platformName() == u"xcb"_s)
        QProcess::execute(u"import"_s, {u"-window"_s, u"root"_s, dir + u"/fxp-xvfb.png"_s});
    queue->setSpeedLimits(0, 0);
}

// The reasons of the failed jobs (empty: none failed).
QString failures(TransferQueue *queue)
{
    QStringList reasons;
    for (const TransferJob &job : queue->jobsIn({TransferJob::State::Failed}, 0, 20))
        reasons.append(job.remotePath + u": "_s + job.error);
    return reasons.join(u'\n');
}

} // namespace

class TestFxpWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(useScratchSshHome(m_home)); // SFTP: never the user's ~/.ssh or agent
        QStandardPaths::setTestModeEnabled(true);
    }
    void dragBetweenWindows_data();
    void dragBetweenWindows();
    void ftpToSftpStreams();

private:
    QTemporaryDir m_home;
};

void TestFxpWindow::dragBetweenWindows_data()
{
    QTest::addColumn<int>("targetKind");
    QTest::addColumn<bool>("direct");
    QTest::newRow("vsftpd to vsftpd: FXP") << int(TestServer::Kind::Vsftpd) << true;
    QTest::newRow("vsftpd to pyftpdlib: refused, streamed") << int(TestServer::Kind::Pyftpdlib) << false;
}

void TestFxpWindow::dragBetweenWindows()
{
    QFETCH(int, targetKind);
    QFETCH(bool, direct);
    // The source sends at most 2 MiB/s, so that the 6 MiB file shows its progress (3 s).
    auto a = start(TestServer::Kind::Vsftpd, "127.0.0.2", true, 2 << 20);
    auto b = start(TestServer::Kind(targetKind), "127.0.0.3", direct);
    QVERIFY(a && b);
    QVERIFY(a->writeFile(u"big.bin"_s, randomBytes(6 << 20, 7)));
    QVERIFY(a->writeFile(u"small.txt"_s, "small\n"));
    QVERIFY(a->writeFile(u"dir/inner.bin"_s, randomBytes(300000, 8)));
    QVERIFY(a->writeFile(u"dir/sub/deep.txt"_s, "deep\n"));
    QVERIFY(a->writeFile(u"empty.txt"_s, {}));
    Scratch scratch;
    AppSettings settings = AppSettings::load(scratch.settings.get());
    settings.overwrite = TransferJob::Overwrite::Overwrite;
    settings.save(scratch.settings.get());

    MainWindow first(scratch.context());
    first.show();
    QVERIFY(connectWindow(first, *a));
    QPointer<MainWindow> second = first.openNewWindow();
    QVERIFY(second);
    QVERIFY(QTest::qWaitForWindowExposed(second));
    QVERIFY(connectWindow(*second, *b));
    SiteTab *source = first.siteTab();
    SiteTab *target = second->siteTab();

    QSignalSpy messages(scratch.queue.get(), &TransferQueue::message);
    QStringList transcript;
    connect(scratch.queue.get(), &TransferQueue::transcript, this,
            [&transcript](const SiteKey &, const TranscriptLine &line) { transcript.append(line.text); });
    QCOMPARE(source->remote()->proxy()->rowCount(), 4);
    qint64 maxPartial = 0; // the largest progress seen below a copy's size
    connect(scratch.queue.get(), &TransferQueue::progressChanged, this, [&](const QueueProgress &p) {
        for (const QueueProgress::Job &job : p.jobs) {
            if (job.bytesDone > 0 && job.bytesDone < job.size)
                maxPartial = qMax(maxPartial, job.bytesDone);
        }
    });
    // The drag: every row of the first window's remote pane onto the second's; not onto its
    // own pane, nor onto the other window's local pane.
    DirectorySortProxy *from = source->remote()->proxy();
    std::unique_ptr<QMimeData> drag(from->mimeData({from->index(0, 0)}));
    QVERIFY(!from->canDropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(!target->local()->proxy()->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, {}));
    QVERIFY(dropAll(source, target));
    if (!direct)
        screenshotWhileCopying(scratch.queue.get(), &first, second);
    QVERIFY(waitIdle(scratch.queue.get()));
    QVERIFY2(failures(scratch.queue.get()).isEmpty(), qPrintable(failures(scratch.queue.get())));

    const Tree want = readTree(a->rootPath());
    const Tree got = readTree(b->rootPath());
    QVERIFY2(got == want, qPrintable(describeDiff(want, got)));
    using S = TransferJob::State;
    QCOMPARE(scratch.queue->countJobs({S::Done}), qint64(5 + 2)); // 5 files, 2 folders
    const QStringList lines = said(messages);
    const QString how = direct ? u"copied server to server (FXP)"_s : u"copied through Ferry"_s;
    QVERIFY2(lines.filter(how).size() == 5,
             qPrintable(lines.join(u'\n') + transcript.join(u'\n').right(3000)));
    QCOMPARE(lines.filter(u"refused a direct copy"_s).size(), direct ? 0 : 1);
    // FXP: the target's SIZE polled on another connection; streamed: the bytes counted.
    qInfo("largest progress below a copy's size: %lld bytes", maxPartial);
    QVERIFY(maxPartial > 0);
    // The target window shows what arrived without a new listing; its queue pane lists the copies.
    QTRY_VERIFY(namesIn(target->remote()).contains(u"big.bin"_s));
    QueueModel *successful = second->queuePanel()->controller()->model(QueueModel::View::Done);
    QTRY_VERIFY((successful->canFetchMore({}) && (successful->fetchMore({}), false)) ||
                successful->rowCount() == 7);
    const QModelIndex copyRow = successful->index(0, QueueModel::DirectionColumn);
    QCOMPARE(copyRow.data(Qt::ToolTipRole).toString(), u"Copy between servers"_s);
    second->close();
}

// FTP to SFTP (OpenSSH's sshd): no FXP to try, the files and the folder stream through Ferry.
void TestFxpWindow::ftpToSftpStreams()
{
    QString error;
    auto ssh = SshTestServer::start({}, &error);
    if (!ssh)
        QSKIP(qPrintable(u"sshd could not be started: "_s + error));
    auto a = start(TestServer::Kind::Vsftpd, "127.0.0.2", true);
    QVERIFY(a);
    QVERIFY(a->writeFile(u"one.bin"_s, randomBytes(2 << 20, 9)));
    QVERIFY(a->writeFile(u"dir/two.txt"_s, "two\n"));
    QVERIFY(ssh->writeFile(u"in/.keep"_s, {}));
    const QString in = ssh->rootPath() + u"/in"_s;
    Scratch scratch;
    MainWindow first(scratch.context());
    first.show();
    QVERIFY(connectWindow(first, *a));
    QPointer<MainWindow> second = first.openNewWindow();
    QVERIFY(QTest::qWaitForWindowExposed(second));
    second->connectAddress(u"sftp://%1@127.0.0.1:%2%3/"_s.arg(ssh->userName()).arg(ssh->port()).arg(in),
                           ssh->password());
    HostKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = qobject_cast<HostKeyDialog *>(second->prompts()->currentDialog())),
                             20000);
    QTest::mouseClick(dialog->button(HostKeyQuestion::Answer::AcceptOnce), Qt::LeftButton);
    QVERIFY(waitLoaded(second->siteTab()->remote(), in));

    QSignalSpy messages(scratch.queue.get(), &TransferQueue::message);
    QVERIFY(dropAll(first.siteTab(), second->siteTab()));
    QVERIFY(waitIdle(scratch.queue.get()));
    QVERIFY2(failures(scratch.queue.get()).isEmpty(), qPrintable(failures(scratch.queue.get())));
    QFile::remove(in + u"/.keep"_s);
    const Tree want = readTree(a->rootPath());
    const Tree got = readTree(in);
    QVERIFY2(got == want, qPrintable(describeDiff(want, got)));
    const QStringList lines = said(messages);
    QVERIFY2(lines.filter(u"copied through Ferry"_s).size() == 2,
             qPrintable(lines.join(u'\n') + QString::number(got.size())));
    QVERIFY(lines.filter(u"refused"_s).isEmpty()); // not tried: SFTP has no FXP
    second->close();
}

QTEST_MAIN(TestFxpWindow)
#include "tst_fxpwindow.moc"
