// The French translation (issue #21 §1): which language "system", "en" and "fr" give;
// French installed from the resources with Qt's own (qtbase_fr); sizes, counts and dates in
// French; the window in French with every menu translated and its accelerators unique (menu
// bar, submenus, a pane's and the queue's context menus); then the window on pyftpdlib with
// both panes, the Site Manager, Settings and the queue with a failed transfer, saved under
// $FERRY_SCREENSHOT_DIR (fr-*.png) to be looked at.
#include "actions/actions.h"
#include "browser/sitetab.h"
#include "formatting.h"
#include "mainwindow.h"
#include "prompts/permissionsdialog.h"
#include "settings/language.h"
#include "settings/settingscontroller.h"
#include "settings/settingsdialog.h"
#include "sites/siteeditor.h"
#include "sites/sitemanagerdialog.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"
#include "transfer/pluraltranslator.h"
#include "transfers/queuecontroller.h"
#include "transfers/queuepanel.h"
#include "uitestutil.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTranslator>

using namespace ferry;
using namespace ferry::test;

namespace {

// The accelerator of a menu entry ("Fi&chier" → 'c'), or 0.
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// Every menu under `menu` (itself included): entries that share an accelerator, and
// entries left in English (text equal to the source while the translator has one).
void checkMenu(const QMenu *menu, QStringList *problems)
{
    QHash<QChar, QString> taken;
    for (const QAction *a : menu->actions()) {
        if (a->isSeparator() || !a->isVisible())
            continue;
        const QChar m = mnemonic(a->text());
        if (!m.isNull()) {
            if (taken.contains(m))
                problems->append(QStringLiteral("%1: \"%2\" and \"%3\" share '%4'")
                                     .arg(menu->title(), taken.value(m), a->text(), QString(m)));
            taken.insert(m, a->text());
        }
        if (a->menu())
            checkMenu(a->menu(), problems);
    }
}

} // namespace

class TestTranslation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void systemLanguage_data();
    void systemLanguage();
    void english();
    void french();
    void frenchWindow();
    void cleanupTestCase();
};

void TestTranslation::systemLanguage_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("expected");
    QTest::newRow("fr_FR") << QStringLiteral("fr_FR") << QStringLiteral("fr");
    QTest::newRow("fr_CA") << QStringLiteral("fr_CA") << QStringLiteral("fr");
    QTest::newRow("en_GB") << QStringLiteral("en_GB") << QStringLiteral("en");
    QTest::newRow("de_DE") << QStringLiteral("de_DE") << QStringLiteral("en");
    QTest::newRow("C") << QStringLiteral("C") << QStringLiteral("en");
}

void TestTranslation::systemLanguage()
{
    QFETCH(QString, locale);
    QFETCH(QString, expected);
    QCOMPARE(ferry::systemLanguage(QLocale(locale)), expected);
}

// "en", and "system" on a system that is not French: nothing installed, English texts.
void TestTranslation::english()
{
    const QLocale before;
    QVERIFY(installLanguage(QCoreApplication::instance(), QStringLiteral("system"),
                            QLocale(QStringLiteral("de_DE")))
                .isEmpty());
    QVERIFY(
        installLanguage(QCoreApplication::instance(), QStringLiteral("en"), QLocale(QStringLiteral("en_US")))
            .isEmpty());
    QCOMPARE(QLocale().language(), before.language());
    QCOMPARE(QCoreApplication::translate("ferry::Actions", "&File"), QStringLiteral("&File"));
    // A German desktop that chose English: English numbers too.
    QVERIFY(
        installLanguage(QCoreApplication::instance(), QStringLiteral("en"), QLocale(QStringLiteral("de_DE")))
            .isEmpty());
    QCOMPARE(QLocale().language(), QLocale::English);
    // Counts in the footer with the locale's digit grouping.
    QCOMPARE(Format::totals(1234, 1, 0), QStringLiteral("1,234 files and 1 folder, 0 bytes"));
    QLocale::setDefault(before);
}

// "system" on a French desktop: Ferry's translation from the resources and Qt's own.
void TestTranslation::french()
{
    const QStringList installed = installLanguage(QCoreApplication::instance(), QStringLiteral("system"),
                                                  QLocale(QStringLiteral("fr_FR")));
    QVERIFY2(installed.contains(QStringLiteral(":/i18n/ferry_fr.qm")), qPrintable(installed.join(u' ')));
    QVERIFY2(installed.size() == 2 && installed.first().endsWith(QStringLiteral("qtbase_fr.qm")),
             qPrintable(installed.join(u' ') + QStringLiteral(" (qt6-translations-l10n)")));
    QCOMPARE(QLocale().language(), QLocale::French);
    QCOMPARE(QCoreApplication::translate("ferry::Actions", "&File"), QStringLiteral("&Fichier"));
    QCOMPARE(QCoreApplication::translate("ferry::QueuePanel", "Failed (%L1)"),
             QStringLiteral("Transferts échoués (%L1)"));
    // Plurals: French has the singular for 0 and 1.
    QCOMPARE(Format::totals(1, 0, 12), QStringLiteral("1 fichier, 12 octets"));
    QCOMPARE(Format::totals(0, 3, 0), QStringLiteral("3 dossiers"));
    QCOMPARE(Format::size(0), QStringLiteral("0 octet"));
    QCOMPARE(Format::totals(1234, 0, 100),
             QStringLiteral("%1 fichiers, 100 octets").arg(QLocale().toString(1234)));
    QVERIFY(QLocale().toString(1234) != QStringLiteral("1234")); // grouped, the French way
    QCOMPARE(Format::totals(2, 2, 4404029),
             QStringLiteral("2 fichiers et 2 dossiers, %1").arg(Format::size(4404029)));
    QVERIFY2(Format::size(4404029).startsWith(QStringLiteral("4,2")), qPrintable(Format::size(4404029)));
    // Dates in the locale's short format, the whole year.
    QCOMPARE(Format::dateTime(QDateTime(QDate(2024, 3, 1), QTime(12, 5, 9))),
             QStringLiteral("01/03/2024 12:05"));
    QCOMPARE(Format::dateTime(QDateTime(QDate(2024, 3, 1), QTime(12, 5, 9)), true),
             QStringLiteral("01/03/2024 12:05:09"));
    // Qt's own strings (qtbase_fr): a dialog's Cancel button.
    QDialogButtonBox box(QDialogButtonBox::Cancel);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(u'&'), QStringLiteral("Annuler"));
}

void TestTranslation::frenchWindow()
{
    QVERIFY(QCoreApplication::translate("ferry::Actions", "&File") !=
            QStringLiteral("&File")); // after french()
    auto server = startServer();
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("lisez-moi.txt"), "bonjour"));
    QVERIFY(server->writeFile(QStringLiteral("photos/vacances.jpg"), QByteArray(120000, 'j')));
    Scratch scratch;
    scratch.queue->setMaxRetries(0);
    const QString local = scratch.folder(QStringLiteral("local"));
    QDir(local).mkdir(QStringLiteral("documents"));
    QFile note(local + QStringLiteral("/notes.txt"));
    QVERIFY(note.open(QIODevice::WriteOnly));
    note.write(QByteArray(5000, 'x'));
    note.close();
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    AppContext context = scratch.context();
    context.sites = &store;

    MainWindow window(context);
    window.resize(1100, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Every menu translated, accelerators unique per menu.
    QStringList problems;
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles.append(a->text());
    QCOMPARE(titles.first(), QStringLiteral("&Fichier"));
    for (const QString &english :
         {QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&View"),
          QStringLiteral("&Transfer"), QStringLiteral("&Server"), QStringLiteral("&Help")})
        QVERIFY2(!titles.contains(english), qPrintable(titles.join(u' ')));
    QMenu menuBarItself;
    for (QAction *a : window.menuBar()->actions())
        menuBarItself.addAction(a);
    checkMenu(&menuBarItself, &problems); // the menu bar's own accelerators (Alt+F...), then each menu
    QMenu paneMenu;
    window.actions()->fillContextMenu(&paneMenu);
    checkMenu(&paneMenu, &problems);

    window.openLocal(local);
    window.connectAddress(urlFor(*server));
    SiteTab *tab = window.siteTab();
    QVERIFY(waitLoaded(tab->local(), local));
    QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
    QTest::qWait(200);
    saveScreenshot(&window, QStringLiteral("fr-window"));

    // The queue with a failed transfer (a file the server does not have).
    auto *panel = window.queuePanel();
    QVERIFY(panel);
    window.findChild<QTabWidget *>(QStringLiteral("bottomTabs"))->setCurrentWidget(panel);
    const SiteKey site = SiteKey::fromString(
        QStringLiteral("ftp://%1@127.0.0.1:%2").arg(server->userName()).arg(server->port()));
    scratch.queue->setSite(site, configFor(*server));
    scratch.queue->enqueueDownload(site, QStringLiteral("/absent.txt"), local + QStringLiteral("/absent.txt"),
                                   {});
    scratch.queue->start();
    QTRY_COMPARE_WITH_TIMEOUT(panel->tabs()->tabText(1), QStringLiteral("Transferts échoués (1)"), 20000);
    panel->tabs()->setCurrentIndex(1);
    QMenu queueMenu;
    for (QueuePanel::Command c : {QueuePanel::Command::Pause, QueuePanel::Command::Resume,
                                  QueuePanel::Command::Cancel, QueuePanel::Command::Retry,
                                  QueuePanel::Command::RetryAllFailed, QueuePanel::Command::RemoveFinished,
                                  QueuePanel::Command::OpenFolder, QueuePanel::Command::CopyReason})
        queueMenu.addAction(panel->action(c));
    checkMenu(&queueMenu, &problems);
    QTest::qWait(300);
    saveScreenshot(&window, QStringLiteral("fr-queue-failed"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    // Settings, each tab.
    window.actions()->get(Actions::Id::Settings)->trigger();
    SettingsDialog *settings = window.preferences()->dialog();
    QVERIFY(settings);
    QVERIFY(QTest::qWaitForWindowExposed(settings));
    QCOMPARE(settings->windowTitle(), QStringLiteral("Paramètres"));
    QTabWidget *pages = settings->tabs();
    QVERIFY(pages);
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        QTest::qWait(50);
        saveScreenshot(settings, QStringLiteral("fr-settings-%1").arg(i));
    }
    settings->close();

    // The Site Manager with a new site.
    SiteStoreWatcher watcher(&store);
    SiteManagerDialog manager(&watcher, nullptr);
    manager.show();
    QVERIFY(QTest::qWaitForWindowExposed(&manager));
    QCOMPARE(manager.windowTitle(), QStringLiteral("Gestionnaire de sites"));
    manager.findChild<QPushButton *>(QStringLiteral("newSiteButton"))->click();
    QTest::keyClicks(manager.editor()->hostEdit(), QStringLiteral("ftp.exemple.fr"));
    QTest::keyClicks(manager.editor()->userEdit(), QStringLiteral("marie"));
    QTest::qWait(50);
    saveScreenshot(&manager, QStringLiteral("fr-site-manager"));
    manager.editor()->tabs()->setCurrentIndex(1);
    QTest::qWait(50);
    saveScreenshot(&manager, QStringLiteral("fr-site-manager-advanced"));

    PermissionsDialog permissions(
        {{QStringLiteral("photos"), true, 0755}, {QStringLiteral("notes.txt"), false, 0644}});
    permissions.show();
    QVERIFY(QTest::qWaitForWindowExposed(&permissions));
    QCOMPARE(permissions.windowTitle(), QStringLiteral("Permissions de 2 éléments"));
    saveScreenshot(&permissions, QStringLiteral("fr-permissions"));
}

void TestTranslation::cleanupTestCase()
{
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>())
        QCoreApplication::removeTranslator(t);
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
