// The browser window against a real server, offscreen: it lists, navigates into a
// folder and back, and shows errors inline. FERRY_SCREENSHOT_DIR=dir saves what it shows.
#include "browserwindow.h"
#include "remotelistingmodel.h"
#include "testserver.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

class TestBrowserWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelContract();
    void browse();
    void errorsInline();

private:
    static void screenshot(QWidget *w, const char *name)
    {
        const QString dir = qEnvironmentVariable("FERRY_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QLatin1String(".png"));
    }
};

void TestBrowserWindow::modelContract()
{
    RemoteListingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DirEntry file;
    file.name = QStringLiteral("b.txt");
    file.size = 2048;
    DirEntry dir;
    dir.name = QStringLiteral("a-folder");
    dir.isDir = true;
    DirEntry early;
    early.name = QStringLiteral("a.txt");
    model.setEntries({file, dir, early});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(RemoteListingModel::ColumnCount));
    // Folders first, then names in order.
    QCOMPARE(model.index(0, RemoteListingModel::NameColumn).data().toString(), QStringLiteral("a-folder/"));
    QCOMPARE(model.index(1, RemoteListingModel::NameColumn).data().toString(), QStringLiteral("a.txt"));
    QCOMPARE(model.index(2, RemoteListingModel::NameColumn).data().toString(), QStringLiteral("b.txt"));
    QVERIFY(!model.index(2, RemoteListingModel::SizeColumn).data().toString().isEmpty());
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestBrowserWindow::browse()
{
    QString error;
    auto server = TestServer::start({}, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("docs/readme.txt"), "hello"));
    QVERIFY(server->writeFile(QStringLiteral("docs/guide.md"), "# guide"));
    QVERIFY(server->writeFile(QStringLiteral("caf\u00e9.txt"), "x"));

    BrowserWindow window;
    window.show();
    QSignalSpy shown(&window, &BrowserWindow::listingShown);
    window.openUrl(QStringLiteral("ftp://%1:%2@127.0.0.1:%3/")
                       .arg(server->userName(), server->password())
                       .arg(server->port()));
    QVERIFY(shown.wait(20000));
    QCOMPARE(shown.takeFirst().at(0).toString(), QStringLiteral("/"));
    RemoteListingModel *model = window.model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->entryAt(0)->name, QStringLiteral("docs"));
    QCOMPARE(model->entryAt(1)->name, QStringLiteral("caf\u00e9.txt"));
    screenshot(&window, "browser-root");

    // Into the folder, as a double-click (activated) does.
    auto *view = window.findChild<QAbstractItemView *>();
    QVERIFY(view);
    Q_EMIT view->activated(model->index(0, 0));
    QVERIFY(shown.wait(20000));
    QCOMPARE(window.currentPath(), QStringLiteral("/docs/"));
    QCOMPARE(model->rowCount(), 2);
    QStringList names{model->entryAt(0)->name, model->entryAt(1)->name};
    QCOMPARE(names, (QStringList{QStringLiteral("guide.md"), QStringLiteral("readme.txt")}));
    screenshot(&window, "browser-docs");
}

void TestBrowserWindow::errorsInline()
{
    BrowserWindow window;
    window.show();
    window.openUrl(QStringLiteral("not a url"));
    QLabel *banner = nullptr;
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (label->isVisible() && label->text().contains(QStringLiteral("not a URL")))
            banner = label;
    }
    QVERIFY(banner);
}

QTEST_MAIN(TestBrowserWindow)
#include "tst_browserwindow.moc"
