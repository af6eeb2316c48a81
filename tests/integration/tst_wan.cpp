// A folder tree through the link emulator (issue #19 §5): bench/linkem in relay mode, RTT
// 50 ms, in front of pyftpdlib (which announces the relay's address, 127.0.0.2, in PASV);
// ferry-cli put -r and get -r of 200 files with --parallel 4. The tree must arrive whole
// both ways (every name, size and SHA-256), and the relay must have carried it (its own
// byte and connection counts). Relay mode needs no root, so this runs anywhere the suite
// does; the timings themselves stay in bench/wan.sh.
#include "testserver.h"
#include "testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <map>

using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kFiles = 200;
constexpr int kFolders = 10;
constexpr int kTransferTimeoutMs = 180000; // ~50 files per session at a few RTT each: ~10 s

// relative path -> SHA-256 of every file below `root`
std::map<QString, QByteArray> treeDigest(const QString &root)
{
    std::map<QString, QByteArray> digest;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        digest[QDir(root).relativeFilePath(path)] = fileSha256(path);
    }
    return digest;
}

// `count` consecutive ports free on both loopback addresses, in 26000-31999 (below the
// kernel's ephemeral range, like vsftpd_server.sh's passive ranges). 0 when none is found.
quint16 freePortRange(int count)
{
    const QHostAddress addresses[] = {QHostAddress(u"127.0.0.1"_s), QHostAddress(u"127.0.0.2"_s)};
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto base = quint16(26000 + QRandomGenerator::global()->bounded(6000 - count));
        bool free = true;
        for (int p = base; free && p < base + count; ++p) {
            for (const QHostAddress &a : addresses) {
                QTcpServer probe;
                free = free && probe.listen(a, quint16(p));
            }
        }
        if (free)
            return base;
    }
    return 0;
}

} // namespace

class TstWan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void treeThroughLink();

private:
    int runCli(const QStringList &args, QByteArray *output);

    QString m_cli;
    QString m_linkem;
    QTemporaryDir m_home;
};

void TstWan::initTestCase()
{
    m_cli = qEnvironmentVariable("FERRY_CLI");
    m_linkem = qEnvironmentVariable("FERRY_LINKEM");
    QVERIFY2(QFileInfo(m_cli).isExecutable(), "FERRY_CLI must name the ferry-cli binary (ctest sets it)");
    QVERIFY2(QFileInfo(m_linkem).isExecutable(), "FERRY_LINKEM must name bench/linkem (ctest sets it)");
    QVERIFY(m_home.isValid());
}

int TstWan::runCli(const QStringList &args, QByteArray *output)
{
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // ferry-cli's settings and queue database stay in this test's own folder.
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "HOME"})
        env.insert(QString::fromLatin1(var), m_home.path());
    cli.setProcessEnvironment(env);
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(m_cli, args);
    if (!cli.waitForFinished(kTransferTimeoutMs)) {
        cli.kill();
        cli.waitForFinished(5000);
        *output = cli.readAll() + "\n(timed out)";
        return -1;
    }
    *output = cli.readAll();
    return cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
}

void TstWan::treeThroughLink()
{
    QTemporaryDir local;
    QVERIFY(local.isValid());
    const QString tree = local.path() + u"/tree"_s;
    for (int i = 0; i < kFiles; ++i) {
        const QString folder = tree + u"/dir%1"_s.arg(i % kFolders, 2, 10, QLatin1Char('0'));
        QVERIFY(QDir().mkpath(folder));
        // Sizes from 0 to 20 KiB: empty files, files within one TCP segment, and files that
        // take several of the relay's chunks.
        const qint64 size = i == 0 ? 0 : (i * 7919) % (20 * 1024);
        QFile f(folder + u"/file%1.bin"_s.arg(i, 3, 10, QLatin1Char('0')));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(randomBytes(size, quint32(i))), size);
    }
    const auto original = treeDigest(tree);
    QCOMPARE(int(original.size()), kFiles);

    const quint16 pasv = freePortRange(20);
    QVERIFY2(pasv != 0, "no free passive port range");
    TestServer::Options o;
    o.passivePorts = u"%1-%2"_s.arg(pasv).arg(pasv + 19);
    o.pasvAddress = u"127.0.0.2"_s;
    QString error;
    auto server = TestServer::start(o, &error);
    QVERIFY2(server, qPrintable(error));
    QVERIFY(QDir().mkpath(server->rootPath() + u"/up"_s));

    QProcess linkem;
    linkem.start(m_linkem,
                 {u"--ports"_s, u"%1,%2"_s.arg(server->port()).arg(o.passivePorts), u"--rtt"_s, u"50"_s});
    QVERIFY2(linkem.waitForStarted(10000), qPrintable(linkem.errorString()));
    const auto stopLinkem = qScopeGuard([&linkem] {
        if (linkem.state() != QProcess::NotRunning) {
            linkem.kill();
            linkem.waitForFinished(5000);
        }
    });
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += linkem.readAllStandardOutput()).contains("READY"), 10000);

    const QString url =
        u"ftp://%1:%2@127.0.0.2:%3/"_s.arg(server->userName(), server->password()).arg(server->port());
    QByteArray output;
    int code =
        runCli({u"put"_s, u"-r"_s, u"--parallel"_s, u"4"_s, u"--tls=none"_s, tree, url + u"up/"_s}, &output);
    QVERIFY2(code == 0, output.constData());
    QCOMPARE(treeDigest(server->rootPath() + u"/up/tree"_s), original);

    const QString down = local.path() + u"/down"_s;
    code = runCli(
        {u"get"_s, u"-r"_s, u"--parallel"_s, u"4"_s, u"--tls=none"_s, url + u"up/tree/"_s, down + u"/"_s},
        &output);
    QVERIFY2(code == 0, output.constData());
    QCOMPARE(treeDigest(down + u"/tree"_s), original);

    // The relay carried it all: at least one data connection per file each way, and every
    // byte (its stats line comes at SIGTERM).
    linkem.terminate();
    QVERIFY(linkem.waitForFinished(10000));
    const QString stats = QString::fromUtf8(linkem.readAllStandardOutput());
    static const QRegularExpression re(u"(\\d+) connections .* up (\\d+) bytes, down (\\d+) bytes"_s);
    const auto m = re.match(stats);
    QVERIFY2(m.hasMatch(), qPrintable(stats));
    qint64 total = 0;
    for (const auto &[path, digest] : original)
        total += QFileInfo(tree + u'/' + path).size();
    QVERIFY2(m.captured(1).toLongLong() >= 2 * kFiles, qPrintable(stats));
    QVERIFY2(m.captured(2).toLongLong() >= total, qPrintable(stats));
    QVERIFY2(m.captured(3).toLongLong() >= total, qPrintable(stats));
}

QTEST_GUILESS_MAIN(TstWan)
#include "tst_wan.moc"
