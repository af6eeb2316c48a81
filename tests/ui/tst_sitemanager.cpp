// The Site Manager dialog through its widgets, offscreen: create, edit every field,
// duplicate, move, delete, invalid input, Cancel, search; the password through the keychain
// (and a grep of the config and data folders for it); no keychain; FileZilla import; empty
// folders kept in sites.json after the dialog closes.
// Registered twice: under tests/keychain-wrapper.sh (a private D-Bus and gnome-keyring:
// FERRY_TEST_KEYCHAIN=1) and with no D-Bus at all. FERRY_SCREENSHOT_DIR=dir saves what the
// dialog shows.
#include "sitemanagertestutil.h"

using namespace ferry;
using namespace ferry::test;

class TestSiteManager : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createEditDuplicateMoveDelete();
    void everyFieldSaved();
    void invalidInputMarked();
    void cancelDiscards();
    void searchFilters();
    void passwordRoundTrip();
    void noKeychainSaidOnce();
    void importFileZilla();
    void emptyFoldersKept();
};

void TestSiteManager::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    installEnglishPlurals(QCoreApplication::instance());
}

void TestSiteManager::createEditDuplicateMoveDelete()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    CredentialStore credentials;
    SiteManagerDialog dialog(&watcher, &credentials);
    dialog.show();
    SiteEditor *editor = dialog.editor();
    QVERIFY(!editor->isEnabled()); // nothing to edit yet

    // New site: a name of its own, the editor on it; host and user typed.
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    QCOMPARE(dialog.workingSites().size(), 1);
    QVERIFY(editor->isEnabled());
    QCOMPARE(editor->nameEdit()->text(), QStringLiteral("New site"));
    QVERIFY(!dialog.okButton()->isEnabled()); // no host yet
    QVERIFY(SiteEditor::isMarked(editor->hostEdit()));
    typeInto(editor->nameEdit(), QStringLiteral("Alpha"));
    typeInto(editor->hostEdit(), QStringLiteral("alpha.example.com"));
    typeInto(editor->userEdit(), QStringLiteral("ann"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(editor->problem()));
    QCOMPARE(dialog.tree()->currentIndex().data().toString(), QStringLiteral("Alpha"));

    // A folder, then the site dragged into it (the drop the view would make).
    QTest::mouseClick(button(&dialog, "newFolderButton"), Qt::LeftButton);
    QCOMPARE(dialog.currentFolder(), QStringLiteral("New folder"));
    dialog.renameFolder(QStringLiteral("New folder"), QStringLiteral("Work"));
    QCOMPARE(dialog.currentFolder(), QStringLiteral("Work"));
    const QUuid alpha = dialog.workingSites().first().id;
    auto *proxy = static_cast<QSortFilterProxyModel *>(dialog.tree()->model());
    const QModelIndex siteIndex = proxy->mapFromSource(dialog.treeModel()->indexOfSite(alpha));
    std::unique_ptr<QMimeData> mime(proxy->mimeData({siteIndex}));
    const QModelIndex folderIndex =
        proxy->mapFromSource(dialog.treeModel()->indexOfFolder(QStringLiteral("Work")));
    QVERIFY(proxy->canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, folderIndex));
    QVERIFY(proxy->dropMimeData(mime.get(), Qt::CopyAction, -1, -1, folderIndex));
    QTRY_COMPARE(dialog.workingSites().first().folder, QStringLiteral("Work"));
    QCOMPARE(dialog.currentSite(), alpha);
    QCOMPARE(dialog.treeModel()->indexOfSite(alpha).parent(),
             dialog.treeModel()->indexOfFolder(QStringLiteral("Work")));

    // Duplicate: a second site, same settings, a new id and name.
    QTest::mouseClick(button(&dialog, "duplicateButton"), Qt::LeftButton);
    QCOMPARE(dialog.workingSites().size(), 2);
    const SiteProfile copy = dialog.workingSites().last();
    QCOMPARE(copy.name, QStringLiteral("Alpha (2)"));
    QCOMPARE(copy.folder, QStringLiteral("Work"));
    QCOMPARE(copy.host, QStringLiteral("alpha.example.com"));
    QVERIFY(copy.id != alpha);
    QCOMPARE(dialog.currentSite(), copy.id);

    // Delete asks; No keeps, Yes deletes.
    QTest::mouseClick(button(&dialog, "deleteButton"), Qt::LeftButton);
    QVERIFY(answer(&dialog, QMessageBox::No));
    QCOMPARE(dialog.workingSites().size(), 2);
    QTest::mouseClick(button(&dialog, "deleteButton"), Qt::LeftButton);
    QString question;
    QVERIFY(answer(&dialog, QMessageBox::Yes, &question));
    QVERIFY2(question.contains(QLatin1String("Alpha (2)")), qPrintable(question));
    QCOMPARE(dialog.workingSites().size(), 1);
    QVERIFY(store.sites().isEmpty()); // nothing saved before OK
    screenshot(&dialog, QStringLiteral("sitemanager-general"));

    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    SiteStore reread(store.filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.sites().size(), 1);
    QCOMPARE(reread.sites().first().path(), QStringLiteral("Work/Alpha"));
    QCOMPARE(reread.sites().first().user, QStringLiteral("ann"));
    QCOMPARE(reread.sites().first().id, alpha);
}

void TestSiteManager::everyFieldSaved()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    SiteManagerDialog dialog(&watcher, nullptr);
    dialog.show();
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    SiteEditor *e = dialog.editor();
    SiteProfile expected = dialog.workingSites().first();
    typeInto(e->nameEdit(), QStringLiteral("Full"));
    choose(e->protocolBox(), int(Protocol::Ftp));
    typeInto(e->hostEdit(), QStringLiteral("full.example.org"));
    typeInto(e->portEdit(), QStringLiteral("2121"));
    choose(e->tlsBox(), int(TlsPolicy::IfAvailable));
    choose(e->logonBox(), int(SiteProfile::LogonType::Account));
    typeInto(e->userEdit(), QStringLiteral("bob"));
    typeInto(e->accountEdit(), QStringLiteral("acct1"));
    e->commentsEdit()->setPlainText(QStringLiteral("the test server"));
    e->tabs()->setCurrentIndex(1);
    choose(e->serverTypeBox(), QStringLiteral("unix"));
    typeInto(e->localFolderEdit(), QStringLiteral("/tmp/local"));
    typeInto(e->remoteFolderEdit(), QStringLiteral("/pub"));
    e->timeZoneBox()->setValue(-90);
    QTest::mouseClick(e->syncBrowsingBox(), Qt::LeftButton, {},
                      QPoint(8, e->syncBrowsingBox()->height() / 2));
    QVERIFY(e->syncBrowsingBox()->isChecked());
    e->tabs()->setCurrentIndex(2);
    e->transferModeGroup()->button(int(SiteProfile::TransferMode::Active))->click();
    e->connectionLimitBox()->setValue(7);
    e->tabs()->setCurrentIndex(3);
    e->charsetGroup()->button(2)->click();
    e->charsetBox()->setCurrentText(QStringLiteral("windows-1252"));
    screenshot(&dialog, QStringLiteral("sitemanager-charset"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(e->problem()));

    expected.name = QStringLiteral("Full");
    expected.protocol = Protocol::Ftp;
    expected.host = QStringLiteral("full.example.org");
    expected.port = 2121;
    expected.tlsPolicy = TlsPolicy::IfAvailable;
    expected.logonType = SiteProfile::LogonType::Account;
    expected.user = QStringLiteral("bob");
    expected.account = QStringLiteral("acct1");
    expected.comments = QStringLiteral("the test server");
    expected.serverType = QStringLiteral("unix");
    expected.localFolder = QStringLiteral("/tmp/local");
    expected.remoteFolder = QStringLiteral("/pub");
    expected.timeZoneOffsetMinutes = -90;
    expected.syncBrowsing = true;
    expected.transferMode = SiteProfile::TransferMode::Active;
    expected.connectionLimit = 7;
    expected.charset = QStringLiteral("windows-1252");
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    SiteStore reread(store.filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.sites().size(), 1);
    QCOMPARE(reread.sites().first(), expected);

    // SFTP: the key file and the agent; the FTP-only fields are off.
    SiteManagerDialog again(&watcher, nullptr);
    again.show();
    e = again.editor();
    QCOMPARE(e->hostEdit()->text(), QStringLiteral("full.example.org")); // the first site, shown
    choose(e->protocolBox(), int(Protocol::Sftp));
    QVERIFY(!e->tlsBox()->isEnabled());
    QVERIFY(!again.okButton()->isEnabled()); // SFTP has no account logon
    choose(e->logonBox(), int(SiteProfile::LogonType::KeyFile));
    QVERIFY(SiteEditor::isMarked(e->keyFileEdit()));
    typeInto(e->keyFileEdit(), QStringLiteral("/home/bob/.ssh/id_ed25519"));
    e->agentBox()->setChecked(false);
    QVERIFY2(again.okButton()->isEnabled(), qPrintable(e->problem()));
    QTest::mouseClick(again.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!again.isVisible());
    QVERIFY(reread.load());
    QCOMPARE(reread.sites().first().protocol, Protocol::Sftp);
    QCOMPARE(reread.sites().first().keyFile, QStringLiteral("/home/bob/.ssh/id_ed25519"));
    QCOMPARE(reread.sites().first().useAgent, false);
    QCOMPARE(reread.sites().first().logonType, SiteProfile::LogonType::KeyFile);
}

void TestSiteManager::invalidInputMarked()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    SiteManagerDialog dialog(&watcher, nullptr);
    dialog.show();
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    SiteEditor *e = dialog.editor();
    typeInto(e->hostEdit(), QStringLiteral("h.example"));
    typeInto(e->userEdit(), QStringLiteral("u"));
    QVERIFY(dialog.okButton()->isEnabled());
    struct Case {
        QLineEdit *field;
        QString text;
        QString reason;
    };
    const QList<Case> cases{{e->portEdit(), QStringLiteral("0"), QStringLiteral("port")},
                            {e->portEdit(), QStringLiteral("70000"), QStringLiteral("port")},
                            {e->portEdit(), QStringLiteral("x"), QStringLiteral("port")},
                            {e->hostEdit(), QString(), QStringLiteral("host")},
                            {e->hostEdit(), QStringLiteral("a b"), QStringLiteral("host")},
                            {e->nameEdit(), QStringLiteral("a/b"), QStringLiteral("/")},
                            {e->nameEdit(), QString(), QStringLiteral("name")}};
    for (const Case &c : cases) {
        const QString before = c.field->text();
        typeInto(c.field, c.text);
        QVERIFY2(SiteEditor::isMarked(c.field), qPrintable(c.text));
        QVERIFY2(c.field->toolTip().contains(c.reason, Qt::CaseInsensitive), qPrintable(c.field->toolTip()));
        QCOMPARE(e->problemLabel()->text(), c.field->toolTip());
        QVERIFY2(!dialog.okButton()->isEnabled(), qPrintable(c.text));
        QVERIFY(!dialog.connectButton()->isEnabled());
        typeInto(c.field, before);
        QVERIFY(!SiteEditor::isMarked(c.field));
        QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(e->problem()));
    }
    screenshot(&dialog, QStringLiteral("sitemanager-valid"));
    typeInto(e->portEdit(), QStringLiteral("70000"));
    screenshot(&dialog, QStringLiteral("sitemanager-invalid-port"));
    // Two sites of one name in one folder: the second is marked.
    typeInto(e->portEdit(), QStringLiteral("21"));
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    typeInto(e->hostEdit(), QStringLiteral("h2.example"));
    typeInto(e->nameEdit(), QStringLiteral("New site"));
    QVERIFY(SiteEditor::isMarked(e->nameEdit()));
    QVERIFY(!dialog.okButton()->isEnabled());
}

void TestSiteManager::cancelDiscards()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteProfile site;
    site.name = QStringLiteral("Keep");
    site.host = QStringLiteral("keep.example");
    site.logonType = SiteProfile::LogonType::Anonymous;
    QString error;
    QVERIFY(store.add(site, &error));
    QVERIFY(store.save(&error));
    QFile file(store.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    SiteStoreWatcher watcher(&store);
    SiteManagerDialog dialog(&watcher, nullptr);
    dialog.show();
    typeInto(dialog.editor()->hostEdit(), QStringLiteral("changed.example"));
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    QTest::mouseClick(button(&dialog, "duplicateButton"), Qt::LeftButton);
    QCOMPARE(dialog.workingSites().size(), 3);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(store.sites(), QList<SiteProfile>{site});
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestSiteManager::searchFilters()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    QString error;
    for (const auto &[folder, name, host] :
         {std::tuple{"Work/Clients", "Acme", "ftp.acme.test"},
          std::tuple{"Work", "Intranet", "files.corp.test"}, std::tuple{"", "Mirror", "mirror.acme.test"}}) {
        SiteProfile s;
        s.folder = QString::fromLatin1(folder);
        s.name = QString::fromLatin1(name);
        s.host = QString::fromLatin1(host);
        QVERIFY(store.add(s, &error));
    }
    SiteStoreWatcher watcher(&store);
    SiteManagerDialog dialog(&watcher, nullptr);
    dialog.show();
    const auto visibleSites = [&] {
        QStringList names;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int row = 0; row < dialog.tree()->model()->rowCount(parent); ++row) {
                const QModelIndex index = dialog.tree()->model()->index(row, 0, parent);
                if (index.data(SiteTreeModel::KindRole).toInt() == SiteTreeModel::Site)
                    names << index.data().toString();
                walk(index);
            }
        };
        walk({});
        names.sort();
        return names;
    };
    QCOMPARE(visibleSites(),
             (QStringList{QStringLiteral("Acme"), QStringLiteral("Intranet"), QStringLiteral("Mirror")}));
    QTest::keyClicks(dialog.searchEdit(), QStringLiteral("acme"));
    QCOMPARE(visibleSites(), (QStringList{QStringLiteral("Acme"), QStringLiteral("Mirror")})); // name or host
    dialog.searchEdit()->clear();
    QTest::keyClicks(dialog.searchEdit(), QStringLiteral("intra"));
    QCOMPARE(visibleSites(), QStringList{QStringLiteral("Intranet")});
    // Nothing matches: no site shown, nothing marked, nothing in the way of OK.
    QTest::keyClicks(dialog.searchEdit(), QStringLiteral("zzz"));
    QVERIFY(visibleSites().isEmpty());
    QVERIFY(!dialog.editor()->isEnabled());
    QVERIFY(!SiteEditor::isMarked(dialog.editor()->nameEdit()));
    QVERIFY(dialog.editor()->problem().isEmpty());
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestSiteManager::passwordRoundTrip()
{
    if (!withKeychain())
        QSKIP("needs tests/keychain-wrapper.sh (a private keychain)");
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    CredentialStore credentials;
    const QString secret = QStringLiteral("pw-") + QUuid::createUuid().toString(QUuid::Id128);
    QUuid id;
    {
        SiteManagerDialog dialog(&watcher, &credentials);
        dialog.show();
        QTRY_VERIFY(dialog.hasKeychain());
        QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
        id = dialog.currentSite();
        SiteEditor *e = dialog.editor();
        typeInto(e->hostEdit(), QStringLiteral("secret.example"));
        typeInto(e->userEdit(), QStringLiteral("carol"));
        QCOMPARE(e->passwordEdit()->echoMode(), QLineEdit::Password);
        QTest::keyClicks(e->passwordEdit(), secret);
        // Typed but not saved: the keychain has nothing yet.
        QCOMPARE(readKeychain(&credentials, id).result, CredentialStore::Result::NotFound);
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
    }
    Keychain stored = readKeychain(&credentials, id);
    QCOMPARE(stored.result, CredentialStore::Result::Ok);
    QCOMPARE(stored.text, secret);
    // Never in a file: the scratch folder (sites.json, history, settings) and the test's
    // config, data and cache folders.
    const QStringList roots{scratch.dir.path(),
                            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                            QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)};
    QCOMPARE(fileContaining(roots, secret), QString());

    {
        // Opened again: the field is empty (never shown unasked); "Show" reads the keychain.
        SiteManagerDialog dialog(&watcher, &credentials);
        dialog.show();
        SiteEditor *e = dialog.editor();
        QCOMPARE(dialog.currentSite(), id);
        QVERIFY(e->passwordEdit()->text().isEmpty());
        QTest::mouseClick(e->showPasswordButton(), Qt::LeftButton);
        QTRY_COMPARE(e->passwordEdit()->text(), secret);
        QCOMPARE(e->passwordEdit()->echoMode(), QLineEdit::Normal);
        screenshot(&dialog, QStringLiteral("sitemanager-password-shown"));
        QTest::mouseClick(e->showPasswordButton(), Qt::LeftButton);
        QVERIFY(e->passwordEdit()->text().isEmpty()); // hidden again, and gone from the field
        // "Ask for password": the keychain keeps none after OK.
        choose(e->logonBox(), int(SiteProfile::LogonType::AskPassword));
        QVERIFY(!e->passwordEdit()->isEnabled());
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
    }
    QCOMPARE(readKeychain(&credentials, id).result, CredentialStore::Result::NotFound);
    QCOMPARE(store.sites().first().logonType, SiteProfile::LogonType::AskPassword);

    {
        // Back to normal with a password, then the site deleted: its entry goes too.
        SiteManagerDialog dialog(&watcher, &credentials);
        dialog.show();
        choose(dialog.editor()->logonBox(), int(SiteProfile::LogonType::Normal));
        QTest::keyClicks(dialog.editor()->passwordEdit(), secret);
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
    }
    QCOMPARE(readKeychain(&credentials, id).text, secret);
    {
        SiteManagerDialog dialog(&watcher, &credentials);
        dialog.show();
        QTest::mouseClick(button(&dialog, "deleteButton"), Qt::LeftButton);
        QVERIFY(answer(&dialog, QMessageBox::Yes));
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
    }
    QCOMPARE(readKeychain(&credentials, id).result, CredentialStore::Result::NotFound);
    QVERIFY(store.sites().isEmpty());
    QCOMPARE(fileContaining(roots, secret), QString());
}

void TestSiteManager::noKeychainSaidOnce()
{
    if (withKeychain())
        QSKIP("runs without a keychain (the test's second registration)");
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    CredentialStore credentials;
    SiteManagerDialog dialog(&watcher, &credentials);
    dialog.show();
    QTRY_VERIFY(!dialog.hasKeychain());
    QVERIFY(dialog.banner()->isVisible());
    QVERIFY2(dialog.banner()->text().contains(QLatin1String("No keychain")),
             qPrintable(dialog.banner()->text()));
    QTest::mouseClick(button(&dialog, "newSiteButton"), Qt::LeftButton);
    SiteEditor *e = dialog.editor();
    typeInto(e->hostEdit(), QStringLiteral("nokey.example"));
    typeInto(e->userEdit(), QStringLiteral("dan"));
    QVERIFY(!e->passwordEdit()->isEnabled()); // nowhere to keep it
    auto *ask = dialog.banner()->findChild<QAction *>(QStringLiteral("askEachTime"));
    QVERIFY(ask);
    ask->trigger();
    QCOMPARE(e->logonBox()->currentData().toInt(), int(SiteProfile::LogonType::AskPassword));
    screenshot(&dialog, QStringLiteral("sitemanager-nokeychain"));
    // Said once: a second failing look changes nothing.
    const QString text = dialog.banner()->text();
    QTest::mouseClick(e->showPasswordButton(), Qt::LeftButton); // disabled: no effect
    QCOMPARE(dialog.banner()->text(), text);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(store.sites().first().logonType, SiteProfile::LogonType::AskPassword);
}

void TestSiteManager::importFileZilla()
{
    Scratch scratch;
    SiteStore store(scratch.dir.filePath(QStringLiteral("sites.json")));
    SiteStoreWatcher watcher(&store);
    CredentialStore credentials;
    const QString secret = QStringLiteral("fz-") + QUuid::createUuid().toString(QUuid::Id128);
    const QByteArray xml =
        QByteArrayLiteral(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FileZilla3><Servers><Folder expanded=\"1\">Clients"
            "<Server><Host>ftp.client.test</Host><Port>2121</Port><Protocol>4</Protocol><Type>0</Type>"
            "<User>eve</User><Pass encoding=\"base64\">") +
        secret.toUtf8().toBase64() +
        QByteArrayLiteral("</Pass><Logontype>1</Logontype><Name>Client A</Name>"
                          "<RemoteDir>1 0 3 pub</RemoteDir></Server>"
                          "<Server><Host>bucket.test</Host><Port>443</Port><Protocol>8</Protocol>"
                          "<Logontype>0</Logontype><Name>Cloud</Name></Server>"
                          "</Folder></Servers></FileZilla3>\n");
    const QString path = scratch.dir.filePath(QStringLiteral("sitemanager.xml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(xml);
    f.close();
    SiteManagerDialog dialog(&watcher, &credentials);
    dialog.show();
    if (withKeychain())
        QTRY_VERIFY(dialog.hasKeychain());
    else
        QTRY_VERIFY(!dialog.hasKeychain());
    dialog.importFileZilla(path);
    QTRY_VERIFY(dialog.pendingQuestion());
    screenshot(dialog.pendingQuestion(), QStringLiteral("sitemanager-import-report"));
    QString report;
    QVERIFY(answer(&dialog, QMessageBox::Close, &report));
    QVERIFY2(report.contains(QLatin1String("1 site imported")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("Clients/Client A")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("Cloud")), qPrintable(report)); // skipped, and why
    QCOMPARE(dialog.workingSites().size(), 1);
    QCOMPARE(dialog.currentSite(), dialog.workingSites().first().id);
    QVERIFY(store.sites().isEmpty()); // nothing before OK
    const SiteProfile imported = dialog.workingSites().first();
    QCOMPARE(imported.remoteFolder, QStringLiteral("/pub"));
    QCOMPARE(imported.port, quint16(2121));
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(store.sites().size(), 1);
    const Keychain k = readKeychain(&credentials, imported.id);
    if (withKeychain()) {
        QCOMPARE(k.result, CredentialStore::Result::Ok);
        QCOMPARE(k.text, secret);
    } else {
        QCOMPARE(k.result, CredentialStore::Result::Unavailable);
    }
    QFile::remove(path); // the source file itself holds it, of course
    QCOMPARE(fileContaining({scratch.dir.path(),
                             QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)},
                            secret),
             QString());
}

// Empty folders made in the dialog are kept in sites.json after it closes; one made here
// and a site added by another writer meanwhile are both kept; deleting an empty folder
// deletes it.
void TestSiteManager::emptyFoldersKept()
{
    Scratch scratch;
    const QString path = scratch.dir.filePath(QStringLiteral("sites.json"));
    SiteStore store(path);
    QVERIFY(store.load());
    SiteStoreWatcher watcher(&store);
    QUuid theirs;
    {
        SiteManagerDialog dialog(&watcher, nullptr);
        dialog.show();
        QTest::mouseClick(button(&dialog, "newFolderButton"), Qt::LeftButton);
        dialog.renameFolder(QStringLiteral("New folder"), QStringLiteral("Empty"));
        QCOMPARE(dialog.currentFolder(), QStringLiteral("Empty"));
        QTest::mouseClick(button(&dialog, "newFolderButton"), Qt::LeftButton); // inside "Empty"
        QCOMPARE(dialog.currentFolder(), QStringLiteral("Empty/New folder"));
        // Another writer (ferry-cli) adds a site while the dialog is open.
        SiteStore other(path);
        QVERIFY(other.load());
        SiteProfile site;
        site.name = QStringLiteral("Theirs");
        site.host = QStringLiteral("theirs.example");
        site.logonType = SiteProfile::LogonType::Anonymous;
        theirs = site.id;
        QString error;
        QVERIFY(other.add(site, &error));
        QVERIFY2(other.save(&error), qPrintable(error));
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    SiteStore reread(path);
    QVERIFY(reread.load());
    QCOMPARE(reread.folders(), QStringList({QStringLiteral("Empty"), QStringLiteral("Empty/New folder")}));
    QVERIFY(reread.findById(theirs));

    // Open again: the folders are there; delete the inner one (empty: "0 sites").
    SiteManagerDialog dialog(&watcher, nullptr);
    dialog.show();
    const QModelIndex inner = dialog.treeModel()->indexOfFolder(QStringLiteral("Empty/New folder"));
    QVERIFY(inner.isValid());
    QVERIFY(dialog.treeModel()->indexOfFolder(QStringLiteral("Empty")).isValid());
    QVERIFY(dialog.treeModel()->indexOfSite(theirs).isValid());
    auto *proxy = static_cast<QSortFilterProxyModel *>(dialog.tree()->model());
    dialog.tree()->setCurrentIndex(proxy->mapFromSource(inner));
    screenshot(&dialog, QStringLiteral("sitemanager-folders"));
    QTest::mouseClick(button(&dialog, "deleteButton"), Qt::LeftButton);
    QString question;
    QVERIFY(answer(&dialog, QMessageBox::Yes, &question));
    QVERIFY2(question.contains(QLatin1String("Empty/New folder")), qPrintable(question));
    QVERIFY(!dialog.treeModel()->indexOfFolder(QStringLiteral("Empty/New folder")).isValid());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QVERIFY(reread.reload());
    QCOMPARE(reread.folders(), QStringList{QStringLiteral("Empty")});
    QCOMPARE(store.folders(), QStringList{QStringLiteral("Empty")});
    QCOMPARE(reread.sites().size(), 1);
}

QTEST_MAIN(TestSiteManager)
#include "tst_sitemanager.moc"
