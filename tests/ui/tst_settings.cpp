// Edit > Settings (issue #17 §4): the dialog's widgets driven like a person (values, OK,
// Cancel, Apply, Restore Defaults, invalid input), what reaches window.conf, and the
// settings used by the window's next connection and jobs against pyftpdlib: active mode on
// the wire (EPRT/PORT instead of EPSV/PASV), the timeout and keep-alive of the new session,
// the transfer type (TYPE A), the connections per site and in total (never more running at
// once), no
// retries and "skip"; confirm deletes at once; the language for the next start.
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "directorymodel.h"
#include "mainwindow.h"
#include "prompts/promptbroker.h"
#include "settings/appsettings.h"
#include "settings/language.h"
#include "settings/settingscontroller.h"
#include "settings/settingsdialog.h"
#include "settings/settingspages.h"
#include "sites/connector.h"
#include "sites/sitemanagerdialog.h"
#include "sites/sitemenus.h"
#include "sites/sitestore.h"
#include "transcriptmodel.h"
#include "transfer/pluraltranslator.h"
#include "transfers/speedlimits.h"
#include "uitestutil.h"
#include "widgets/fieldmarks.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>

using namespace ferry;
using namespace ferry::test;

namespace {

// Edit > Settings by its key, as a person opens it.
SettingsDialog *openSettings(MainWindow &window)
{
    QApplication::setActiveWindow(&window);
    if (!QTest::qWaitForWindowActive(&window))
        return nullptr;
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = window.preferences()->dialog();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void choose(QComboBox *box, int data)
{
    box->setCurrentIndex(box->findData(data));
}

void chooseText(QComboBox *box, const QString &data)
{
    box->setCurrentIndex(box->findData(data));
}

QStringList commandsSent(const TranscriptModel *transcript)
{
    // The log shows a flood of lines a few times a second: what came so far, first.
    if (!QTest::qWaitFor([transcript] { return !transcript->hasPending(); }, 5000))
        qWarning("the log still had lines to show after 5 s");
    QStringList commands;
    for (int row = 0; row < transcript->rowCount(); ++row)
        commands.append(transcript->lineText(row));
    return commands;
}

// A command line of the log, the browsing session's ("> EPSV") or the queue's ("> [queue] EPSV").
bool anySent(const QStringList &lines, const QString &command)
{
    const QRegularExpression sent(QStringLiteral("^[\\d:]+ > (\\[[^]]+\\] )?") +
                                  QRegularExpression::escape(command) + QStringLiteral("\\b"));
    for (const QString &line : lines)
        if (sent.match(line).hasMatch())
            return true;
    return false;
}

// The most uploads running at once, from the queue's state changes.
struct MostRunning {
    QObject guard; // the connection ends with this object
    QSet<qint64> running;
    int most = 0;

    explicit MostRunning(TransferQueue *queue)
    {
        QObject::connect(queue, &TransferQueue::jobChanged, &guard, [this](const TransferJob &job) {
            if (job.kind != TransferJob::Kind::Upload)
                return;
            if (job.state == TransferJob::State::Running) {
                running.insert(job.id);
                most = qMax(most, int(running.size()));
            } else {
                running.remove(job.id);
            }
        });
    }
};

QList<DirEntry> filesIn(SiteTab *tab)
{
    QList<DirEntry> files;
    for (int row = 0; row < tab->local()->model()->rowCount(); ++row)
        files.append(tab->local()->model()->entry(row));
    return files;
}

void close(SettingsDialog *dialog, QPushButton *button)
{
    QPointer<SettingsDialog> gone(dialog);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(gone.isNull(), 5000); // WA_DeleteOnClose
}

} // namespace

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void defaultsAndBadValues();
    void okWritesAndReopenShows();
    void invalidInputDisablesOk();
    void cancelDiscardsAndRestoreDefaults();
    void newSiteTakesTheTlsDefault();
    void activeModeOnTheWire();
    void typeAndConnectionsPerSiteOnTheWire();
    void connectionsInTotalOnTheWire();
    void retriesAndOverwritePolicyForJobs();
    void confirmDeletesAtOnce();
    void languageAtTheNextStart();
};

// What window.conf holds comes back; what it should not hold falls back to the defaults.
void TestSettings::defaultsAndBadValues()
{
    Scratch scratch;
    QSettings &s = *scratch.settings;
    s.clear();
    QCOMPARE(AppSettings::load(&s), AppSettings());
    s.setValue(QStringLiteral("transfers/connectionsPerSite"), 500);
    s.setValue(QStringLiteral("transfers/overwrite"), QStringLiteral("sometimes"));
    s.setValue(QStringLiteral("connection/dataMode"), QStringLiteral("sideways"));
    s.setValue(QStringLiteral("connection/timeoutSeconds"), QStringLiteral("soon"));
    s.setValue(AppSettings::kLanguageKey, QStringLiteral("tlh"));
    const AppSettings loaded = AppSettings::load(&s);
    QCOMPARE(loaded.connectionsPerSite, AppSettings::kMaxConnections);
    QCOMPARE(loaded.overwrite, TransferJob::Overwrite::Ask);
    QCOMPARE(loaded.dataMode, DataMode::Passive);
    QCOMPARE(loaded.timeoutSeconds, 30);
    QCOMPARE(loaded.language, QStringLiteral("system"));
    QCOMPARE(AppSettings::parseExtensions(QStringLiteral(" .TXT, html;;php  txt ")),
             QStringList({QStringLiteral("txt"), QStringLiteral("html"), QStringLiteral("php")}));
}

void TestSettings::okWritesAndReopenShows()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.actions()->get(Actions::Id::ShowHidden)->isChecked());
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->edited(), AppSettings::load(scratch.settings.get()));

    TransfersPage *t = dialog->transfersPage();
    t->perSiteBox()->setValue(3);
    t->totalBox()->setValue(5);
    t->retriesBox()->setValue(7);
    t->retryDelayBox()->setValue(2.5);
    choose(t->overwriteBox(), int(TransferJob::Overwrite::Skip));
    choose(t->typeBox(), int(TransferJob::Mode::Auto));
    t->asciiEdit()->clear();
    QTest::keyClicks(t->asciiEdit(), QStringLiteral("txt, .MD"));
    t->preserveBox()->setChecked(false);
    t->downloadLimitBox()->setValue(512);
    t->uploadLimitBox()->setValue(128);
    ConnectionPage *c = dialog->connectionPage();
    c->timeoutBox()->setValue(45);
    c->keepAliveBox()->setValue(60);
    QTest::mouseClick(c->dataModeGroup()->button(int(DataMode::Active)), Qt::LeftButton);
    choose(c->newSiteBox(), int(AppSettings::NewSiteSecurity::Plain));
    InterfacePage *i = dialog->interfacePage();
    QTest::mouseClick(i->doubleClickGroup()->button(1), Qt::LeftButton);
    QTest::mouseClick(i->showHiddenBox(), Qt::LeftButton);
    QTest::mouseClick(i->confirmDeletesBox(), Qt::LeftButton);
    chooseText(i->languageBox(), QStringLiteral("fr"));
    QVERIFY(dialog->okButton()->isEnabled());
    close(dialog, dialog->okButton());

    // window.conf, read by a QSettings of its own.
    QSettings file(scratch.settings->fileName(), QSettings::IniFormat);
    AppSettings expected;
    expected.connectionsPerSite = 3;
    expected.connectionsTotal = 5;
    expected.retries = 7;
    expected.retryDelayMs = 2500;
    expected.overwrite = TransferJob::Overwrite::Skip;
    expected.transferType = TransferJob::Mode::Auto;
    expected.asciiExtensions = {QStringLiteral("txt"), QStringLiteral("md")};
    expected.preserveTimes = false;
    expected.downloadLimit = 512 * 1024;
    expected.uploadLimit = 128 * 1024;
    expected.timeoutSeconds = 45;
    expected.keepAliveSeconds = 60;
    expected.dataMode = DataMode::Active;
    expected.newSiteSecurity = AppSettings::NewSiteSecurity::Plain;
    expected.doubleClickOpens = true;
    expected.showHidden = true;
    expected.confirmDeletes = false;
    expected.language = QStringLiteral("fr");
    QCOMPARE(AppSettings::load(&file), expected);
    QCOMPARE(file.value(QStringLiteral("connection/dataMode")).toString(), QStringLiteral("active"));
    QCOMPARE(file.value(QStringLiteral("transfers/asciiExtensions")).toString(), QStringLiteral("txt md"));

    // Applied at once: the view, Enter, the speed limits (status bar and menu).
    QVERIFY(window.actions()->get(Actions::Id::ShowHidden)->isChecked());
    QVERIFY(window.actions()->get(Actions::Id::EnterOpens)->isChecked());
    QCOMPARE(window.speedLimits()->downloadLimit(), 512 * 1024);
    QCOMPARE(window.speedLimits()->uploadLimit(), 128 * 1024);
    QCOMPARE(AppSettings::load(scratch.settings.get()).jobOptions().overwrite, TransferJob::Overwrite::Skip);

    // Reopened: the pages show what was saved.
    dialog = openSettings(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->edited(), expected);
    QCOMPARE(dialog->transfersPage()->asciiEdit()->text(), QStringLiteral("txt md"));
    QVERIFY(dialog->connectionPage()->dataModeGroup()->button(int(DataMode::Active))->isChecked());
    QCOMPARE(dialog->interfacePage()->languageBox()->currentText(), QStringLiteral("Français"));
    // A View menu toggle since then is what the dialog shows.
    close(dialog, dialog->cancelButton());
    window.actions()->get(Actions::Id::ShowHidden)->trigger();
    dialog = openSettings(window);
    QVERIFY(dialog);
    QVERIFY(!dialog->interfacePage()->showHiddenBox()->isChecked());
    close(dialog, dialog->cancelButton());
}

void TestSettings::invalidInputDisablesOk()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    TransfersPage *t = dialog->transfersPage();
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("settingsProblem"));
    QVERIFY(problem);
    QVERIFY(problem->text().isEmpty());

    // A path in the extension list.
    QTest::keyClicks(t->asciiEdit(), QStringLiteral(" a/b"));
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(!dialog->applyButton()->isEnabled());
    QVERIFY(FieldMarks::isMarked(t->asciiEdit()));
    QVERIFY(t->asciiEdit()->toolTip().contains(QLatin1String("a/b")));
    QCOMPARE(problem->text(), t->asciiEdit()->toolTip());
    QTest::keyClick(t->asciiEdit(), Qt::Key_Backspace);
    QTest::keyClick(t->asciiEdit(), Qt::Key_Backspace);
    QTest::keyClick(t->asciiEdit(), Qt::Key_Backspace);
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(!FieldMarks::isMarked(t->asciiEdit()));
    // "Automatic" with no extension at all.
    choose(t->typeBox(), int(TransferJob::Mode::Auto));
    t->asciiEdit()->clear();
    QVERIFY(!dialog->okButton()->isEnabled());
    t->asciiEdit()->setText(QStringLiteral("txt"));
    QVERIFY(dialog->okButton()->isEnabled());

    // More connections per site than in total.
    t->totalBox()->setValue(2);
    t->perSiteBox()->setValue(6);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(FieldMarks::isMarked(t->perSiteBox()));
    // OK while disabled does nothing; Enter neither.
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY(!scratch.settings->contains(QStringLiteral("transfers/connectionsTotal")) ||
            AppSettings::load(scratch.settings.get()).connectionsTotal != 2);
    t->totalBox()->setValue(6);
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(!FieldMarks::isMarked(t->perSiteBox()));
    QVERIFY(problem->text().isEmpty());
    close(dialog, dialog->cancelButton());
}

void TestSettings::cancelDiscardsAndRestoreDefaults()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const AppSettings before = AppSettings::load(scratch.settings.get());

    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    dialog->connectionPage()->timeoutBox()->setValue(99);
    QTest::mouseClick(dialog->interfacePage()->showHiddenBox(), Qt::LeftButton);
    close(dialog, dialog->cancelButton());
    QCOMPARE(AppSettings::load(scratch.settings.get()), before);
    QVERIFY(!window.actions()->get(Actions::Id::ShowHidden)->isChecked());
    dialog = openSettings(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->connectionPage()->timeoutBox()->value(), before.timeoutSeconds);

    // Apply writes and keeps the dialog; Restore Defaults only shows the defaults.
    dialog->connectionPage()->timeoutBox()->setValue(77);
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QCOMPARE(AppSettings::load(scratch.settings.get()).timeoutSeconds, 77);
    QTest::mouseClick(dialog->restoreDefaultsButton(), Qt::LeftButton);
    QCOMPARE(dialog->edited(), AppSettings());
    QCOMPARE(AppSettings::load(scratch.settings.get()).timeoutSeconds, 77);
    close(dialog, dialog->cancelButton());
    QCOMPARE(AppSettings::load(scratch.settings.get()).timeoutSeconds, 77);
}

// "Security of a new site": what New Site in the site manager starts with.
void TestSettings::newSiteTakesTheTlsDefault()
{
    Scratch scratch;
    SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
    AppContext context = scratch.context();
    context.sites = &sites;
    MainWindow window(context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    choose(dialog->connectionPage()->newSiteBox(), int(AppSettings::NewSiteSecurity::ImplicitTls));
    close(dialog, dialog->okButton());
    SiteManagerDialog *manager = window.siteMenus()->openSiteManager();
    QVERIFY(manager);
    manager->newSite();
    const SiteProfile &site = manager->workingSites().last();
    QCOMPARE(site.protocol, Protocol::FtpsImplicit);
    QCOMPARE(site.port, quint16(990));
    manager->reject();
}

// Passive by default (EPSV on the wire), active once the settings say so (EPRT or PORT),
// from the next connection on; its timeout and keep-alive too.
void TestSettings::activeModeOnTheWire()
{
    auto server = startServer();
    QVERIFY(server);
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SiteTab *tab = window.siteTab();
    window.connectAddress(urlFor(*server));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    QStringList sent = commandsSent(window.transcript());
    QVERIFY2(anySent(sent, QStringLiteral("EPSV")) || anySent(sent, QStringLiteral("PASV")),
             qPrintable(sent.join(QLatin1Char('\n'))));
    QVERIFY(!anySent(sent, QStringLiteral("EPRT")) && !anySent(sent, QStringLiteral("PORT")));
    QCOMPARE(tab->config().dataMode, DataMode::Passive);

    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->connectionPage()->dataModeGroup()->button(int(DataMode::Active)),
                      Qt::LeftButton);
    dialog->connectionPage()->timeoutBox()->setValue(42);
    dialog->connectionPage()->keepAliveBox()->setValue(1);
    close(dialog, dialog->okButton());
    QCOMPARE(tab->config().dataMode, DataMode::Passive); // the open connection keeps its mode

    window.transcript()->clear();
    window.connectAddress(urlFor(*server));
    QVERIFY(QTest::qWaitFor([&] { return tab->remote()->model()->isLoading(); }, 5000) ||
            tab->remote()->path() == QLatin1String("/"));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return anySent(commandsSent(window.transcript()), QStringLiteral("MLSD")) ||
                   anySent(commandsSent(window.transcript()), QStringLiteral("LIST"));
        },
        10000));
    sent = commandsSent(window.transcript());
    QVERIFY2(anySent(sent, QStringLiteral("EPRT")) || anySent(sent, QStringLiteral("PORT")),
             qPrintable(sent.join(QLatin1Char('\n'))));
    QVERIFY2(!anySent(sent, QStringLiteral("EPSV")) && !anySent(sent, QStringLiteral("PASV")),
             qPrintable(sent.join(QLatin1Char('\n'))));
    QCOMPARE(tab->config().dataMode, DataMode::Active);
    QCOMPARE(tab->config().timeoutMs, 42000);
    QCOMPARE(tab->config().keepAliveMs, 1000);
    // Idle: the keep-alive goes out.
    QVERIFY(QTest::qWaitFor(
        [&] { return anySent(commandsSent(window.transcript()), QStringLiteral("NOOP")); }, 10000));
}

// The transfer type (TYPE A for the ASCII extensions) and the connections per site: 12
// uploads through a slow server never run more than two at once, and do run two.
void TestSettings::typeAndConnectionsPerSiteOnTheWire()
{
    TestServer::Options options;
    options.dataRate = 64 * 1024;
    auto server = startServer(options);
    QVERIFY(server);
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("up"));
    for (int n = 0; n < 12; ++n) {
        QFile f(local + QStringLiteral("/note%1.txt").arg(n, 2, 10, QLatin1Char('0')));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(24 * 1024, 'x') + "\n");
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    TransfersPage *t = dialog->transfersPage();
    t->perSiteBox()->setValue(2);
    choose(t->typeBox(), int(TransferJob::Mode::Auto));
    t->asciiEdit()->setText(QStringLiteral("txt"));
    close(dialog, dialog->okButton());

    SiteTab *tab = window.siteTab();
    window.openLocal(local);
    window.connectAddress(urlFor(*server));
    QVERIFY(waitLoaded(tab->local(), local));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    TransferQueue *queue = scratch.queue.get();
    MostRunning running(queue);
    const QList<DirEntry> files = filesIn(tab);
    QCOMPARE(files.size(), 12);
    tab->transfer(SiteTab::Side::Local, files, SiteTab::Start::Now);
    QVERIFY(QTest::qWaitFor(
        [&] { return queue->isIdle() && queue->countJobs({TransferJob::State::Done}) == 12; }, 120000));
    QCOMPARE(queue->connectionLimit(tab->siteKey()), 2);
    QCOMPARE(running.most, 2);
    const QStringList sent = commandsSent(window.transcript());
    QVERIFY2(anySent(sent, QStringLiteral("TYPE A")), qPrintable(sent.join(QLatin1Char('\n'))));
    for (int n = 0; n < 12; ++n)
        QVERIFY(QFile::exists(server->rootPath() +
                              QStringLiteral("/note%1.txt").arg(n, 2, 10, QLatin1Char('0'))));
}

// Two servers, 6 slow uploads queued for each, 2 connections per site and 2 in total: never
// more than two run at once (the queue's own default would run four).
void TestSettings::connectionsInTotalOnTheWire()
{
    TestServer::Options options;
    options.dataRate = 64 * 1024;
    auto first = startServer(options);
    auto second = startServer(options);
    QVERIFY(first && second);
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("up"));
    for (int n = 0; n < 6; ++n) {
        QFile f(local + QStringLiteral("/part%1.bin").arg(n));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(32 * 1024, 'z'));
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    dialog->transfersPage()->perSiteBox()->setValue(2);
    dialog->transfersPage()->totalBox()->setValue(2);
    close(dialog, dialog->okButton());

    SiteTab *tab = window.siteTab();
    window.openLocal(local);
    QVERIFY(waitLoaded(tab->local(), local));
    for (TestServer *server : {first.get(), second.get()}) {
        window.connectAddress(urlFor(*server));
        if (server == second.get()) { // the first one's uploads wait in the queue: asked first
            QMessageBox *box = nullptr;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    box = qobject_cast<QMessageBox *>(window.prompts()->currentDialog());
                    return box && box->objectName() == QLatin1String(Connector::kReplaceQuestion);
                },
                5000));
            box->findChild<QPushButton *>(QStringLiteral("replace"))->click();
        }
        QVERIFY(QTest::qWaitFor([&] { return tab->config().port == server->port(); }, 5000));
        QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
        tab->transfer(SiteTab::Side::Local, filesIn(tab), SiteTab::Start::Later);
    }
    TransferQueue *queue = scratch.queue.get();
    MostRunning running(queue);
    queue->start();
    QVERIFY(QTest::qWaitFor([&] { return queue->countJobs({TransferJob::State::Done}) == 12; }, 120000));
    QCOMPARE(running.most, 2);
    for (TestServer *server : {first.get(), second.get()})
        QVERIFY(QFile::exists(server->rootPath() + QStringLiteral("/part5.bin")));
}

// No retry: a transfer cut once fails for good (the queue's default, 3 retries, would
// succeed); "skip" leaves a file that exists alone.
void TestSettings::retriesAndOverwritePolicyForJobs()
{
    TestServer::Options options;
    options.dropDataAfter = 0; // the first STOR is cut
    options.faultCommands = {QStringLiteral("STOR")};
    auto server = startServer(options);
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("kept.bin"), "the server's"));
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("up"));
    for (const char *name : {"cut.bin", "kept.bin"}) {
        QFile f(local + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(64 * 1024, 'y'));
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    dialog->transfersPage()->retriesBox()->setValue(0);
    choose(dialog->transfersPage()->overwriteBox(), int(TransferJob::Overwrite::Skip));
    close(dialog, dialog->okButton());

    SiteTab *tab = window.siteTab();
    window.openLocal(local);
    window.connectAddress(urlFor(*server));
    QVERIFY(waitLoaded(tab->local(), local));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    TransferQueue *queue = scratch.queue.get();
    using S = TransferJob::State;
    const auto upload = [&](const QString &name, qint64 finished) {
        DirEntry e;
        e.name = name;
        e.size = 64 * 1024;
        tab->transfer(SiteTab::Side::Local, {e}, SiteTab::Start::Now);
        return QTest::qWaitFor(
            [&] {
                return queue->countJobs({S::Done, S::Failed, S::Skipped}) == finished;
            },
            30000);
    };
    QVERIFY(upload(QStringLiteral("cut.bin"), 1));
    QCOMPARE(queue->countJobs({TransferJob::State::Failed}), 1);
    QVERIFY(upload(QStringLiteral("kept.bin"), 2));
    QCOMPARE(queue->countJobs({TransferJob::State::Skipped}), 1);
    QFile kept(server->rootPath() + QStringLiteral("/kept.bin"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("the server's"));
}

// "Confirm before deleting" off: Shift+Del deletes at once, without the question.
void TestSettings::confirmDeletesAtOnce()
{
    Scratch scratch;
    const QString local = scratch.folder(QStringLiteral("files"));
    for (const char *name : {"asked.txt", "unasked.txt"}) {
        QFile f(local + QLatin1Char('/') + QLatin1String(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(local);
    Pane *pane = window.page()->localPane();
    QVERIFY(waitLoaded(pane->controller(), local));
    const auto selectOnly = [pane](const QString &name) {
        QAbstractItemModel *model = pane->view()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(DirectoryModel::NameRole).toString() == name)
                pane->view()->setCurrentIndex(model->index(row, 0));
    };
    const auto question = [] {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (w->objectName() == QLatin1String("deleteConfirmation") && w->isVisible())
                return w;
        return static_cast<QWidget *>(nullptr);
    };
    // As installed: asked.
    selectOnly(QStringLiteral("asked.txt"));
    QTest::keyClick(pane->view(), Qt::Key_Delete, Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(question() != nullptr, 5000);
    question()->close();
    QVERIFY(QFileInfo::exists(local + QStringLiteral("/asked.txt")));

    SettingsDialog *dialog = openSettings(window);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->interfacePage()->confirmDeletesBox(), Qt::LeftButton);
    close(dialog, dialog->okButton());
    QApplication::setActiveWindow(&window);
    selectOnly(QStringLiteral("unasked.txt"));
    QTest::keyClick(pane->view(), Qt::Key_Delete, Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(local + QStringLiteral("/unasked.txt")), 10000);
    QVERIFY(question() == nullptr);
    QVERIFY(QFileInfo::exists(local + QStringLiteral("/asked.txt")));
}

// The language is stored and used at the next start (app/gui/main.cpp: installLanguage).
void TestSettings::languageAtTheNextStart()
{
    Scratch scratch;
    AppSettings french;
    french.language = QStringLiteral("fr");
    french.save(scratch.settings.get());
    const QLocale before;
    QVERIFY(installLanguage(QCoreApplication::instance(), AppSettings::load(scratch.settings.get()).language)
                .size() >= 0);
    QCOMPARE(QLocale().language(), QLocale::French);
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1\u202f234,5"));
    QLocale::setDefault(before);
    QVERIFY(installLanguage(QCoreApplication::instance(), QStringLiteral("en")).isEmpty());
    QCOMPARE(QLocale().language(), before.language());
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
