// View > Directory Comparison (issue #18 §3) in the window against pyftpdlib (MLSD: times to
// the second) and vsftpd (LIST: times to the minute): each pane's rows tinted only here,
// newer, size differs, or not at all; an identical file untinted on either server; "Show
// Only Differences" hiding exactly the identical rows; a folder change comparing again;
// switching off clearing the tints; 100,000 entries a side in one pass. FERRY_SCREENSHOT_DIR=dir
// saves the window (light and dark).
#include "actions/actions.h"
#include "browser/foldercomparison.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "sites/sitestore.h"
#include "testutil.h"
#include "transfers/syncdialog.h"
#include "uitestutil.h"

#include <QAction>
#include <QBrush>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSpinBox>

using namespace ferry;
using namespace ferry::test;

namespace {

using Comparison = DirectoryModel::Comparison;
constexpr int kHidden = -1;

bool write(const QString &path, const QByteArray &content, const QDateTime &mtime)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size() || !f.flush())
        return false;
    return f.setFileTime(mtime, QFileDevice::FileModificationTime);
}

bool setTime(const QString &path, const QDateTime &mtime)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(mtime, QFileDevice::FileModificationTime);
}

QModelIndex rowOf(const PaneController *pane, const QString &name)
{
    for (int row = 0; row < pane->proxy()->rowCount(); ++row) {
        const QModelIndex index = pane->proxy()->index(row, 0);
        if (index.data(DirectoryModel::NameRole).toString() == name)
            return index;
    }
    return {};
}

// The row's state as the pane shows it; kHidden when the row is not shown.
int stateOf(const PaneController *pane, const QString &name)
{
    const QModelIndex index = rowOf(pane, name);
    return index.isValid() ? int(index.data(DirectoryModel::ComparisonRole).value<Comparison>()) : kHidden;
}

bool tinted(const PaneController *pane, const QString &name)
{
    const QVariant tint = rowOf(pane, name).data(Qt::BackgroundRole);
    return tint.isValid() && tint.value<QBrush>().color().alpha() > 0;
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void compareFolders_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
        QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
    }
    void compareFolders();
    void hundredThousand();
    void siteTimeOffset();
};

// One pass by name: 100,000 entries a side compare in well under a second (measured and
// printed), every state right.
void TestComparison::hundredThousand()
{
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addDays(-1);
    const auto file = [&](const QString &name, qint64 size, const QDateTime &when,
                          DirEntry::TimePrecision p) {
        DirEntry e;
        e.name = name;
        e.size = size;
        e.date = when.date();
        e.time = when.time();
        e.timePrecision = p;
        e.timeIsUtc = true;
        return e;
    };
    QList<DirEntry> local;
    QList<DirEntry> remote;
    constexpr int n = 100000;
    for (int i = 0; i < n; ++i) {
        const QString name = QStringLiteral("f%1.dat").arg(i);
        const int kind = i % 4; // same, newer here, size differs, only here
        local.append(file(name, 100, kind == 1 ? t0.addSecs(7200) : t0, DirEntry::TimePrecision::Second));
        if (kind != 3)
            remote.append(file(name, kind == 2 ? 101 : 100, t0, DirEntry::TimePrecision::Minute));
        else
            remote.append(file(QStringLiteral("r%1.dat").arg(i), 5, t0, DirEntry::TimePrecision::Minute));
    }
    QElapsedTimer timer;
    timer.start();
    const FolderComparison::Result result = FolderComparison::compare(local, remote, {});
    const qint64 ms = timer.elapsed();
    qInfo("100,000 entries a side compared in %lld ms", ms);
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
    QCOMPARE(result.local.size(), 3 * n / 4);
    QCOMPARE(result.remote.size(), n / 2);
    QCOMPARE(result.local.value(QStringLiteral("f0.dat"), Comparison::Same), Comparison::Same);
    QCOMPARE(result.local.value(QStringLiteral("f1.dat")), Comparison::Newer);
    QCOMPARE(result.remote.value(QStringLiteral("f1.dat"), Comparison::Same), Comparison::Same);
    QCOMPARE(result.local.value(QStringLiteral("f2.dat")), Comparison::SizeDiffers);
    QCOMPARE(result.remote.value(QStringLiteral("f2.dat")), Comparison::SizeDiffers);
    QCOMPARE(result.local.value(QStringLiteral("f3.dat")), Comparison::OnlyHere);
    QCOMPARE(result.remote.value(QStringLiteral("r3.dat")), Comparison::OnlyHere);
}

void TestComparison::compareFolders()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("here"));
    const QString root = server->rootPath() + QLatin1Char('/');
    // Seconds in the time: a LIST shows the minute, which must not make the local one "newer".
    QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-86400);
    t0.setTime(QTime(t0.time().hour(), t0.time().minute(), 50));
    const auto here = [&](const QString &name, const QByteArray &content, const QDateTime &when) {
        return write(local + QLatin1Char('/') + name, content, when);
    };
    const auto there = [&](const QString &name, const QByteArray &content, const QDateTime &when) {
        return server->writeFile(name, content) && setTime(root + name, when);
    };
    QVERIFY(here(QStringLiteral("only-local.txt"), "local", t0));
    QVERIFY(there(QStringLiteral("only-remote.txt"), "remote", t0));
    QVERIFY(here(QStringLiteral("newer.txt"), "same size", t0.addSecs(3 * 3600)));
    QVERIFY(there(QStringLiteral("newer.txt"), "same size", t0));
    QVERIFY(here(QStringLiteral("size.txt"), "short", t0));
    QVERIFY(there(QStringLiteral("size.txt"), "rather longer", t0));
    QVERIFY(here(QStringLiteral("same.txt"), "identical", t0));
    QVERIFY(there(QStringLiteral("same.txt"), "identical", t0));
    QVERIFY(QDir(local).mkpath(QStringLiteral("local-folder/inside")));
    QVERIFY(QDir(local).mkpath(QStringLiteral("both")));
    QVERIFY(QDir(root).mkpath(QStringLiteral("both")));
    QVERIFY(here(QStringLiteral("both/same.txt"), "other", t0));

    MainWindow window(scratch.context());
    window.resize(1200, 640);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(local);
    window.connectAddress(urlFor(*server));
    SiteTab *tab = window.siteTab();
    PaneController *l = tab->local();
    PaneController *r = tab->remote();
    QVERIFY(waitLoaded(l, local));
    QVERIFY(waitLoaded(r, QStringLiteral("/")));
    QCOMPARE(stateOf(l, QStringLiteral("same.txt")), int(Comparison::None));

    QAction *compare = window.actions()->get(Actions::Id::CompareFolders);
    QAction *onlyDifferences = window.actions()->get(Actions::Id::ShowOnlyDifferences);
    QVERIFY(!onlyDifferences->isEnabled());
    QSignalSpy updated(tab->comparison(), &FolderComparison::updated);
    QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier); // its key
    QVERIFY(compare->isChecked());
    QVERIFY(onlyDifferences->isEnabled());
    QVERIFY(QTest::qWaitFor([&] { return l->model()->isComparing() && r->model()->isComparing(); }, 5000));

    const auto expect = [&](const PaneController *pane, const QString &name, Comparison state) {
        const int got = stateOf(pane, name);
        QVERIFY2(got == int(state),
                 qPrintable(QStringLiteral("%1: %2, expected %3").arg(name).arg(got).arg(int(state))));
        QCOMPARE(tinted(pane, name), state != Comparison::Same);
        QCOMPARE(rowOf(pane, name).data(Qt::ToolTipRole).toString().isEmpty(), state == Comparison::Same);
    };
    expect(l, QStringLiteral("only-local.txt"), Comparison::OnlyHere);
    expect(r, QStringLiteral("only-remote.txt"), Comparison::OnlyHere);
    expect(l, QStringLiteral("newer.txt"), Comparison::Newer);
    expect(r, QStringLiteral("newer.txt"), Comparison::Same);
    expect(l, QStringLiteral("size.txt"), Comparison::SizeDiffers);
    expect(r, QStringLiteral("size.txt"), Comparison::SizeDiffers);
    expect(l, QStringLiteral("same.txt"), Comparison::Same); // on vsftpd: 12:34:50 against 12:34
    expect(r, QStringLiteral("same.txt"), Comparison::Same);
    expect(l, QStringLiteral("local-folder"), Comparison::OnlyHere);
    expect(l, QStringLiteral("both"), Comparison::Same);
    expect(r, QStringLiteral("both"), Comparison::Same);
    saveScreenshot(&window,
                   QStringLiteral("comparison-%1").arg(QString::fromLatin1(QTest::currentDataTag())));
    if (TestServer::Kind(kind) == TestServer::Kind::Vsftpd) { // the tints over a dark base too
        window.actions()->get(Actions::Id::ColoursDark)->trigger();
        QTest::qWait(200); // the palette reaches the widgets through events
        saveScreenshot(&window, QStringLiteral("comparison-dark"));
        window.actions()->get(Actions::Id::ColoursDesktop)->trigger();
    }

    // Show Only Differences: exactly the identical rows go.
    onlyDifferences->trigger();
    QCOMPARE(namesIn(l), QStringList({QStringLiteral("local-folder"), QStringLiteral("newer.txt"),
                                      QStringLiteral("only-local.txt"), QStringLiteral("size.txt")}));
    QCOMPARE(namesIn(r), QStringList({QStringLiteral("only-remote.txt"), QStringLiteral("size.txt")}));
    onlyDifferences->trigger();
    QCOMPARE(namesIn(l).size(), 6);

    // Another folder on one side: compared again (local "both" has only its own same.txt).
    updated.clear();
    window.openLocal(local + QStringLiteral("/both"));
    QVERIFY(waitLoaded(l, local + QStringLiteral("/both")));
    QVERIFY(QTest::qWaitFor(
        [&] { return stateOf(r, QStringLiteral("size.txt")) == int(Comparison::OnlyHere); }, 5000));
    expect(l, QStringLiteral("same.txt"), Comparison::SizeDiffers);
    expect(r, QStringLiteral("same.txt"), Comparison::SizeDiffers);
    expect(r, QStringLiteral("both"), Comparison::OnlyHere);
    QVERIFY(updated.count() > 0);

    // Off: no tint anywhere, and the filter is off with it.
    compare->trigger();
    QVERIFY(!compare->isChecked());
    QVERIFY(!onlyDifferences->isEnabled());
    for (const PaneController *pane : {l, r}) {
        QVERIFY(!pane->model()->isComparing());
        for (int row = 0; row < pane->proxy()->rowCount(); ++row) {
            const QModelIndex index = pane->proxy()->index(row, 0);
            QVERIFY(!index.data(Qt::BackgroundRole).isValid());
            QCOMPARE(index.data(DirectoryModel::ComparisonRole).value<Comparison>(), Comparison::None);
        }
    }
}

// A site's time-zone offset (SiteProfile::timeZoneOffsetMinutes, as ferry-cli sync uses it):
// on a LIST server (times not UTC) a file listed two hours behind the local one is the same
// with an offset of +120 minutes, newer here without it; the sync dialog starts with the offset.
void TestComparison::siteTimeOffset()
{
    TestServer::Options options;
    options.mlsd = false; // LIST: server-local times, which the offset shifts (MLSD's are UTC)
    auto server = startServer(options);
    QVERIFY(server);
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("here"));
    QDateTime t0 = QDateTime::currentDateTimeUtc().addDays(-1);
    t0.setTime(QTime(t0.time().hour(), t0.time().minute(), 0));
    QVERIFY(write(local + QStringLiteral("/clock.txt"), "same size", t0));
    QVERIFY(server->writeFile(QStringLiteral("clock.txt"), "same size"));
    QVERIFY(setTime(server->rootPath() + QStringLiteral("/clock.txt"), t0.addSecs(-2 * 3600)));

    QString error;
    SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteProfile site;
    site.name = QStringLiteral("Two hours behind");
    site.host = QStringLiteral("127.0.0.1");
    site.port = server->port();
    site.protocol = Protocol::Ftp;
    site.tlsPolicy = TlsPolicy::Never;
    site.user = server->userName();
    site.logonType = SiteProfile::LogonType::AskPassword;
    site.localFolder = local;
    site.timeZoneOffsetMinutes = 120;
    QVERIFY2(sites.add(site, &error), qPrintable(error));
    AppContext context = scratch.context();
    context.sites = &sites;
    MainWindow window(context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SiteTab *tab = window.siteTab();
    window.actions()->get(Actions::Id::CompareFolders)->trigger();
    const auto connectSite = [&] {
        window.connectSite(site.name);
        PasswordDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (dialog = qobject_cast<PasswordDialog *>(window.prompts()->currentDialog())); },
            20000));
        QTest::keyClicks(dialog->passwordEdit(), server->password());
        QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
        QVERIFY(waitLoaded(tab->local(), local));
    };
    const auto compared = [&](Comparison here, Comparison there) {
        return QTest::qWaitFor(
            [&] {
                return stateOf(tab->local(), QStringLiteral("clock.txt")) == int(here) &&
                       stateOf(tab->remote(), QStringLiteral("clock.txt")) == int(there);
            },
            5000);
    };
    connectSite();
    QVERIFY2(compared(Comparison::Same, Comparison::Same),
             qPrintable(QString::number(stateOf(tab->local(), QStringLiteral("clock.txt")))));
    QCOMPARE(tab->timeOffsetMinutes(), 120);
    // Transfer > Synchronise… starts with the site's offset: nothing to do.
    window.actions()->get(Actions::Id::Synchronise)->trigger();
    auto *sync = window.findChild<SyncDialog *>();
    QVERIFY(sync);
    QCOMPARE(sync->offsetBox()->value(), 120);
    QVERIFY(QTest::qWaitFor([&] { return sync->synchroniser()->state() == Synchroniser::State::Planned; },
                            10000));
    QCOMPARE(sync->synchroniser()->actions().size(), 0);
    sync->reject();

    // The same site without the offset: the local file is newer.
    tab->disconnectFromServer();
    site.timeZoneOffsetMinutes = 0;
    QVERIFY2(sites.update(site, &error), qPrintable(error));
    connectSite();
    QCOMPARE(tab->timeOffsetMinutes(), 0);
    QVERIFY2(compared(Comparison::Newer, Comparison::Same),
             qPrintable(QString::number(stateOf(tab->local(), QStringLiteral("clock.txt")))));
}

QTEST_MAIN(TestComparison)
#include "tst_comparison.moc"
