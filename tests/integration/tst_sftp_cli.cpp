// ferry-cli with sftp:// URLs against OpenSSH's sshd: get and put (0 B, 1 B, 10 MiB;
// times kept or not; --resume both ways; overwrite policies), get -r and put -r through the
// queue's parallel sessions with a password, --identity and --trust-fingerprint,
// known_hosts in $HOME, the refusal of an unknown host key without a TTY (with the flag to
// use), passwords from FERRY_PASSWORD, the file commands, "~" paths, --site with an SFTP
// site, its key file and the key's passphrase kept in the keychain (tests/keychain-wrapper.sh
// runs this test under a private D-Bus and gnome-keyring). $HOME and the config folder are
// the test's own.
#include "sshtestserver.h"
#include "treeutil.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ferry::test;
using Key = SshTestKeys::Key;

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray report() const
    {
        return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
};

} // namespace

#define EXPECT_EXIT(result, code) QVERIFY2((result).exitCode == (code), (result).report().constData())

class TestSftpCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();

    void keyAndFingerprint();
    void unknownHostKeyWithoutTty();
    void wrongFingerprint();
    void knownHostsAndPassword();
    void noPasswordNoKey();
    void fileCommands();
    void homeFolder();
    void quoteIsFtpOnly();
    void siteWithKeyFile();
    void getAndPut();
    void resumeBothWays();
    void recursiveWithPassword();
    void passwordTypedOnceForParallelSessions();

private:
    // ferry-cli with $HOME (~/.ssh), the config folder and the agent the test's own.
    Result cli(const QStringList &arguments, const QString &password = {},
               const QByteArray &stdinData = {}) const;
    // ferry-cli on a pseudo-terminal (script(1)), $HOME the test's: types `answer` each time
    // `prompt` appears in what it prints (stdout and stderr together, in out); *asked counts.
    Result onTerminal(const QStringList &arguments, const QByteArray &prompt, const QByteArray &answer,
                      int *asked) const;
    QString url(const QString &path) const
    {
        return QStringLiteral("sftp://%1@%2:%3%4")
            .arg(m_server->userName(), m_server->address().toString())
            .arg(m_server->port())
            .arg(path);
    }
    QString remote(const QString &relative) const
    {
        return m_server->rootPath() + QLatin1Char('/') + relative;
    }
    // ~/.ssh/known_hosts (in the test's $HOME) vouches for the server.
    bool trustInKnownHosts() const
    {
        QFile knownHosts(m_home->path() + QStringLiteral("/.ssh/known_hosts"));
        return QDir().mkpath(m_home->path() + QStringLiteral("/.ssh")) &&
               knownHosts.open(QIODevice::WriteOnly) &&
               knownHosts.write(m_server->knownHostsLine() + '\n') > 0;
    }
    QStringList trusted() const
    {
        return {QStringLiteral("--identity"), SshTestKeys::path(Key::Ed25519),
                QStringLiteral("--trust-fingerprint"), QString::fromLatin1(m_server->hostKeyFingerprint())};
    }

    std::unique_ptr<SshTestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_home;
};

Result TestSftpCli::cli(const QStringList &arguments, const QString &password,
                        const QByteArray &stdinData) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home->path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/.config"));
    // XDG_DATA_HOME stays the keychain wrapper's: the keyring lives there.
    env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    if (!password.isEmpty())
        env.insert(QStringLiteral("FERRY_PASSWORD"), password);
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("FERRY_CLI"), arguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Result TestSftpCli::onTerminal(const QStringList &arguments, const QByteArray &prompt,
                               const QByteArray &answer, int *asked) const
{
    Result result;
    *asked = 0;
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (script.isEmpty())
        return result;
    QStringList quoted{qEnvironmentVariable("FERRY_CLI")};
    for (const QString &a : arguments)
        quoted << QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QLatin1String("'\\''")) +
                      QLatin1Char('\'');
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home->path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/.config"));
    env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    env.remove(QStringLiteral("FERRY_PASSWORD"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(script,
                  {QStringLiteral("-qec"), quoted.join(QLatin1Char(' ')), QStringLiteral("/dev/null")});
    if (!process.waitForStarted(10000))
        return result;
    QElapsedTimer timer;
    timer.start();
    while (process.state() == QProcess::Running && timer.elapsed() < 60000) {
        process.waitForReadyRead(200);
        result.out += process.readAll();
        if (result.out.count(prompt) > *asked) {
            ++*asked;
            QTest::qWait(200); // the echo goes off right after the prompt is written
            process.write(answer + '\n');
        }
    }
    if (process.state() == QProcess::Running) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.out += process.readAll();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return result;
}

void TestSftpCli::initTestCase()
{
    QVERIFY2(QFileInfo(qEnvironmentVariable("FERRY_CLI")).isExecutable(), "FERRY_CLI names no executable");
    QString error;
    m_server = SshTestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
    QVERIFY2(!SshTestKeys::path(Key::Ed25519, &error).isEmpty(), qPrintable(error));
}

void TestSftpCli::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void TestSftpCli::keyAndFingerprint()
{
    QVERIFY(m_server->writeFile(QStringLiteral("ls/one.txt"), "1"));
    QVERIFY(m_server->writeFile(QStringLiteral("ls/sub/two.txt"), "22"));
    Result run =
        cli(QStringList{QStringLiteral("ls")} + trusted() + QStringList{url(remote(QStringLiteral("ls/")))});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("one.txt") && run.out.contains("sub/"), run.report().constData());
    QVERIFY2(run.err.isEmpty(), run.report().constData());
    run = cli(QStringList{QStringLiteral("ls"), QStringLiteral("--json")} + trusted() +
              QStringList{url(remote(QStringLiteral("ls/")))});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("\"name\":\"one.txt\"") && run.out.contains("\"size\":1"), run.out.constData());
    // -v shows the SSH side, never a secret.
    run = cli(QStringList{QStringLiteral("-v"), QStringLiteral("ls")} + trusted() +
              QStringList{url(remote(QStringLiteral("ls/")))});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.err.contains("* Authenticated with key") && run.err.contains("(the fingerprint given)"),
             run.err.constData());
}

void TestSftpCli::unknownHostKeyWithoutTty()
{
    const qsizetype logBefore = m_server->fullLog().size();
    const Result run = cli({QStringLiteral("ls"), QStringLiteral("--identity"),
                            SshTestKeys::path(Key::Ed25519), url(remote(QString()))});
    EXPECT_EXIT(run, 8);
    // The flag that would trust it, with the very fingerprint ssh prints.
    QVERIFY2(run.err.contains(QByteArray("--trust-fingerprint " + m_server->hostKeyFingerprint())),
             run.err.constData());
    QVERIFY2(run.err.contains("ED25519 key fingerprint is"), run.err.constData());
    QVERIFY2(!m_server->fullLog().mid(logBefore).contains("for ferrytest"), "a login was attempted");
    QVERIFY(!QFile::exists(m_home->path() + QStringLiteral("/.config/ferry/known_hosts")));
}

void TestSftpCli::wrongFingerprint()
{
    const Result run =
        cli({QStringLiteral("ls"), QStringLiteral("--identity"), SshTestKeys::path(Key::Ed25519),
             QStringLiteral("--trust-fingerprint"), QStringLiteral("SHA256:") + QString(43, QLatin1Char('A')),
             url(remote(QString()))});
    EXPECT_EXIT(run, 8);
    QVERIFY2(run.err.contains(m_server->hostKeyFingerprint()), run.err.constData());
    const Result bad = cli({QStringLiteral("ls"), QStringLiteral("--trust-fingerprint"),
                            QStringLiteral("SHA256:xyz"), url(remote(QString()))});
    EXPECT_EXIT(bad, 2);
}

void TestSftpCli::knownHostsAndPassword()
{
    // ~/.ssh/known_hosts vouches for the server; the password comes from FERRY_PASSWORD.
    QVERIFY(trustInKnownHosts());
    QVERIFY(m_server->writeFile(QStringLiteral("pw/x.txt"), "x"));
    const Result run = cli({QStringLiteral("ls"), url(remote(QStringLiteral("pw/")))}, m_server->password());
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("x.txt"), run.report().constData());
    // The default key in ~/.ssh is tried too: no password needed.
    QVERIFY(
        QFile::copy(SshTestKeys::path(Key::Ed25519), m_home->path() + QStringLiteral("/.ssh/id_ed25519")));
    const Result keyed = cli({QStringLiteral("ls"), url(remote(QStringLiteral("pw/")))});
    EXPECT_EXIT(keyed, 0);
}

void TestSftpCli::noPasswordNoKey()
{
    const Result run = cli({QStringLiteral("ls"), QStringLiteral("--trust-fingerprint"),
                            QString::fromLatin1(m_server->hostKeyFingerprint()), url(remote(QString()))});
    EXPECT_EXIT(run, 4);
    QVERIFY2(run.err.contains("--password-stdin"), run.err.constData());
    QVERIFY2(run.err.contains("--identity"), run.err.constData());
}

void TestSftpCli::fileCommands()
{
    QVERIFY(m_server->writeFile(QStringLiteral("ops/a.txt"), "A"));
    const QStringList t = trusted();
    EXPECT_EXIT(
        cli(QStringList{QStringLiteral("mkdir")} + t + QStringList{url(remote(QStringLiteral("ops/new/")))}),
        0);
    QVERIFY(QFileInfo(remote(QStringLiteral("ops/new"))).isDir());
    // mv: a relative target stays in the source's folder.
    EXPECT_EXIT(cli(QStringList{QStringLiteral("mv")} + t +
                    QStringList{url(remote(QStringLiteral("ops/a.txt"))), QStringLiteral("b.txt")}),
                0);
    QVERIFY(QFileInfo::exists(remote(QStringLiteral("ops/b.txt"))));
    EXPECT_EXIT(cli(QStringList{QStringLiteral("chmod")} + t +
                    QStringList{QStringLiteral("640"), url(remote(QStringLiteral("ops/b.txt")))}),
                0);
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(remote(QStringLiteral("ops/b.txt"))).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    EXPECT_EXIT(cli(QStringList{QStringLiteral("chmod")} + t +
                    QStringList{QStringLiteral("rw"), url(remote(QStringLiteral("ops/b.txt")))}),
                2);
    EXPECT_EXIT(
        cli(QStringList{QStringLiteral("rm")} + t + QStringList{url(remote(QStringLiteral("ops/b.txt")))}),
        0);
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("ops/b.txt"))));
    EXPECT_EXIT(
        cli(QStringList{QStringLiteral("rmdir")} + t + QStringList{url(remote(QStringLiteral("ops/new/")))}),
        0);
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("ops/new"))));
    // A missing file: the remote file error.
    EXPECT_EXIT(
        cli(QStringList{QStringLiteral("rm")} + t + QStringList{url(remote(QStringLiteral("ops/nope")))}), 5);
}

void TestSftpCli::homeFolder()
{
    const QStringList t = trusted();
    const QString dir = QStringLiteral("ferry-cli-%1").arg(QCoreApplication::applicationPid());
    EXPECT_EXIT(cli(QStringList{QStringLiteral("mkdir")} + t + QStringList{url(QStringLiteral("/~/") + dir)}),
                0);
    QVERIFY(QFileInfo(QStringLiteral("/home/ferrytest/") + dir).isDir());
    const Result run = cli(QStringList{QStringLiteral("ls")} + t + QStringList{url(QStringLiteral("/~/"))});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(QByteArray(dir.toUtf8() + '/')), run.report().constData());
    EXPECT_EXIT(cli(QStringList{QStringLiteral("rmdir")} + t + QStringList{url(QStringLiteral("/~/") + dir)}),
                0);
    QVERIFY(!QFileInfo::exists(QStringLiteral("/home/ferrytest/") + dir));
}

void TestSftpCli::quoteIsFtpOnly()
{
    const Result run = cli(QStringList{QStringLiteral("quote")} + trusted() +
                           QStringList{url(remote(QString())), QStringLiteral("NOOP")});
    EXPECT_EXIT(run, 2);
    QVERIFY2(run.err.contains("FTP"), run.err.constData());
}

void TestSftpCli::siteWithKeyFile()
{
    QVERIFY(m_server->writeFile(QStringLiteral("site/in-site.txt"), "s"));
    Result run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
                      QStringLiteral("Box"), QStringLiteral("--host"), m_server->address().toString(),
                      QStringLiteral("--port"), QString::number(m_server->port()),
                      QStringLiteral("--protocol"), QStringLiteral("sftp"), QStringLiteral("--user"),
                      m_server->userName(), QStringLiteral("--key-file"), SshTestKeys::path(Key::Ecdsa),
                      QStringLiteral("--remote-folder"), remote(QStringLiteral("site"))});
    EXPECT_EXIT(run, 0);
    run = cli({QStringLiteral("sites"), QStringLiteral("show"), QStringLiteral("Box")});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("protocol: sftp\n") &&
                 run.out.contains(QByteArray("port: " + QByteArray::number(m_server->port()))) &&
                 run.out.contains("logon: keyfile\n") &&
                 run.out.contains(
                     QByteArray("key-file: " + QFile::encodeName(SshTestKeys::path(Key::Ecdsa)) + '\n')) &&
                 run.out.contains("agent: yes\n"),
             run.out.constData());
    // The host key is given by flag here (a terminal would have asked).
    const QStringList fingerprint{QStringLiteral("--trust-fingerprint"),
                                  QString::fromLatin1(m_server->hostKeyFingerprint())};
    run = cli(QStringList{QStringLiteral("--site"), QStringLiteral("Box"), QStringLiteral("ls")} +
              fingerprint + QStringList{QStringLiteral(".")});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("in-site.txt"), run.report().constData());

    // A passphrase-protected key: its passphrase kept in the keychain at `sites add`, used
    // without a prompt (and never written to the config folder).
    run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
               QStringLiteral("Locked"), QStringLiteral("--host"), m_server->address().toString(),
               QStringLiteral("--port"), QString::number(m_server->port()), QStringLiteral("--protocol"),
               QStringLiteral("sftp"), QStringLiteral("--user"), m_server->userName(),
               QStringLiteral("--key-file"), SshTestKeys::path(Key::Ed25519Passphrase),
               QStringLiteral("--password-stdin")},
              {}, SshTestKeys::passphrase().toUtf8() + '\n');
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.err.isEmpty(), run.report().constData()); // kept in the keychain
    run = cli(QStringList{QStringLiteral("--site"), QStringLiteral("Locked"), QStringLiteral("ls")} +
              fingerprint + QStringList{remote(QStringLiteral("site/"))});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("in-site.txt"), run.report().constData());
    // A site with a user and no stored password: the key (--identity) logs in, nothing stops
    // before it was tried.
    run = cli({QStringLiteral("sites"), QStringLiteral("add"), QStringLiteral("--name"),
               QStringLiteral("Bare"), QStringLiteral("--host"), m_server->address().toString(),
               QStringLiteral("--port"), QString::number(m_server->port()), QStringLiteral("--protocol"),
               QStringLiteral("sftp"), QStringLiteral("--user"), m_server->userName(),
               QStringLiteral("--remote-folder"), remote(QStringLiteral("site"))});
    EXPECT_EXIT(run, 0);
    run = cli(QStringList{QStringLiteral("--site"), QStringLiteral("Bare"), QStringLiteral("ls")} +
              trusted() + QStringList{QStringLiteral(".")});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("in-site.txt"), run.report().constData());
    QDirIterator files(m_home->path() + QStringLiteral("/.config"), QDir::Files,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(SshTestKeys::passphrase().toUtf8()), qPrintable(file.fileName()));
    }
}

namespace {

qint64 mtimeSecs(const QString &path)
{
    return mtimeMs(path) / 1000;
}

} // namespace

void TestSftpCli::getAndPut()
{
    QTemporaryDir local;
    const QStringList t = trusted();
    const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-3).addSecs(-17);
    const QList<QByteArray> payloads{QByteArray(), QByteArray("x"), randomBytes(10 * 1024 * 1024 + 3, 5)};
    QVERIFY(QDir().mkpath(remote(QStringLiteral("xfer"))));
    m_server->fixOwnership();
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        const QString name = QStringLiteral("f%1.bin").arg(i);
        const QString path = local.filePath(name);
        writeBytes(path, payloads.at(i));
        QVERIFY(setMTimeMs(path, old.toMSecsSinceEpoch()));
        // put into a folder URL (the name kept), then get into a local folder.
        Result run = cli(QStringList{QStringLiteral("put")} + t +
                         QStringList{path, url(remote(QStringLiteral("xfer/")))});
        EXPECT_EXIT(run, 0);
        QCOMPARE(fileSha256(remote(QStringLiteral("xfer/") + name)), sha256(payloads.at(i)));
        QCOMPARE(mtimeSecs(remote(QStringLiteral("xfer/") + name)), old.toSecsSinceEpoch());
        QVERIFY(QDir().mkpath(local.filePath(QStringLiteral("back"))));
        run = cli(
            QStringList{QStringLiteral("get")} + t +
            QStringList{url(remote(QStringLiteral("xfer/") + name)), local.filePath(QStringLiteral("back"))});
        EXPECT_EXIT(run, 0);
        QCOMPARE(fileSha256(local.filePath(QStringLiteral("back/") + name)), sha256(payloads.at(i)));
        QCOMPARE(mtimeSecs(local.filePath(QStringLiteral("back/") + name)), old.toSecsSinceEpoch());
    }
    // --no-preserve-times: the server's time of writing.
    EXPECT_EXIT(cli(QStringList{QStringLiteral("put"), QStringLiteral("--no-preserve-times")} + t +
                    QStringList{local.filePath(QStringLiteral("f1.bin")),
                                url(remote(QStringLiteral("xfer/new.bin")))}),
                0);
    QVERIFY(qAbs(mtimeSecs(remote(QStringLiteral("xfer/new.bin"))) - QDateTime::currentSecsSinceEpoch()) <
            120);

    // Overwrite policies: skip keeps the target, the default replaces it, newer compares times.
    writeBytes(local.filePath(QStringLiteral("mine.txt")), "local version");
    QVERIFY(m_server->writeFile(QStringLiteral("xfer/mine.txt"), "remote"));
    QVERIFY(setMTimeMs(local.filePath(QStringLiteral("mine.txt")), old.toMSecsSinceEpoch()));
    EXPECT_EXIT(cli(QStringList{QStringLiteral("put"), QStringLiteral("--overwrite=skip")} + t +
                    QStringList{local.filePath(QStringLiteral("mine.txt")),
                                url(remote(QStringLiteral("xfer/mine.txt")))}),
                0);
    QCOMPARE(fileSha256(remote(QStringLiteral("xfer/mine.txt"))), sha256("remote"));
    EXPECT_EXIT(cli(QStringList{QStringLiteral("put"), QStringLiteral("--overwrite=newer")} + t +
                    QStringList{local.filePath(QStringLiteral("mine.txt")),
                                url(remote(QStringLiteral("xfer/mine.txt")))}),
                0);
    QCOMPARE(fileSha256(remote(QStringLiteral("xfer/mine.txt"))), sha256("remote")); // the server's is newer
    EXPECT_EXIT(cli(QStringList{QStringLiteral("put")} + t +
                    QStringList{local.filePath(QStringLiteral("mine.txt")),
                                url(remote(QStringLiteral("xfer/mine.txt")))}),
                0);
    QCOMPARE(fileSha256(remote(QStringLiteral("xfer/mine.txt"))), sha256("local version"));
    // A missing remote file: exit 5, nothing left behind locally.
    const Result missing = cli(QStringList{QStringLiteral("get")} + t +
                               QStringList{url(remote(QStringLiteral("xfer/nope.bin"))),
                                           local.filePath(QStringLiteral("nope.bin"))});
    EXPECT_EXIT(missing, 5);
    QVERIFY(!QFileInfo::exists(local.filePath(QStringLiteral("nope.bin"))));
    QVERIFY(!QFileInfo::exists(local.filePath(QStringLiteral("nope.bin.part"))));
    QVERIFY(QDir(remote(QStringLiteral("xfer"))).removeRecursively());
}

void TestSftpCli::resumeBothWays()
{
    QTemporaryDir local;
    const QStringList t = trusted();
    const QByteArray payload = randomBytes(3 * 1024 * 1024 + 11, 6);
    // get --resume continues LOCAL.part from its size.
    QVERIFY(m_server->writeFile(QStringLiteral("resume/down.bin"), payload));
    writeBytes(local.filePath(QStringLiteral("down.bin.part")), payload.left(1024 * 1024));
    Result run =
        cli(QStringList{QStringLiteral("get"), QStringLiteral("--resume"), QStringLiteral("-v")} + t +
            QStringList{url(remote(QStringLiteral("resume/down.bin"))),
                        local.filePath(QStringLiteral("down.bin"))});
    EXPECT_EXIT(run, 0);
    QCOMPARE(fileSha256(local.filePath(QStringLiteral("down.bin"))), sha256(payload));
    QVERIFY(!QFileInfo::exists(local.filePath(QStringLiteral("down.bin.part"))));
    QVERIFY2(run.err.contains("1048576"), run.err.constData()); // the READ from the part's size
    // put --resume appends after the remote file's size.
    writeBytes(local.filePath(QStringLiteral("up.bin")), payload);
    QVERIFY(m_server->writeFile(QStringLiteral("resume/up.bin"), payload.left(2 * 1024 * 1024 + 5)));
    run = cli(
        QStringList{QStringLiteral("put"), QStringLiteral("--resume"), QStringLiteral("-v")} + t +
        QStringList{local.filePath(QStringLiteral("up.bin")), url(remote(QStringLiteral("resume/up.bin")))});
    EXPECT_EXIT(run, 0);
    QCOMPARE(fileSha256(remote(QStringLiteral("resume/up.bin"))), sha256(payload));
    QVERIFY2(run.err.contains("Appending after 2097157 bytes"), run.err.constData());
    QVERIFY(QDir(remote(QStringLiteral("resume"))).removeRecursively());
}

void TestSftpCli::recursiveWithPassword()
{
    // A tree up and down with 4 sessions at once, logged in with FERRY_PASSWORD (no key):
    // the known_hosts in ~/.ssh vouches for the server.
    QVERIFY(trustInKnownHosts());
    QTemporaryDir local;
    const QString source = local.filePath(QStringLiteral("tree"));
    for (int d = 0; d < 4; ++d) {
        for (int f = 0; f < 10; ++f)
            writeBytes(QStringLiteral("%1/d%2/f%3.bin").arg(source).arg(d).arg(f),
                       randomBytes(d * 1000 + f * 37, d * 10 + f));
    }
    writeBytes(source + QStringLiteral("/d0/deeper/ünï.txt"), "unicode");
    const Tree expected = readTree(source);
    const qsizetype logBefore = m_server->fullLog().size();
    Result run = cli({QStringLiteral("put"), QStringLiteral("-r"), QStringLiteral("--parallel"),
                      QStringLiteral("4"), source, url(remote(QStringLiteral("rec/")))},
                     m_server->password());
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.err.contains("41 files, "), run.report().constData());
    const Tree uploaded = readTree(remote(QStringLiteral("rec/tree")));
    QVERIFY2(uploaded == expected, qPrintable(describeDiff(expected, uploaded)));
    const int logins = int(m_server->fullLog().mid(logBefore).count("Accepted password for"));
    QVERIFY2(logins >= 2 && logins <= 5, qPrintable(QString::number(logins))); // the command's + the queue's
    run = cli({QStringLiteral("get"), QStringLiteral("-r"), url(remote(QStringLiteral("rec/tree/"))),
               local.filePath(QStringLiteral("down"))},
              m_server->password());
    EXPECT_EXIT(run, 0);
    const Tree downloaded = readTree(local.filePath(QStringLiteral("down"))); // the contents
    QVERIFY2(downloaded == expected, qPrintable(describeDiff(expected, downloaded)));
    // rm -r through the queue.
    EXPECT_EXIT(cli({QStringLiteral("rm"), QStringLiteral("-r"), url(remote(QStringLiteral("rec/")))},
                    m_server->password()),
                0);
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("rec"))));
}

void TestSftpCli::passwordTypedOnceForParallelSessions()
{
    // No key, no FERRY_PASSWORD: each of the queue's sessions asks for the password; the
    // user types it once, at the first prompt, and the others use it.
    QVERIFY(trustInKnownHosts());
    QTemporaryDir local;
    for (int i = 0; i < 12; ++i)
        writeBytes(local.filePath(QStringLiteral("tree/d%1/f%2.bin").arg(i % 3).arg(i)),
                   randomBytes(5000 + i, i));
    const Tree expected = readTree(local.filePath(QStringLiteral("tree")));
    int asked = 0;
    const Result run =
        onTerminal({QStringLiteral("put"), QStringLiteral("-r"), QStringLiteral("--parallel"),
                    QStringLiteral("4"), QStringLiteral("--no-progress"),
                    local.filePath(QStringLiteral("tree")), url(remote(QStringLiteral("typed/")))},
                   "Password for ferrytest@", m_server->password().toUtf8(), &asked);
    EXPECT_EXIT(run, 0);
    QCOMPARE(asked, 1);
    QVERIFY2(!run.out.contains(m_server->password().toUtf8()), run.out.constData()); // never echoed
    const Tree uploaded = readTree(remote(QStringLiteral("typed/tree")));
    QVERIFY2(uploaded == expected, qPrintable(describeDiff(expected, uploaded)));
    QVERIFY(QDir(remote(QStringLiteral("typed"))).removeRecursively());
}

QTEST_GUILESS_MAIN(TestSftpCli)
#include "tst_sftp_cli.moc"
