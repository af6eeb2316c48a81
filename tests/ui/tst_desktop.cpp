// The window and the desktop over a private session bus (run under dbus-run-session): the
// taskbar entry's progress (com.canonical.Unity.LauncherEntry Update signals) and the
// notification (org.freedesktop.Notifications.Notify, served here by the test) while a real
// queue runs against pyftpdlib; and a server's files dropped on a file manager that speaks
// Ark's drag protocol (the D-Bus call Dolphin makes), downloaded into its folder.
#include "browser/dragout.h"
#include "browser/sitetab.h"
#include "entrymime.h"
#include "mainwindow.h"
#include "testutil.h"
#include "transfer/pluraltranslator.h"
#include "transfers/desktopprogress.h"
#include "uitestutil.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QMimeData>

using namespace ferry;
using namespace ferry::test;

namespace {

const QString kNotifications = QStringLiteral("org.freedesktop.Notifications");

// What arrives on the bus: the launcher's Update signals and the Notify calls (a notification
// server of our own, on a connection of its own, as a desktop's would be).
class Desktop : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Notification {
        QString app, icon, summary, body;
        QVariantMap hints;
    };
    QList<QPair<QString, QVariantMap>> updates;
    QList<Notification> notifications;
    QDBusConnection bus =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("desktop"));

    bool listen()
    {
        return bus.isConnected() && bus.registerService(kNotifications) &&
               bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), this,
                                  QDBusConnection::ExportAllSlots) &&
               bus.connect(QString(), QString(), QStringLiteral("com.canonical.Unity.LauncherEntry"),
                           QStringLiteral("Update"), this, SLOT(update(QString, QVariantMap)));
    }
    bool sawProgress() const
    {
        return std::any_of(updates.cbegin(), updates.cend(), [](const auto &u) {
            const double p = u.second.value(QStringLiteral("progress"), -1.0).toDouble();
            return u.second.value(QStringLiteral("progress-visible")).toBool() && p >= 0 && p <= 1 &&
                   u.second.value(QStringLiteral("count")).toLongLong() > 0;
        });
    }

public Q_SLOTS:
    void update(const QString &app, const QVariantMap &properties) { updates.append({app, properties}); }
    uint Notify(const QString &app, uint, const QString &icon, const QString &summary, const QString &body,
                const QStringList &, const QVariantMap &hints, int)
    {
        notifications.append({app, icon, summary, body, hints});
        return uint(notifications.size());
    }
};

// Where both desktop tests start: the desktop on the bus, a pyftpdlib, a window on scratch
// services (not shown: not the active window) connected to it, and a folder for the files.
struct OnTheDesktop {
    Desktop desktop;
    std::unique_ptr<TestServer> server = startServer(TestServer::Kind::Pyftpdlib);
    Scratch scratch;
    QString up = scratch.folder(QStringLiteral("up"));
    MainWindow window{scratch.context()};
    DesktopProgress *progress = window.findChild<DesktopProgress *>();

    bool ready() { return desktop.listen() && server && progress && connectWindow(window, *server); }
};

} // namespace

class TestDesktop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
        if (!QDBusConnection::sessionBus().isConnected())
            QFAIL("no session bus: run under dbus-run-session");
    }
    void progressAndNotification();
    void noNotificationWhenShortOrWatched();
    void dropOnFileManager();
};

// 12 files of 64 KiB up at 256 KiB/s (about 3 s) and one download that fails, with the
// threshold at 1.5 s and the window not active: progress on the taskbar while it runs,
// hidden at the end, and one notification with the counts.
void TestDesktop::progressAndNotification()
{
    OnTheDesktop on;
    QVERIFY(on.ready());
    auto &[desktop, server, scratch, up, window, progress] = on;
    QList<TransferQueue::Transfer> transfers;
    for (int i = 0; i < 12; ++i) {
        const QString path = up + QStringLiteral("/f%1.bin").arg(i);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(64 * 1024, char('a' + i)));
        transfers.append({TransferJob::Kind::Upload, path, QStringLiteral("/f%1.bin").arg(i)});
    }
    transfers.append(
        {TransferJob::Kind::Download, up + QStringLiteral("/missing.bin"), QStringLiteral("/missing.bin")});
    progress->setLongRunMs(1500);
    QVERIFY(!window.isActiveWindow());
    scratch.queue->setSpeedLimits(0, 256 * 1024);
    QCOMPARE(scratch.queue->enqueueTransfers(window.siteTab()->siteKey(), transfers, {}), 13);
    scratch.queue->start();
    QVERIFY(waitIdle(scratch.queue.get()));
    QTRY_COMPARE_WITH_TIMEOUT(desktop.notifications.size(), 1, 5000);
    QVERIFY(desktop.sawProgress());
    QVERIFY(!desktop.updates.isEmpty());
    for (const auto &u : std::as_const(desktop.updates))
        QCOMPARE(u.first, QStringLiteral("application://io.github.ferry.Ferry.desktop"));
    QTRY_VERIFY(!desktop.updates.constLast().second.value(QStringLiteral("progress-visible"), true).toBool());
    const Desktop::Notification n = desktop.notifications.constFirst();
    qInfo("notification: %s / %s: %s", qPrintable(n.app), qPrintable(n.summary), qPrintable(n.body));
    QCOMPARE(n.app, QStringLiteral("Ferry"));
    QCOMPARE(n.summary, QStringLiteral("Transfers finished with failures"));
    QCOMPARE(n.body, QStringLiteral("12 files transferred, 1 failed"));
    QCOMPARE(n.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("ferry"));
    QTest::qWait(300);
    QCOMPARE(desktop.notifications.size(), 1);
}

// A queue shorter than the threshold (the default 10 s), or one that ends while the window
// is the active one: progress, but no notification.
void TestDesktop::noNotificationWhenShortOrWatched()
{
    OnTheDesktop on;
    QVERIFY(on.ready());
    auto &[desktop, server, scratch, up, window, progress] = on;
    QFile f(up + QStringLiteral("/one.bin"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(200 * 1024, 'x'));
    f.close();
    QCOMPARE(progress->longRunMs(), 10000);
    scratch.queue->setSpeedLimits(0, 256 * 1024);
    // One file up; true once the queue has drained (the launcher's bar hidden again).
    const auto send = [&](const QString &name) {
        const qsizetype before = desktop.updates.size();
        scratch.queue->enqueueTransfers(
            window.siteTab()->siteKey(),
            {{TransferJob::Kind::Upload, f.fileName(), QStringLiteral("/") + name}}, {});
        scratch.queue->start();
        return waitIdle(scratch.queue.get()) && QTest::qWaitFor([&] {
                   for (qsizetype i = before; i < desktop.updates.size(); ++i) {
                       if (!desktop.updates.at(i)
                                .second.value(QStringLiteral("progress-visible"), true)
                                .toBool())
                           return true;
                   }
                   return false;
               });
    };
    QVERIFY(send(QStringLiteral("short.bin"))); // under a second: under 10 s
    QVERIFY(QFileInfo::exists(server->rootPath() + QStringLiteral("/short.bin")));
    QTRY_VERIFY(desktop.sawProgress());
    // Watched: the window is the active one when the queue ends.
    progress->setLongRunMs(0);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(send(QStringLiteral("watched.bin")));
    QTest::qWait(500);
    QCOMPARE(desktop.notifications.size(), 0);
    // The same run with the window in the background is notified (the check above can fail).
    window.hide();
    QTRY_VERIFY(!window.isActiveWindow());
    QVERIFY(send(QStringLiteral("background.bin")));
    QTRY_COMPARE(desktop.notifications.size(), 1);
    QCOMPARE(desktop.notifications.constFirst().body, QStringLiteral("1 file transferred"));
}

// Dolphin on a drop of a server's files: reads the service and path the drag carries and
// calls extractSelectedFilesTo(its folder); Ferry returns at once and the queue downloads.
void TestDesktop::dropOnFileManager()
{
    auto server = startServer(TestServer::Kind::Pyftpdlib);
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("report.txt"), "the report"));
    QVERIFY(server->writeFile(QStringLiteral("photos/a.jpg"), QByteArray(150000, 'j')));
    QVERIFY(server->writeFile(QStringLiteral("photos/more/b.jpg"), "b"));
    Scratch scratch;
    SiteTab tab(scratch.context());
    QVERIFY(connectTab(tab, *server));
    const QModelIndexList rows = rowsOf(tab.remote());
    QCOMPARE(rows.size(), 2);
    std::unique_ptr<QMimeData> drag(tab.remote()->proxy()->mimeData(rows));
    QVERIFY(!drag->hasUrls()); // nothing a file manager would copy half-way
    const QString service = QString::fromUtf8(drag->data(QLatin1String(DragOut::kServiceType)));
    const QString path = QString::fromUtf8(drag->data(QLatin1String(DragOut::kPathType)));
    QCOMPARE(service, QDBusConnection::sessionBus().baseService());
    QVERIFY(!path.isEmpty());

    const QString target = scratch.folder(QStringLiteral("dolphin's folder"));
    QDBusConnection fileManager =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fm"));
    QDBusMessage call = QDBusMessage::createMethodCall(
        service, path, QStringLiteral("org.kde.ark.DndExtract"), QStringLiteral("extractSelectedFilesTo"));
    call << target;
    QDBusPendingCall pending = fileManager.asyncCall(call, 5000);
    QTRY_VERIFY(pending.isFinished());
    QVERIFY2(!pending.isError(), qPrintable(pending.error().message()));
    QVERIFY(waitIdle(scratch.queue.get()));
    const auto content = [](const QString &p) {
        QFile file(p);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
    };
    QCOMPARE(content(target + QStringLiteral("/report.txt")), QByteArray("the report"));
    QCOMPARE(content(target + QStringLiteral("/photos/a.jpg")), QByteArray(150000, 'j'));
    QCOMPARE(content(target + QStringLiteral("/photos/more/b.jpg")), QByteArray("b"));
    QCOMPARE(scratch.queue->countJobs({TransferJob::State::Failed}), qint64(0));
    // One drop, one download: the same call again (anyone on the bus) queues nothing.
    const qint64 jobs = scratch.queue->countJobs({TransferJob::State::Done});
    const QString again = scratch.folder(QStringLiteral("again"));
    call.setArguments({again});
    QDBusPendingCall second = fileManager.asyncCall(call, 5000);
    QTRY_VERIFY(second.isFinished());
    QTest::qWait(300);
    QCOMPARE(scratch.queue->countJobs({TransferJob::State::Done, TransferJob::State::Queued}), jobs);
    QVERIFY(QDir(again).isEmpty());
}

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
