// The site manager's core: SiteProfile -> SessionConfig, SiteStore (JSON, migration,
// corrupt and newer files), FileZilla import, history, and CredentialStore against a real
// secret service (run under tests/keychain-wrapper.sh) or none at all (FERRY_TEST_NO_KEYCHAIN).
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/filezillaimport.h"
#include "sites/siteprofile.h"
#include "sites/sitestore.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace ferry;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("missing");
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

SiteProfile sampleSite()
{
    SiteProfile s;
    s.name = QStringLiteral("Café");
    s.folder = QStringLiteral("Work/Clients");
    s.host = QStringLiteral("ftp.example.com");
    s.port = 2121;
    s.protocol = SiteProfile::Protocol::Ftp;
    s.tlsPolicy = TlsPolicy::IfAvailable;
    s.logonType = SiteProfile::LogonType::Account;
    s.user = QStringLiteral("jean");
    s.account = QStringLiteral("acct");
    s.localFolder = QStringLiteral("/home/jean");
    s.remoteFolder = QStringLiteral("/pub");
    s.transferMode = SiteProfile::TransferMode::Active;
    s.charset = QStringLiteral("windows-1252");
    s.connectionLimit = 7;
    s.serverType = QStringLiteral("unix");
    s.timeZoneOffsetMinutes = -90;
    s.syncBrowsing = true;
    s.comments = QStringLiteral("line 1\nline 2 & <é>");
    s.bookmarks = {{QStringLiteral("Logs"), QStringLiteral("/tmp/logs"), QStringLiteral("/var/log")}};
    return s;
}

// Every file below `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (readAll(path).contains(needle))
            hits << path;
    }
    return hits;
}

struct KeychainResult {
    CredentialStore::Result result = CredentialStore::Result::Failed;
    QString text;
    bool answered = false;
};

KeychainResult await(const std::function<void(const QObject *, CredentialStore::Callback)> &start)
{
    QEventLoop loop;
    KeychainResult r;
    start(&loop, [&](CredentialStore::Result result, const QString &text) {
        r = {result, text, true};
        loop.quit();
    });
    if (!r.answered) {
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return r;
}

bool keychainExpected()
{
    return qEnvironmentVariable("FERRY_TEST_KEYCHAIN") == QLatin1String("1");
}
bool noKeychainExpected()
{
    return qEnvironmentVariable("FERRY_TEST_NO_KEYCHAIN") == QLatin1String("1");
}

} // namespace

class TestSites : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sessionConfig_data();
    void sessionConfig();
    void sessionConfigRefusals();
    void jsonRoundTrip();
    void storeSaveLoadAndLookup();
    void storeRefusesDuplicatesAndInvalid();
    void migrationFromV0();
    void corruptFile_data();
    void corruptFile();
    void newerVersion();
    void exportImportFormat();
    void keptFolders();
    void keptFoldersMergeByPath();
    void decodeRemotePath_data();
    void decodeRemotePath();
    void fileZillaImport();
    void fileZillaHostile_data();
    void fileZillaHostile();
    void history();
    void keychainErrorClassification();
    void keychainRoundTrip();
    void noPasswordOnDisk();
    void keychainUnavailable();

private:
    QTemporaryDir m_dir;
};

void TestSites::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestSites::sessionConfig_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<int>("policy");
    QTest::addColumn<int>("logon");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("charset");
    QTest::addColumn<int>("expectedTlsMode");
    QTest::addColumn<int>("expectedPolicy");
    QTest::addColumn<QString>("expectedUser");
    QTest::addColumn<QString>("expectedPassword");
    QTest::addColumn<int>("expectedDataMode");
    QTest::addColumn<bool>("expectedFallback");
    QTest::addColumn<QString>("expectedCharset");
    using P = SiteProfile::Protocol;
    using L = SiteProfile::LogonType;
    using M = SiteProfile::TransferMode;
    const QString u = QStringLiteral("bob");
    const QString pw = QStringLiteral("pw");
    QTest::newRow("ftp plain") << int(P::Ftp) << int(TlsPolicy::Never) << int(L::Normal) << int(M::Default)
                               << QStringLiteral("auto") << int(TlsMode::Explicit) << int(TlsPolicy::Never)
                               << u << pw << int(DataMode::Passive) << true << QStringLiteral("auto");
    QTest::newRow("ftp if-available")
        << int(P::Ftp) << int(TlsPolicy::IfAvailable) << int(L::Normal) << int(M::Active)
        << QStringLiteral("UTF-8") << int(TlsMode::Explicit) << int(TlsPolicy::IfAvailable) << u << pw
        << int(DataMode::Active) << false << QStringLiteral("UTF-8");
    // FTPS protocols always require TLS, whatever the stored policy says.
    QTest::newRow("ftpes") << int(P::FtpsExplicit) << int(TlsPolicy::Never) << int(L::Normal)
                           << int(M::Passive) << QStringLiteral("windows-1252") << int(TlsMode::Explicit)
                           << int(TlsPolicy::Require) << u << pw << int(DataMode::Passive) << false
                           << QStringLiteral("windows-1252");
    QTest::newRow("ftps implicit") << int(P::FtpsImplicit) << int(TlsPolicy::IfAvailable) << int(L::Normal)
                                   << int(M::Default) << QStringLiteral("auto") << int(TlsMode::Implicit)
                                   << int(TlsPolicy::Require) << u << pw << int(DataMode::Passive) << true
                                   << QStringLiteral("auto");
    QTest::newRow("anonymous drops user and password")
        << int(P::FtpsExplicit) << int(TlsPolicy::Require) << int(L::Anonymous) << int(M::Default)
        << QStringLiteral("auto") << int(TlsMode::Explicit) << int(TlsPolicy::Require) << QString()
        << QString() << int(DataMode::Passive) << true << QStringLiteral("auto");
}

void TestSites::sessionConfig()
{
    QFETCH(int, protocol);
    QFETCH(int, policy);
    QFETCH(int, logon);
    QFETCH(int, mode);
    QFETCH(QString, charset);
    SiteProfile s;
    s.name = QStringLiteral("x");
    s.host = QStringLiteral("h.example");
    s.port = 2100;
    s.protocol = SiteProfile::Protocol(protocol);
    s.tlsPolicy = TlsPolicy(policy);
    s.logonType = SiteProfile::LogonType(logon);
    s.transferMode = SiteProfile::TransferMode(mode);
    s.charset = charset;
    s.user = QStringLiteral("bob");
    QString error;
    const auto config = s.toSessionConfig(QStringLiteral("pw"), &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->host, QStringLiteral("h.example"));
    QCOMPARE(config->port, quint16(2100));
    QTEST(int(config->tlsMode), "expectedTlsMode");
    QTEST(int(config->tlsPolicy), "expectedPolicy");
    QTEST(config->user, "expectedUser");
    QTEST(config->password, "expectedPassword");
    QTEST(int(config->dataMode), "expectedDataMode");
    QTEST(config->allowModeFallback, "expectedFallback");
    QFETCH(QString, expectedCharset);
    QCOMPARE(config->charset.name().toLower(), expectedCharset.toLower());
}

void TestSites::sessionConfigRefusals()
{
    SiteProfile s = sampleSite();
    QString error;
    s.protocol = SiteProfile::Protocol::Sftp; // the sample logs in with an account: not SFTP
    QVERIFY(!s.toSessionConfig(QString(), &error));
    QVERIFY2(error.contains(QLatin1String("SFTP")), qPrintable(error));
    s = sampleSite();
    s.logonType = SiteProfile::LogonType::KeyFile; // a key file on FTPS
    s.keyFile = QStringLiteral("/k");
    QVERIFY(!s.toSessionConfig(QString(), &error));
    s.protocol = SiteProfile::Protocol::Sftp;
    s.keyFile.clear(); // a key file logon without a key file
    QVERIFY(!s.toSessionConfig(QString(), &error));

    s = sampleSite();
    const auto config = s.toSessionConfig(QStringLiteral("pw"), &error);
    QVERIFY(config);
    QCOMPARE(config->account, QStringLiteral("acct")); // Account logon carries ACCT

    for (int limit : {0, 33}) {
        s = sampleSite();
        s.connectionLimit = limit;
        error.clear();
        QVERIFY(!s.toSessionConfig(QString(), &error));
        QVERIFY(!error.isEmpty());
    }
    s = sampleSite();
    s.charset = QStringLiteral("no-such-charset-xyz");
    QVERIFY(!s.validate().isEmpty());
    s = sampleSite();
    s.serverType = QStringLiteral("amiga");
    QVERIFY(!s.validate().isEmpty());
    s = sampleSite();
    s.name = QStringLiteral("a/b");
    QVERIFY(!s.validate().isEmpty());
    QCOMPARE(SiteProfile().tlsPolicy, TlsPolicy::Require); // new sites require TLS
    QCOMPARE(SiteProfile().connectionLimit, 4);
}

void TestSites::jsonRoundTrip()
{
    const SiteProfile s = sampleSite();
    QString error;
    const auto back = SiteProfile::fromJson(s.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), s.toJson());
    QVERIFY(*back == s);
    QVERIFY(!s.toJson().contains(QLatin1String("password")));
    // Synchronized browsing: written when on, off when absent (sites.json of older versions).
    QCOMPARE(s.toJson().value(QLatin1String("syncBrowsing")).toBool(), true);
    QJsonObject older = s.toJson();
    older.remove(QLatin1String("syncBrowsing"));
    QCOMPARE(SiteProfile::fromJson(older, &error)->syncBrowsing, false);

    // SFTP: the key file and the agent choice come back.
    SiteProfile sftp = sampleSite();
    sftp.protocol = SiteProfile::Protocol::Sftp;
    sftp.port = 22;
    sftp.logonType = SiteProfile::LogonType::KeyFile;
    sftp.keyFile = QStringLiteral("/home/me/.ssh/id_ecdsa");
    sftp.useAgent = false;
    const auto sftpBack = SiteProfile::fromJson(sftp.toJson(), &error);
    QVERIFY2(sftpBack, qPrintable(error));
    QVERIFY(*sftpBack == sftp);
    QCOMPARE(sftp.toJson().value(QLatin1String("logonType")).toString(), QStringLiteral("keyfile"));
}

void TestSites::storeSaveLoadAndLookup()
{
    const QString path = m_dir.filePath(QStringLiteral("lookup/sites.json"));
    SiteStore store(path);
    QVERIFY(store.load()); // missing file: empty, fine
    QVERIFY(store.sites().isEmpty());
    SiteProfile a = sampleSite();
    SiteProfile b = sampleSite();
    b.id = QUuid::createUuid();
    b.folder = QStringLiteral("Home");
    SiteProfile c = sampleSite();
    c.id = QUuid::createUuid();
    c.folder.clear();
    c.name = QStringLiteral("Top");
    QString error;
    QVERIFY2(store.add(a, &error), qPrintable(error));
    QVERIFY2(store.add(b, &error), qPrintable(error));
    QVERIFY2(store.add(c, &error), qPrintable(error));
    QVERIFY2(store.save(&error), qPrintable(error));

    SiteStore again(path);
    QVERIFY(again.load(&error));
    QCOMPARE(again.sites().size(), 3);
    QCOMPARE(again.findById(b.id)->folder, QStringLiteral("Home"));
    QCOMPARE(again.findByPath(QStringLiteral("Work/Clients/Café"))->id, a.id);
    QCOMPARE(again.findByPath(QStringLiteral("Top"))->id, c.id);
    QCOMPARE(again.find(QStringLiteral("Top"), &error)->id, c.id);
    QCOMPARE(again.findByName(QStringLiteral("Café")).size(), 2);
    // Two "Café"s: the bare name is ambiguous, and the error names both paths.
    QVERIFY(!again.find(QStringLiteral("Café"), &error));
    QVERIFY2(error.contains(u"Home/Café") && error.contains(u"Work/Clients/Café"), qPrintable(error));
    QVERIFY(!again.find(QStringLiteral("Nope"), &error));
    QVERIFY(again.remove(b.id));
    QCOMPARE(again.find(QStringLiteral("Café"), &error)->id, a.id);

    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(root.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(root.value(QLatin1String("sites")).toArray().size(), 3);
}

void TestSites::storeRefusesDuplicatesAndInvalid()
{
    SiteStore store(m_dir.filePath(QStringLiteral("dup/sites.json")));
    QString error;
    SiteProfile a = sampleSite();
    QVERIFY(store.add(a, &error));
    SiteProfile same = sampleSite();
    same.id = QUuid::createUuid();
    QVERIFY(!store.add(same, &error)); // same Folder/Name
    QVERIFY(!error.isEmpty());
    QCOMPARE(store.uniqueName(a.folder, a.name), QStringLiteral("Café (2)"));
    SiteProfile invalid = sampleSite();
    invalid.id = QUuid::createUuid();
    invalid.name = QStringLiteral("Other");
    invalid.host.clear();
    QVERIFY(!store.add(invalid, &error));
    QCOMPARE(store.sites().size(), 1);
}

void TestSites::migrationFromV0()
{
    const QString path = m_dir.filePath(QStringLiteral("v0/sites.json"));
    QDir().mkpath(QFileInfo(path).absolutePath());
    // What Ferry 0.x wrote: no version, no ids, "group" and "tls" strings.
    const QByteArray v0 = R"({"sites": [
        {"name": "Mirror", "host": "ftp.example.com", "tls": "try", "group": "Public//Mirrors/"},
        {"name": "Shop", "host": "shop.example", "port": 2121, "user": "admin", "tls": "explicit",
         "passive": false, "encoding": "windows-1252"},
        {"name": "Vault", "host": "vault.example", "user": "v", "tls": "implicit"},
        {"name": "Legacy", "host": "old.example", "user": "u", "tls": "none", "passive": true}
    ]})";
    QVERIFY(writeAll(path, v0));
    SiteStore store(path);
    QString error;
    QVERIFY2(store.load(&error), qPrintable(error));
    QVERIFY(store.wasMigrated());
    QCOMPARE(store.sites().size(), 4);
    const auto mirror = store.findByPath(QStringLiteral("Public/Mirrors/Mirror"));
    QVERIFY(mirror);
    QVERIFY(!mirror->id.isNull());
    QCOMPARE(mirror->protocol, SiteProfile::Protocol::Ftp);
    QCOMPARE(mirror->tlsPolicy, TlsPolicy::IfAvailable);
    QCOMPARE(mirror->logonType, SiteProfile::LogonType::Anonymous);
    QCOMPARE(mirror->port, quint16(21));
    const auto shop = store.findByPath(QStringLiteral("Shop"));
    QVERIFY(shop);
    QCOMPARE(shop->protocol, SiteProfile::Protocol::FtpsExplicit);
    QCOMPARE(shop->port, quint16(2121));
    QCOMPARE(shop->user, QStringLiteral("admin"));
    QCOMPARE(shop->logonType, SiteProfile::LogonType::Normal);
    QCOMPARE(shop->transferMode, SiteProfile::TransferMode::Active);
    QCOMPARE(shop->charset, QStringLiteral("windows-1252"));
    const auto vault = store.findByPath(QStringLiteral("Vault"));
    QCOMPARE(vault->protocol, SiteProfile::Protocol::FtpsImplicit);
    QCOMPARE(vault->port, quint16(990));
    const auto legacy = store.findByPath(QStringLiteral("Legacy"));
    QCOMPARE(legacy->tlsPolicy, TlsPolicy::Never);
    QCOMPARE(legacy->transferMode, SiteProfile::TransferMode::Passive);

    QVERIFY2(store.save(&error), qPrintable(error));
    QCOMPARE(readAll(path + QLatin1String(".v0")), v0); // the original is kept
    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(root.value(QLatin1String("version")).toInt(), 1);
    SiteStore reread(path);
    QVERIFY(reread.load());
    QVERIFY(!reread.wasMigrated());
    QCOMPARE(reread.findByPath(QStringLiteral("Shop"))->id, shop->id); // ids are stable from now on
}

void TestSites::corruptFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("not json") << QByteArray("{\"version\": 1, \"sites\": [ {\"name\": ");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12);
    QTest::newRow("array at top") << QByteArray("[1, 2, 3]");
    QTest::newRow("sites not a list") << QByteArray(R"({"version": 1, "sites": {"a": 1}})");
    QTest::newRow("version a string") << QByteArray(R"({"version": "1", "sites": []})");
    QTest::newRow("version 2.5") << QByteArray(R"({"version": 2.5, "sites": []})");
    QTest::newRow("version 1e10") << QByteArray(R"({"version": 1e10, "sites": []})");
    QTest::newRow("version -1") << QByteArray(R"({"version": -1, "sites": []})");
    QTest::newRow("v0 port 70000") << QByteArray(R"({"sites": [{"name": "A", "host": "h", "port": 70000}]})");
    QTest::newRow("v0 port 21.5") << QByteArray(R"({"sites": [{"name": "A", "host": "h", "port": 21.5}]})");
    const QByteArray siteA = R"({"id": "8c4bd1a4-4f7e-4a43-9a39-3a0f1a3a8b9e", "name": "A", "host": "h"})";
    const QByteArray siteB = QByteArray(siteA).replace("\"A\"", "\"B\"");
    const QByteArray otherA = QByteArray(siteA).replace("8c4bd1a4", "11111111");
    QTest::newRow("duplicate id") << QByteArray(R"({"version": 1, "sites": [)" + siteA + "," + siteB + "]}");
    QTest::newRow("duplicate path") << QByteArray(R"({"version": 1, "sites": [)" + siteA + "," + otherA +
                                                  "]}");
    QTest::newRow("entry without id")
        << QByteArray(R"({"version": 1, "sites": [{"name": "x", "host": "h"}]})");
    // Qt's resolver stops at NUL: this would connect to 127.0.0.1 while showing another host.
    QTest::newRow("NUL in host") << QByteArray(
        R"({"version": 1, "sites": [)" + QByteArray(siteA).replace("\"h\"", R"("127.0.0.1\u0000.example")") +
        "]}");
    QTest::newRow("control character in host") << QByteArray(
        R"({"version": 1, "sites": [)" + QByteArray(siteA).replace("\"h\"", R"("ho\u0007st")") + "]}");
}

void TestSites::corruptFile()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sites.json"));
    QVERIFY(writeAll(path, content));
    SiteStore store(path);
    QString error;
    QVERIFY(!store.load(&error));
    QCOMPARE(store.status(), SiteStore::Status::Corrupt);
    QVERIFY(!error.isEmpty());
    QCOMPARE(store.lastError(), error);
    QVERIFY2(store.backupPath().startsWith(path + QLatin1String(".corrupt-")),
             qPrintable(store.backupPath()));
    QVERIFY2(error.contains(store.backupPath()), qPrintable(error)); // the user is told where
    QCOMPARE(readAll(store.backupPath()), content);
    QVERIFY(store.sites().isEmpty());
    // Saving is allowed again: the damaged bytes live on in the backup.
    QVERIFY(store.add(sampleSite(), &error));
    QVERIFY2(store.save(&error), qPrintable(error));
    QCOMPARE(readAll(store.backupPath()), content);
    SiteStore reread(path);
    QVERIFY(reread.load());
    QCOMPARE(reread.sites().size(), 1);
}

void TestSites::newerVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sites.json"));
    const QByteArray newer = R"({"version": 2, "sites": [{"id": "x", "shinyNewField": true}]})";
    QVERIFY(writeAll(path, newer));
    SiteStore store(path);
    QString error;
    QVERIFY(!store.load(&error));
    QCOMPARE(store.status(), SiteStore::Status::TooNew);
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
    QVERIFY(store.isReadOnly());
    QVERIFY(store.add(sampleSite(), &error)); // in memory only
    QVERIFY(!store.save(&error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
    QCOMPARE(readAll(path), newer); // never overwritten
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestSites::exportImportFormat()
{
    const QList<SiteProfile> sites{sampleSite()};
    const QByteArray doc = SiteStore::toDocument(sites);
    QString error;
    const auto back = SiteStore::parseDocument(doc, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->size(), 1);
    QVERIFY(back->first() == sites.first());
    bool tooNew = false;
    QVERIFY(!SiteStore::parseDocument(R"({"version": 9, "sites": []})", &error, &tooNew));
    QVERIFY(tooNew);
    QVERIFY(!SiteStore::parseDocument("nope", &error, &tooNew));
    QVERIFY(!tooNew);
}

// Empty folders made in the Site Manager are kept in sites.json ("folders"); a file
// without the key (every file written before) reads as before, and one without kept
// folders is written as before.
void TestSites::keptFolders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sites.json"));
    SiteStore writer(path);
    QVERIFY(writer.load());
    QString error;
    QVERIFY2(writer.add(sampleSite(), &error), qPrintable(error));
    QVERIFY2(writer.save(&error), qPrintable(error));
    const QByteArray before = readAll(path);
    QVERIFY(!QJsonDocument::fromJson(before).object().contains(QLatin1String("folders")));

    SiteStore store(path);
    QVERIFY2(store.load(&error), qPrintable(error)); // an older file: no folders
    QVERIFY(store.folders().isEmpty());
    QVERIFY(store.addFolder(QStringLiteral("Empty//Inner/")));
    QVERIFY(!store.addFolder(QStringLiteral("Empty/Inner"))); // normalized: the same folder
    QVERIFY(store.addFolder(QStringLiteral("Top")));
    QVERIFY2(store.save(&error), qPrintable(error));
    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(root.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(root.value(QLatin1String("folders")).toArray().toVariantList(),
             QVariantList({QStringLiteral("Empty/Inner"), QStringLiteral("Top")}));

    SiteStore again(path);
    QVERIFY2(again.load(&error), qPrintable(error));
    QCOMPARE(again.folders(), QStringList({QStringLiteral("Empty/Inner"), QStringLiteral("Top")}));
    QCOMPARE(again.sites().size(), 1);
    // Removing the last kept folder writes the file as before.
    QVERIFY(again.removeFolder(QStringLiteral("Top")));
    QVERIFY(again.removeFolder(QStringLiteral("Empty/Inner")));
    QVERIFY(!again.removeFolder(QStringLiteral("Top")));
    QVERIFY2(again.save(&error), qPrintable(error));
    QCOMPARE(readAll(path), before);

    // Exported and imported like the sites.
    QStringList folders;
    const auto parsed =
        SiteStore::parseDocument(SiteStore::toDocument({sampleSite()}, {QStringLiteral("A/B")}), &error,
                                 nullptr, nullptr, false, &folders);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(folders, QStringList{QStringLiteral("A/B")});
    // A "folders" that is not a list of paths is damage, like a broken site entry.
    for (const QByteArray &bad : {QByteArray(R"({"version": 1, "sites": [], "folders": "A"})"),
                                  QByteArray(R"({"version": 1, "sites": [], "folders": [3]})"),
                                  QByteArray(R"({"version": 1, "sites": [], "folders": ["/"]})")}) {
        QVERIFY2(!SiteStore::parseDocument(bad, &error), bad.constData());
        QVERIFY(writeAll(path, bad));
        SiteStore damaged(path);
        QVERIFY(!damaged.load());
        QCOMPARE(damaged.status(), SiteStore::Status::Corrupt);
    }
    // A newer file's folders are read too (for reading only).
    QVERIFY(writeAll(path, R"({"version": 2, "sites": [], "folders": ["New"]})"));
    SiteStore newer(path);
    QVERIFY(!newer.load());
    QCOMPARE(newer.folders(), QStringList{QStringLiteral("New")});
}

// Two writers: a folder made in one and a site added in the other are both kept; a folder
// deleted in one is deleted even when the other saves later without having reloaded.
void TestSites::keptFoldersMergeByPath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sites.json"));
    SiteStore window(path);
    SiteStore cli(path);
    QVERIFY(window.load());
    QVERIFY(cli.load());
    QString error;
    QVERIFY(window.addFolder(QStringLiteral("Empty")));
    QVERIFY2(window.save(&error), qPrintable(error));
    QVERIFY2(cli.add(sampleSite(), &error), qPrintable(error));
    QVERIFY2(cli.save(&error), qPrintable(error)); // has not seen "Empty"
    QCOMPARE(cli.folders(), QStringList{QStringLiteral("Empty")});
    QCOMPARE(cli.sites().size(), 1);
    QVERIFY(window.reload(&error));
    QCOMPARE(window.sites().size(), 1);

    QVERIFY(window.removeFolder(QStringLiteral("Empty")));
    QVERIFY(window.addFolder(QStringLiteral("Mine")));
    QVERIFY2(window.save(&error), qPrintable(error));
    QVERIFY(cli.addFolder(QStringLiteral("Theirs")));
    QVERIFY2(cli.save(&error), qPrintable(error)); // still holds "Empty": not its change
    QCOMPARE(cli.folders(), QStringList({QStringLiteral("Mine"), QStringLiteral("Theirs")}));
    // reload() merges the same way, keeping an unsaved folder.
    QVERIFY(window.addFolder(QStringLiteral("Unsaved")));
    QVERIFY(window.reload(&error));
    QCOMPARE(window.folders(),
             QStringList({QStringLiteral("Mine"), QStringLiteral("Theirs"), QStringLiteral("Unsaved")}));
    SiteStore third(path);
    QVERIFY(third.load());
    QCOMPARE(third.folders(), QStringList({QStringLiteral("Mine"), QStringLiteral("Theirs")}));
}

void TestSites::decodeRemotePath_data()
{
    QTest::addColumn<QString>("encoded");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unix") << QStringLiteral("1 0 4 home 4 user") << QStringLiteral("/home/user");
    QTest::newRow("spaces in segment")
        << QStringLiteral("1 0 4 home 11 jean dupont") << QStringLiteral("/home/jean dupont");
    QTest::newRow("root") << QStringLiteral("1 0") << QStringLiteral("/");
    QTest::newRow("unicode") << QStringLiteral("1 0 4 café") << QStringLiteral("/café");
    QTest::newRow("dos") << QStringLiteral("3 0 2 C: 5 Users") << QStringLiteral("C:\\Users");
    QTest::newRow("dos drive") << QStringLiteral("3 0 2 C:") << QStringLiteral("C:\\");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("truncated") << QStringLiteral("1 0 10 home") << QString();
    QTest::newRow("not numbers") << QStringLiteral("x y z") << QString();
    QTest::newRow("huge length") << QStringLiteral("1 0 99999999999999999999 a") << QString();
    QTest::newRow("negative") << QStringLiteral("1 0 -4 home") << QString();
}

void TestSites::decodeRemotePath()
{
    QFETCH(QString, encoded);
    QTEST(FileZillaImport::decodeRemotePath(encoded), "expected");
}

void TestSites::fileZillaImport()
{
    const QByteArray xml = readAll(QStringLiteral(FERRY_TEST_DATA_DIR "/filezilla-sitemanager.xml"));
    QVERIFY(xml.startsWith("<?xml"));
    QString error;
    const auto result = FileZillaImport::parse(xml, &error);
    QVERIFY2(result, qPrintable(error));
    QStringList paths;
    for (const SiteProfile &s : result->sites)
        paths << s.path();
    paths.sort();
    // The S3 site is skipped; the SFTP sites come in usable.
    QCOMPARE(paths, (QStringList{QStringLiteral("Old - box"), QStringLiteral("Public mirror"),
                                 QStringLiteral("Work/Clients & Partners/Café Client"),
                                 QStringLiteral("Work/Deploy key"), QStringLiteral("Work/Secure box"),
                                 QStringLiteral("Work/Shell")}));
    auto site = [&](const QString &path) {
        for (const SiteProfile &s : result->sites) {
            if (s.path() == path)
                return s;
        }
        return SiteProfile();
    };
    const SiteProfile mirror = site(QStringLiteral("Public mirror"));
    QCOMPARE(mirror.protocol, SiteProfile::Protocol::Ftp);
    QCOMPARE(mirror.tlsPolicy, TlsPolicy::IfAvailable);
    QCOMPARE(mirror.logonType, SiteProfile::LogonType::Anonymous);
    QCOMPARE(mirror.connectionLimit, 4);

    const SiteProfile cafe = site(QStringLiteral("Work/Clients & Partners/Café Client"));
    QCOMPARE(cafe.host, QStringLiteral("files.client-é.example"));
    QCOMPARE(cafe.port, quint16(2121));
    QCOMPARE(cafe.protocol, SiteProfile::Protocol::FtpsExplicit);
    QCOMPARE(cafe.user, QStringLiteral("jean dupont"));
    QCOMPARE(cafe.logonType, SiteProfile::LogonType::Normal);
    QCOMPARE(cafe.transferMode, SiteProfile::TransferMode::Active);
    QCOMPARE(cafe.connectionLimit, 2);
    QCOMPARE(cafe.charset, QStringLiteral("windows-1252"));
    QCOMPARE(cafe.timeZoneOffsetMinutes, 120);
    QCOMPARE(cafe.serverType, QStringLiteral("unix"));
    QCOMPARE(cafe.comments, QStringLiteral("Café & co: call first"));
    QCOMPARE(cafe.localFolder, QStringLiteral("/home/me/Clients/Café"));
    QCOMPARE(cafe.remoteFolder, QStringLiteral("/home/jean dupont"));
    QCOMPARE(cafe.bookmarks.size(), 1);
    QCOMPARE(cafe.bookmarks.first(),
             (SiteBookmark{QStringLiteral("Logs"), QStringLiteral("/tmp/logs"), QStringLiteral("/var/log")}));
    QCOMPARE(result->passwords.value(cafe.id), QStringLiteral("pä$$ w&rd<é>"));

    const SiteProfile secure = site(QStringLiteral("Work/Secure box"));
    QCOMPARE(secure.protocol, SiteProfile::Protocol::FtpsImplicit);
    QCOMPARE(secure.port, quint16(990));
    QCOMPARE(secure.logonType, SiteProfile::LogonType::Account);
    QCOMPARE(secure.account, QStringLiteral("acct-7"));
    QCOMPARE(secure.connectionLimit, 32); // 99 clamped
    QCOMPARE(secure.charset, QStringLiteral("UTF-8"));
    QCOMPARE(secure.serverType, QStringLiteral("dos"));
    QCOMPARE(secure.remoteFolder, QStringLiteral("C:\\Users"));
    QCOMPARE(secure.transferMode, SiteProfile::TransferMode::Passive);
    QCOMPARE(result->passwords.value(secure.id), QStringLiteral("S3cure!Implicit"));
    QString configError;
    const auto secureConfig = secure.toSessionConfig(QStringLiteral("x"), &configError);
    QVERIFY(secureConfig);
    QCOMPARE(secureConfig->tlsMode, TlsMode::Implicit);

    const SiteProfile shell = site(QStringLiteral("Work/Shell"));
    QCOMPARE(shell.protocol, SiteProfile::Protocol::Sftp);
    QCOMPARE(shell.port, quint16(22));
    QCOMPARE(shell.logonType, SiteProfile::LogonType::AskPassword);
    const auto shellConfig = shell.toSessionConfig(QString(), &configError);
    QVERIFY2(shellConfig, qPrintable(configError));
    QCOMPARE(shellConfig->protocol, Protocol::Sftp);
    QCOMPARE(shellConfig->user, QStringLiteral("deploy"));
    QVERIFY(shellConfig->ssh.useAgent);
    QVERIFY(shellConfig->ssh.identityFiles.isEmpty());

    const SiteProfile deploy = site(QStringLiteral("Work/Deploy key"));
    QCOMPARE(deploy.protocol, SiteProfile::Protocol::Sftp);
    QCOMPARE(deploy.port, quint16(2222));
    QCOMPARE(deploy.logonType, SiteProfile::LogonType::KeyFile);
    QCOMPARE(deploy.keyFile, QStringLiteral("/home/me/.ssh/id_ed25519"));
    // What the keychain keeps for a key file logon is the key's passphrase.
    const auto deployConfig = deploy.toSessionConfig(QStringLiteral("phrase"), &configError);
    QVERIFY2(deployConfig, qPrintable(configError));
    QCOMPARE(deployConfig->ssh.identityFiles, QStringList{QStringLiteral("/home/me/.ssh/id_ed25519")});
    QCOMPARE(deployConfig->ssh.keyPassphrase, QByteArray("phrase"));
    QVERIFY(deployConfig->password.isEmpty());
    QCOMPARE(deployConfig->user, QStringLiteral("ci"));

    const SiteProfile old = site(QStringLiteral("Old - box"));
    QCOMPARE(old.protocol, SiteProfile::Protocol::Ftp);
    QCOMPARE(old.tlsPolicy, TlsPolicy::Never);
    QVERIFY(!result->passwords.contains(old.id)); // "crypt": master password, not readable

    QCOMPARE(result->passwords.size(), 2);
    const QString warnings = result->warnings.join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("Bucket")), qPrintable(warnings)); // S3 skipped
    QVERIFY2(!warnings.contains(QLatin1String("SFTP")), qPrintable(warnings));  // imported as they are
    QVERIFY2(warnings.contains(QLatin1String("master password")), qPrintable(warnings));

    // Into a store: no password reaches sites.json.
    QTemporaryDir dir;
    SiteStore store(dir.filePath(QStringLiteral("sites.json")));
    for (const SiteProfile &s : result->sites)
        QVERIFY2(store.add(s, &error), qPrintable(error));
    QVERIFY(store.save(&error));
    const QByteArray file = readAll(store.filePath());
    QVERIFY(file.contains("Café Client"));
    QVERIFY(!file.contains("S3cure!Implicit"));
    QVERIFY(!file.contains(QStringLiteral("pä$$ w&rd").toUtf8()));
    QVERIFY(!file.contains(QStringLiteral("S3cure!Implicit").toUtf8().toBase64()));
}

void TestSites::fileZillaHostile_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("expectedError"); // a part of the message, when it matters
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("not xml") << QByteArray("{\"json\": true}") << QString();
    QTest::newRow("truncated") << QByteArray("<FileZilla3><Servers><Server><Host>a</Ho") << QString();
    QTest::newRow("wrong root") << QByteArray("<KeePass><Servers/></KeePass>") << QStringLiteral("KeePass");
    QTest::newRow("mismatched tags") << QByteArray(
                                            "<FileZilla3><Servers><Server></Folder></Servers></FileZilla3>")
                                     << QString();
    // A billion laughs: QXmlStreamReader's entity-expansion limit must stop it.
    QByteArray bomb = "<!DOCTYPE x [<!ENTITY l0 \"laugh\">";
    for (int i = 1; i <= 9; ++i) {
        bomb += "<!ENTITY l" + QByteArray::number(i) + " \"";
        for (int j = 0; j < 10; ++j)
            bomb += "&l" + QByteArray::number(i - 1) + ";";
        bomb += "\">";
    }
    bomb += "]><FileZilla3><Servers><Server><Host>&l9;</Host></Server></Servers></FileZilla3>";
    QTest::newRow("entity bomb") << bomb << QString();
    // Well-formed, but nested far deeper than any real Site Manager.
    QByteArray deep = "<FileZilla3><Servers>";
    for (int i = 0; i < 5000; ++i)
        deep += "<Folder>f";
    deep += "<Server><Host>h</Host></Server>";
    for (int i = 0; i < 5000; ++i)
        deep += "</Folder>";
    deep += "</Servers></FileZilla3>";
    QTest::newRow("deeply nested") << deep << QStringLiteral("deeply");
}

void TestSites::fileZillaHostile()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, expectedError);
    QString error;
    const auto result = FileZillaImport::parse(xml, &error);
    QVERIFY(!result);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(expectedError), qPrintable(error));
}

void TestSites::history()
{
    const QString path = m_dir.filePath(QStringLiteral("history/history.json"));
    ConnectionHistory h(path);
    h.load();
    QVERIFY(h.quickConnects().isEmpty());
    QVERIFY(!h.addQuickConnect(QStringLiteral("ftp://bob:hunter2@example.com/")));
    for (int i = 0; i < 25; ++i)
        QVERIFY(h.addQuickConnect(QStringLiteral("ftp://bob@host%1.example/").arg(i)));
    QVERIFY(h.addQuickConnect(QStringLiteral("ftp://bob@host10.example/"))); // moves to the front
    QCOMPARE(h.quickConnects().size(), ConnectionHistory::kMaxEntries);
    QCOMPARE(h.quickConnects().first().url, QStringLiteral("ftp://bob@host10.example/"));
    QCOMPARE(h.quickConnects().at(1).url, QStringLiteral("ftp://bob@host24.example/"));
    const QUuid id = QUuid::createUuid();
    for (int i = 0; i < 30; ++i)
        h.addRecentSite(QUuid::createUuid(), QStringLiteral("Site %1").arg(i));
    h.addRecentSite(id, QStringLiteral("Work/Mine"));
    QCOMPARE(h.recentSites().size(), ConnectionHistory::kMaxEntries);
    QVERIFY(h.save());
    ConnectionHistory again(path);
    again.load();
    QCOMPARE(again.quickConnects().size(), 20);
    QCOMPARE(again.recentSites().size(), 20);
    QCOMPARE(again.recentSites().first().id, id);
    QCOMPARE(again.recentSites().first().path, QStringLiteral("Work/Mine"));
    QVERIFY(!readAll(path).contains("hunter2"));
    again.forgetSite(id);
    QCOMPARE(again.recentSites().size(), 19);
}

void TestSites::keychainErrorClassification()
{
    using R = CredentialStore::Result;
    QCOMPARE(CredentialStore::classify(QKeychain::NoError), R::Ok);
    QCOMPARE(CredentialStore::classify(QKeychain::EntryNotFound), R::NotFound);
    QCOMPARE(CredentialStore::classify(QKeychain::NoBackendAvailable), R::Unavailable);
    QCOMPARE(CredentialStore::classify(QKeychain::OtherError), R::Unavailable);
    QCOMPARE(CredentialStore::classify(QKeychain::AccessDenied), R::Unavailable);
    QCOMPARE(CredentialStore::classify(QKeychain::CouldNotDeleteEntry), R::Failed);
}

void TestSites::keychainRoundTrip()
{
    if (!keychainExpected())
        QSKIP("needs tests/keychain-wrapper.sh (the ctest entry tst_sites runs under it)");
    CredentialStore store;
    const QUuid id = QUuid::createUuid();
    const QString password = QStringLiteral("pä$$ w0rd ☃");
    auto r = await([&](const QObject *c, auto cb) { store.readPassword(id, c, cb); });
    QVERIFY(r.answered);
    QCOMPARE(r.result, CredentialStore::Result::NotFound);
    r = await([&](const QObject *c, auto cb) { store.writePassword(id, password, c, cb); });
    QVERIFY2(r.result == CredentialStore::Result::Ok, qPrintable(r.text));
    r = await([&](const QObject *c, auto cb) { store.readPassword(id, c, cb); });
    QCOMPARE(r.result, CredentialStore::Result::Ok);
    QCOMPARE(r.text, password);
    // Another site's id does not see it.
    r = await([&](const QObject *c, auto cb) { store.readPassword(QUuid::createUuid(), c, cb); });
    QCOMPARE(r.result, CredentialStore::Result::NotFound);
    r = await([&](const QObject *c, auto cb) { store.removePassword(id, c, cb); });
    QCOMPARE(r.result, CredentialStore::Result::Ok);
    r = await([&](const QObject *c, auto cb) { store.readPassword(id, c, cb); });
    QCOMPARE(r.result, CredentialStore::Result::NotFound);
    QVERIFY(store.isAvailable());

    // A callback whose context is gone never runs.
    bool ran = false;
    {
        QObject context;
        store.readPassword(id, &context, [&](CredentialStore::Result, const QString &) { ran = true; });
    }
    QTest::qWait(500);
    QVERIFY(!ran);
}

void TestSites::noPasswordOnDisk()
{
    if (!keychainExpected())
        QSKIP("needs tests/keychain-wrapper.sh (the ctest entry tst_sites runs under it)");
    // The wrapper points XDG_CONFIG_HOME and XDG_DATA_HOME (where gnome-keyring keeps its
    // encrypted keyring) at a fresh temporary tree.
    const QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    const QString data = qEnvironmentVariable("XDG_DATA_HOME");
    QVERIFY(!config.isEmpty() && !data.isEmpty());
    QVERIFY(SiteStore::defaultPath().startsWith(config));

    SiteStore store(SiteStore::defaultPath());
    QVERIFY(store.load());
    QString error;
    const auto imported = FileZillaImport::parse(
        readAll(QStringLiteral(FERRY_TEST_DATA_DIR "/filezilla-sitemanager.xml")), &error);
    QVERIFY2(imported, qPrintable(error));
    QHash<QUuid, QString> passwords = imported->passwords;
    for (const SiteProfile &s : imported->sites)
        QVERIFY2(store.add(s, &error), qPrintable(error));
    SiteProfile own = sampleSite();
    own.logonType = SiteProfile::LogonType::Normal;
    QVERIFY(store.add(own, &error));
    passwords.insert(own.id, QStringLiteral("Unique-Secret-4711"));
    QCOMPARE(passwords.size(), 3);

    CredentialStore keychain;
    for (auto it = passwords.cbegin(); it != passwords.cend(); ++it) {
        const auto r =
            await([&](const QObject *c, auto cb) { keychain.writePassword(it.key(), it.value(), c, cb); });
        QVERIFY2(r.result == CredentialStore::Result::Ok, qPrintable(r.text));
    }
    QVERIFY2(store.save(&error), qPrintable(error));
    ConnectionHistory history(ConnectionHistory::defaultPath());
    history.addRecentSite(own.id, own.path());
    QVERIFY(history.save());
    QVERIFY(QFile::exists(store.filePath()));

    for (const QString &password : std::as_const(passwords)) {
        for (const QByteArray &needle :
             {password.toUtf8(), password.toUtf8().toBase64(),
              QByteArray(reinterpret_cast<const char *>(password.utf16()), password.size() * 2)}) {
            for (const QString &dir : {config, data}) {
                const QStringList hits = filesContaining(dir, needle);
                QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("password found in: ") + hits.join(u' ')));
            }
        }
    }
    // ... while the keychain has them.
    SiteStore reread(SiteStore::defaultPath());
    QVERIFY(reread.load());
    for (auto it = passwords.cbegin(); it != passwords.cend(); ++it) {
        QVERIFY(reread.findById(it.key()));
        const auto r = await([&](const QObject *c, auto cb) { keychain.readPassword(it.key(), c, cb); });
        QCOMPARE(r.result, CredentialStore::Result::Ok);
        QCOMPARE(r.text, it.value());
    }
}

void TestSites::keychainUnavailable()
{
    if (!noKeychainExpected())
        QSKIP("needs FERRY_TEST_NO_KEYCHAIN=1 and no reachable D-Bus (ctest entry tst_sites_no_keychain)");
    CredentialStore store;
    QSignalSpy spy(&store, &CredentialStore::unavailable);
    const QUuid id = QUuid::createUuid();
    auto r = await([&](const QObject *c, auto cb) { store.writePassword(id, QStringLiteral("pw"), c, cb); });
    QVERIFY(r.answered); // fails fast, no hang
    QCOMPARE(r.result, CredentialStore::Result::Unavailable);
    QVERIFY(!r.text.isEmpty());
    QVERIFY(!store.isAvailable());
    r = await([&](const QObject *c, auto cb) { store.readPassword(id, c, cb); });
    QCOMPARE(r.result, CredentialStore::Result::Unavailable);
    QCOMPARE(spy.count(), 1); // said once
    QVERIFY(spy.first().first().toString().contains(QLatin1String("asked for")));

    // The raw QtKeychain code this relies on (decided on the code, not the message).
    QKeychain::ReadPasswordJob job(QStringLiteral("ferry"));
    job.setAutoDelete(false);
    job.setKey(QStringLiteral("probe"));
    QSignalSpy done(&job, &QKeychain::Job::finished);
    job.start();
    QVERIFY(done.wait(20000));
    qInfo("QtKeychain without D-Bus: error %d (%s)", int(job.error()), qPrintable(job.errorString()));
    QCOMPARE(job.error(), QKeychain::OtherError);
}

QTEST_GUILESS_MAIN(TestSites)
#include "tst_sites.moc"
