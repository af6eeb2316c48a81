// Accessibility: Qt's accessibility tree (what a screen reader reads through AT-SPI) of the
// window and every dialog, walked with QAccessible: each control that takes the focus has a
// name. Tab moves through each dialog's controls and comes back round; the window's panes,
// queue and log are reached by keys. With fonts ×1.5 and a high-contrast palette no label,
// button or box is narrower than its text (pictures in $FERRY_SCREENSHOT_DIR/a11y-*).
#include "actions/actions.h"
#include "mainwindow.h"
#include "prompts/overwritedialog.h"
#include "prompts/passworddialog.h"
#include "prompts/permissionsdialog.h"
#include "prompts/secretdialog.h"
#include "remote/secretrequest.h"
#include "settings/settingscontroller.h"
#include "settings/settingsdialog.h"
#include "sites/bookmarksdialog.h"
#include "sites/siteeditor.h"
#include "sites/sitemanagerdialog.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"
#include "transfer/overwriterequest.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

namespace {

QString describe(QAccessibleInterface *iface)
{
    QObject *object = iface->object();
    QString what = QString::number(int(iface->role()), 16);
    if (object)
        what += QLatin1Char(' ') + QLatin1String(object->metaObject()->className()) + QLatin1Char('(') +
                object->objectName() + QLatin1Char(')');
    if (auto *parent = object ? object->parent() : nullptr)
        what += QLatin1String(" in ") + QLatin1String(parent->metaObject()->className()) + QLatin1Char('(') +
                parent->objectName() + QLatin1Char(')');
    return what;
}

// The controls under `iface` a person can reach with Tab (or a click) that a screen reader
// would announce without a name. Items of views are the views' business (their names are
// the cells' text), so a view is checked itself, not row by row.
void walk(QAccessibleInterface *iface, QStringList *unnamed, int depth = 0)
{
    if (!iface || depth > 40)
        return;
    const QAccessible::State state = iface->state();
    if (state.invisible)
        return;
    if (state.focusable && iface->object() && iface->object()->isWidgetType() &&
        iface->text(QAccessible::Name).trimmed().isEmpty())
        unnamed->append(describe(iface));
    switch (iface->role()) {
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::List:
    case QAccessible::ListItem:
    case QAccessible::TreeItem:
    case QAccessible::Row:
    case QAccessible::Cell:
    case QAccessible::ColumnHeader:
    case QAccessible::RowHeader:
        return;
    default:
        break;
    }
    for (int i = 0; i < iface->childCount() && i < 500; ++i)
        walk(iface->child(i), unnamed, depth + 1);
}

QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    walk(QAccessible::queryAccessibleInterface(root), &unnamed);
    return unnamed;
}

// Every page of every tab widget under `root` in turn (a hidden page is invisible to the
// tree), then `check` on each.
template<typename Check>
void forEachPage(QWidget *root, Check check)
{
    check(QStringLiteral("first"));
    const auto tabWidgets = root->findChildren<QTabWidget *>();
    for (QTabWidget *tabs : tabWidgets) {
        if (!tabs->isVisible())
            continue;
        const int was = tabs->currentIndex();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            check(tabs->objectName() + QLatin1Char('/') + tabs->tabText(i));
        }
        tabs->setCurrentIndex(was);
    }
}

#define VERIFY_NAMED(widget)                                                                                 \
    forEachPage(widget, [&](const QString &page) {                                                           \
        const QStringList unnamed = unnamedControls(widget);                                                 \
        QVERIFY2(unnamed.isEmpty(), qPrintable(page + QLatin1String(": no accessible name: ") +              \
                                               unnamed.join(QLatin1String("; "))));                          \
    })

// The controls of `root` whose text does not fit their width: labels (not word-wrapped,
// not eliding on purpose), buttons, check boxes, combo boxes.
QStringList cutControls(QWidget *root)
{
    QStringList cut;
    const auto widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisible() || w->width() <= 0)
            continue;
        int needed = 0;
        if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->wordWrap() || label->text().isEmpty() || label->property("elides").toBool())
                continue;
            needed = label->minimumSizeHint().width();
        } else if (qobject_cast<QPushButton *>(w) || qobject_cast<QCheckBox *>(w) ||
                   qobject_cast<QRadioButton *>(w)) {
            if (static_cast<QAbstractButton *>(w)->text().isEmpty())
                continue;
            needed = w->minimumSizeHint().width();
        } else {
            continue;
        }
        if (w->width() < needed)
            cut.append(QStringLiteral("%1(%2) \"%3\": %4 < %5")
                           .arg(QLatin1String(w->metaObject()->className()), w->objectName(),
                                w->property("text").toString())
                           .arg(w->width())
                           .arg(needed));
    }
    return cut;
}

QPalette highContrast()
{
    QPalette p;
    p.setColor(QPalette::Window, Qt::black);
    p.setColor(QPalette::WindowText, Qt::white);
    p.setColor(QPalette::Base, Qt::black);
    p.setColor(QPalette::AlternateBase, QColor(0x20, 0x20, 0x20));
    p.setColor(QPalette::Text, Qt::white);
    p.setColor(QPalette::Button, Qt::black);
    p.setColor(QPalette::ButtonText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0xff, 0xd7, 0x00));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::ToolTipBase, Qt::black);
    p.setColor(QPalette::ToolTipText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0xc0, 0xc0, 0xc0));
    p.setColor(QPalette::Link, QColor(0x80, 0xc0, 0xff));
    for (const QPalette::ColorRole frame :
         {QPalette::Light, QPalette::Midlight, QPalette::Mid, QPalette::Dark, QPalette::Shadow})
        p.setColor(frame, Qt::white); // frames, boxes and radio buttons drawn in white
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa0, 0xa0));
    return p;
}

// The widgets Tab reaches from `start`, in order, until it comes back (at most 200 keys).
QList<QWidget *> tabChain(QWidget *window, QWidget *start)
{
    QList<QWidget *> chain;
    start->setFocus(Qt::TabFocusReason);
    QCoreApplication::processEvents();
    QWidget *first = QApplication::focusWidget();
    for (int i = 0; i < 200 && first; ++i) {
        QWidget *now = QApplication::focusWidget();
        if (!now || (i > 0 && now == first))
            break;
        chain.append(now);
        QTest::keyClick(now, Qt::Key_Tab);
    }
    Q_UNUSED(window);
    return chain;
}

} // namespace

class TestAccessibility : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mainWindowNamed();
    void dialogsNamed();
    void dialogsByKeyboard();
    void windowAreasByKeyboard();
    void largeFontHighContrast();

private:
    void checkDialogs(const std::function<void(QDialog *, const QString &)> &check);
};

void TestAccessibility::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    installEnglishPlurals(QCoreApplication::instance());
    QAccessible::setActive(true);
}

void TestAccessibility::mainWindowNamed()
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLocal(scratch.folder(QStringLiteral("local")));
    QCoreApplication::processEvents();
    VERIFY_NAMED(&window);
}

// Each dialog a person meets, built as the window builds it, handed to `check`.
void TestAccessibility::checkDialogs(const std::function<void(QDialog *, const QString &)> &check)
{
    Scratch scratch;
    MainWindow window(scratch.context());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    {
        QApplication::setActiveWindow(&window);
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *settings = window.preferences()->dialog();
        QVERIFY(settings);
        QVERIFY(QTest::qWaitForWindowExposed(settings));
        check(settings, QStringLiteral("settings"));
        settings->reject();
    }
    {
        SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
        SiteStoreWatcher watcher(&store);
        SiteManagerDialog dialog(&watcher, nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.newSite();
        QCoreApplication::processEvents();
        check(&dialog, QStringLiteral("site-manager"));
    }
    {
        TransferJob job;
        job.kind = TransferJob::Kind::Upload;
        job.localPath = scratch.folder(QStringLiteral("up")) + QStringLiteral("/report.txt");
        job.remotePath = QStringLiteral("/www/report.txt");
        job.site = QStringLiteral("ftp://127.0.0.1:21");
        OverwriteRequest request(job, 2048, QDateTime::currentDateTime(), 1024,
                                 QDateTime::currentDateTime().addDays(-1));
        OverwriteDialog dialog(&request);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        check(&dialog, QStringLiteral("overwrite"));
    }
    {
        PasswordDialog dialog(QStringLiteral("ann"), QStringLiteral("ftp.example.com"), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        check(&dialog, QStringLiteral("password"));
    }
    {
        PermissionsDialog dialog(
            {{QStringLiteral("www"), true, 0755}, {QStringLiteral("a.txt"), false, 0644}});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        check(&dialog, QStringLiteral("permissions"));
    }
    {
        SecretRequest::Details details;
        details.kind = SecretRequest::Kind::KeyboardInteractive;
        details.host = QStringLiteral("sftp.example.com");
        details.user = QStringLiteral("ann");
        details.name = QStringLiteral("Two factors");
        details.prompts = {{QStringLiteral("Password:"), false}, {QStringLiteral("Code:"), true}};
        SecretRequest request(details);
        SecretDialog dialog(&request);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        check(&dialog, QStringLiteral("secret"));
    }
    {
        SiteProfile site;
        site.name = QStringLiteral("Alpha");
        site.bookmarks.append(
            {QStringLiteral("Docs"), QStringLiteral("/home/ann/docs"), QStringLiteral("/docs")});
        BookmarksDialog dialog(site);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        check(&dialog, QStringLiteral("bookmarks"));
    }
}

void TestAccessibility::dialogsNamed()
{
    checkDialogs([](QDialog *dialog, const QString &name) {
        forEachPage(dialog, [&](const QString &page) {
            const QStringList unnamed = unnamedControls(dialog);
            QVERIFY2(unnamed.isEmpty(), qPrintable(name + QLatin1Char(' ') + page + QLatin1String(": ") +
                                                   unnamed.join(QLatin1String("; "))));
        });
    });
}

void TestAccessibility::dialogsByKeyboard()
{
    // Tab reaches every enabled control that takes the focus by Tab, and comes back round.
    checkDialogs([](QDialog *dialog, const QString &name) {
        QApplication::setActiveWindow(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QWidget *start = dialog->focusWidget() ? dialog->focusWidget() : dialog->nextInFocusChain();
        const QList<QWidget *> chain = tabChain(dialog, start);
        QStringList missed;
        const auto widgets = dialog->findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() &&
                !chain.contains(w))
                missed << QLatin1String(w->metaObject()->className()) + QLatin1Char('(') + w->objectName() +
                              QLatin1Char(')');
        }
        QVERIFY2(missed.isEmpty(),
                 qPrintable(name + QLatin1String(": Tab never reaches ") + missed.join(QLatin1String(", "))));
    });
}

void TestAccessibility::windowAreasByKeyboard()
{
    // F6 goes round the local files, the server's files, the transfers and the log (the
    // bottom tabs shown again if F8 hid them); Tab in a file list is the other pane.
    Scratch scratch;
    MainWindow window(scratch.context());
    window.resize(1200, 800);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openLocal(scratch.folder(QStringLiteral("local")));
    QWidget *local = window.findChild<QWidget *>(QStringLiteral("localPane"));
    QWidget *remote = window.findChild<QWidget *>(QStringLiteral("remotePane"));
    auto *queued = window.findChild<QWidget *>(QStringLiteral("queuedView"));
    QVERIFY(local && remote && queued);
    QWidget *localList = local->findChild<QWidget *>(QStringLiteral("fileList"));
    QVERIFY(localList);
    localList->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), localList);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F8); // the log and transfers hidden
    const auto focusName = [] {
        QWidget *w = QApplication::focusWidget();
        return w ? w->accessibleName() : QString();
    };
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
    QTRY_COMPARE(focusName(), QStringLiteral("Server files"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
    QTRY_COMPARE(QApplication::focusWidget(), queued);
    QVERIFY(queued->isVisible());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
    QTRY_COMPARE(focusName(), QStringLiteral("Protocol log"));
    QVERIFY(QApplication::focusWidget()->isVisible());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
    QTRY_COMPARE(QApplication::focusWidget(), localList);
    QTest::keyClick(localList, Qt::Key_Tab);
    QTRY_COMPARE(focusName(), QStringLiteral("Server files"));
    // Tab in the queue's list leaves it (no walk from cell to cell).
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
    QTRY_COMPARE(QApplication::focusWidget(), queued);
    QTest::keyClick(queued, Qt::Key_Tab);
    QVERIFY(QApplication::focusWidget() != queued);
}

void TestAccessibility::largeFontHighContrast()
{
    const QFont font = QApplication::font();
    const QPalette palette = QApplication::palette();
    QFont large = font;
    large.setPointSizeF(font.pointSizeF() * 1.5);
    QApplication::setFont(large);
    QApplication::setPalette(highContrast());
    checkDialogs([](QDialog *dialog, const QString &name) {
        dialog->adjustSize();
        forEachPage(dialog, [&](const QString &page) {
            saveScreenshot(dialog, QStringLiteral("a11y-%1-%2")
                                       .arg(name, QString(page).replace(QLatin1Char('/'), QLatin1Char('-'))));
            const QStringList cut = cutControls(dialog);
            QVERIFY2(cut.isEmpty(),
                     qPrintable(name + QLatin1Char(' ') + page + QLatin1String(": text cut: ") +
                                cut.join(QLatin1String("; "))));
        });
    });
    {
        Scratch scratch;
        MainWindow window(scratch.context());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openLocal(scratch.folder(QStringLiteral("local")));
        QTest::qWait(200);
        saveScreenshot(&window, QStringLiteral("a11y-window"));
    }
    QApplication::setFont(font);
    QApplication::setPalette(palette);
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
