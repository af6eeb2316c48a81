// `ferry --site NAME` with a real keychain (tests/keychain-wrapper.sh: a private D-Bus and
// gnome-keyring): a site without a stored password asks for it, "remember in the keychain"
// keeps it there (never in a file), and the next connection takes it from the keychain
// without asking. Against pyftpdlib, offscreen.
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "sites/credentialstore.h"
#include "sites/sitestore.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"

#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QLineEdit>

using namespace ferry;
using namespace ferry::test;

class TestWindowSites : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void passwordRememberedInKeychain();
};

void TestWindowSites::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    installEnglishPlurals(QCoreApplication::instance());
    if (qEnvironmentVariableIsEmpty("FERRY_TEST_KEYCHAIN"))
        QSKIP("needs tests/keychain-wrapper.sh (a private keychain)");
}

void TestWindowSites::passwordRememberedInKeychain()
{
    QString error;
    auto server = TestServer::start({}, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(server->writeFile(QStringLiteral("site-file.txt"), "x"));
    Scratch scratch;
    SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteProfile site;
    site.name = QStringLiteral("Demo");
    site.folder = QStringLiteral("Work");
    site.host = QStringLiteral("127.0.0.1");
    site.port = server->port();
    site.protocol = Protocol::Ftp;
    site.tlsPolicy = TlsPolicy::Never;
    site.user = server->userName();
    site.remoteFolder = QStringLiteral("/");
    site.localFolder = scratch.folder(QStringLiteral("site-local"));
    QVERIFY2(sites.add(site, &error), qPrintable(error));
    QVERIFY(sites.save(&error));
    CredentialStore credentials;
    AppContext context = scratch.context();
    context.sites = &sites;
    context.credentials = &credentials;

    {
        MainWindow window(context);
        window.show();
        window.connectSite(QStringLiteral("Work/Demo"));
        PasswordDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (dialog = qobject_cast<PasswordDialog *>(window.prompts()->currentDialog())); },
            20000));
        QVERIFY(dialog->rememberBox()->isEnabled());
        QTest::keyClicks(dialog->passwordEdit(), server->password());
        dialog->rememberBox()->setChecked(true);
        QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/")));
        QVERIFY(namesIn(window.siteTab()->remote()).contains(QStringLiteral("site-file.txt")));
        // The site's local folder opened on the left.
        QVERIFY(waitLoaded(window.siteTab()->local(), site.localFolder));
    }
    // In the keychain, and in no file of the test's config and data folders.
    bool read = false;
    QString stored;
    credentials.readPassword(site.id, this, [&](CredentialStore::Result result, const QString &text) {
        read = result == CredentialStore::Result::Ok;
        stored = text;
    });
    QTRY_VERIFY(read);
    QCOMPARE(stored, server->password());
    for (const QString &root :
         {scratch.dir.path(), QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)}) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(server->password().toUtf8()), qPrintable(f.fileName()));
        }
    }
    // Next time: no question.
    MainWindow window(context);
    window.show();
    window.connectSite(QStringLiteral("Demo"));
    QVERIFY(waitLoaded(window.siteTab()->remote(), QStringLiteral("/")));
    QVERIFY(!window.prompts()->currentDialog());
}

QTEST_MAIN(TestWindowSites)
#include "tst_windowsites.moc"
