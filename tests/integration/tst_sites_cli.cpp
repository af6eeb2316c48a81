// ferry-cli's site manager end to end: `sites add/list/show/remove/import-filezilla/
// export/import` and `--site NAME` against a real pyftpdlib server, with a real secret
// service (run under tests/keychain-wrapper.sh) and, for the fallback, with none.
// Every run gets a fresh XDG_CONFIG_HOME; the wrapper's XDG_DATA_HOME holds the keyring.
#include "testserver.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace ferry::test;

namespace {

struct CliRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString stdoutText() const { return QString::fromUtf8(out); }
    QString stderrText() const { return QString::fromUtf8(err); }
    QByteArray describe(int expected) const
    {
        return QStringLiteral("exit %1 (finished: %2), expected %3\n--- stdout ---\n%4\n--- stderr ---\n%5")
            .arg(exitCode)
            .arg(finished)
            .arg(expected)
            .arg(stdoutText().left(3000), stderrText().left(3000))
            .toUtf8();
    }
};

struct CliInput {
    std::optional<QByteArray> stdinData;
    std::optional<QString> ferryPassword;
    bool noKeychain = false; // D-Bus pointing nowhere: QtKeychain cannot reach a keychain
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("missing");
}

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

} // namespace

// checkNotOnDisk() is a helper: stop the test function when it failed.
#define CHECK_NOT_ON_DISK(secret)                                                                            \
    do {                                                                                                     \
        checkNotOnDisk(secret);                                                                              \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
    } while (false)
#define CHECK_EXIT(run, code)                                                                                \
    QVERIFY2((run).finished && (run).exitCode == (code), (run).describe(code).constData())

class TestSitesCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void addLsShowRemove();
    void passwordSources();
    void fileCommandsWithSite();
    void importFileZillaAndConnect();
    void keychainUnavailable();
    void promptAtTerminal();
    void corruptAndNewerStore();
    void exportImportAndSftp();
    void showWithoutStoredPassword();
    void protocolFtpMeansTlsIfOffered();
    void newerStoreStaysReadable();
    void keptFoldersSurviveCli();
    void getRecursiveRootWithSite();
    void usage_data();
    void usage();

private:
    CliRun cli(const QStringList &arguments, const CliInput &input = {}) const;
    QString configDir() const { return m_config->path(); }
    QString sitesJson() const { return configDir() + QLatin1String("/ferry/sites.json"); }
    // No file under the config dir or the keyring's data dir contains `secret`.
    void checkNotOnDisk(const QString &secret);
    CliRun addSite(const QString &name, const QString &password, const QStringList &extra = {},
                   const CliInput &input = {});

    QString m_cli;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_config;
};

void TestSitesCli::initTestCase()
{
    m_cli = qEnvironmentVariable("FERRY_CLI");
    QVERIFY2(QFileInfo(m_cli).isExecutable(), "FERRY_CLI must name the ferry-cli binary (ctest sets it)");
    QVERIFY2(qEnvironmentVariable("FERRY_TEST_KEYCHAIN") == QLatin1String("1"),
             "run under tests/keychain-wrapper.sh (a private D-Bus + gnome-keyring)");
    QString error;
    m_server = TestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
    QVERIFY(m_server->writeFile(QStringLiteral("hello.txt"), "hello from the server\n"));
    QVERIFY(m_server->writeFile(QStringLiteral("sub/inner.txt"), "inner\n"));
}

void TestSitesCli::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
}

CliRun TestSitesCli::cli(const QStringList &arguments, const CliInput &input) const
{
    CliRun run;
    QProcess process;
    process.setProgram(m_cli);
    process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir());
    if (input.ferryPassword)
        env.insert(QStringLiteral("FERRY_PASSWORD"), *input.ferryPassword);
    if (input.noKeychain)
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/ferry-no-bus"));
    process.setProcessEnvironment(env);
    process.start();
    if (!process.waitForStarted(10000))
        return run;
    if (input.stdinData)
        process.write(*input.stdinData);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(30000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(3000);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestSitesCli::checkNotOnDisk(const QString &secret)
{
    for (const QString &dir : {configDir(), qEnvironmentVariable("XDG_DATA_HOME")}) {
        QVERIFY(!dir.isEmpty());
        for (const QByteArray &needle : {secret.toUtf8(), secret.toUtf8().toBase64()}) {
            const QStringList hits = filesContaining(dir, needle);
            QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("the password is in: ") + hits.join(u' ')));
        }
    }
}

CliRun TestSitesCli::addSite(const QString &name, const QString &password, const QStringList &extra,
                             const CliInput &input)
{
    CliInput in = input;
    in.stdinData = password.toUtf8() + '\n';
    return cli(QStringList{QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"), name,
                           QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                           QString::number(m_server->port()), QStringLiteral("--protocol"),
                           QStringLiteral("ftp"), QStringLiteral("--tls"), QStringLiteral("plain"),
                           QStringLiteral("--user"), m_server->userName(),
                           QStringLiteral("--password-stdin")} +
                   extra,
               in);
}

void TestSitesCli::addLsShowRemove()
{
    const QString password = m_server->password();
    CliRun run = addSite(QStringLiteral("My Server"), password,
                         {QStringLiteral("--folder"), QStringLiteral("Work/Clients")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText().trimmed(), QStringLiteral("Added Work/Clients/My Server"));
    QVERIFY(QFileInfo::exists(sitesJson()));
    CHECK_NOT_ON_DISK(password);

    run = cli(
        {QStringLiteral("--site"), QStringLiteral("My Server"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("hello.txt")), run.out.constData());
    QVERIFY2(run.stdoutText().contains(QLatin1String("sub/")), run.out.constData());
    // By folder path, and a relative path (from the site's remote folder, "/").
    run = cli({QStringLiteral("--site"), QStringLiteral("Work/Clients/My Server"), QStringLiteral("ls"),
               QStringLiteral("sub")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("inner.txt")), run.out.constData());
    QTemporaryDir local;
    const QString target = local.filePath(QStringLiteral("got.txt"));
    run = cli({QStringLiteral("--site"), QStringLiteral("My Server"), QStringLiteral("get"),
               QStringLiteral("/hello.txt"), target});
    CHECK_EXIT(run, 0);
    QCOMPARE(readAll(target), QByteArray("hello from the server\n"));
    // A URL with --site is a usage error.
    run = cli({QStringLiteral("--site"), QStringLiteral("My Server"), QStringLiteral("ls"),
               QStringLiteral("ftp://127.0.0.1/")});
    CHECK_EXIT(run, 2);

    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QStringLiteral("Work/Clients/My Server\tftp://%1@127.0.0.1:%2\n")
                                   .arg(m_server->userName())
                                   .arg(m_server->port()));
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("My Server")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("host: 127.0.0.1\n")), run.out.constData());
    QVERIFY2(run.stdoutText().contains(QLatin1String("tls: plain\n")), run.out.constData());
    QVERIFY2(run.stdoutText().contains(QLatin1String("password: in the system keychain")),
             run.out.constData());
    QVERIFY(!run.stdoutText().contains(password));
    QVERIFY(!run.stderrText().contains(password));

    // Recent sites remember the path, not the password.
    const QByteArray history = readAll(configDir() + QLatin1String("/ferry/history.json"));
    QVERIFY2(history.contains("Work/Clients/My Server"), history.constData());
    CHECK_NOT_ON_DISK(password);

    run = cli({QStringLiteral("sites"), QStringLiteral("remove"), QStringLiteral("Work/Clients/My Server")});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QString());
    run = cli(
        {QStringLiteral("--site"), QStringLiteral("My Server"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 2);
    QVERIFY2(run.stderrText().contains(QLatin1String("No site named")), run.err.constData());
}

void TestSitesCli::passwordSources()
{
    // The keychain holds a wrong password: FERRY_PASSWORD and --password-stdin override it.
    CliRun run = addSite(QStringLiteral("Wrong"), QStringLiteral("not-the-password"));
    CHECK_EXIT(run, 0);
    const QStringList ls{QStringLiteral("--site"), QStringLiteral("Wrong"), QStringLiteral("ls"),
                         QStringLiteral("/")};
    run = cli(ls);
    CHECK_EXIT(run, 4);
    run = cli(ls, {std::nullopt, m_server->password(), false});
    CHECK_EXIT(run, 0);
    run = cli(QStringList{QStringLiteral("--password-stdin")} + ls,
              {m_server->password().toUtf8() + '\n', QStringLiteral("also-wrong"), false});
    CHECK_EXIT(run, 0);
    QVERIFY(run.stdoutText().contains(QLatin1String("hello.txt")));
}

void TestSitesCli::fileCommandsWithSite()
{
    // Every command that takes a URL takes a path with --site (relative: from the site's
    // remote folder, here /work).
    QVERIFY(m_server->writeFile(QStringLiteral("work/keep.txt"), "keep\n"));
    CliRun run = addSite(QStringLiteral("Files"), m_server->password(),
                         {QStringLiteral("--remote-folder"), QStringLiteral("/work")});
    CHECK_EXIT(run, 0);
    auto site = [&](const QStringList &args) {
        return cli(QStringList{QStringLiteral("--site"), QStringLiteral("Files")} + args);
    };
    const QString root = m_server->rootPath();
    run = site({QStringLiteral("mkdir"), QStringLiteral("new")});
    CHECK_EXIT(run, 0);
    QVERIFY(QFileInfo(root + QLatin1String("/work/new")).isDir());
    QTemporaryDir local;
    const QString upload = local.filePath(QStringLiteral("up.txt"));
    {
        QFile f(upload);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("uploaded with --site\n");
    }
    run = site({QStringLiteral("put"), upload, QStringLiteral("new/")});
    CHECK_EXIT(run, 0);
    QCOMPARE(readAll(root + QLatin1String("/work/new/up.txt")), QByteArray("uploaded with --site\n"));
    run = site({QStringLiteral("mv"), QStringLiteral("new/up.txt"), QStringLiteral("renamed.txt")});
    CHECK_EXIT(run, 0);
    QVERIFY(QFileInfo::exists(root + QLatin1String("/work/new/renamed.txt")));
    run = site({QStringLiteral("chmod"), QStringLiteral("600"), QStringLiteral("new/renamed.txt")});
    CHECK_EXIT(run, 0);
    const QFile::Permissions rwx = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                   QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                   QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFileInfo(root + QLatin1String("/work/new/renamed.txt")).permissions() & rwx,
             QFile::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    run = site({QStringLiteral("quote"), QStringLiteral("/"), QStringLiteral("NOOP")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().startsWith(QLatin1String("200")), run.out.constData());
    run = site({QStringLiteral("ls"), QStringLiteral(".")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("keep.txt")), run.out.constData());
    run = site({QStringLiteral("rm"), QStringLiteral("/work/new/renamed.txt")});
    CHECK_EXIT(run, 0);
    run = site({QStringLiteral("rmdir"), QStringLiteral("new")});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(root + QLatin1String("/work/new")));
    QVERIFY(QFileInfo::exists(root + QLatin1String("/work/keep.txt")));
}

void TestSitesCli::importFileZillaAndConnect()
{
    // A FileZilla export pointing at the test server, password base64-encoded.
    const QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FileZilla3><Servers><Folder>Imported"
                           "<Server><Host>127.0.0.1</Host><Port>" +
                           QByteArray::number(m_server->port()) + "</Port><Protocol>6</Protocol><User>" +
                           m_server->userName().toUtf8() + "</User><Pass encoding=\"base64\">" +
                           m_server->password().toUtf8().toBase64() +
                           "</Pass><Logontype>1</Logontype><Name>Local &amp; test \xc3\xa9</Name>"
                           "<RemoteDir>1 0 3 sub</RemoteDir></Server></Folder></Servers></FileZilla3>\n";
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("sitemanager.xml"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(xml);
    }
    CliRun run = cli({QStringLiteral("sites"), QStringLiteral("import-filezilla"), file});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("Imported 1 site")), run.out.constData());
    CHECK_NOT_ON_DISK(m_server->password());
    // The password came out of the keychain; "." is the site's remote folder (/sub).
    run = cli({QStringLiteral("--site"), QStringLiteral("Imported/Local & test é"), QStringLiteral("ls"),
               QStringLiteral(".")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("inner.txt")), run.out.constData());

    // The sample Site Manager: warnings for what does not carry over, the rest imported.
    run = cli({QStringLiteral("sites"), QStringLiteral("import-filezilla"),
               QStringLiteral(FERRY_TEST_DATA_DIR "/filezilla-sitemanager.xml")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stderrText().contains(QLatin1String("Bucket")), run.err.constData()); // S3: skipped
    QVERIFY2(!run.stderrText().contains(QLatin1String("SFTP")), run.err.constData());  // SFTP: imported
    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText().count(QLatin1Char('\n')), 7);
    QVERIFY2(run.stdoutText().contains(
                 QStringLiteral("Work/Clients & Partners/Café Client\tftpes://jean dupont@")),
             run.out.constData());
    CHECK_NOT_ON_DISK(QStringLiteral("S3cure!Implicit"));
    CHECK_NOT_ON_DISK(QStringLiteral("pä$$ w&rd"));
    // Running into a malformed file reports it and changes nothing.
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("<FileZilla3><Servers><Server><Host>x");
    }
    const QByteArray before = readAll(sitesJson());
    run = cli({QStringLiteral("sites"), QStringLiteral("import-filezilla"), file});
    CHECK_EXIT(run, 1);
    QVERIFY2(run.stderrText().contains(QLatin1String("Cannot read the FileZilla file")), run.err.constData());
    QCOMPARE(readAll(sitesJson()), before);
}

void TestSitesCli::keychainUnavailable()
{
    CliInput noKeychain;
    noKeychain.noKeychain = true;
    CliRun run = addSite(QStringLiteral("NoKeychain"), m_server->password(), {}, noKeychain);
    CHECK_EXIT(run, 0); // saved, without the password
    QVERIFY2(run.stderrText().contains(QLatin1String("No system keychain")), run.err.constData());
    QVERIFY2(run.stderrText().contains(QLatin1String("asked for")), run.err.constData());
    QCOMPARE(run.stderrText().count(QLatin1String("No system keychain")), 1); // said once
    CHECK_NOT_ON_DISK(m_server->password());
    run = cli({QStringLiteral("sites"), QStringLiteral("list")}, noKeychain);
    CHECK_EXIT(run, 0);
    QVERIFY(run.stdoutText().startsWith(QLatin1String("NoKeychain\t")));
    // Connecting: no password from anywhere -> the login fails, with advice.
    const QStringList ls{QStringLiteral("--site"), QStringLiteral("NoKeychain"), QStringLiteral("ls"),
                         QStringLiteral("/")};
    run = cli(ls, noKeychain);
    CHECK_EXIT(run, 4);
    QVERIFY2(run.stderrText().contains(QLatin1String("--password-stdin")), run.err.constData());
    // ... and works with the password given at connect time.
    noKeychain.stdinData = m_server->password().toUtf8() + '\n';
    run = cli(QStringList{QStringLiteral("--password-stdin")} + ls, noKeychain);
    CHECK_EXIT(run, 0);
    QVERIFY(run.stdoutText().contains(QLatin1String("hello.txt")));
}

void TestSitesCli::promptAtTerminal()
{
    // No keychain and a terminal: ferry-cli asks, with echo off. script(1) gives it a pty.
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    QVERIFY2(!script.isEmpty(), "script(1) from util-linux is needed");
    CliInput noKeychain;
    noKeychain.noKeychain = true;
    CliRun run = addSite(QStringLiteral("Prompted"), QString(), {}, noKeychain);
    CHECK_EXIT(run, 0);

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir());
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/ferry-no-bus"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels); // the pty carries both
    process.start(script, {QStringLiteral("-qec"), m_cli + QLatin1String(" --site Prompted ls /"),
                           QStringLiteral("/dev/null")});
    QVERIFY(process.waitForStarted(10000));
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (!output.contains("Password for") && timer.elapsed() < 20000) {
        process.waitForReadyRead(500);
        output += process.readAll();
    }
    QVERIFY2(output.contains(
                 QByteArray("Password for " + m_server->userName().toUtf8() + "@127.0.0.1 (Prompted): ")),
             output.constData());
    QTest::qWait(200); // echo is switched off right after the prompt is written
    process.write(m_server->password().toUtf8() + '\n');
    QVERIFY(process.waitForFinished(30000));
    output += process.readAll();
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(output.contains("hello.txt"), output.constData());
    QVERIFY2(!output.contains(m_server->password().toUtf8()), output.constData()); // not echoed
}

void TestSitesCli::corruptAndNewerStore()
{
    QVERIFY(QDir().mkpath(configDir() + QLatin1String("/ferry")));
    const QByteArray garbage = "{\"version\": 1, \"sites\": [ oops";
    {
        QFile f(sitesJson());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
    }
    CliRun run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stderrText().contains(QLatin1String("damaged")), run.err.constData());
    run = cli({QStringLiteral("sites"), QStringLiteral("list")}); // the same damage: one copy
    CHECK_EXIT(run, 0);
    const QStringList backups =
        QDir(configDir() + QLatin1String("/ferry")).entryList({QStringLiteral("sites.json.corrupt-*")});
    QCOMPARE(backups.size(), 1);
    QCOMPARE(readAll(configDir() + QLatin1String("/ferry/") + backups.first()), garbage);
    run = addSite(QStringLiteral("After"), QStringLiteral("pw"));
    CHECK_EXIT(run, 0);
    QCOMPARE(QJsonDocument::fromJson(readAll(sitesJson())).object().value(QLatin1String("version")).toInt(),
             1);

    const QByteArray newer = "{\"version\": 7, \"sites\": []}";
    {
        QFile f(sitesJson());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(newer);
    }
    run = addSite(QStringLiteral("Refused"), QStringLiteral("pw"));
    CHECK_EXIT(run, 6);
    QVERIFY2(run.stderrText().contains(QLatin1String("newer")), run.err.constData());
    QCOMPARE(readAll(sitesJson()), newer);
}

void TestSitesCli::exportImportAndSftp()
{
    CliRun run = addSite(QStringLiteral("Exported"), m_server->password(),
                         {QStringLiteral("--folder"), QStringLiteral("A")});
    CHECK_EXIT(run, 0);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("export.json"));
    run = cli({QStringLiteral("sites"), QStringLiteral("export"), file});
    CHECK_EXIT(run, 0);
    const QByteArray exported = readAll(file);
    QVERIFY(exported.contains("\"Exported\""));
    QVERIFY(!exported.contains(m_server->password().toUtf8()));
    // Importing into another config: the same site (same id), under the same name.
    init();
    run = cli({QStringLiteral("sites"), QStringLiteral("import"), file});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("A/Exported")});
    CHECK_EXIT(run, 0);
    QVERIFY(run.stdoutText().contains(QStringLiteral("port: %1\n").arg(m_server->port())));
    // Importing again replaces it (same id) instead of adding a copy.
    run = cli({QStringLiteral("sites"), QStringLiteral("import"), file});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    QCOMPARE(run.stdoutText().count(QLatin1Char('\n')), 1);

    // An SFTP site is used as SFTP: here its host is the FTP test server, so the SSH
    // handshake fails (a network error, not "unsupported").
    QJsonObject doc = QJsonDocument::fromJson(exported).object();
    QJsonArray sites = doc.value(QLatin1String("sites")).toArray();
    QJsonObject sftp = sites.first().toObject();
    sftp.insert(QLatin1String("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    sftp.insert(QLatin1String("name"), QStringLiteral("Shell"));
    sftp.insert(QLatin1String("protocol"), QStringLiteral("sftp"));
    doc.insert(QLatin1String("sites"), QJsonArray{sftp});
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
    }
    run = cli({QStringLiteral("sites"), QStringLiteral("import"), file});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("--site"), QStringLiteral("Shell"), QStringLiteral("--timeout"),
               QStringLiteral("3"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 3);
    QVERIFY2(run.stderrText().contains(QLatin1String("SSH")), run.err.constData());
}

// #13 §5: `sites show` says where the password is; a site added without one (or whose
// keychain entry is gone) has it "not stored; asked at connect time".
void TestSitesCli::showWithoutStoredPassword()
{
    CliRun run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
                      QStringLiteral("NoPw"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--user"), QStringLiteral("someone")});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("NoPw")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("password: not stored; asked at connect time\n")),
             run.out.constData());
    // Connecting without a password (no TTY here), or with an empty line on stdin: nothing is
    // sent, never an empty PASS (#13 §5).
    const QStringList ls{QStringLiteral("--site"), QStringLiteral("NoPw"), QStringLiteral("ls"),
                         QStringLiteral("/")};
    run = cli(ls);
    CHECK_EXIT(run, 4);
    QVERIFY2(run.stderrText().contains(QLatin1String("Nothing was sent")), run.err.constData());
    run = cli(QStringList{QStringLiteral("--password-stdin")} + ls,
              CliInput{QByteArray("\n"), std::nullopt, false});
    CHECK_EXIT(run, 4);
    QVERIFY2(run.stderrText().contains(QLatin1String("Nothing was sent")), run.err.constData());
    // With the password in the keychain, it says so.
    run = addSite(QStringLiteral("WithPw"), m_server->password());
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("WithPw")});
    QVERIFY2(run.stdoutText().contains(QLatin1String("password: in the system keychain")),
             run.out.constData());
    // Without a keychain it is not stored either.
    CliInput noKeychain;
    noKeychain.noKeychain = true;
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("WithPw")}, noKeychain);
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("password: not stored; asked at connect time\n")),
             run.out.constData());
}

// #13 §6: `sites add --protocol ftp` without --tls means what an ftp:// URL means: TLS when
// offered, else plain with the warning (the test server offers none). ftpes stays "require".
void TestSitesCli::protocolFtpMeansTlsIfOffered()
{
    CliRun run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
                      QStringLiteral("Plainish"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--port"), QString::number(m_server->port()),
                      QStringLiteral("--protocol"), QStringLiteral("ftp"), QStringLiteral("--user"),
                      m_server->userName(), QStringLiteral("--password-stdin")},
                     CliInput{m_server->password().toUtf8() + '\n', std::nullopt, false});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("Plainish")});
    QVERIFY2(run.stdoutText().contains(QLatin1String("tls: if-available\n")), run.out.constData());
    run = cli(
        {QStringLiteral("--site"), QStringLiteral("Plainish"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("hello.txt")), run.out.constData());
    QVERIFY2(run.stderrText().contains(QLatin1String("WARNING")), run.err.constData());
    // ftpes: TLS required, and this server has none.
    run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
               QStringLiteral("Strict"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
               QStringLiteral("--port"), QString::number(m_server->port()), QStringLiteral("--protocol"),
               QStringLiteral("ftpes"), QStringLiteral("--user"), m_server->userName(),
               QStringLiteral("--password-stdin")},
              CliInput{m_server->password().toUtf8() + '\n', std::nullopt, false});
    CHECK_EXIT(run, 0);
    run =
        cli({QStringLiteral("--site"), QStringLiteral("Strict"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 8);
}

// #13 §6: a sites.json from a newer Ferry keeps list, show, --site and export working (read
// only, as docs/sites.md promises); changes are refused and the file is left alone.
void TestSitesCli::newerStoreStaysReadable()
{
    CliRun run = addSite(QStringLiteral("Future"), m_server->password());
    CHECK_EXIT(run, 0);
    QJsonObject root = QJsonDocument::fromJson(readAll(sitesJson())).object();
    root.insert(QLatin1String("version"), 7);
    QJsonArray sites = root.value(QLatin1String("sites")).toArray();
    QJsonObject site = sites.at(0).toObject();
    site.insert(QLatin1String("fromTheFuture"), QLatin1String("kept"));
    sites[0] = site;
    root.insert(QLatin1String("sites"), sites);
    const QByteArray newer = QJsonDocument(root).toJson();
    {
        QFile f(sitesJson());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(newer);
    }
    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().startsWith(QLatin1String("Future\t")), run.out.constData());
    QVERIFY2(run.stderrText().contains(QLatin1String("newer")), run.err.constData());
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("Future")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QStringLiteral("port: %1\n").arg(m_server->port())),
             run.out.constData());
    run =
        cli({QStringLiteral("--site"), QStringLiteral("Future"), QStringLiteral("ls"), QStringLiteral("/")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QLatin1String("hello.txt")), run.out.constData());
    const QString exported = configDir() + QLatin1String("/export.json");
    run = cli({QStringLiteral("sites"), QStringLiteral("export"), exported});
    CHECK_EXIT(run, 0);
    QVERIFY2(readAll(exported).contains("\"Future\""), readAll(exported).constData());
    run = addSite(QStringLiteral("Refused"), QStringLiteral("pw"));
    CHECK_EXIT(run, 6);
    QCOMPARE(readAll(sitesJson()), newer);
}

// The Site Manager's empty folders ("folders" in sites.json): `sites list` reads the file as
// before, and `sites add` / `remove` keep them.
void TestSitesCli::keptFoldersSurviveCli()
{
    CliRun run = addSite(QStringLiteral("First"), m_server->password());
    CHECK_EXIT(run, 0);
    QJsonObject root = QJsonDocument::fromJson(readAll(sitesJson())).object();
    root.insert(QLatin1String("folders"), QJsonArray{QStringLiteral("Empty"), QStringLiteral("Work/Later")});
    {
        QFile f(sitesJson());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(root).toJson());
    }
    run = cli({QStringLiteral("sites"), QStringLiteral("list")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().startsWith(QLatin1String("First\t")), run.out.constData());
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    run = addSite(QStringLiteral("Second"), m_server->password(),
                  {QStringLiteral("--folder"), QStringLiteral("Work")});
    CHECK_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("remove"), QStringLiteral("First")});
    CHECK_EXIT(run, 0);
    root = QJsonDocument::fromJson(readAll(sitesJson())).object();
    QCOMPARE(root.value(QLatin1String("sites")).toArray().size(), 1);
    QCOMPARE(root.value(QLatin1String("folders")).toArray().toVariantList(),
             QVariantList({QStringLiteral("Empty"), QStringLiteral("Work/Later")}));
}

// #13 §1: `--site NAME get -r /` downloads the root's contents into LOCAL (lftp mirror).
void TestSitesCli::getRecursiveRootWithSite()
{
    CliRun run = addSite(QStringLiteral("Root"), m_server->password());
    CHECK_EXIT(run, 0);
    QTemporaryDir local;
    const QString dest = local.filePath(QStringLiteral("dest/"));
    run = cli({QStringLiteral("--site"), QStringLiteral("Root"), QStringLiteral("get"), QStringLiteral("-r"),
               QStringLiteral("/"), dest});
    CHECK_EXIT(run, 0);
    QCOMPARE(readAll(local.filePath(QStringLiteral("dest/hello.txt"))),
             QByteArray("hello from the server\n"));
    QCOMPARE(readAll(local.filePath(QStringLiteral("dest/sub/inner.txt"))), QByteArray("inner\n"));
}

void TestSitesCli::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    const QString s = QStringLiteral("sites");
    QTest::newRow("no subcommand") << QStringList{s} << 2;
    QTest::newRow("unknown subcommand") << QStringList{s, QStringLiteral("frobnicate")} << 2;
    QTest::newRow("show missing") << QStringList{s, QStringLiteral("show"), QStringLiteral("nope")} << 2;
    QTest::newRow("add without host")
        << QStringList{s, QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("x")} << 2;
    QTest::newRow("add gopher") << QStringList{s,
                                               QStringLiteral("add"),
                                               QStringLiteral("--name"),
                                               QStringLiteral("x"),
                                               QStringLiteral("--host"),
                                               QStringLiteral("h"),
                                               QStringLiteral("--protocol"),
                                               QStringLiteral("gopher")}
                                << 2;
    QTest::newRow("add key file on ftp") << QStringList{s,
                                                        QStringLiteral("add"),
                                                        QStringLiteral("--name"),
                                                        QStringLiteral("x"),
                                                        QStringLiteral("--host"),
                                                        QStringLiteral("h"),
                                                        QStringLiteral("--user"),
                                                        QStringLiteral("u"),
                                                        QStringLiteral("--key-file"),
                                                        QStringLiteral("/k")}
                                         << 2;
    QTest::newRow("add slash in name") << QStringList{s,
                                                      QStringLiteral("add"),
                                                      QStringLiteral("--name"),
                                                      QStringLiteral("a/b"),
                                                      QStringLiteral("--host"),
                                                      QStringLiteral("h")}
                                       << 2;
    QTest::newRow("import missing file")
        << QStringList{s, QStringLiteral("import"), QStringLiteral("/nonexistent/x")} << 6;
}

void TestSitesCli::usage()
{
    QFETCH(QStringList, arguments);
    const CliRun run = cli(arguments);
    QFETCH(int, exitCode);
    CHECK_EXIT(run, exitCode);
    QVERIFY(!run.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestSitesCli)
#include "tst_sites_cli.moc"
