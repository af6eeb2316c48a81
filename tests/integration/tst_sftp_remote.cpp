// SFTP behind the protocol-neutral seam, against OpenSSH's sshd: the session that
// createRemoteSession makes for Protocol::Sftp, every RemoteSession call (transfer options
// included), RemoteLister's cache and refresh over it, and one host key question for two
// sessions sharing the process's TrustDecisions.
#include "remote/directorylister.h"
#include "remote/listingcache.h"
#include "remote/remotelister.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "remote/trustdecisions.h"
#include "sftptestutil.h"
#include "testutil.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

class TestSftpRemote : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();

    void calls();
    void transferOptions();
    void listerCacheAndRefresh();
    void oneQuestionForTwoSessions();

private:
    std::unique_ptr<RemoteSession> newSession(const SessionConfig &config)
    {
        QString error;
        std::unique_ptr<RemoteSession> session(createRemoteSession(config, nullptr, &error));
        if (!session)
            qWarning("%s", qPrintable(error));
        return session;
    }
    QString remote(const QString &relative) const
    {
        return m_server->rootPath() + QLatin1Char('/') + relative;
    }

    std::unique_ptr<SshTestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestSftpRemote::initTestCase()
{
    QString error;
    m_server = SshTestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
}

void TestSftpRemote::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void TestSftpRemote::calls()
{
    const QByteArray content = "hello, remote session\n";
    QVERIFY(m_server->writeFile(QStringLiteral("calls/a.txt"), content));
    const auto session = newSession(sftpConfigFor(*m_server, *m_home));
    QVERIFY(session);
    QSignalSpy states(session.get(), &RemoteSession::stateChanged);
    QVERIFY(!awaitOp(session->connectToHost()).isError());
    QCOMPARE(session->state(), RemoteSession::State::Ready);
    QVERIFY(states.size() >= 3); // connecting, logging in, ready
    QCOMPARE(session->features(), RemoteSession::Feature::FileTimes | RemoteSession::Feature::SetTime |
                                      RemoteSession::Feature::Chmod | RemoteSession::Feature::Resume);
    QVERIFY(session->isEncrypted());
    QVERIFY2(session->securityDescription().startsWith(QLatin1String("SSH, ")),
             qPrintable(session->securityDescription()));
    QVERIFY(session->securityDescription().contains(QLatin1String("ED25519")));

    // list, with the batches adding up to the whole.
    RemoteCall *list = session->list(remote(QStringLiteral("calls")));
    QList<DirEntry> batches;
    connect(list, &RemoteCall::entriesArrived, this, [&](const QList<DirEntry> &b) { batches += b; });
    const SftpOutcome listed = awaitSftp(list);
    QVERIFY(!listed.error);
    QCOMPARE(namesOf(listed.entries), QStringList{QStringLiteral("a.txt")});
    QCOMPARE(namesOf(batches), namesOf(listed.entries));

    SftpOutcome out = awaitSftp(session->stat(remote(QStringLiteral("calls/a.txt"))));
    QVERIFY(!out.error);
    DirEntry stat = out.entry;
    QCOMPARE(stat.name, QStringLiteral("a.txt"));
    QCOMPARE(stat.size, content.size());
    QCOMPARE(stat.timePrecision, DirEntry::TimePrecision::Second);
    QCOMPARE(awaitOp(session->stat(remote(QStringLiteral("calls/missing")))).kind(),
             RemoteError::Kind::NotFound);

    // stat with Time alone (the queue's "is it newer?") still tells the time.
    out = awaitSftp(session->stat(remote(QStringLiteral("calls/a.txt")), RemoteSession::StatDetail::Time));
    QVERIFY(!out.error);
    QVERIFY(out.entry.date.isValid());

    // resolveFolder: a folder, a link to one (its real path), a file, a missing path, "~".
    QVERIFY(QDir().mkpath(remote(QStringLiteral("calls/real/sub"))));
    QVERIFY(QFile::link(remote(QStringLiteral("calls/real/sub")), remote(QStringLiteral("calls/link"))));
    RemoteCall *resolved = session->resolveFolder(remote(QStringLiteral("calls/real/sub")));
    QString realText;
    bool isDir = false;
    connect(resolved, &RemoteCall::finished, this, [&] {
        realText = resolved->text();
        isDir = resolved->entry().isDir;
    });
    QVERIFY(!awaitOp(resolved).isError());
    QVERIFY(isDir);
    QCOMPARE(realText, remote(QStringLiteral("calls/real/sub")));
    resolved = session->resolveFolder(remote(QStringLiteral("calls/link")));
    connect(resolved, &RemoteCall::finished, this, [&] { realText = resolved->text(); });
    QVERIFY(!awaitOp(resolved).isError());
    QCOMPARE(realText, remote(QStringLiteral("calls/real/sub")));
    QCOMPARE(awaitOp(session->resolveFolder(remote(QStringLiteral("calls/a.txt")))).kind(),
             RemoteError::Kind::NotFound);
    QCOMPARE(awaitOp(session->resolveFolder(remote(QStringLiteral("calls/missing")))).kind(),
             RemoteError::Kind::NotFound);
    resolved = session->resolveFolder(QStringLiteral("~"));
    connect(resolved, &RemoteCall::finished, this, [&] { realText = resolved->text(); });
    QVERIFY(!awaitOp(resolved).isError());
    QVERIFY2(realText.startsWith(QLatin1Char('/')) && !realText.contains(QLatin1Char('~')),
             qPrintable(realText));
    QVERIFY(QDir(remote(QStringLiteral("calls/real"))).removeRecursively());
    QVERIFY(QFile::remove(remote(QStringLiteral("calls/link"))));

    const QDateTime when(QDate(2021, 3, 4), QTime(5, 6, 7), Qt::UTC);
    QVERIFY(!awaitOp(session->setTime(remote(QStringLiteral("calls/a.txt")), when)).isError());
    out = awaitSftp(session->stat(remote(QStringLiteral("calls/a.txt"))));
    QVERIFY(!out.error);
    QCOMPARE(QDateTime(out.entry.date, out.entry.time, Qt::UTC), when);

    // mkdir says the path; rename replaces an existing target (as RNFR/RNTO does on Unix).
    out = awaitSftp(session->mkdir(remote(QStringLiteral("calls/new"))));
    QVERIFY(!out.error);
    QCOMPARE(out.path, remote(QStringLiteral("calls/new")));
    QVERIFY(m_server->writeFile(QStringLiteral("calls/new/old.txt"), "old"));
    QVERIFY(!awaitOp(session->rename(remote(QStringLiteral("calls/a.txt")),
                                     remote(QStringLiteral("calls/new/old.txt"))))
                 .isError());
    QCOMPARE(fileSha256(remote(QStringLiteral("calls/new/old.txt"))), sha256(content));
    QVERIFY(!awaitOp(session->chmod(remote(QStringLiteral("calls/new/old.txt")), 0600)).isError());
    QCOMPARE(QFileInfo(remote(QStringLiteral("calls/new/old.txt"))).permissions() & 0x0777,
             QFile::ReadUser | QFile::WriteUser);
    QVERIFY(awaitOp(session->remove(remote(QStringLiteral("calls/new")), RemoteSession::EntryType::Folder))
                .isError());
    QVERIFY(
        !awaitOp(session->remove(remote(QStringLiteral("calls/new/old.txt")), RemoteSession::EntryType::File))
             .isError());
    QVERIFY(!awaitOp(session->remove(remote(QStringLiteral("calls/new")), RemoteSession::EntryType::Folder))
                 .isError());
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("calls/new"))));

    // No checksums over SFTP: a clear error, the session goes on.
    const RemoteError checksum = awaitOp(session->checksum(remote(QStringLiteral("calls"))));
    QCOMPARE(checksum.kind(), RemoteError::Kind::Server);

    RemoteCall *cancelled = session->stat(remote(QStringLiteral("calls")));
    int finishedCount = 0;
    connect(cancelled, &RemoteCall::finished, this, [&] { ++finishedCount; });
    cancelled->cancel();
    QTRY_COMPARE(finishedCount, 1);
    QVERIFY(!awaitOp(session->stat(remote(QStringLiteral("calls")))).isError());

    // close() waits for the calls made before it.
    RemoteCall *last = session->stat(remote(QStringLiteral("calls")));
    bool lastOk = false;
    connect(last, &RemoteCall::finished, this, [&] { lastOk = last->succeeded(); });
    QVERIFY(!awaitOp(session->close()).isError());
    QVERIFY(lastOk);
    QCOMPARE(session->state(), RemoteSession::State::Disconnected);
}

void TestSftpRemote::transferOptions()
{
    const auto session = newSession(sftpConfigFor(*m_server, *m_home));
    QVERIFY(session);
    const QByteArray payload = randomBytes(700000, 41);

    // Store, then the rest appended (the queue's resume of an upload).
    QBuffer first;
    first.setData(payload.left(300000));
    QVERIFY(first.open(QIODevice::ReadOnly));
    qint64 moved = 0;
    SftpOutcome out = awaitSftp(session->upload(&first, remote(QStringLiteral("t.bin")), {}));
    QVERIFY(!out.error);
    moved = out.bytes;
    QCOMPARE(moved, 300000);
    QBuffer rest;
    rest.setData(payload.mid(300000));
    QVERIFY(rest.open(QIODevice::ReadOnly));
    TransferOptions append;
    append.uploadMode = TransferOptions::UploadMode::Append;
    out = awaitSftp(session->upload(&rest, remote(QStringLiteral("t.bin")), append));
    QVERIFY(!out.error);
    moved = out.bytes;
    QCOMPARE(moved, 400000);
    QCOMPARE(fileSha256(remote(QStringLiteral("t.bin"))), sha256(payload));

    // Store at an offset writes from there without truncating.
    QByteArray patched = payload;
    patched.replace(100, 5, "HELLO");
    QBuffer patch;
    patch.setData("HELLO");
    QVERIFY(patch.open(QIODevice::ReadOnly));
    TransferOptions at;
    at.offset = 100;
    QVERIFY(!awaitOp(session->upload(&patch, remote(QStringLiteral("t.bin")), at)).isError());
    QCOMPARE(fileSha256(remote(QStringLiteral("t.bin"))), sha256(patched));

    // Download from an offset; ASCII is binary over SFTP.
    QBuffer tail;
    QVERIFY(tail.open(QIODevice::WriteOnly));
    TransferOptions from;
    from.offset = 650000;
    from.type = TransferType::Ascii;
    out = awaitSftp(session->download(remote(QStringLiteral("t.bin")), &tail, from));
    QVERIFY(!out.error);
    moved = out.bytes;
    QCOMPARE(moved, 50000);
    QCOMPARE(tail.data(), patched.mid(650000));

    // A unique name chosen by the server: not in SFTP.
    QBuffer unique;
    unique.setData("x");
    QVERIFY(unique.open(QIODevice::ReadOnly));
    TransferOptions stou;
    stou.uploadMode = TransferOptions::UploadMode::Unique;
    QCOMPARE(awaitOp(session->upload(&unique, remote(QStringLiteral("u")), stou)).kind(),
             RemoteError::Kind::Server);
}

void TestSftpRemote::listerCacheAndRefresh()
{
    QVERIFY(m_server->writeFile(QStringLiteral("docs/one.txt"), "1"));
    QVERIFY(m_server->writeFile(QStringLiteral("docs/two.txt"), "22"));
    QVERIFY(m_server->writeFile(QStringLiteral("other/x"), "x"));
    const auto session = newSession(sftpConfigFor(*m_server, *m_home));
    QVERIFY(session);
    ListingCache cache;
    RemoteLister lister(session.get(), QStringLiteral("site"), &cache);
    QSignalSpy completed(&lister, &DirectoryLister::completed);
    QSignalSpy removed(&lister, &DirectoryLister::itemsRemoved);
    lister.openPath(remote(QStringLiteral("docs")));
    QVERIFY(completed.wait(20000));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("one.txt"), QStringLiteral("two.txt")}));
    lister.openPath(remote(QStringLiteral("other")));
    QTRY_VERIFY_WITH_TIMEOUT(!lister.isLoading(), 20000);

    QVERIFY(QFile::remove(remote(QStringLiteral("docs/one.txt"))));
    QVERIFY(m_server->writeFile(QStringLiteral("docs/three.txt"), "333"));
    completed.clear();
    lister.openPath(remote(QStringLiteral("docs")));
    QCOMPARE(completed.size(), 1); // the cached folder at once
    QVERIFY(completed.wait(20000));
    QCOMPARE(namesOf(lister.items()), (QStringList{QStringLiteral("three.txt"), QStringLiteral("two.txt")}));
    QCOMPARE(removed.size(), 1);

    QSignalSpy failed(&lister, &DirectoryLister::errorOccurred);
    lister.openPath(remote(QStringLiteral("nope")));
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.at(0).at(1).value<RemoteError>().kind(), RemoteError::Kind::NotFound);
}

// Two sessions sharing the process's TrustDecisions meet the same unknown host key at
// once: the user is asked once, and "accept once" holds for both and for a third.
void TestSftpRemote::oneQuestionForTwoSessions()
{
    TrustDecisions trust;
    SessionConfig config = sftpConfigFor(*m_server, *m_home, false);
    config.trust = &trust;
    const auto first = newSession(config);
    const auto second = newSession(config);
    QList<Question *> asked;
    for (RemoteSession *s : {first.get(), second.get()})
        connect(s, &RemoteSession::questionAsked, this, [&](Question *q) { asked.append(q); });
    const CallWatch a(first->connectToHost());
    const CallWatch b(second->connectToHost());
    QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 20000);
    QTest::qWait(500); // the second session reaches the same key meanwhile
    QCOMPARE(asked.size(), 1);
    auto *request = qobject_cast<HostKeyRequest *>(asked.at(0));
    QVERIFY(request);
    QCOMPARE(request->fingerprint(), m_server->hostKeyFingerprint());
    QCOMPARE(request->host(), m_server->address().toString());
    request->answer(HostKeyRequest::Answer::AcceptOnce);
    QTRY_VERIFY_WITH_TIMEOUT(a.done && b.done, 20000);
    QVERIFY(a.ok);
    QVERIFY(b.ok);

    // A third session later: no question at all.
    const auto third = newSession(config);
    int thirdAsked = 0;
    connect(third.get(), &RemoteSession::questionAsked, this, [&](Question *) { ++thirdAsked; });
    QVERIFY(!awaitOp(third->connectToHost()).isError());
    QCOMPARE(thirdAsked, 0);
    QVERIFY(!QFile::exists(config.ssh.hostKeyStore)); // nothing written for "once"

    // With nobody to ask, a RemoteSession declines (a fresh trust: nothing accepted).
    SessionConfig alone = sftpConfigFor(*m_server, *m_home, false);
    const auto fourth = newSession(alone);
    QCOMPARE(awaitOp(fourth->connectToHost()).kind(), RemoteError::Kind::Tls);
}

QTEST_GUILESS_MAIN(TestSftpRemote)
#include "tst_sftp_remote.moc"
