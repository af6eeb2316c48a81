// Transfers in the window across a restart, and what an upload's row shows (issue #16 §3, §5),
// offscreen against pyftpdlib and vsftpd:
// - jobs left unfinished in a queue file (the window closed while they waited) are resumed
//   by the next window started with a URL that carries the password: no password question,
//   every file arrives; started with the URL without a password, the password is asked once
//   for all of them;
// - an uploaded file's row gets the server's own facts (permissions, owner) without F5.
// The kill -9 of the real `ferry` process in the middle of 500 uploads is xvfb_restart.
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "transfer/pluraltranslator.h"
#include "treeutil.h"
#include "uitestutil.h"

using namespace ferry;
using namespace ferry::test;

namespace {

using State = TransferJob::State;

QByteArray contentOf(int i)
{
    return QByteArray::number(i).repeated(100 + i * 37);
}

// The server's address without its password.
QString withoutPassword(const TestServer &server)
{
    return QStringLiteral("ftp://%1@127.0.0.1:%2/").arg(server.userName()).arg(server.port());
}

} // namespace

class TestWindowRestart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installEnglishPlurals(QCoreApplication::instance());
    }
    void resumedJobsTakeTheCommandLinePassword_data();
    void resumedJobsTakeTheCommandLinePassword();
    void uploadedRowGetsTheServersFacts_data();
    void uploadedRowGetsTheServersFacts();
};

void TestWindowRestart::resumedJobsTakeTheCommandLinePassword_data()
{
    QTest::addColumn<bool>("passwordInUrl");
    QTest::newRow("ftp://user:password@host/") << true;
    QTest::newRow("ftp://user@host/: asked once") << false;
}

// First window: 30 uploads dropped while the queue is stopped, then closed (the jobs stay in
// the queue file, as after a kill). Second window on the same file, started as `ferry URL`
// would be: Resume, and the jobs run with the URL's password, asking nothing (or, without a
// password in the URL, asking once for all 30).
void TestWindowRestart::resumedJobsTakeTheCommandLinePassword()
{
    QFETCH(bool, passwordInUrl);
    auto server = startServer();
    QVERIFY(server);
    Scratch scratch;
    const QString up = scratch.folder(QStringLiteral("up"));
    for (int i = 0; i < 30; ++i)
        writeBytes(up + QStringLiteral("/f%1.txt").arg(i), contentOf(i));
    const QString store = scratch.dir.filePath(QStringLiteral("queue.sqlite"));
    {
        TransferQueue queue(store);
        QVERIFY(queue.open());
        AppContext context = scratch.context();
        context.queue = &queue;
        MainWindow window(context);
        window.show();
        window.openLocal(up);
        window.connectAddress(urlFor(*server));
        SiteTab *tab = window.siteTab();
        QVERIFY(waitLoaded(tab->local(), up));
        QVERIFY(waitLoaded(tab->remote(), QStringLiteral("/")));
        QList<DirEntry> files = tab->local()->lister()->items().toList();
        QCOMPARE(files.size(), 30);
        tab->transfer(SiteTab::Side::Local, files, SiteTab::Start::Later);
        QCOMPARE(queue.countJobs({State::Queued}), qint64(30));
    }
    QVERIFY(QDir(server->rootPath()).entryList(QDir::Files).isEmpty());

    TransferQueue queue(store);
    QVERIFY(queue.open());
    queue.setRetryDelay(100);
    AppContext context = scratch.context();
    context.queue = &queue;
    MainWindow window(context);
    window.show();
    PasswordAnswers answers(window.prompts(), server->password());
    window.connectAddress(passwordInUrl ? urlFor(*server) : withoutPassword(*server));
    QVERIFY(resumeUnfinished(window));
    QVERIFY(QTest::qWaitFor([&] { return queue.countJobs({State::Done}) == 30; }, 30000));
    for (int i = 0; i < 30; ++i) {
        QFile f(server->rootPath() + QStringLiteral("/f%1.txt").arg(i));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), contentOf(i));
    }
    QCOMPARE(answers.asked.size(), passwordInUrl ? 0 : 1);
    QCOMPARE(queue.progress().filesFailed, qint64(0));
}

void TestWindowRestart::uploadedRowGetsTheServersFacts_data()
{
    addServerKindRows();
}

// The row an upload adds shows at once (from what the queue knows); its permissions and
// owner, which only the server knows, follow within seconds without F5, and the rows that
// were there stay (no reset).
void TestWindowRestart::uploadedRowGetsTheServersFacts()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(QStringLiteral("there.txt"), "there"));
    Scratch scratch;
    const QString up = scratch.folder(QStringLiteral("up"));
    writeBytes(up + QStringLiteral("/new.txt"), "new file");
    SiteTab tab(scratch.context());
    tab.local()->open(up);
    QVERIFY(connectTab(tab, *server));
    QVERIFY(waitLoaded(tab.local(), up));
    DirectoryModel *model = tab.remote()->model();
    auto rowOf = [model](const QString &name) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(DirectoryModel::NameRole).toString() == name)
                return row;
        }
        return -1;
    };
    auto factsOf = [model, rowOf](const QString &name, DirectoryModel::Column column) {
        const int row = rowOf(name);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    };
    const QString permissions = factsOf(QStringLiteral("there.txt"), DirectoryModel::PermissionsColumn);
    QVERIFY2(!permissions.isEmpty(), "the listing shows permissions");
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    tab.transfer(SiteTab::Side::Local, tab.local()->lister()->items().toList(), SiteTab::Start::Now);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("new.txt")) >= 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(factsOf(QStringLiteral("new.txt"), DirectoryModel::PermissionsColumn),
                              permissions, 10000);
    QCOMPARE(factsOf(QStringLiteral("new.txt"), DirectoryModel::OwnerColumn),
             factsOf(QStringLiteral("there.txt"), DirectoryModel::OwnerColumn));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(resets.size(), 0);
}

QTEST_MAIN(TestWindowRestart)
#include "tst_windowrestart.moc"
