// The queue's pure policies, row by row: what a failed attempt becomes (RetryPolicy), which
// refusals mean "too many connections", what to do with an existing target
// (OverwritePolicy), the alternative names, SiteKey and a folder job's children.
#include "sites/ftpurl.h"
#include "transfer/overwritepolicy.h"
#include "transfer/retrypolicy.h"
#include "transfer/sitekey.h"
#include "transfer/transferjob.h"

#include <QTest>

using namespace ferry;
using Kind = RemoteError::Kind;
using Action = RetryPolicy::Action;
using Overwrite = TransferJob::Overwrite;

class TestQueuePolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retry_data();
    void retry();
    void delays();
    void tooManyConnections_data();
    void tooManyConnections();
    void overwrite_data();
    void overwrite();
    void alternativeNames_data();
    void alternativeNames();
    void siteKeys();
    void childOf();
};

void TestQueuePolicy::retry_data()
{
    QTest::addColumn<RemoteError>("error");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<bool>("failedAtLogin");
    QTest::addColumn<bool>("tooMany");
    QTest::addColumn<int>("othersOpen");
    QTest::addColumn<int>("action");
    QTest::addColumn<int>("delayMs");

    const RemoteError drop(Kind::Network, QStringLiteral("The server closed the connection."));
    const RemoteError timeout(Kind::Timeout, QStringLiteral("No answer."));
    const RemoteError busy(Kind::Server, QStringLiteral("x"), 450, QStringLiteral("Busy"));
    const RemoteError missing(Kind::NotFound, QStringLiteral("x"), 550, QStringLiteral("No such file"));
    const RemoteError auth(Kind::Auth, QStringLiteral("x"), 530, QStringLiteral("Login incorrect."));
    const RemoteError tls(Kind::Tls, QStringLiteral("Certificate not accepted."));
    const RemoteError full(Kind::Network, QStringLiteral("x"), 421, QStringLiteral("Too many connections"));
    QTest::newRow("drop-first") << drop << 0 << false << false << 0 << int(Action::Retry) << 1000;
    QTest::newRow("drop-second") << drop << 1 << false << false << 0 << int(Action::Retry) << 2000;
    QTest::newRow("drop-third") << drop << 2 << false << false << 0 << int(Action::Retry) << 4000;
    QTest::newRow("drop-out-of-retries") << drop << 3 << false << false << 0 << int(Action::Fail) << 0;
    QTest::newRow("timeout") << timeout << 0 << false << false << 0 << int(Action::Retry) << 1000;
    QTest::newRow("4xx") << busy << 0 << false << false << 0 << int(Action::Retry) << 1000;
    QTest::newRow("5xx-final") << missing << 0 << false << false << 0 << int(Action::Fail) << 0;
    QTest::newRow("login-refused") << auth << 0 << true << false << 0 << int(Action::FailSite) << 0;
    QTest::newRow("auth-later-is-not-the-site") << auth << 0 << false << false << 0 << int(Action::Fail) << 0;
    QTest::newRow("certificate-refused") << tls << 0 << true << false << 0 << int(Action::FailSite) << 0;
    QTest::newRow("too-many-others-open") << full << 0 << true << true << 2 << int(Action::Requeue) << 0;
    QTest::newRow("too-many-alone") << full << 0 << true << true << 0 << int(Action::Retry) << 1000;
    QTest::newRow("too-many-out-of-retries") << full << 3 << true << true << 0 << int(Action::Fail) << 0;
}

void TestQueuePolicy::retry()
{
    QFETCH(RemoteError, error);
    QFETCH(int, attempts);
    QFETCH(bool, failedAtLogin);
    QFETCH(bool, tooMany);
    QFETCH(int, othersOpen);
    QFETCH(int, action);
    QFETCH(int, delayMs);
    const RetryPolicy policy; // 3 retries, 1 s doubling
    const RetryPolicy::Decision decision = policy.decide(error, attempts, failedAtLogin, tooMany, othersOpen);
    QCOMPARE(int(decision.action), action);
    QCOMPARE(decision.delayMs, delayMs);
}

void TestQueuePolicy::delays()
{
    RetryPolicy policy;
    policy.baseDelayMs = 1000;
    QCOMPARE(policy.delayFor(1), 1000);
    QCOMPARE(policy.delayFor(4), 8000);
    QCOMPARE(policy.delayFor(7), 60000); // capped
    QCOMPARE(policy.delayFor(100), 60000);
    policy.baseDelayMs = 0;
    QCOMPARE(policy.delayFor(5), 0);
}

void TestQueuePolicy::tooManyConnections_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("tooMany");
    // The servers' own words.
    QTest::newRow("vsftpd-max-clients")
        << 421 << QStringLiteral("There are too many connected users, please try later.") << true;
    QTest::newRow("vsftpd-per-ip") << 421
                                   << QStringLiteral(
                                          "There are too many connections from your internet address.")
                                   << true;
    QTest::newRow("pyftpdlib") << 421
                               << QStringLiteral("Too many connections. Service temporarily unavailable.")
                               << true;
    QTest::newRow("proftpd-530")
        << 530
        << QStringLiteral("Sorry, the maximum number of clients (3) for this user are already connected.")
        << true;
    QTest::newRow("pureftpd-421") << 421
                                  << QStringLiteral("10 users (the maximum) are already logged in, sorry")
                                  << true;
    QTest::newRow("530-try-later") << 530 << QStringLiteral("Server busy, try again later") << true;
    QTest::newRow("530-login-incorrect") << 530 << QStringLiteral("Login incorrect.") << false;
    QTest::newRow("550") << 550 << QStringLiteral("Too many files") << false;
    QTest::newRow("no-reply") << 0 << QString() << false;
}

void TestQueuePolicy::tooManyConnections()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(bool, tooMany);
    QCOMPARE(RetryPolicy::isTooManyConnections(RemoteError(Kind::Auth, QStringLiteral("x"), code, text)),
             tooMany);
}

void TestQueuePolicy::overwrite_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<qint64>("sourceSize");
    QTest::addColumn<qint64>("sourceTime");
    QTest::addColumn<qint64>("targetSize");
    QTest::addColumn<qint64>("targetTime");
    QTest::addColumn<int>("action");
    const qint64 t = 1700000000000;
    QTest::newRow("overwrite") << int(Overwrite::Overwrite) << 10LL << t << 10LL << t
                               << int(Overwrite::Overwrite);
    QTest::newRow("skip") << int(Overwrite::Skip) << 10LL << t << 5LL << t << int(Overwrite::Skip);
    QTest::newRow("ask-stays") << int(Overwrite::Ask) << 10LL << t << 5LL << t << int(Overwrite::Ask);
    QTest::newRow("rename-stays") << int(Overwrite::Rename) << 10LL << t << 5LL << t
                                  << int(Overwrite::Rename);
    QTest::newRow("newer-source-newer")
        << int(Overwrite::IfNewer) << 10LL << t + 5000 << 10LL << t << int(Overwrite::Overwrite);
    QTest::newRow("newer-same-second")
        << int(Overwrite::IfNewer) << 10LL << t + 999 << 10LL << t << int(Overwrite::Skip);
    QTest::newRow("newer-source-older")
        << int(Overwrite::IfNewer) << 10LL << t - 5000 << 10LL << t << int(Overwrite::Skip);
    QTest::newRow("newer-unknown-time")
        << int(Overwrite::IfNewer) << 10LL << -1LL << 10LL << t << int(Overwrite::Overwrite);
    QTest::newRow("size-equal") << int(Overwrite::IfSizeDiffers) << 10LL << t << 10LL << t
                                << int(Overwrite::Skip);
    QTest::newRow("size-differs") << int(Overwrite::IfSizeDiffers) << 10LL << t << 11LL << t
                                  << int(Overwrite::Overwrite);
    QTest::newRow("size-unknown") << int(Overwrite::IfSizeDiffers) << -1LL << t << 11LL << t
                                  << int(Overwrite::Overwrite);
    QTest::newRow("resume-shorter") << int(Overwrite::Resume) << 10LL << t << 4LL << t
                                    << int(Overwrite::Resume);
    QTest::newRow("resume-equal") << int(Overwrite::Resume) << 10LL << t << 10LL << t << int(Overwrite::Skip);
    QTest::newRow("resume-larger") << int(Overwrite::Resume) << 10LL << t << 12LL << t
                                   << int(Overwrite::Overwrite);
}

void TestQueuePolicy::overwrite()
{
    QFETCH(int, policy);
    QFETCH(qint64, sourceSize);
    QFETCH(qint64, sourceTime);
    QFETCH(qint64, targetSize);
    QFETCH(qint64, targetTime);
    QFETCH(int, action);
    QCOMPARE(int(OverwritePolicy::decide(Overwrite(policy), sourceSize, sourceTime, targetSize, targetTime)),
             action);
}

void TestQueuePolicy::alternativeNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("alternative");
    QTest::newRow("extension") << QStringLiteral("report.pdf") << 1 << QStringLiteral("report (1).pdf");
    QTest::newRow("second") << QStringLiteral("report.pdf") << 2 << QStringLiteral("report (2).pdf");
    QTest::newRow("no-extension") << QStringLiteral("README") << 1 << QStringLiteral("README (1)");
    QTest::newRow("dot-file") << QStringLiteral(".profile") << 1 << QStringLiteral(".profile (1)");
    QTest::newRow("two-dots") << QStringLiteral("a.tar.gz") << 3 << QStringLiteral("a.tar (3).gz");
}

void TestQueuePolicy::alternativeNames()
{
    QFETCH(QString, name);
    QFETCH(int, n);
    QFETCH(QString, alternative);
    QCOMPARE(OverwritePolicy::alternativeName(name, n), alternative);
}

void TestQueuePolicy::siteKeys()
{
    const QUuid id = QUuid::createUuid();
    const SiteKey site = SiteKey::forSite(id);
    QVERIFY(site.isSite());
    QCOMPARE(site.siteId(), id);
    QVERIFY(site.url().isEmpty());
    QCOMPARE(SiteKey::fromString(site.toString()), site);
    QVERIFY(SiteKey::fromString(site.toString()).isSite());

    const auto url = FtpUrl::parse(QStringLiteral("ftp://me:secret@example.com:2121/pub/x.txt"), nullptr);
    const SiteKey byUrl = SiteKey::forUrl(*url);
    QVERIFY(!byUrl.isSite());
    QVERIFY(!byUrl.toString().contains(QStringLiteral("secret")));
    QVERIFY(!byUrl.toString().contains(QStringLiteral("pub")));
    QCOMPARE(byUrl.url(), QStringLiteral("ftp://me@example.com:2121/"));
    QCOMPARE(SiteKey::fromString(byUrl.toString()), byUrl);
    // The same server through another path is the same site.
    QCOMPARE(SiteKey::forUrl(*FtpUrl::parse(QStringLiteral("ftp://me@example.com:2121/other/"), nullptr)),
             byUrl);
    QVERIFY(SiteKey::forUrl(*FtpUrl::parse(QStringLiteral("ftp://you@example.com:2121/"), nullptr)) != byUrl);
    // Text that merely starts like a site key is a URL key.
    QVERIFY(!SiteKey::fromString(QStringLiteral("site:not-a-uuid")).isSite());
    QVERIFY(SiteKey().isNull());
}

void TestQueuePolicy::childOf()
{
    TransferJob parent;
    parent.id = 7;
    parent.kind = TransferJob::Kind::DownloadFolder;
    parent.site = QStringLiteral("ftp://h/");
    parent.remotePath = QStringLiteral("/pub");
    parent.localPath = QStringLiteral("/tmp/pub");
    parent.priority = 3;
    parent.overwrite = Overwrite::IfNewer;
    parent.mode = TransferJob::Mode::Auto;
    parent.preserveTime = false;
    const TransferJob child =
        TransferJob::childOf(parent, TransferJob::Kind::Download, QStringLiteral("a b.txt"));
    QCOMPARE(child.parentId, 7);
    QCOMPARE(child.site, parent.site);
    QCOMPARE(child.remotePath, QStringLiteral("/pub/a b.txt"));
    QCOMPARE(child.localPath, QStringLiteral("/tmp/pub/a b.txt"));
    QCOMPARE(child.priority, 3);
    QCOMPARE(child.overwrite, Overwrite::IfNewer);
    QCOMPARE(child.mode, TransferJob::Mode::Auto);
    QVERIFY(!child.preserveTime);
    QCOMPARE(child.state, TransferJob::State::Queued);
    parent.remotePath = QStringLiteral("/");
    parent.localPath.clear();
    const TransferJob atRoot =
        TransferJob::childOf(parent, TransferJob::Kind::DeleteFile, QStringLiteral("x"));
    QCOMPARE(atRoot.remotePath, QStringLiteral("/x"));
    QVERIFY(atRoot.localPath.isEmpty());
}

QTEST_GUILESS_MAIN(TestQueuePolicy)
#include "tst_queuepolicy.moc"
