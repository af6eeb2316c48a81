// The ferry-cli executable end to end: run it as a user would (QProcess), against real
// servers (pyftpdlib and vsftpd on loopback), and check exit codes, stdout, stderr and
// the files on both disks (bytes by SHA-256, modes by stat()).
#include "testserver.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrl>
#include <algorithm>
#include <csignal>
#include <map>
#include <optional>
#include <sys/stat.h>

using namespace ferry::test;

namespace {

constexpr int kCliTimeoutMs = 30000; // one ferry-cli run; they take milliseconds normally

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "missing:" + QFile::encodeName(path);
    return f.readAll();
}

bool writeLocal(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Permission bits of a file as the kernel has them (-1: no such file).
int modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// *.part files anywhere below `dir` (a finished download must leave none).
QStringList partFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.part")}, QDir::Files | QDir::Hidden);
}

// A port on 127.0.0.1 that nothing listens on (bound, then released).
quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

struct CliRun {
    bool started = false;
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;

    QString stdoutText() const { return QString::fromUtf8(out); }
    QString stderrText() const { return QString::fromUtf8(err); }
    QStringList stdoutLines() const { return stdoutText().split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
    QStringList stderrLines() const { return stderrText().split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
    // stderr without advisory "ferry-cli: WARNING: ..." lines: the errors and messages proper.
    QStringList diagnostics() const
    {
        QStringList lines = stderrLines();
        lines.removeIf([](const QString &l) { return l.startsWith(QLatin1String("ferry-cli: WARNING:")); });
        return lines;
    }
    bool exited(int code) const { return started && finished && !crashed && exitCode == code; }
    QByteArray describe(int expected) const
    {
        QString state = !started    ? QStringLiteral("did not start")
                        : !finished ? QStringLiteral("did not finish (killed)")
                        : crashed   ? QStringLiteral("crashed")
                                    : QStringLiteral("exit code %1").arg(exitCode);
        return (QStringLiteral("ferry-cli: %1, expected %2 (%3 ms)\n--- stdout ---\n%4\n--- stderr ---\n%5")
                    .arg(state)
                    .arg(expected)
                    .arg(elapsedMs)
                    .arg(stdoutText().left(3000), stderrText().left(3000)))
            .toUtf8();
    }
};

struct CliInput {
    QString workingDirectory;
    std::optional<QByteArray> stdinData;  // written, then stdin is closed (else closed at once)
    std::optional<QString> ferryPassword; // FERRY_PASSWORD; never inherited from the caller
};

} // namespace

#define CHECK_EXIT(run, code) QVERIFY2((run).exited(code), (run).describe(code).constData())
// A command that succeeded without -v says nothing on stderr (advisory warnings aside).
#define CHECK_QUIET(run) QVERIFY2((run).diagnostics().isEmpty(), (run).err.constData())

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanupTestCase();

    void versionAndHelp();
    void ls_data();
    void ls();
    void lsJsonNlst();
    void get_data();
    void get();
    void put();
    void optionsAnywhere();
    void verboseMasksPassword();
    void passwordSources_data();
    void passwordSources();
    void fileOperations();
    void quote();
    void getMissingKeepsLocalFile();
    void getBelowRegularFile();
    void getIntoMissingFolder();
    void connectionRefused();
    void noGreetingTimeout();
    void tlsRequiredButUnavailable_data();
    void tlsRequiredButUnavailable();
    void lineBreakInjection_data();
    void lineBreakInjection();
    void usageErrors_data();
    void usageErrors();
    void resume();
    void parseListing_data();
    void parseListing();
    void ipv6();
    // Issue #13's CLI points.
    void getRecursiveRoot();
    void summaryTellsTheTruth();
    void queueRunCountsThisRun();
    void interruptKeepsPart_data();
    void interruptKeepsPart();
    void passwordWithoutTty();
    void passwordPromptAtTerminal();
    void passwordPromptInterrupted();
    void queueRunNeedsPassword();
    void refusedLoginOneLine();
    void overwriteAskKeys();
    void recursiveDelete();
    void recursiveDeleteAsksTrustOnce();
    void chmodChecksMode();
    // Issue #16 §1: moves.
    void removeSource();

private:
    TestServer *server(bool ipv6 = false);
    CliRun cli(const QStringList &arguments, const CliInput &input = {}) const;
    // ferry-cli on a pseudo-terminal (script(1)): for each (prompt, answer) waits for the
    // prompt in the output, then types the answer. out holds stdout and stderr together.
    CliRun onTerminal(const QStringList &arguments, const QList<std::pair<QByteArray, QByteArray>> &dialog,
                      const QString &workingDirectory = {}) const;
    // A server of the current kind with a root of its own (for whole-root downloads).
    std::unique_ptr<TestServer> freshServer() const;
    // ftp://user[:password]@host:port/ + path (percent-encoded, '/' kept).
    QString url(const QString &path = QString(), bool withPassword = true, bool ipv6 = false);
    QString tag(const QString &name) const;
    QString onServer(const QString &relativePath)
    {
        return server()->rootPath() + QLatin1Char('/') + relativePath;
    }

    QString m_cli;
    std::map<std::pair<int, bool>, std::unique_ptr<TestServer>> m_servers; // by (kind, IPv6)
};

void TestCli::initTestCase_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

void TestCli::initTestCase()
{
    m_cli = qEnvironmentVariable("FERRY_CLI");
    QVERIFY2(!m_cli.isEmpty(), "FERRY_CLI is not set: it names the ferry-cli binary under test "
                               "(ctest sets it; by hand: FERRY_CLI=build/.../app/ferry-cli ./tst_cli)");
    QVERIFY2(QFileInfo(m_cli).isExecutable(),
             qPrintable(QStringLiteral("FERRY_CLI=%1 is not an executable file").arg(m_cli)));
}

void TestCli::init()
{
    QVERIFY2(server() != nullptr, "the test server did not start");
}

void TestCli::cleanupTestCase()
{
    m_servers.clear(); // stops each server by PID
}

TestServer *TestCli::server(bool ipv6)
{
    QFETCH_GLOBAL(int, kind);
    auto &slot = m_servers[{kind, ipv6}];
    if (!slot) {
        TestServer::Options options;
        options.kind = TestServer::Kind(kind);
        options.address = QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
        QString error;
        slot = TestServer::start(options, &error);
        if (!slot)
            qWarning("%s", qPrintable(error));
    }
    return slot.get();
}

CliRun TestCli::cli(const QStringList &arguments, const CliInput &input) const
{
    CliRun run;
    QProcess process;
    process.setProgram(m_cli);
    process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")); // messages (strerror) in English
    env.remove(QStringLiteral("LANGUAGE"));
    if (input.ferryPassword)
        env.insert(QStringLiteral("FERRY_PASSWORD"), *input.ferryPassword);
    process.setProcessEnvironment(env);
    if (!input.workingDirectory.isEmpty())
        process.setWorkingDirectory(input.workingDirectory);
    QElapsedTimer timer;
    timer.start();
    process.start();
    run.started = process.waitForStarted(10000);
    if (!run.started)
        return run;
    if (input.stdinData)
        process.write(*input.stdinData);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(kCliTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(3000);
    }
    run.elapsedMs = timer.elapsed();
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString TestCli::url(const QString &path, bool withPassword, bool ipv6)
{
    TestServer *s = server(ipv6);
    QString result = QStringLiteral("ftp://") + s->userName();
    if (withPassword)
        result += QLatin1Char(':') + s->password();
    result += QLatin1Char('@') + (ipv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1")) +
              QLatin1Char(':') + QString::number(s->port()) + QLatin1Char('/');
    return result + QString::fromLatin1(QUrl::toPercentEncoding(path, "/"));
}

// A name unique to the test function and data row (each server kind has its own root).
QString TestCli::tag(const QString &name) const
{
    QString result = QString::fromLatin1(QTest::currentTestFunction());
    if (QTest::currentDataTag() && *QTest::currentDataTag())
        result += QLatin1Char('-') + QString::fromLatin1(QTest::currentDataTag());
    return result + QLatin1Char('-') + name;
}

void TestCli::versionAndHelp()
{
    const CliRun version = cli({QStringLiteral("--version")});
    CHECK_EXIT(version, 0);
    QCOMPARE(version.stdoutText(), QStringLiteral("ferry-cli 0.1.0\n"));
    CHECK_QUIET(version);

    for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
        const CliRun help = cli({flag});
        CHECK_EXIT(help, 0);
        const QString text = help.stdoutText();
        QVERIFY2(text.startsWith(QStringLiteral("Usage: ferry-cli")), qPrintable(text));
        for (const char *command :
             {"ls", "get", "put", "mkdir", "rm", "rmdir", "mv", "chmod", "quote", "parse-listing"}) {
            // Each command is described on a line of its own in the command list.
            const QRegularExpression line(QStringLiteral("^  %1 ").arg(QLatin1String(command)),
                                          QRegularExpression::MultilineOption);
            QVERIFY2(line.match(text).hasMatch(), command);
        }
        CHECK_QUIET(help);
    }

    // Every option the README documents is in the help (it comes from the parser's table).
    const QString text = cli({QStringLiteral("--help")}).stdoutText();
    for (const char *option : {"-r, --recursive",
                               "--parallel N",
                               "--retries N",
                               "--overwrite POLICY",
                               "--limit-rate RATE",
                               "--auto",
                               "--progress",
                               "--no-progress",
                               "--no-preserve-times",
                               "--queue-db PATH",
                               "--resume",
                               "--ascii",
                               "--binary",
                               "--site NAME",
                               "--tls POLICY",
                               "--trust-fingerprint FP",
                               "--insecure",
                               "--password-stdin",
                               "--timeout S",
                               "--charset NAME",
                               "--list-mode MODE",
                               "--server-type TYPE",
                               "--today YYYY-MM-DD",
                               "--json",
                               "--active",
                               "--passive",
                               "-v, --verbose",
                               "--version",
                               "--host HOST",
                               "--protocol PROTOCOL",
                               "--ask-password",
                               "--force",
                               "--failed",
                               "--all",
                               "--remote-folder PATH"}) {
        const QRegularExpression line(
            QStringLiteral("^  %1( |$)").arg(QRegularExpression::escape(QLatin1String(option))),
            QRegularExpression::MultilineOption);
        QVERIFY2(line.match(text).hasMatch(), option);
    }
    QVERIFY2(text.contains(QStringLiteral("  queue run|list|retry|clear")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  sites list|show|add|remove|import-filezilla|export|import")),
             qPrintable(text));
    // ferry-cli COMMAND --help: that command, its subcommands, and only its options.
    CliRun help = cli({QStringLiteral("get"), QStringLiteral("--help")});
    CHECK_EXIT(help, 0);
    QVERIFY2(help.stdoutText().startsWith(QStringLiteral("Usage: ferry-cli [options] get URL [LOCAL]\n")),
             help.out.constData());
    QVERIFY2(help.stdoutText().contains(QStringLiteral("  -r, --recursive")), help.out.constData());
    QVERIFY2(!help.stdoutText().contains(QStringLiteral("--list-mode")), help.out.constData());
    help = cli({QStringLiteral("--help"), QStringLiteral("queue")});
    CHECK_EXIT(help, 0);
    for (const char *sub : {"  queue run ", "  queue list ", "  queue retry ", "  queue clear "})
        QVERIFY2(help.stdoutText().contains(QLatin1String(sub)), help.out.constData());
    help = cli({QStringLiteral("sites"), QStringLiteral("--help")});
    CHECK_EXIT(help, 0);
    QVERIFY2(help.stdoutText().contains(QStringLiteral("  --host HOST")), help.out.constData());
    QVERIFY2(help.stdoutText().contains(QStringLiteral("  sites import-filezilla FILE")),
             help.out.constData());

    // No command at all is a usage error, not help.
    const CliRun none = cli({});
    CHECK_EXIT(none, 2);
    QVERIFY(none.out.isEmpty());
    QVERIFY2(none.stderrText().contains(QStringLiteral("No command")), none.err.constData());
}

void TestCli::ls_data()
{
    QTest::addColumn<QString>("listMode"); // empty: auto
    QTest::newRow("auto") << QString();
    QTest::newRow("list") << QStringLiteral("list");
}

void TestCli::ls()
{
    QFETCH(QString, listMode);
    QFETCH_GLOBAL(int, kind);
    const bool vsftpd = TestServer::Kind(kind) == TestServer::Kind::Vsftpd;
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/a.txt"), "hello"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/empty.bin"), QByteArray()));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/name with space.txt"), QByteArray(1234, 'x')));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/sub/inner.txt"), "inner"));
    {
        // A fixed, old time: listings show it as 2024-03-04 (with the time when they can).
        QFile f(onServer(dir + QStringLiteral("/a.txt")));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime(QDate(2024, 3, 4), QTime(5, 6, 7), QTimeZone::utc()),
                              QFileDevice::FileModificationTime));
    }
    struct Expected {
        qint64 size; // -1: not checked (folders)
        bool isDir;
    };
    const std::map<QString, Expected> expected{{QStringLiteral("a.txt"), {5, false}},
                                               {QStringLiteral("empty.bin"), {0, false}},
                                               {QStringLiteral("name with space.txt"), {1234, false}},
                                               {QStringLiteral("sub"), {-1, true}}};
    QStringList extra;
    if (!listMode.isEmpty())
        extra << QStringLiteral("--list-mode") << listMode;

    // Plain: "T  SIZE(12)  TIME(19)  NAME[/]", one entry per line, no "." or "..".
    const CliRun plain = cli(QStringList{QStringLiteral("ls"), url(dir + QLatin1Char('/'))} + extra);
    CHECK_EXIT(plain, 0);
    CHECK_QUIET(plain);
    const QRegularExpression lineFormat(QStringLiteral("^([-dl])  ([ 0-9-]{12})  (.{19})  (.+)$"));
    std::map<QString, QString> plainByName; // name (as printed) -> line
    for (const QString &line : plain.stdoutLines()) {
        const auto m = lineFormat.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        plainByName[m.captured(4)] = line;
    }
    QCOMPARE(plainByName.size(), expected.size());
    for (const auto &[name, want] : expected) {
        const QString printed = want.isDir ? name + QLatin1Char('/') : name;
        QVERIFY2(plainByName.count(printed),
                 qPrintable(printed + QStringLiteral(" missing in:\n") + plain.stdoutText()));
        const auto m = lineFormat.match(plainByName[printed]);
        QCOMPARE(m.captured(1), want.isDir ? QStringLiteral("d") : QStringLiteral("-"));
        if (want.size >= 0)
            QCOMPARE(m.captured(2).trimmed(), QString::number(want.size));
    }
    QVERIFY2(plainByName[QStringLiteral("a.txt")].contains(QStringLiteral("  2024-03-04")),
             qPrintable(plainByName[QStringLiteral("a.txt")]));

    // JSON lines: one object per line with every field.
    const CliRun json =
        cli(QStringList{QStringLiteral("ls"), QStringLiteral("--json"), url(dir + QLatin1Char('/'))} + extra);
    CHECK_EXIT(json, 0);
    const QStringList lines = json.stdoutLines();
    QCOMPARE(lines.size(), int(expected.size()));
    QVERIFY(json.out.endsWith('\n'));
    std::map<QString, QJsonObject> byName;
    for (const QString &line : lines) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(),
                 qPrintable(line + QStringLiteral(": ") + error.errorString()));
        const QJsonObject o = doc.object();
        for (const char *field :
             {"name", "size", "is_dir", "is_link", "target", "time", "permissions", "owner", "group", "line"})
            QVERIFY2(o.contains(QLatin1String(field)),
                     qPrintable(QLatin1String(field) + QStringLiteral(" in ") + line));
        QVERIFY(o.value(QStringLiteral("name")).isString());
        QVERIFY(o.value(QStringLiteral("is_dir")).isBool());
        QVERIFY(o.value(QStringLiteral("is_link")).isBool());
        QCOMPARE(o.value(QStringLiteral("is_link")).toBool(), false);
        QVERIFY(o.value(QStringLiteral("target")).isNull());
        QVERIFY(o.value(QStringLiteral("permissions")).isString());
        QVERIFY(!o.value(QStringLiteral("permissions")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("owner")).isString());
        QVERIFY(o.value(QStringLiteral("group")).isString());
        QVERIFY(o.value(QStringLiteral("line")).isDouble());
        QVERIFY(o.value(QStringLiteral("line")).toInt() >= 1);
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d( \\d\\d:\\d\\d(:\\d\\d)?)?$"))
                     .match(o.value(QStringLiteral("time")).toString())
                     .hasMatch(),
                 qPrintable(line));
        byName[o.value(QStringLiteral("name")).toString()] = o;
    }
    QCOMPARE(byName.size(), expected.size());
    for (const auto &[name, want] : expected) {
        QVERIFY2(byName.count(name), qPrintable(name + QStringLiteral(" missing in:\n") + json.stdoutText()));
        const QJsonObject &o = byName[name];
        QCOMPARE(o.value(QStringLiteral("is_dir")).toBool(), want.isDir);
        if (want.size >= 0) {
            QVERIFY(o.value(QStringLiteral("size")).isDouble());
            QCOMPARE(o.value(QStringLiteral("size")).toInteger(), want.size);
        }
    }
    const QString aTime = byName[QStringLiteral("a.txt")].value(QStringLiteral("time")).toString();
    const bool mlsd = !vsftpd && listMode.isEmpty(); // pyftpdlib's MLSD has seconds (UTC)
    QCOMPARE(aTime, mlsd ? QStringLiteral("2024-03-04 05:06:07") : QStringLiteral("2024-03-04"));
    if (!mlsd) {
        // LIST: Unix permissions and an owner column.
        QCOMPARE(byName[QStringLiteral("a.txt")].value(QStringLiteral("permissions")).toString().left(1),
                 QStringLiteral("-"));
        QCOMPARE(byName[QStringLiteral("sub")].value(QStringLiteral("permissions")).toString().left(1),
                 QStringLiteral("d"));
        QVERIFY(!byName[QStringLiteral("a.txt")].value(QStringLiteral("owner")).toString().isEmpty());
    }
}

void TestCli::lsJsonNlst()
{
    // --json promises "one JSON object per entry"; with --list-mode nlst the server only
    // gives names, which must still come out as JSON objects (with the name), not bare text.
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/a.txt"), "hello"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/b.txt"), "hi"));
    const CliRun plain = cli({QStringLiteral("ls"), QStringLiteral("--list-mode"), QStringLiteral("nlst"),
                              url(dir + QLatin1Char('/'))});
    CHECK_EXIT(plain, 0);
    QStringList names = plain.stdoutLines();
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));

    const CliRun json = cli({QStringLiteral("ls"), QStringLiteral("--json"), QStringLiteral("--list-mode"),
                             QStringLiteral("nlst"), url(dir + QLatin1Char('/'))});
    CHECK_EXIT(json, 0);
    QCOMPARE(json.stdoutLines().size(), 2);
    QStringList jsonNames;
    for (const QString &line : json.stdoutLines()) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8());
        QVERIFY2(doc.isObject(), qPrintable(line));
        jsonNames << doc.object().value(QStringLiteral("name")).toString();
    }
    jsonNames.sort();
    QCOMPARE(jsonNames, (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
}

void TestCli::get_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<QString>("target"); // file: LOCAL is a file name; folder: LOCAL is "DIR/"; cwd: no LOCAL
    for (const qint64 size : {qint64(0), qint64(1), qint64(3 * 1024 * 1024)}) {
        const QByteArray label = size >= 1024 * 1024
                                     ? QByteArray(QByteArray::number(size / (1024 * 1024)) + "MiB")
                                     : QByteArray(QByteArray::number(size) + "B");
        for (const char *target : {"file", "folder", "cwd"})
            QTest::newRow(QByteArray(label + '-' + target).constData())
                << size << QString::fromLatin1(target);
    }
}

void TestCli::get()
{
    QFETCH(qint64, size);
    QFETCH(QString, target);
    const QByteArray data = randomBytes(size, quint32(size) * 31 + quint32(target.size()));
    const QString remoteName = tag(QStringLiteral("remote.bin"));
    QVERIFY(server()->writeFile(remoteName, data));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    QVERIFY(QDir(local.path()).mkdir(QStringLiteral("into")));

    QStringList args{QStringLiteral("get"), url(remoteName)};
    QString expectedPath;
    CliInput input;
    if (target == QLatin1String("file")) {
        expectedPath = local.filePath(QStringLiteral("renamed.bin"));
        args << expectedPath;
    } else if (target == QLatin1String("folder")) {
        expectedPath = local.filePath(QStringLiteral("into/") + remoteName);
        args << local.filePath(QStringLiteral("into")) + QLatin1Char('/');
    } else {
        expectedPath = local.filePath(remoteName);
        input.workingDirectory = local.path();
    }
    const CliRun run = cli(args, input);
    CHECK_EXIT(run, 0);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    CHECK_QUIET(run);
    QCOMPARE(QFileInfo(expectedPath).size(), size);
    QCOMPARE(fileSha256(expectedPath), sha256(data));
    QVERIFY(partFiles(local.path()).isEmpty());
    QVERIFY(partFiles(local.filePath(QStringLiteral("into"))).isEmpty());
    // Nothing else appeared: only the one file (and the "into" folder).
    const QStringList all =
        QDir(local.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    QCOMPARE(all.size(), target == QLatin1String("folder") ? 1 : 2);
}

void TestCli::put()
{
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/.keep"), QByteArray()));
    const QString remoteDir = onServer(dir);
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const std::map<QString, QByteArray> files{{QStringLiteral("a.txt"), "alpha\n"},
                                              {QStringLiteral("b.txt"), randomBytes(70000, 2)},
                                              {QStringLiteral("c.txt"), QByteArray()}};
    for (const auto &[name, content] : files)
        QVERIFY(writeLocal(local.filePath(name), content));
    CliInput inLocal;
    inLocal.workingDirectory = local.path(); // relative LOCAL names, like a user types them

    // One file into a folder keeps its name.
    CliRun run = cli({QStringLiteral("put"), QStringLiteral("a.txt"), url(dir + QLatin1Char('/'))}, inLocal);
    CHECK_EXIT(run, 0);
    CHECK_QUIET(run);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(readFile(remoteDir + QStringLiteral("/a.txt")), QByteArray("alpha\n"));

    // A URL naming a file names the target.
    run = cli({QStringLiteral("put"), QStringLiteral("b.txt"), url(dir + QStringLiteral("/renamed.txt"))},
              inLocal);
    CHECK_EXIT(run, 0);
    QCOMPARE(fileSha256(remoteDir + QStringLiteral("/renamed.txt")),
             sha256(files.at(QStringLiteral("b.txt"))));
    QVERIFY(!QFile::exists(remoteDir + QStringLiteral("/b.txt")));

    // Several files into a folder (an absolute LOCAL too).
    QVERIFY(QDir(remoteDir).mkdir(QStringLiteral("three")));
    server()->fixOwnership();
    run = cli({QStringLiteral("put"), QStringLiteral("a.txt"), local.filePath(QStringLiteral("b.txt")),
               QStringLiteral("c.txt"), url(dir + QStringLiteral("/three/"))},
              inLocal);
    CHECK_EXIT(run, 0);
    QStringList onDisk = QDir(remoteDir + QStringLiteral("/three")).entryList(QDir::Files);
    onDisk.sort();
    QCOMPARE(onDisk,
             (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt"), QStringLiteral("c.txt")}));
    for (const auto &[name, content] : files)
        QCOMPARE(fileSha256(remoteDir + QStringLiteral("/three/") + name), sha256(content));

    // Several files to a URL that names no folder: usage error before connecting.
    const QStringList before =
        QDir(remoteDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    run = cli({QStringLiteral("-v"), QStringLiteral("put"), QStringLiteral("a.txt"), QStringLiteral("b.txt"),
               url(dir + QStringLiteral("/notafolder"))},
              inLocal);
    CHECK_EXIT(run, 2);
    QVERIFY2(run.stderrText().contains(QStringLiteral("end the URL with '/'")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> ")), run.err.constData()); // no transcript
    QCOMPARE(QDir(remoteDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), before);

    // A missing local file: nothing is sent, not even the files before it.
    QVERIFY(QDir(remoteDir).mkdir(QStringLiteral("four")));
    server()->fixOwnership();
    run = cli({QStringLiteral("-v"), QStringLiteral("put"), QStringLiteral("c.txt"),
               QStringLiteral("nope.txt"), url(dir + QStringLiteral("/four/"))},
              inLocal);
    CHECK_EXIT(run, 6);
    QVERIFY2(run.stderrText().contains(QStringLiteral("nope.txt")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> ")), run.err.constData());
    QVERIFY(QDir(remoteDir + QStringLiteral("/four")).isEmpty());
}

void TestCli::optionsAnywhere()
{
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/listed.txt"), "x"));
    const QString target = url(dir + QLatin1Char('/'));

    // Before the command word.
    CliRun run = cli({QStringLiteral("--passive"), QStringLiteral("-v"), QStringLiteral("ls"), target});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutLines().size(), 1);
    QVERIFY2(run.stdoutLines().constFirst().endsWith(QStringLiteral("  listed.txt")), run.out.constData());
    QVERIFY2(run.stderrText().contains(QStringLiteral("\n> EPSV")) ||
                 run.stderrText().contains(QStringLiteral("\n> PASV")),
             run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> EPRT")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> PORT")), run.err.constData());

    // After the arguments.
    run = cli({QStringLiteral("ls"), target, QStringLiteral("--active"), QStringLiteral("-v")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutLines().size(), 1);
    QVERIFY2(run.stdoutLines().constFirst().endsWith(QStringLiteral("  listed.txt")), run.out.constData());
    QVERIFY2(run.stderrText().contains(QStringLiteral("\n> EPRT |1|127.0.0.1|")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> EPSV")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> PASV")), run.err.constData());

    // Between the command word and its argument, and without -v nothing goes to stderr.
    run = cli({QStringLiteral("ls"), QStringLiteral("--active"), target});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutLines().size(), 1);
    CHECK_QUIET(run);

    // Both modes at once is a usage error.
    run = cli({QStringLiteral("--passive"), QStringLiteral("ls"), target, QStringLiteral("--active")});
    CHECK_EXIT(run, 2);
    QVERIFY(run.out.isEmpty());
}

void TestCli::verboseMasksPassword()
{
    const QString password = server()->password();
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/v.txt"), "v"));
    // The password from the URL and from stdin: the transcript shows "PASS ****" only.
    CliInput viaStdin;
    viaStdin.stdinData = password.toUtf8() + '\n';
    const CliRun runs[] = {cli({QStringLiteral("-v"), QStringLiteral("ls"), url(dir + QLatin1Char('/'))}),
                           cli({QStringLiteral("--verbose"), QStringLiteral("--password-stdin"),
                                QStringLiteral("ls"), url(dir + QLatin1Char('/'), false)},
                               viaStdin)};
    for (const CliRun &run : runs) {
        CHECK_EXIT(run, 0);
        const QStringList err = run.stderrLines();
        QVERIFY2(err.contains(QStringLiteral("> PASS ****")), run.err.constData());
        QVERIFY2(err.contains(QStringLiteral("> USER ") + server()->userName()), run.err.constData());
        QVERIFY2(std::any_of(err.begin(), err.end(),
                             [](const QString &l) { return l.startsWith(QStringLiteral("< 230")); }),
                 run.err.constData());
        QVERIFY2(err.contains(QStringLiteral("> QUIT")), run.err.constData());
        QVERIFY2(!run.stderrText().contains(password), run.err.constData());
        QVERIFY2(!run.stdoutText().contains(password), run.out.constData());
        // The transcript goes to stderr only; stdout is just the listing.
        QCOMPARE(run.stdoutLines().size(), 1);
        QVERIFY2(run.stdoutLines().constFirst().endsWith(QStringLiteral("  v.txt")), run.out.constData());
    }
}

void TestCli::passwordSources_data()
{
    QTest::addColumn<QString>("urlPassword"); // "" none, "good", or a wrong one
    QTest::addColumn<QString>("stdinPassword");
    QTest::addColumn<QString>("envPassword");
    QTest::addColumn<int>("expectedExit");
    const QString good = QStringLiteral("good");
    const QString wrong = QStringLiteral("wrong-pw-4711");
    QTest::newRow("url") << good << QString() << QString() << 0;
    QTest::newRow("stdin") << QString() << good << QString() << 0;
    QTest::newRow("stdin-crlf") << QString() << QStringLiteral("good\r") << QString() << 0;
    QTest::newRow("env") << QString() << QString() << good << 0;
    QTest::newRow("url-beats-env") << good << QString() << wrong << 0;
    QTest::newRow("stdin-beats-url") << wrong << good << QString() << 0;
    QTest::newRow("wrong-url") << wrong << QString() << QString() << 4;
    QTest::newRow("wrong-stdin") << QString() << wrong << QString() << 4;
    QTest::newRow("wrong-env") << QString() << QString() << wrong << 4;
    QTest::newRow("none") << QString() << QString() << QString() << 4;
}

void TestCli::passwordSources()
{
    QFETCH(QString, urlPassword);
    QFETCH(QString, stdinPassword);
    QFETCH(QString, envPassword);
    QFETCH(int, expectedExit);
    const QString real = server()->password();
    auto resolve = [&real](QString p) { return p.replace(QStringLiteral("good"), real); };
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/secret.txt"), "s"));

    QString target = url(dir + QLatin1Char('/'), false);
    if (!urlPassword.isEmpty()) {
        const QString userAt = server()->userName() + QLatin1Char('@');
        target.replace(userAt,
                       server()->userName() + QLatin1Char(':') + resolve(urlPassword) + QLatin1Char('@'));
    }
    QStringList args{QStringLiteral("ls"), target};
    CliInput input;
    if (!stdinPassword.isEmpty()) {
        args.prepend(QStringLiteral("--password-stdin"));
        input.stdinData = resolve(stdinPassword).toUtf8() + "\nsecond line ignored\n";
    }
    if (!envPassword.isEmpty())
        input.ferryPassword = resolve(envPassword);
    const CliRun run = cli(args, input);
    CHECK_EXIT(run, expectedExit);
    if (expectedExit == 0) {
        QCOMPARE(run.stdoutLines().size(), 1);
        QVERIFY2(run.stdoutLines().constFirst().endsWith(QStringLiteral("  secret.txt")),
                 run.out.constData());
        CHECK_QUIET(run);
    } else if (urlPassword.isEmpty() && stdinPassword.isEmpty() && envPassword.isEmpty()) {
        // No password anywhere: nothing is sent (#13 §5); the line names the flags.
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.diagnostics().size(), 1);
        QVERIFY2(run.stderrText().contains(QStringLiteral("--password-stdin")), run.err.constData());
        QVERIFY2(run.stderrText().contains(QStringLiteral("Nothing was sent")), run.err.constData());
    } else {
        // One line that says what failed (and not the password that was tried).
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.diagnostics().size(), 1);
        QVERIFY(run.err.endsWith('\n'));
        const QString line = run.diagnostics().constFirst();
        QVERIFY2(line.startsWith(QStringLiteral("ferry-cli: ")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("Login")), qPrintable(line));
        QVERIFY2(line.contains(server()->userName()), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("530")), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("wrong-pw-4711")), qPrintable(line));
    }
}

void TestCli::fileOperations()
{
    const QString dir = tag(QStringLiteral("ops"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/one.txt"), "one"));
    const QString remoteDir = onServer(dir);

    // mkdir, with and without a trailing '/'.
    CliRun run = cli({QStringLiteral("mkdir"), url(dir + QStringLiteral("/d1"))});
    CHECK_EXIT(run, 0);
    QVERIFY(QFileInfo(remoteDir + QStringLiteral("/d1")).isDir());
    run = cli({QStringLiteral("mkdir"), url(dir + QStringLiteral("/d2/"))});
    CHECK_EXIT(run, 0);
    QVERIFY(QFileInfo(remoteDir + QStringLiteral("/d2")).isDir());
    // Exists: the server refuses; a 550 to MKD is a remote file error (5) on every server.
    run = cli({QStringLiteral("mkdir"), url(dir + QStringLiteral("/d2"))});
    CHECK_EXIT(run, 5);
    QVERIFY2(run.stderrText().contains(QStringLiteral("550")), run.err.constData());

    // mv: NEWPATH relative to the URL's folder, then absolute (into another folder).
    run = cli({QStringLiteral("mv"), url(dir + QStringLiteral("/one.txt")), QStringLiteral("two.txt")});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFile::exists(remoteDir + QStringLiteral("/one.txt")));
    QCOMPARE(readFile(remoteDir + QStringLiteral("/two.txt")), QByteArray("one"));
    run = cli({QStringLiteral("mv"), url(dir + QStringLiteral("/two.txt")),
               QLatin1Char('/') + dir + QStringLiteral("/d1/three.txt")});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFile::exists(remoteDir + QStringLiteral("/two.txt")));
    QCOMPARE(readFile(remoteDir + QStringLiteral("/d1/three.txt")), QByteArray("one"));
    // A relative NEWPATH with a folder in it.
    run = cli(
        {QStringLiteral("mv"), url(dir + QStringLiteral("/d1/three.txt")), QStringLiteral("../four.txt")});
    CHECK_EXIT(run, 0);
    QCOMPARE(readFile(remoteDir + QStringLiteral("/four.txt")), QByteArray("one"));
    QVERIFY(!QFile::exists(remoteDir + QStringLiteral("/d1/three.txt")));

    // chmod: the mode on disk.
    run = cli({QStringLiteral("chmod"), QStringLiteral("600"), url(dir + QStringLiteral("/four.txt"))});
    CHECK_EXIT(run, 0);
    QCOMPARE(modeOf(remoteDir + QStringLiteral("/four.txt")), 0600);
    run = cli({QStringLiteral("chmod"), QStringLiteral("640"), url(dir + QStringLiteral("/four.txt"))});
    CHECK_EXIT(run, 0);
    QCOMPARE(modeOf(remoteDir + QStringLiteral("/four.txt")), 0640);

    // rm, rmdir; rmdir of a non-empty folder fails and leaves it.
    QVERIFY(server()->writeFile(dir + QStringLiteral("/d2/inside.txt"), "i"));
    run = cli({QStringLiteral("rmdir"), url(dir + QStringLiteral("/d2"))});
    CHECK_EXIT(run, 5);
    QVERIFY2(run.stderrText().contains(QStringLiteral("/d2")), run.err.constData());
    QVERIFY(QFileInfo(remoteDir + QStringLiteral("/d2/inside.txt")).isFile());
    run = cli({QStringLiteral("rm"), url(dir + QStringLiteral("/four.txt"))});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFile::exists(remoteDir + QStringLiteral("/four.txt")));
    run = cli({QStringLiteral("rmdir"), url(dir + QStringLiteral("/d1/"))});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(remoteDir + QStringLiteral("/d1")));
    // rm of a missing file fails, naming it: a 550 to DELE is a remote file error (5) on
    // every server, pyftpdlib's "No such file" as much as vsftpd's "Delete operation failed.".
    run = cli({QStringLiteral("rm"), url(dir + QStringLiteral("/four.txt"))});
    CHECK_EXIT(run, 5);
    QVERIFY2(run.stderrText().contains(QStringLiteral("four.txt")), run.err.constData());
    QVERIFY2(run.stderrText().contains(QStringLiteral("550")), run.err.constData());

    QStringList left = QDir(remoteDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QCOMPARE(left, QStringList{QStringLiteral("d2")});
}

void TestCli::quote()
{
    CliRun run = cli({QStringLiteral("quote"), url(), QStringLiteral("SYST")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QStringLiteral("215 UNIX Type: L8\n"));

    // Words after the URL form one command line (MDTM: both servers, any TYPE).
    const QString file = tag(QStringLiteral("f.txt"));
    QVERIFY(server()->writeFile(file, "12345"));
    {
        QFile f(onServer(file));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime(QDate(2024, 3, 4), QTime(5, 6, 7), QTimeZone::utc()),
                              QFileDevice::FileModificationTime));
    }
    run = cli({QStringLiteral("quote"), url(), QStringLiteral("MDTM"), QLatin1Char('/') + file});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QStringLiteral("213 20240304050607\n"));

    // A multi-line reply comes out as the server sent it: "214-" first, "214 " last.
    run = cli({QStringLiteral("quote"), url(), QStringLiteral("HELP")});
    CHECK_EXIT(run, 0);
    const QStringList help = run.stdoutLines();
    QVERIFY2(help.size() >= 3, run.out.constData());
    QVERIFY2(help.constFirst().startsWith(QStringLiteral("214-")), run.out.constData());
    QVERIFY2(help.constLast().startsWith(QStringLiteral("214 ")), run.out.constData());

    // An unknown command: the server's refusal on stdout, exit code non-zero.
    run = cli({QStringLiteral("quote"), url(), QStringLiteral("XYZZY")});
    QVERIFY2(run.finished && !run.exited(0), run.describe(1).constData());
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.stdoutText().startsWith(QStringLiteral("500 ")), run.out.constData());
    QCOMPARE(run.stdoutLines().size(), 1);
    QVERIFY2(run.stderrText().contains(QStringLiteral("XYZZY")), run.err.constData());
}

void TestCli::getMissingKeepsLocalFile()
{
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString name = tag(QStringLiteral("missing.txt"));
    QVERIFY(writeLocal(local.filePath(name), "good local content"));
    CliInput input;
    input.workingDirectory = local.path();
    for (const bool resume : {false, true}) {
        QStringList args{QStringLiteral("get"), url(name)};
        if (resume)
            args.prepend(QStringLiteral("--resume"));
        const CliRun run = cli(args, input);
        CHECK_EXIT(run, 5);
        QCOMPARE(run.diagnostics().size(), 1);
        QVERIFY2(run.stderrText().contains(QLatin1Char('/') + name), run.err.constData());
        QVERIFY2(run.stderrText().contains(QStringLiteral("550")), run.err.constData());
        QCOMPARE(readFile(local.filePath(name)), QByteArray("good local content"));
        QVERIFY(partFiles(local.path()).isEmpty());
        QCOMPARE(QDir(local.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{name});
    }
}

// put/get --remove-source (-E, lftp's put -E): each source goes once its transfer is done; with
// -r the source folders too; a file that failed keeps its source and the run says so.
void TestCli::removeSource()
{
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/plain"), "a file, not a folder"));
    const QString remoteDir = onServer(dir);
    QTemporaryDir local;
    QVERIFY(local.isValid());
    CliInput inLocal;
    inLocal.workingDirectory = local.path();

    // One file up.
    QVERIFY(writeLocal(local.filePath(QStringLiteral("a.txt")), "alpha\n"));
    CliRun run = cli({QStringLiteral("put"), QStringLiteral("--remove-source"), QStringLiteral("a.txt"),
                      url(dir + QLatin1Char('/'))},
                     inLocal);
    CHECK_EXIT(run, 0);
    CHECK_QUIET(run);
    QCOMPARE(readFile(remoteDir + QStringLiteral("/a.txt")), QByteArray("alpha\n"));
    QVERIFY(!QFileInfo::exists(local.filePath(QStringLiteral("a.txt"))));

    // A tree up (-r -E): every file and folder leaves this disk.
    const QByteArray big = randomBytes(400000, 9);
    QVERIFY(QDir(local.path()).mkpath(QStringLiteral("up/sub/empty")));
    QVERIFY(writeLocal(local.filePath(QStringLiteral("up/big.bin")), big));
    QVERIFY(writeLocal(local.filePath(QStringLiteral("up/sub/s.txt")), "sub"));
    run = cli({QStringLiteral("put"), QStringLiteral("-r"), QStringLiteral("-E"), QStringLiteral("up"),
               url(dir + QLatin1Char('/'))},
              inLocal);
    CHECK_EXIT(run, 0);
    QCOMPARE(fileSha256(remoteDir + QStringLiteral("/up/big.bin")), sha256(big));
    QCOMPARE(readFile(remoteDir + QStringLiteral("/up/sub/s.txt")), QByteArray("sub"));
    QVERIFY(QFileInfo(remoteDir + QStringLiteral("/up/sub/empty")).isDir());
    QVERIFY(!QFileInfo::exists(local.filePath(QStringLiteral("up"))));

    // One file down: the server's copy goes (DELE).
    QVERIFY(QDir(local.path()).mkdir(QStringLiteral("got")));
    run = cli({QStringLiteral("get"), QStringLiteral("--remove-source"), url(dir + QStringLiteral("/a.txt")),
               local.filePath(QStringLiteral("got/"))});
    CHECK_EXIT(run, 0);
    QCOMPARE(readFile(local.filePath(QStringLiteral("got/a.txt"))), QByteArray("alpha\n"));
    QVERIFY(!QFileInfo::exists(remoteDir + QStringLiteral("/a.txt")));

    // The tree down (-r -E): the server's folder goes, with everything in it.
    run = cli({QStringLiteral("get"), QStringLiteral("-r"), QStringLiteral("--remove-source"),
               url(dir + QStringLiteral("/up/")), local.filePath(QStringLiteral("back/"))});
    CHECK_EXIT(run, 0);
    QCOMPARE(fileSha256(local.filePath(QStringLiteral("back/up/big.bin"))), sha256(big));
    QCOMPARE(readFile(local.filePath(QStringLiteral("back/up/sub/s.txt"))), QByteArray("sub"));
    QVERIFY(QFileInfo(local.filePath(QStringLiteral("back/up/sub/empty"))).isDir());
    QVERIFY(!QFileInfo::exists(remoteDir + QStringLiteral("/up")));

    // A failure keeps its source: below a remote file nothing can be stored.
    QVERIFY(writeLocal(local.filePath(QStringLiteral("b.txt")), "bravo"));
    run = cli({QStringLiteral("put"), QStringLiteral("-E"), QStringLiteral("--retries"), QStringLiteral("0"),
               QStringLiteral("b.txt"), url(dir + QStringLiteral("/plain/sub/b.txt"))},
              inLocal);
    QVERIFY2(run.finished && !run.crashed && run.exitCode != 0, run.describe(1).constData());
    QCOMPARE(readFile(local.filePath(QStringLiteral("b.txt"))), QByteArray("bravo"));

    // The help says it (and so the man page, made from it).
    run = cli({QStringLiteral("put"), QStringLiteral("--help")});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stdoutText().contains(QStringLiteral("--remove-source")), run.out.constData());
}

void TestCli::getBelowRegularFile()
{
    const QString remoteName = tag(QStringLiteral("r.txt"));
    QVERIFY(server()->writeFile(remoteName, "remote"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    QVERIFY(writeLocal(local.filePath(QStringLiteral("plain")), "a regular file"));
    const QString target = local.filePath(QStringLiteral("plain/below/x"));
    const CliRun run = cli({QStringLiteral("-v"), QStringLiteral("get"), url(remoteName), target});
    CHECK_EXIT(run, 6);
    QCOMPARE(run.stderrLines().size(), 1); // the message only: no connection was made
    const QString message = run.stderrLines().constFirst();
    QVERIFY2(message.startsWith(QStringLiteral("ferry-cli: ")), qPrintable(message));
    QVERIFY2(message.contains(local.filePath(QStringLiteral("plain/below/x"))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Not a directory")), qPrintable(message));
    QCOMPARE(readFile(local.filePath(QStringLiteral("plain"))), QByteArray("a regular file"));
    QCOMPARE(readFile(onServer(remoteName)), QByteArray("remote"));
}

void TestCli::getIntoMissingFolder()
{
    // LOCAL ending in '/' names a folder; when it does not exist the download fails before
    // connecting, and the message should name the file it would have written.
    const QString remoteName = tag(QStringLiteral("r.txt"));
    QVERIFY(server()->writeFile(remoteName, "remote"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const CliRun run = cli({QStringLiteral("-v"), QStringLiteral("get"), url(remoteName),
                            local.filePath(QStringLiteral("nodir/"))});
    CHECK_EXIT(run, 6);
    QCOMPARE(run.stderrLines().size(), 1); // no transcript: nothing was sent
    QVERIFY2(run.stderrText().contains(QStringLiteral("No such file or directory")), run.err.constData());
    QVERIFY(QDir(local.path()).isEmpty());
    QVERIFY2(run.stderrText().contains(QStringLiteral("nodir/") + remoteName), run.err.constData());
}

void TestCli::connectionRefused()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    const QString target = QStringLiteral("ftp://someone:pw@127.0.0.1:%1/").arg(port);
    for (const QString &command : {QStringLiteral("ls"), QStringLiteral("mkdir")}) {
        const CliRun run = cli({command, target + QStringLiteral("x/")});
        CHECK_EXIT(run, 3);
        QVERIFY2(run.elapsedMs < 5000, qPrintable(QString::number(run.elapsedMs)));
        QCOMPARE(run.stderrLines().size(), 1);
        QVERIFY2(run.stderrText().contains(QStringLiteral("refused")), run.err.constData());
        QVERIFY2(run.stderrText().contains(QString::number(port)), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }
}

void TestCli::noGreetingTimeout()
{
    // A listener that never accepts: the kernel completes the handshake, no 220 ever comes.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const CliRun run = cli({QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("ls"),
                            QStringLiteral("ftp://127.0.0.1:%1/").arg(silent.serverPort())});
    CHECK_EXIT(run, 3);
    QVERIFY2(run.elapsedMs >= 900 && run.elapsedMs < 6000, qPrintable(QString::number(run.elapsedMs)));
    QCOMPARE(run.stderrLines().size(), 1);
    QVERIFY2(run.stderrText().contains(QStringLiteral("greeting")), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::tlsRequiredButUnavailable_data()
{
    // The test servers speak plain FTP only. ftpes:// requires AUTH TLS; ftps:// starts
    // with a TLS handshake. (tst_ftps covers FTPS against TLS servers.)
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("message");
    QTest::newRow("ftpes") << QStringLiteral("ftpes") << QStringLiteral("does not offer TLS");
    QTest::newRow("ftps") << QStringLiteral("ftps") << QStringLiteral("speaks plain FTP");
}

void TestCli::tlsRequiredButUnavailable()
{
    QFETCH(QString, scheme);
    QFETCH(QString, message);
    const QString dir = tag(QStringLiteral("dir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/t.txt"), "t"));
    QString target = url(dir + QLatin1Char('/'));
    QVERIFY(target.startsWith(QStringLiteral("ftp://")));
    target.replace(0, 3, scheme);
    const CliRun run = cli({QStringLiteral("-v"), QStringLiteral("ls"), target});
    CHECK_EXIT(run, 8);
    QVERIFY(run.out.isEmpty());
    const QStringList errors = run.stderrLines().filter(QRegularExpression(QStringLiteral("^ferry-cli: ")));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().contains(message), run.err.constData());
    // No downgrade: neither the user name nor the password went out.
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> USER")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> PASS")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(server()->password()), run.err.constData());
}

void TestCli::lineBreakInjection_data()
{
    // {URL}: a URL to the test folder (ending in '/'); {VICTIM}: the victim's absolute path.
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("get-crlf") << QStringList{QStringLiteral("get"),
                                             QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}")};
    QTest::newRow("get-lf") << QStringList{QStringLiteral("get"), QStringLiteral("{URL}a%0ADELE%20{VICTIM}")};
    QTest::newRow("get-cr") << QStringList{QStringLiteral("get"), QStringLiteral("{URL}a%0DDELE%20{VICTIM}")};
    QTest::newRow("get-nul") << QStringList{QStringLiteral("get"),
                                            QStringLiteral("{URL}a%00%0D%0ADELE%20{VICTIM}")};
    QTest::newRow("ls") << QStringList{QStringLiteral("ls"), QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}/")};
    QTest::newRow("rm") << QStringList{QStringLiteral("rm"), QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}")};
    QTest::newRow("mkdir") << QStringList{QStringLiteral("mkdir"),
                                          QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}")};
    QTest::newRow("put") << QStringList{QStringLiteral("put"), QStringLiteral("LOCAL"),
                                        QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}")};
    QTest::newRow("mv-url") << QStringList{
        QStringLiteral("mv"), QStringLiteral("{URL}a%0D%0ADELE%20{VICTIM}"), QStringLiteral("b")};
    QTest::newRow("mv-newpath") << QStringList{QStringLiteral("mv"), QStringLiteral("{URL}f.txt"),
                                               QStringLiteral("b\r\nDELE {VICTIM}")};
    QTest::newRow("chmod") << QStringList{QStringLiteral("chmod"), QStringLiteral("600\r\nDELE {VICTIM}"),
                                          QStringLiteral("{URL}f.txt")};
    QTest::newRow("quote") << QStringList{QStringLiteral("quote"), QStringLiteral("{URL}"),
                                          QStringLiteral("NOOP\r\nDELE {VICTIM}")};
}

void TestCli::lineBreakInjection()
{
    QFETCH(QStringList, arguments);
    const QString dir = tag(QStringLiteral("dir"));
    const QString victim = dir + QStringLiteral("/victim.txt");
    QVERIFY(server()->writeFile(victim, "still here"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/f.txt"), "f"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    QVERIFY(writeLocal(local.filePath(QStringLiteral("LOCAL")), "local"));
    CliInput input;
    input.workingDirectory = local.path();
    QStringList args{QStringLiteral("-v")};
    for (const QString &a : std::as_const(arguments))
        args << QString(a)
                    .replace(QStringLiteral("{URL}"), url(dir + QLatin1Char('/')))
                    .replace(QStringLiteral("{VICTIM}"), QLatin1Char('/') + victim);

    const CliRun run = cli(args, input);
    CHECK_EXIT(run, 2);
    // chmod's MODE is refused earlier, as not octal (#13 §6).
    QVERIFY2(run.stderrText().contains(QStringLiteral("line break")) ||
                 (arguments.first() == QLatin1String("chmod") &&
                  run.stderrText().contains(QStringLiteral("octal"))),
             run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> DELE")), run.err.constData());
    QCOMPARE(readFile(onServer(victim)), QByteArray("still here"));
    QCOMPARE(readFile(onServer(dir + QStringLiteral("/f.txt"))), QByteArray("f"));
    // No local file from a refused download either.
    QCOMPARE(QDir(local.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("LOCAL")});
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message"); // part of the one line on stderr
    QTest::newRow("unknown-command") << QStringList{QStringLiteral("frobnicate"),
                                                    QStringLiteral("ftp://127.0.0.1/")}
                                     << QStringLiteral("Unknown command \"frobnicate\"");
    QTest::newRow("unknown-option") << QStringList{QStringLiteral("--frob"), QStringLiteral("ls"),
                                                   QStringLiteral("ftp://127.0.0.1/")}
                                    << QStringLiteral("frob");
    QTest::newRow("not-a-url") << QStringList{QStringLiteral("ls"), QStringLiteral("127.0.0.1/")}
                               << QStringLiteral("not a URL");
    QTest::newRow("http") << QStringList{QStringLiteral("ls"), QStringLiteral("http://127.0.0.1/")}
                          << QStringLiteral("scheme");
    QTest::newRow("no-host") << QStringList{QStringLiteral("ls"), QStringLiteral("ftp:///x/")}
                             << QStringLiteral("no host");
    QTest::newRow("bad-port") << QStringList{QStringLiteral("ls"), QStringLiteral("ftp://127.0.0.1:99999/")}
                              << QStringLiteral("99999");
    QTest::newRow("bad-escape") << QStringList{QStringLiteral("get"), QStringLiteral("ftp://127.0.0.1/a%zz")}
                                << QStringLiteral("percent-encoding");
    QTest::newRow("ipv6-unbracketed")
        << QStringList{QStringLiteral("ls"), QStringLiteral("ftp://::1/")} << QStringLiteral("brackets");
    QTest::newRow("ls-extra") << QStringList{QStringLiteral("ls"), QStringLiteral("ftp://127.0.0.1/"),
                                             QStringLiteral("x")}
                              << QStringLiteral("usage: ferry-cli ls URL");
    QTest::newRow("get-folder") << QStringList{QStringLiteral("get"), QStringLiteral("ftp://127.0.0.1/dir/")}
                                << QStringLiteral("not a folder");
    QTest::newRow("put-one-arg") << QStringList{QStringLiteral("put"), QStringLiteral("ftp://127.0.0.1/")}
                                 << QStringLiteral("usage: ferry-cli put");
    QTest::newRow("timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("soon"),
                                            QStringLiteral("ls"), QStringLiteral("ftp://127.0.0.1/")}
                             << QStringLiteral("--timeout");
    QTest::newRow("parse-listing-arg") << QStringList{QStringLiteral("parse-listing"), QStringLiteral("x")}
                                       << QStringLiteral("no arguments");
    QTest::newRow("bad-today") << QStringList{QStringLiteral("parse-listing"), QStringLiteral("--today"),
                                              QStringLiteral("22.11.2026")}
                               << QStringLiteral("YYYY-MM-DD");
    QTest::newRow("bad-server-type") << QStringList{QStringLiteral("parse-listing"),
                                                    QStringLiteral("--server-type"),
                                                    QStringLiteral("no-such-type")}
                                     << QStringLiteral("no-such-type");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = cli(arguments);
    CHECK_EXIT(run, 2);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(run.stderrLines().size(), 1);
    QVERIFY2(run.stderrText().startsWith(QStringLiteral("ferry-cli: ")), run.err.constData());
    QVERIFY2(run.stderrText().contains(message), run.err.constData());
    QVERIFY2(run.elapsedMs < 5000, qPrintable(QString::number(run.elapsedMs))); // no network attempt
}

void TestCli::resume()
{
    const QByteArray data = randomBytes(200000, 77);
    const QString remoteName = tag(QStringLiteral("big.bin"));
    QVERIFY(server()->writeFile(remoteName, data));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString target = local.filePath(QStringLiteral("big.bin"));
    const QString part = target + QStringLiteral(".part");

    // --resume continues the part file after its 1000 bytes.
    QVERIFY(writeLocal(part, data.left(1000)));
    CliRun run = cli(
        {QStringLiteral("get"), QStringLiteral("--resume"), QStringLiteral("-v"), url(remoteName), target});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stderrLines().contains(QStringLiteral("> REST 1000")), run.err.constData());
    QCOMPARE(fileSha256(target), sha256(data));
    QVERIFY(!QFile::exists(part));

    // Without --resume a stale part file is started over (no REST), and the result is whole.
    QVERIFY(QFile::remove(target));
    QVERIFY(writeLocal(part, QByteArray(5000, 'z')));
    run = cli({QStringLiteral("get"), QStringLiteral("-v"), url(remoteName), target});
    CHECK_EXIT(run, 0);
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> REST")), run.err.constData());
    QCOMPARE(fileSha256(target), sha256(data));
    QVERIFY(!QFile::exists(part));

    // --resume with a part as large as the remote file: complete, nothing is downloaded.
    QVERIFY(QFile::remove(target));
    QVERIFY(writeLocal(part, data));
    run = cli(
        {QStringLiteral("get"), QStringLiteral("--resume"), QStringLiteral("-v"), url(remoteName), target});
    CHECK_EXIT(run, 0);
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> RETR")), run.err.constData());
    QCOMPARE(fileSha256(target), sha256(data));
    QVERIFY(!QFile::exists(part));

    // --resume with a stale part larger than the remote file: started over, not stuck on REST.
    QVERIFY(QFile::remove(target));
    QVERIFY(writeLocal(part, data + QByteArray(777, 'x')));
    run = cli(
        {QStringLiteral("get"), QStringLiteral("--resume"), QStringLiteral("-v"), url(remoteName), target});
    CHECK_EXIT(run, 0);
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> REST")), run.err.constData());
    QVERIFY2(run.stderrText().contains(QStringLiteral("from the start")), run.err.constData());
    QCOMPARE(fileSha256(target), sha256(data));
    QVERIFY(!QFile::exists(part));

    // --resume with no part file is a plain download.
    QVERIFY(QFile::remove(target));
    run = cli(
        {QStringLiteral("-v"), QStringLiteral("get"), url(remoteName), target, QStringLiteral("--resume")});
    CHECK_EXIT(run, 0);
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> REST")), run.err.constData());
    QCOMPARE(fileSha256(target), sha256(data));
    QVERIFY(!QFile::exists(part));
}

void TestCli::parseListing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("expected"); // JSON lines, compared object by object

    const QByteArray unixListing =
        "total 12\r\n"
        "-rw-r--r--   1 alice  staff      1234 Dec 25 10:00 notes.txt\r\n"
        "drwxr-xr-x   2 alice  staff      4096 Mar  3  2024 docs\r\n"
        "lrwxrwxrwx   1 alice  staff         9 Nov 20 08:15 latest -> notes.txt\r\n"
        "-rw-r--r--   1 bob    users        77 Nov 21 23:59 my file.txt\r\n";
    const QByteArray unixExpected =
        R"({"name":"notes.txt","size":1234,"is_dir":false,"is_link":false,"target":null,"time":"2025-12-25 10:00","permissions":"-rw-r--r--","owner":"alice","group":"staff","line":2})"
        "\n"
        R"({"name":"docs","size":4096,"is_dir":true,"is_link":false,"target":null,"time":"2024-03-03","permissions":"drwxr-xr-x","owner":"alice","group":"staff","line":3})"
        "\n"
        R"({"name":"latest","size":9,"is_dir":false,"is_link":true,"target":"notes.txt","time":"2026-11-20 08:15","permissions":"lrwxrwxrwx","owner":"alice","group":"staff","line":4})"
        "\n"
        R"({"name":"my file.txt","size":77,"is_dir":false,"is_link":false,"target":null,"time":"2026-11-21 23:59","permissions":"-rw-r--r--","owner":"bob","group":"users","line":5})"
        "\n";
    const QByteArray mlsdListing = "type=cdir;modify=20240101000000; .\r\n"
                                   "type=pdir;modify=20240101000000; ..\r\n"
                                   "type=file;size=42;modify=20240102030405;perm=rw; hello world.txt\r\n"
                                   "type=dir;modify=20230101000000;perm=el; sub\r\n";
    const QByteArray mlsdExpected =
        R"({"name":"hello world.txt","size":42,"is_dir":false,"is_link":false,"target":null,"time":"2024-01-02 03:04:05","permissions":"rw","owner":"","group":"","line":3})"
        "\n"
        R"({"name":"sub","size":null,"is_dir":true,"is_link":false,"target":null,"time":"2023-01-01 00:00:00","permissions":"el","owner":"","group":"","line":4})"
        "\n";
    const QStringList today{QStringLiteral("--today"), QStringLiteral("2026-11-22")};
    QTest::newRow("unix") << unixListing << today << unixExpected;
    QTest::newRow("unix-forced") << unixListing
                                 << today +
                                        QStringList{QStringLiteral("--server-type"), QStringLiteral("unix")}
                                 << unixExpected;
    QTest::newRow("mlsd") << mlsdListing << today << mlsdExpected;
    QTest::newRow("mlsd-forced") << mlsdListing
                                 << today +
                                        QStringList{QStringLiteral("--server-type"), QStringLiteral("mlsd")}
                                 << mlsdExpected;
    // A listing with lines of both kinds: auto-detection takes each line as what it is;
    // a forced format takes only its own lines as entries.
    auto shifted = [](const QByteArray &jsonLines, int by) {
        QByteArray result;
        for (const QByteArray &line : jsonLines.split('\n')) {
            if (line.isEmpty())
                continue;
            QJsonObject o = QJsonDocument::fromJson(line).object();
            o.insert(QStringLiteral("line"), o.value(QStringLiteral("line")).toInt() + by);
            result += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        }
        return result;
    };
    const QByteArray mixed = unixListing + mlsdListing;
    const QByteArray mlsdAfterUnix = shifted(mlsdExpected, 5);
    QTest::newRow("mixed-auto") << mixed << today << QByteArray(unixExpected + mlsdAfterUnix);
    QTest::newRow("mixed-forced-mlsd")
        << mixed << today + QStringList{QStringLiteral("--server-type"), QStringLiteral("mlsd")}
        << mlsdAfterUnix;
    QTest::newRow("mixed-forced-unix")
        << mixed << today + QStringList{QStringLiteral("--server-type"), QStringLiteral("unix")}
        << unixExpected;
    // The last line counts without its line break too.
    QTest::newRow("no-final-crlf") << mlsdListing.chopped(2) << today << mlsdExpected;
    // The year of "Mon DD HH:MM" follows --today: a year later, Dec 25 is in the past.
    QByteArray nextYear = unixExpected.left(unixExpected.indexOf('\n') + 1);
    nextYear.replace("2025-12-25", "2026-12-25");
    QTest::newRow("today-2027") << unixListing.left(unixListing.indexOf("drwx"))
                                << QStringList{QStringLiteral("--today"), QStringLiteral("2027-01-10")}
                                << nextYear;
}

void TestCli::parseListing()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, options);
    QFETCH(QByteArray, expected);
    CliInput in;
    in.stdinData = input;
    const CliRun run = cli(QStringList{QStringLiteral("parse-listing")} + options, in);
    CHECK_EXIT(run, 0);
    CHECK_QUIET(run);
    const QList<QByteArray> got = run.out.split('\n');
    const QList<QByteArray> want = expected.split('\n');
    QCOMPARE(got.size(), want.size()); // both end in '\n' (or are empty)
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i).isEmpty()) {
            QCOMPARE(got.at(i), QByteArray());
            continue;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(got.at(i), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), got.at(i).constData());
        const QJsonObject wantObject = QJsonDocument::fromJson(want.at(i)).object();
        QVERIFY(!wantObject.isEmpty());
        QVERIFY2(doc.object() == wantObject,
                 QByteArray(got.at(i) +
                            "\n  expected: " + QJsonDocument(wantObject).toJson(QJsonDocument::Compact))
                     .constData());
    }
}

void TestCli::ipv6()
{
    TestServer *v6 = server(true);
    QVERIFY2(v6 != nullptr, "the IPv6 test server did not start");
    const QString dir = tag(QStringLiteral("dir"));
    const QByteArray data = randomBytes(100000, 6);
    QVERIFY(v6->writeFile(dir + QStringLiteral("/six.bin"), data));
    const QString base = url(dir + QLatin1Char('/'), true, true);
    QVERIFY(base.contains(QStringLiteral("@[::1]:")));

    CliRun run = cli({QStringLiteral("ls"), QStringLiteral("--json"), base});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutLines().size(), 1);
    const QJsonObject entry = QJsonDocument::fromJson(run.stdoutLines().constFirst().toUtf8()).object();
    QCOMPARE(entry.value(QStringLiteral("name")).toString(), QStringLiteral("six.bin"));
    QCOMPARE(entry.value(QStringLiteral("size")).toInteger(), qint64(data.size()));

    // A download in each mode: EPSV, and EPRT with address family 2.
    QTemporaryDir local;
    QVERIFY(local.isValid());
    run = cli({QStringLiteral("-v"), QStringLiteral("get"), base + QStringLiteral("six.bin"),
               local.filePath(QStringLiteral("p.bin"))});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stderrText().contains(QStringLiteral("\n> EPSV")), run.err.constData());
    QCOMPARE(fileSha256(local.filePath(QStringLiteral("p.bin"))), sha256(data));
    run = cli({QStringLiteral("-v"), QStringLiteral("--active"), QStringLiteral("get"),
               base + QStringLiteral("six.bin"), local.filePath(QStringLiteral("a.bin"))});
    CHECK_EXIT(run, 0);
    QVERIFY2(run.stderrText().contains(QStringLiteral("\n> EPRT |2|::1|")), run.err.constData());
    QCOMPARE(fileSha256(local.filePath(QStringLiteral("a.bin"))), sha256(data));
}

CliRun TestCli::onTerminal(const QStringList &arguments,
                           const QList<std::pair<QByteArray, QByteArray>> &dialog,
                           const QString &workingDirectory) const
{
    CliRun run;
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (script.isEmpty())
        return run;
    QStringList quoted{m_cli};
    for (const QString &a : arguments)
        quoted << QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QLatin1String("'\\''")) +
                      QLatin1Char('\'');
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels); // the terminal carries both
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    QElapsedTimer timer;
    timer.start();
    process.start(script,
                  {QStringLiteral("-qec"), quoted.join(QLatin1Char(' ')), QStringLiteral("/dev/null")});
    run.started = process.waitForStarted(10000);
    if (!run.started)
        return run;
    for (const auto &[prompt, answer] : dialog) {
        while (!run.out.contains(prompt) && timer.elapsed() < kCliTimeoutMs &&
               process.state() == QProcess::Running) {
            process.waitForReadyRead(200);
            run.out += process.readAll();
        }
        QTest::qWait(200); // the echo is switched off right after the prompt is written
        process.write(answer + '\n');
    }
    run.finished = process.waitForFinished(kCliTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(3000);
    }
    run.out += process.readAll();
    run.elapsedMs = timer.elapsed();
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.exitCode = process.exitCode();
    return run;
}

std::unique_ptr<TestServer> TestCli::freshServer() const
{
    QFETCH_GLOBAL(int, kind);
    TestServer::Options options;
    options.kind = TestServer::Kind(kind);
    QString error;
    auto fresh = TestServer::start(options, &error);
    if (!fresh)
        qWarning("%s", qPrintable(error));
    return fresh;
}

namespace {

QString urlOf(const TestServer &s, const QString &path, bool withPassword = true)
{
    return QStringLiteral("ftp://%1%2@127.0.0.1:%3/%4")
        .arg(s.userName(), withPassword ? QLatin1Char(':') + s.password() : QString())
        .arg(s.port())
        .arg(path);
}

// The summary line ("ferry-cli: N files, ...") of a transfer run.
QString summaryOf(const CliRun &run)
{
    static const QRegularExpression summary(QStringLiteral("\\b\\d+ files?, "));
    for (const QString &line : run.stderrLines()) {
        if (summary.match(line).hasMatch())
            return line;
    }
    return {};
}

} // namespace

// #13 §1: `get -r ftp://host/ ./dest/` downloads the root's contents into dest (lftp mirror),
// instead of refusing the local name "".
void TestCli::getRecursiveRoot()
{
    auto fresh = freshServer();
    QVERIFY(fresh);
    QVERIFY(fresh->writeFile(QStringLiteral("top.txt"), "top"));
    QVERIFY(fresh->writeFile(QStringLiteral("a/x.txt"), "x"));
    QVERIFY(fresh->writeFile(QStringLiteral("a/b/y.txt"), "y"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString dest = local.filePath(QStringLiteral("dest/"));
    const CliRun run = cli({QStringLiteral("get"), QStringLiteral("-r"), urlOf(*fresh, QString()), dest});
    CHECK_EXIT(run, 0);
    QCOMPARE(readFile(dest + QStringLiteral("top.txt")), QByteArray("top"));
    QCOMPARE(readFile(dest + QStringLiteral("a/x.txt")), QByteArray("x"));
    QCOMPARE(readFile(dest + QStringLiteral("a/b/y.txt")), QByteArray("y"));
    QVERIFY2(summaryOf(run).contains(QStringLiteral("3 files, ")), run.err.constData());
    // Into the current folder when LOCAL is left out.
    QTemporaryDir cwd;
    CliInput input;
    input.workingDirectory = cwd.path();
    CHECK_EXIT(cli({QStringLiteral("get"), QStringLiteral("-r"), urlOf(*fresh, QString())}, input), 0);
    QCOMPARE(readFile(cwd.filePath(QStringLiteral("a/b/y.txt"))), QByteArray("y"));
    // A named folder still arrives as a folder of that name.
    CHECK_EXIT(cli({QStringLiteral("get"), QStringLiteral("-r"), urlOf(*fresh, QStringLiteral("a/")),
                    local.filePath(QStringLiteral("named/"))}),
               0);
    QCOMPARE(readFile(local.filePath(QStringLiteral("named/a/b/y.txt"))), QByteArray("y"));
}

// #13 §4: the summary counts folder failures, and skipped files' bytes are not "moved".
void TestCli::summaryTellsTheTruth()
{
    const QString dir = tag(QStringLiteral("tree"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/ok.txt"), randomBytes(20000, 1)));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/sub/f.txt"), "f"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    // The local side cannot create dir/sub: a regular file has its name.
    QVERIFY(QDir().mkpath(local.filePath(dir)));
    QVERIFY(writeLocal(local.filePath(dir + QStringLiteral("/sub")), "in the way"));
    CliRun run = cli({QStringLiteral("get"), QStringLiteral("-r"), url(dir + QLatin1Char('/')),
                      local.path() + QLatin1Char('/')});
    CHECK_EXIT(run, 6);
    QVERIFY2(summaryOf(run).contains(QStringLiteral("1 file, ")), run.err.constData());
    QVERIFY2(summaryOf(run).contains(QStringLiteral("; 1 folder failed.")), run.err.constData());
    QCOMPARE(readFile(local.filePath(dir + QStringLiteral("/sub"))), QByteArray("in the way"));

    // Again with "size": ok.txt is skipped; its 20,000 bytes were not moved.
    QVERIFY(QFile::remove(local.filePath(dir + QStringLiteral("/sub"))));
    run = cli({QStringLiteral("get"), QStringLiteral("-r"), QStringLiteral("--overwrite=size"),
               url(dir + QLatin1Char('/')), local.path() + QLatin1Char('/')});
    CHECK_EXIT(run, 0);
    const QString summary = summaryOf(run);
    QVERIFY2(summary.contains(QStringLiteral("1 file, 1 B in")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("1 skipped")), qPrintable(summary));
}

// #13 §4: `queue run` counts only its own work, and a queue with failed jobs is not a
// success; `queue clear --failed` / `--all` empty it.
void TestCli::queueRunCountsThisRun()
{
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString db = local.filePath(QStringLiteral("q.sqlite"));
    const QString dir = tag(QStringLiteral("q"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/a.txt"), "a"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/b.txt"), "b"));
    CliRun run = cli({QStringLiteral("get"), QStringLiteral("-r"), QStringLiteral("--queue-db"), db,
                      url(dir + QLatin1Char('/')), local.filePath(QStringLiteral("down/"))});
    CHECK_EXIT(run, 0);
    QVERIFY2(summaryOf(run).contains(QStringLiteral("2 files, ")), run.err.constData());
    // Nothing left to do: this run did nothing, and says so.
    const QStringList queueArgs{QStringLiteral("--password-stdin"), QStringLiteral("--queue-db"), db,
                                QStringLiteral("queue")};
    CliInput password;
    password.stdinData = server()->password().toUtf8() + '\n';
    run = cli(queueArgs + QStringList{QStringLiteral("run")}, password);
    CHECK_EXIT(run, 0);
    QVERIFY2(summaryOf(run).contains(QStringLiteral("0 files, ")), run.err.constData());

    // A failed job in the queue: `queue run` is not a success until it is dealt with.
    run = cli({QStringLiteral("get"), QStringLiteral("--queue-db"), db,
               url(dir + QStringLiteral("/missing.txt")), local.filePath(QStringLiteral("missing.txt"))});
    QVERIFY2(run.finished && run.exitCode != 0, run.describe(1).constData());
    run = cli(queueArgs + QStringList{QStringLiteral("run")}, password);
    CHECK_EXIT(run, 1);
    QVERIFY2(run.stderrText().contains(QStringLiteral("1 job in the queue failed")), run.err.constData());
    run = cli(queueArgs + QStringList{QStringLiteral("clear"), QStringLiteral("--failed")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QStringLiteral("1 failed job removed.\n"));
    run = cli(queueArgs + QStringList{QStringLiteral("run")}, password);
    CHECK_EXIT(run, 0);
    run = cli(queueArgs + QStringList{QStringLiteral("list")});
    QCOMPARE(run.stdoutLines().size(), 3); // the folder and its two files
    run = cli(queueArgs + QStringList{QStringLiteral("clear"), QStringLiteral("--all")});
    CHECK_EXIT(run, 0);
    QCOMPARE(run.stdoutText(), QStringLiteral("3 jobs removed; the queue is empty.\n"));
    QVERIFY(cli(queueArgs + QStringList{QStringLiteral("list")}).out.isEmpty());
}

void TestCli::interruptKeepsPart_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

// #13 §4: SIGINT and SIGTERM stop a transfer cleanly: ABOR, the .part kept, "Cancelled."
// and the summary, exit status 7.
void TestCli::interruptKeepsPart()
{
    QFETCH(int, signal);
    const QString name = tag(QStringLiteral("big.bin"));
    QVERIFY(server()->writeFile(name, randomBytes(24 * 1024 * 1024, 9)));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString target = local.filePath(QStringLiteral("big.bin"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    process.setProcessEnvironment(env);
    process.start(m_cli, {QStringLiteral("-v"), QStringLiteral("--limit-rate"), QStringLiteral("400k"),
                          QStringLiteral("get"), url(name), target});
    QVERIFY(process.waitForStarted(10000));
    QElapsedTimer timer;
    timer.start();
    while (QFileInfo(target + QStringLiteral(".part")).size() < 200000 && timer.elapsed() < 20000 &&
           process.state() == QProcess::Running)
        QTest::qWait(50);
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(10000));
    const QString errText = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 7, qPrintable(errText.right(2000)));
    QVERIFY2(errText.contains(QStringLiteral("\n> ABOR")), qPrintable(errText.right(2000)));
    QVERIFY2(errText.contains(QStringLiteral("ferry-cli: Cancelled.")), qPrintable(errText.right(2000)));
    QVERIFY2(errText.contains(QStringLiteral("0 files, ")), qPrintable(errText.right(2000)));
    QVERIFY2(errText.contains(QStringLiteral("kept in ") + target + QStringLiteral(".part")),
             qPrintable(errText.right(2000)));
    QVERIFY(!QFile::exists(target));
    QVERIFY(QFileInfo(target + QStringLiteral(".part")).size() >= 200000);
    // --resume continues it.
    const CliRun run = cli({QStringLiteral("get"), QStringLiteral("--resume"), url(name), target});
    CHECK_EXIT(run, 0);
    QCOMPARE(fileSha256(target), sha256(randomBytes(24 * 1024 * 1024, 9)));
}

// #13 §5: a URL with a user and no password, without a TTY, fails before connecting and
// names the flags; nothing is sent (never an empty PASS). Anonymous needs none.
void TestCli::passwordWithoutTty()
{
    const CliRun run = cli({QStringLiteral("-v"), QStringLiteral("ls"), url(QString(), false)});
    CHECK_EXIT(run, 4);
    QCOMPARE(run.stderrLines().size(), 1);
    QVERIFY2(run.stderrText().contains(QStringLiteral("--password-stdin")), run.err.constData());
    QVERIFY2(run.stderrText().contains(QStringLiteral("FERRY_PASSWORD")), run.err.constData());
    QVERIFY2(!run.stderrText().contains(QStringLiteral("> USER")), run.err.constData()); // not even connected
    // An empty password from stdin is no password either.
    CliInput empty;
    empty.stdinData = QByteArray("\n");
    const CliRun emptyRun = cli({QStringLiteral("--password-stdin"), QStringLiteral("-v"),
                                 QStringLiteral("ls"), url(QString(), false)},
                                empty);
    CHECK_EXIT(emptyRun, 4);
    QVERIFY2(!emptyRun.stderrText().contains(QStringLiteral("> PASS")), emptyRun.err.constData());
}

// #13 §5: at a TTY the password is asked for, without echo.
void TestCli::passwordPromptAtTerminal()
{
    const QString dir = tag(QStringLiteral("p"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/seen.txt"), "s"));
    const QByteArray prompt = "Password for " + server()->userName().toUtf8() + "@127.0.0.1: ";
    const CliRun run = onTerminal({QStringLiteral("ls"), url(dir + QLatin1Char('/'), false)},
                                  {{prompt, server()->password().toUtf8()}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QVERIFY2(run.out.contains("seen.txt"), run.out.constData());
    QVERIFY2(!run.out.contains(server()->password().toUtf8()), run.out.constData()); // not echoed
}

// Ctrl-C at the password prompt ends ferry-cli as SIGINT does, with the terminal's echo back
// on (the prompt had turned it off). A pseudo-terminal from python3's pty module.
void TestCli::passwordPromptInterrupted()
{
    static const char script[] = R"(
import os, pty, sys, time, termios
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
start = time.time()
while b"Password for" not in out and time.time() - start < 20:
    try:
        out += os.read(fd, 1024)
    except OSError:
        break
hidden = not (termios.tcgetattr(fd)[3] & termios.ECHO)
os.write(fd, b"\x03")
_, status = os.waitpid(pid, 0)
restored = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
print("prompt=%d hidden=%d restored=%d sigint=%d" % (b"Password for" in out, hidden, restored,
      os.WIFSIGNALED(status) and os.WTERMSIG(status) == 2))
)";
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromLatin1(script),
                                                      m_cli, QStringLiteral("ls"), url(QString(), false)});
    QVERIFY(python.waitForFinished(30000));
    const QByteArray result = python.readAllStandardOutput().trimmed();
    QCOMPARE(result, QByteArray("prompt=1 hidden=1 restored=1 sigint=1"));
}

// #13 §5: `queue run` without a password says so before connecting and leaves the queue as
// it is; --limit-rate is stored with the queue, so `queue run` keeps it.
void TestCli::queueRunNeedsPassword()
{
    const QString name = tag(QStringLiteral("slow.bin"));
    const QByteArray data = randomBytes(900000, 4);
    QVERIFY(server()->writeFile(name, data));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString db = local.filePath(QStringLiteral("q.sqlite"));
    const QString target = local.filePath(QStringLiteral("slow.bin"));
    QProcess first;
    first.start(m_cli, {QStringLiteral("--limit-rate"), QStringLiteral("200k"), QStringLiteral("--queue-db"),
                        db, QStringLiteral("get"), url(name), target});
    QVERIFY(first.waitForStarted(10000));
    QElapsedTimer timer;
    timer.start();
    while (QFileInfo(target + QStringLiteral(".part")).size() < 100000 && timer.elapsed() < 20000)
        QTest::qWait(50);
    ::kill(pid_t(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitCode(), 7);
    const QStringList queueArgs{QStringLiteral("--queue-db"), db, QStringLiteral("queue")};
    const QByteArray before = cli(queueArgs + QStringList{QStringLiteral("list")}).out;
    QVERIFY2(before.contains("\tqueued\t"), before.constData());

    CliRun run = cli(QStringList{QStringLiteral("-v")} + queueArgs + QStringList{QStringLiteral("run")});
    CHECK_EXIT(run, 4);
    QCOMPARE(run.stderrLines().size(), 1);
    QVERIFY2(run.stderrText().contains(QStringLiteral("--password-stdin")), run.err.constData());
    QCOMPARE(cli(queueArgs + QStringList{QStringLiteral("list")}).out, before);
    run = cli(queueArgs + QStringList{QStringLiteral("retry")});
    CHECK_EXIT(run, 4);
    QCOMPARE(cli(queueArgs + QStringList{QStringLiteral("list")}).out, before);

    // With the password it finishes, at the stored 200 KiB/s.
    const qint64 left = data.size() - QFileInfo(target + QStringLiteral(".part")).size();
    CliInput input;
    input.ferryPassword = server()->password();
    run = cli(queueArgs + QStringList{QStringLiteral("run")}, input);
    CHECK_EXIT(run, 0);
    QCOMPARE(fileSha256(target), sha256(data));
    const double floorMs = 0.7 * 1000.0 * double(left) / (200.0 * 1024.0);
    QVERIFY2(
        double(run.elapsedMs) >= floorMs,
        qPrintable(
            QStringLiteral("%1 bytes in %2 ms: the stored limit was not kept").arg(left).arg(run.elapsedMs)));
}

// #13 §5: a refused login is one line, not one per job.
void TestCli::refusedLoginOneLine()
{
    QTemporaryDir local;
    QVERIFY(local.isValid());
    QStringList args{QStringLiteral("put")};
    for (int i = 0; i < 4; ++i) {
        const QString path = local.filePath(QStringLiteral("f%1.txt").arg(i));
        QVERIFY(writeLocal(path, "x"));
        args << path;
    }
    QString target = url(tag(QStringLiteral("dir/")), false);
    target.replace(server()->userName() + QLatin1Char('@'),
                   server()->userName() + QStringLiteral(":wrong-pw-4711@"));
    const CliRun run = cli(args << target);
    CHECK_EXIT(run, 4);
    const QStringList lines = run.diagnostics().filter(QStringLiteral("530"));
    QVERIFY2(lines.size() == 1, run.err.constData());
    QVERIFY2(summaryOf(run).contains(QStringLiteral("4 failed")), run.err.constData());
}

// #13 §5: --overwrite=ask gives each choice its own key: "w" is newer-only, "n" rename.
void TestCli::overwriteAskKeys()
{
    const QString name = tag(QStringLiteral("ask.txt"));
    QVERIFY(server()->writeFile(name, "remote, newer"));
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString target = local.filePath(name);
    QVERIFY(writeLocal(target, "local, older"));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(
        file.setFileTime(QDateTime::currentDateTimeUtc().addDays(-30), QFileDevice::FileModificationTime));
    file.close();
    const QByteArray question = "ne[w]er only";
    CliRun run = onTerminal({QStringLiteral("--overwrite=ask"), QStringLiteral("get"), url(name), target},
                            {{question, "w"}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QCOMPARE(readFile(target), QByteArray("remote, newer"));
    // Now the local file is as new as the remote one: "w" keeps it; "n" renames.
    QVERIFY(writeLocal(target, "local, newest"));
    run = onTerminal({QStringLiteral("--overwrite=ask"), QStringLiteral("get"), url(name), target},
                     {{question, "w"}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QCOMPARE(readFile(target), QByteArray("local, newest"));
    run = onTerminal({QStringLiteral("--overwrite=ask"), QStringLiteral("get"), url(name), target},
                     {{question, "n"}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QCOMPARE(readFile(target), QByteArray("local, newest"));
    const QString renamed = target.chopped(4) + QStringLiteral(" (1).txt");
    QCOMPARE(readFile(renamed), QByteArray("remote, newer"));
    // "z": only if the sizes differ; both have 13 bytes, so the local file stays.
    QVERIFY(QFile::remove(renamed));
    run = onTerminal({QStringLiteral("--overwrite=ask"), QStringLiteral("get"), url(name), target},
                     {{question, "z"}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QCOMPARE(readFile(target), QByteArray("local, newest"));
    QVERIFY(!QFile::exists(renamed));
}

// #13 §6: rm -r / rmdir -r delete a tree through the queue with a summary, never following
// a link out of it; rm on a folder says to add -r; / needs --force.
void TestCli::recursiveDelete()
{
    const QString dir = tag(QStringLiteral("del"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/keep/precious.txt"), "precious"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/tree/a.txt"), "a"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/tree/sub/b.txt"), "b"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/other/c.txt"), "c"));
    // A link to a folder outside the tree (inside the server's root).
    QVERIFY(QFile::link(QStringLiteral("../keep"), onServer(dir + QStringLiteral("/tree/out"))));
    server()->fixOwnership();

    CliRun run = cli({QStringLiteral("rm"), url(dir + QStringLiteral("/tree"))});
    CHECK_EXIT(run, 2);
    QVERIFY2(run.stderrText().contains(QStringLiteral("rm -r")), run.err.constData());
    QVERIFY(QFileInfo(onServer(dir + QStringLiteral("/tree/a.txt"))).isFile());

    run = cli({QStringLiteral("rm"), QStringLiteral("-r"), url(dir + QStringLiteral("/tree/"))});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(onServer(dir + QStringLiteral("/tree"))));
    QCOMPARE(readFile(onServer(dir + QStringLiteral("/keep/precious.txt"))), QByteArray("precious"));
    QVERIFY2(run.stderrText().contains(QStringLiteral("3 files and 2 folders deleted")), run.err.constData());

    run = cli({QStringLiteral("rmdir"), QStringLiteral("-r"), url(dir + QStringLiteral("/other"))});
    CHECK_EXIT(run, 0);
    QVERIFY(!QFileInfo::exists(onServer(dir + QStringLiteral("/other"))));

    run = cli({QStringLiteral("rm"), QStringLiteral("-r"), url(QString())});
    CHECK_EXIT(run, 2);
    QVERIFY2(run.stderrText().contains(QStringLiteral("--force")), run.err.constData());
    QVERIFY(QFileInfo(onServer(dir + QStringLiteral("/keep/precious.txt"))).isFile());
}

// rm -r URL (no '/') tries DELE on one session, then deletes the tree through the queue's:
// an untrusted certificate accepted once is asked about once (one TrustDecisions per run).
void TestCli::recursiveDeleteAsksTrustOnce()
{
    QFETCH_GLOBAL(int, kind);
    TestServer::Options options;
    options.kind = TestServer::Kind(kind);
    options.tls = TestServer::Tls::Explicit;
    QString error;
    auto tls = TestServer::start(options, &error);
    QVERIFY2(tls, qPrintable(error));
    QVERIFY(tls->writeFile(QStringLiteral("gone/a.txt"), "a"));
    QVERIFY(tls->writeFile(QStringLiteral("gone/sub/b.txt"), "b"));
    QString target = urlOf(*tls, QStringLiteral("gone"));
    target.replace(QStringLiteral("ftp://"), QStringLiteral("ftpes://"));
    const QByteArray question = "accept [o]nce";
    const CliRun run = onTerminal({QStringLiteral("rm"), QStringLiteral("-r"), target}, {{question, "o"}});
    QVERIFY2(run.exited(0), run.describe(0).constData());
    QCOMPARE(run.out.count(question), 1);
    QVERIFY(!QFileInfo::exists(tls->rootPath() + QStringLiteral("/gone")));
}

// #13 §6: chmod MODE is 1 to 4 octal digits, checked before anything is sent (vsftpd sets
// 000 for "999" or "u+x").
void TestCli::chmodChecksMode()
{
    const QString name = tag(QStringLiteral("mode.txt"));
    QVERIFY(server()->writeFile(name, "m"));
    QVERIFY(QFile::setPermissions(onServer(name), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ReadGroup | QFileDevice::ReadOther));
    for (const QString &mode : {QStringLiteral("999"), QStringLiteral("u+x"), QStringLiteral("07777"),
                                QStringLiteral(""), QStringLiteral("8")}) {
        const CliRun run = cli({QStringLiteral("chmod"), mode, url(name)});
        CHECK_EXIT(run, 2);
        QVERIFY2(run.stderrText().contains(QStringLiteral("octal")), run.err.constData());
        QCOMPARE(modeOf(onServer(name)), 0644);
    }
    CHECK_EXIT(cli({QStringLiteral("chmod"), QStringLiteral("600"), url(name)}), 0);
    QCOMPARE(modeOf(onServer(name)), 0600);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
