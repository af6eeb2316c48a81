// The SFTP engine against OpenSSH's sshd (started by the test on a free loopback port,
// its own config and host key; login as the system user `ferrytest`): listings with the
// server's attributes, byte-identical transfers (SHA-256), resume, UTF-8 names, rename,
// delete, mkdir -p, times, permissions, links, several calls at once, cancel and the
// rate limit. Results are checked on the server's disk too.
#include "remote/ratelimiter.h"
#include "sftptestutil.h"
#include "testutil.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;

class TestSftp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void login();
    void listing();
    void roundTrip_data();
    void roundTrip();
    void resumeDownload();
    void resumeUpload();
    void utf8Names();
    void makeDirectories();
    void renameAndDelete();
    void errors();
    void times();
    void permissions();
    void symlinks();
    void severalCallsAtOnce();
    void cancelDownload();
    void rateLimit();
    void homeFolder();

private:
    QString remote(const QString &relative) const
    {
        return m_server->rootPath() + QLatin1Char('/') + relative;
    }
    std::unique_ptr<SftpSession> newSession() const
    {
        return std::make_unique<SftpSession>(sftpConfigFor(*m_server, *m_home));
    }

    std::unique_ptr<SshTestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<SftpSession> m_session;
};

void TestSftp::initTestCase()
{
    QString error;
    m_server = SshTestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
}

void TestSftp::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    // A clean playground for each test.
    QDir root(m_server->rootPath());
    for (const QString &entry :
         root.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        QVERIFY(QFileInfo(root.filePath(entry)).isDir() && !QFileInfo(root.filePath(entry)).isSymLink()
                    ? QDir(root.filePath(entry)).removeRecursively()
                    : QFile::remove(root.filePath(entry)));
    m_session = newSession();
}

void TestSftp::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning("sshd log:\n%s", qPrintable(m_server->serverLog()));
    m_session.reset();
}

void TestSftp::login()
{
    QSignalSpy states(m_session.get(), &SftpSession::stateChanged);
    QStringList transcript;
    connect(m_session.get(), &SftpSession::transcript, this,
            [&](const TranscriptLine &line) { transcript.append(line.text); });
    const SftpOutcome out = awaitSftp(m_session->connectToHost());
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(m_session->state(), SftpSession::State::Ready);
    QCOMPARE(m_session->homeDirectory(), QStringLiteral("/home/ferrytest"));
    QList<SftpSession::State> seen;
    for (const QList<QVariant> &args : std::as_const(states))
        seen.append(args.at(0).value<SftpSession::State>());
    QCOMPARE(seen,
             (QList<SftpSession::State>{SftpSession::State::Connecting, SftpSession::State::Authenticating,
                                        SftpSession::State::Ready}));
    const QString all = transcript.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("Server: SSH-2.0-OpenSSH")), qPrintable(all));
    QVERIFY2(all.contains(QString::fromLatin1(m_server->hostKeyFingerprint()) + QLatin1String(": trusted")),
             qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("Authenticated with password")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("SFTP version 3")), qPrintable(all));
    // The password is never in the transcript.
    QVERIFY(!all.contains(m_server->password()));
}

void TestSftp::listing()
{
    QVERIFY(m_server->writeFile(QStringLiteral("dir/a.txt"), "hello"));
    QVERIFY(m_server->writeFile(QStringLiteral("dir/big.bin"), randomBytes(100000, 1)));
    QVERIFY(QDir().mkpath(remote(QStringLiteral("dir/sub"))));
    QVERIFY(QFile::link(QStringLiteral("a.txt"), remote(QStringLiteral("dir/link-to-file"))));
    QVERIFY(QFile::link(QStringLiteral("sub"), remote(QStringLiteral("dir/link-to-dir"))));
    QVERIFY(QFile::link(QStringLiteral("nowhere"), remote(QStringLiteral("dir/dangling"))));
    ::chmod(QFile::encodeName(remote(QStringLiteral("dir/a.txt"))).constData(), 0640);
    m_server->fixOwnership();
    const QDateTime mtime = QDateTime(QDate(2021, 6, 15), QTime(10, 20, 30), Qt::UTC);
    {
        QFile f(remote(QStringLiteral("dir/a.txt")));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(mtime, QFileDevice::FileModificationTime));
    }

    const SftpOutcome out = awaitSftp(m_session->list(remote(QStringLiteral("dir"))));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    std::map<QString, DirEntry> byName;
    for (const DirEntry &e : out.entries)
        byName[e.name] = e;
    QCOMPARE(byName.size(), size_t(6)); // no "." or ".."
    const DirEntry &a = byName[QStringLiteral("a.txt")];
    QCOMPARE(a.size, 5);
    QVERIFY(!a.isDir);
    QVERIFY(!a.isLink);
    QCOMPARE(a.permissions, QStringLiteral("-rw-r-----"));
    QCOMPARE(a.owner, QStringLiteral("ferrytest"));
    QCOMPARE(a.rawName, QByteArray("a.txt"));
    QCOMPARE(a.timePrecision, DirEntry::TimePrecision::Second);
    QVERIFY(a.timeIsUtc);
    QCOMPARE(QDateTime(a.date, a.time, Qt::UTC), mtime);
    QCOMPARE(byName[QStringLiteral("big.bin")].size, 100000);
    QVERIFY(byName[QStringLiteral("sub")].isDir);
    QCOMPARE(byName[QStringLiteral("sub")].permissions.at(0), QLatin1Char('d'));
    // Links: shown as links with their target; followed, a link to a folder is a folder.
    const DirEntry &fileLink = byName[QStringLiteral("link-to-file")];
    QVERIFY(fileLink.isLink);
    QVERIFY(!fileLink.isDir);
    QCOMPARE(fileLink.target, QStringLiteral("a.txt"));
    QCOMPARE(fileLink.size, 5); // the target's size
    const DirEntry &dirLink = byName[QStringLiteral("link-to-dir")];
    QVERIFY(dirLink.isLink);
    QVERIFY(dirLink.isDir);
    QCOMPARE(dirLink.target, QStringLiteral("sub"));
    const DirEntry &dangling = byName[QStringLiteral("dangling")];
    QVERIFY(dangling.isLink);
    QVERIFY(!dangling.isDir);
    QCOMPARE(dangling.target, QStringLiteral("nowhere"));

    // Not following: a link to a folder stays a link.
    const SftpOutcome plain = awaitSftp(m_session->list(remote(QStringLiteral("dir")), false));
    QVERIFY(!plain.error);
    for (const DirEntry &e : plain.entries) {
        if (e.name == QLatin1String("link-to-dir")) {
            QVERIFY(e.isLink);
            QVERIFY(!e.isDir);
            QCOMPARE(e.target, QStringLiteral("sub"));
        }
    }

    // A big folder: many READDIR rounds.
    for (int i = 0; i < 1500; ++i)
        QVERIFY(QFile(remote(QStringLiteral("many/f%1").arg(i))).open(QIODevice::WriteOnly) ||
                (QDir().mkpath(remote(QStringLiteral("many"))) &&
                 QFile(remote(QStringLiteral("many/f%1").arg(i))).open(QIODevice::WriteOnly)));
    QVERIFY(QFile::link(QStringLiteral("f1"), remote(QStringLiteral("many/z-link"))));
    SftpCall *manyCall = m_session->list(remote(QStringLiteral("many")));
    QList<QList<DirEntry>> batches;
    connect(manyCall, &RemoteCall::entriesArrived, this,
            [&](const QList<DirEntry> &b) { batches.append(b); });
    const SftpOutcome many = awaitSftp(manyCall);
    QVERIFY(!many.error);
    QCOMPARE(many.entries.size(), 1501);
    // In batches as the listing comes, the link last (once resolved), adding up to the whole.
    QVERIFY2(batches.size() >= 2, qPrintable(QString::number(batches.size())));
    QStringList streamed;
    for (const QList<DirEntry> &b : std::as_const(batches)) {
        for (const DirEntry &e : b)
            streamed.append(e.name);
    }
    QCOMPARE(streamed.size(), 1501);
    QCOMPARE(streamed.last(), QStringLiteral("z-link"));
    QCOMPARE(batches.last().last().target, QStringLiteral("f1"));
    QSet<QString> names;
    for (const DirEntry &e : many.entries)
        names.insert(e.name);
    QCOMPARE(names.size(), 1501);
    QCOMPARE(QSet<QString>(streamed.cbegin(), streamed.cend()), names);
}

void TestSftp::roundTrip_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("0 B") << qint64(0);
    QTest::newRow("1 B") << qint64(1);
    QTest::newRow("255 KiB + 1") << qint64(255 * 1024 + 1);
    QTest::newRow("10 MiB") << qint64(10 * 1024 * 1024);
}

void TestSftp::roundTrip()
{
    QFETCH(qint64, size);
    const QByteArray payload = randomBytes(size, quint32(size) + 7);

    QBuffer source;
    source.setData(payload);
    QVERIFY(source.open(QIODevice::ReadOnly));
    qint64 lastProgress = -1;
    SftpTransfer *up = m_session->upload(&source, remote(QStringLiteral("up.bin")));
    connect(up, &SftpTransfer::progress, this, [&](qint64 bytes) { lastProgress = bytes; });
    SftpOutcome out = awaitSftp(up);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(lastProgress, size);
    QCOMPARE(fileSha256(remote(QStringLiteral("up.bin"))), sha256(payload));
    QCOMPARE(QFileInfo(remote(QStringLiteral("up.bin"))).ownerId(),
             QFileInfo(m_server->rootPath()).ownerId());

    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    qint64 remoteSize = -2;
    SftpTransfer *down = m_session->download(remote(QStringLiteral("up.bin")), &target);
    connect(down, &SftpTransfer::finished, this, [&] { remoteSize = down->remoteSize(); });
    out = awaitSftp(down);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(remoteSize, size);
    QCOMPARE(target.data().size(), payload.size());
    QCOMPARE(sha256(target.data()), sha256(payload));

    // Uploading again over a longer file truncates it.
    QVERIFY(m_server->writeFile(QStringLiteral("longer.bin"), randomBytes(size + 1000, 3)));
    source.seek(0);
    out = awaitSftp(m_session->upload(&source, remote(QStringLiteral("longer.bin"))));
    QVERIFY(!out.error);
    QCOMPARE(fileSha256(remote(QStringLiteral("longer.bin"))), sha256(payload));
}

void TestSftp::resumeDownload()
{
    const QByteArray payload = randomBytes(3 * 1024 * 1024 + 17, 11);
    QVERIFY(m_server->writeFile(QStringLiteral("r.bin"), payload));
    const qint64 have = 1234567;
    QBuffer target;
    target.setData(payload.left(have));
    QVERIFY(target.open(QIODevice::WriteOnly | QIODevice::Append));
    qint64 moved = -1;
    SftpTransfer *down = m_session->download(remote(QStringLiteral("r.bin")), &target, have);
    connect(down, &SftpTransfer::finished, this, [&] { moved = down->bytesTransferred(); });
    const SftpOutcome out = awaitSftp(down);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(moved, payload.size() - have);
    QCOMPARE(sha256(target.data()), sha256(payload));
}

void TestSftp::resumeUpload()
{
    const QByteArray payload = randomBytes(2 * 1024 * 1024 + 5, 12);
    const qint64 have = 777777;
    QVERIFY(m_server->writeFile(QStringLiteral("u.bin"), payload.left(have)));
    QBuffer source;
    source.setData(payload);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(source.seek(have));
    const SftpOutcome out = awaitSftp(m_session->upload(&source, remote(QStringLiteral("u.bin")), have));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(fileSha256(remote(QStringLiteral("u.bin"))), sha256(payload));
}

void TestSftp::utf8Names()
{
    const QString folder = QStringLiteral("папка ünï");
    const QString name = QStringLiteral("été ✓ 日本.txt");
    SftpOutcome out = awaitSftp(m_session->makeDirectory(remote(folder)));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QBuffer source;
    source.setData("utf-8");
    QVERIFY(source.open(QIODevice::ReadOnly));
    out = awaitSftp(m_session->upload(&source, remote(folder + QLatin1Char('/') + name)));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    // On the server's disk, the name is UTF-8.
    QVERIFY(QFile::exists(remote(folder + QLatin1Char('/') + name)));
    out = awaitSftp(m_session->list(remote(folder)));
    QVERIFY(!out.error);
    QCOMPARE(out.entries.size(), 1);
    QCOMPARE(out.entries.first().name, name);
    QCOMPARE(out.entries.first().rawName, name.toUtf8());
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    out = awaitSftp(m_session->download(remote(folder + QLatin1Char('/') + name), &target));
    QVERIFY(!out.error);
    QCOMPARE(target.data(), QByteArray("utf-8"));
}

void TestSftp::makeDirectories()
{
    SftpOutcome out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("one"))));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(QFileInfo(remote(QStringLiteral("one"))).isDir());
    // Without -p: an existing folder and a missing parent are errors.
    out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("one"))));
    QVERIFY(out.error);
    out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("x/y/z"))));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
    // -p: parents made, existing ones fine.
    out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("one/two/three/four")), true));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(QFileInfo(remote(QStringLiteral("one/two/three/four"))).isDir());
    out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("one/two")), true));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    // -p through a file fails clearly.
    QVERIFY(m_server->writeFile(QStringLiteral("file"), "x"));
    out = awaitSftp(m_session->makeDirectory(remote(QStringLiteral("file")), true));
    QVERIFY(out.error);
    QVERIFY2(out.error.message().contains(QLatin1String("a file has that name")),
             qPrintable(out.error.toString()));
}

void TestSftp::renameAndDelete()
{
    QVERIFY(m_server->writeFile(QStringLiteral("a.txt"), "A"));
    QVERIFY(m_server->writeFile(QStringLiteral("b.txt"), "B"));
    QVERIFY(m_server->writeFile(QStringLiteral("d/inner.txt"), "I"));

    SftpOutcome out =
        awaitSftp(m_session->rename(remote(QStringLiteral("a.txt")), remote(QStringLiteral("c.txt"))));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(!QFile::exists(remote(QStringLiteral("a.txt"))));
    QCOMPARE(fileSha256(remote(QStringLiteral("c.txt"))), sha256("A"));
    // Plain RENAME never replaces; with overwrite (posix-rename@openssh.com) it does.
    out = awaitSftp(m_session->rename(remote(QStringLiteral("c.txt")), remote(QStringLiteral("b.txt"))));
    QVERIFY(out.error);
    QCOMPARE(fileSha256(remote(QStringLiteral("b.txt"))), sha256("B"));
    out =
        awaitSftp(m_session->rename(remote(QStringLiteral("c.txt")), remote(QStringLiteral("b.txt")), true));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(fileSha256(remote(QStringLiteral("b.txt"))), sha256("A"));

    out = awaitSftp(m_session->removeFile(remote(QStringLiteral("b.txt"))));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(!QFile::exists(remote(QStringLiteral("b.txt"))));
    // A folder that is not empty stays; emptied, it goes.
    out = awaitSftp(m_session->removeDirectory(remote(QStringLiteral("d"))));
    QVERIFY(out.error);
    QVERIFY(QFileInfo(remote(QStringLiteral("d"))).isDir());
    out = awaitSftp(m_session->removeFile(remote(QStringLiteral("d/inner.txt"))));
    QVERIFY(!out.error);
    out = awaitSftp(m_session->removeDirectory(remote(QStringLiteral("d"))));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("d"))));
}

void TestSftp::errors()
{
    SftpOutcome out = awaitSftp(m_session->removeFile(remote(QStringLiteral("missing"))));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
    QVERIFY2(out.error.message().contains(remote(QStringLiteral("missing"))),
             qPrintable(out.error.toString()));
    out = awaitSftp(m_session->list(remote(QStringLiteral("missing"))));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    out = awaitSftp(m_session->download(remote(QStringLiteral("missing")), &target));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
    out = awaitSftp(m_session->stat(remote(QStringLiteral("missing"))));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
    // Outside what the user may write.
    QBuffer source;
    source.setData("x");
    QVERIFY(source.open(QIODevice::ReadOnly));
    out = awaitSftp(m_session->upload(&source, QStringLiteral("/root/forbidden.txt")));
    QCOMPARE(out.error.kind(), RemoteError::Kind::Permission);
    QVERIFY(!QFile::exists(QStringLiteral("/root/forbidden.txt")));
    // The session stays usable after errors.
    out = awaitSftp(m_session->stat(m_server->rootPath()));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY(out.entry.isDir);
}

void TestSftp::times()
{
    QVERIFY(m_server->writeFile(QStringLiteral("t.txt"), "time"));
    const QDateTime when(QDate(2019, 12, 31), QTime(23, 59, 58), Qt::UTC);
    SftpOutcome out = awaitSftp(m_session->setModificationTime(remote(QStringLiteral("t.txt")), when));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(QFileInfo(remote(QStringLiteral("t.txt"))).lastModified().toUTC(), when);
    out = awaitSftp(m_session->stat(remote(QStringLiteral("t.txt"))));
    QVERIFY(!out.error);
    QCOMPARE(QDateTime(out.entry.date, out.entry.time, Qt::UTC), when);
    QCOMPARE(out.entry.size, 4);
    QCOMPARE(out.entry.name, QStringLiteral("t.txt"));
}

void TestSftp::permissions()
{
    QVERIFY(m_server->writeFile(QStringLiteral("p.sh"), "#!/bin/sh\n"));
    SftpOutcome out = awaitSftp(m_session->chmod(remote(QStringLiteral("p.sh")), 0750));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(remote(QStringLiteral("p.sh"))).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0750));
    out = awaitSftp(m_session->stat(remote(QStringLiteral("p.sh"))));
    QCOMPARE(out.entry.permissions, QStringLiteral("-rwxr-x---"));
    out = awaitSftp(m_session->chmod(remote(QStringLiteral("missing")), 0600));
    QCOMPARE(out.error.kind(), RemoteError::Kind::NotFound);
}

void TestSftp::symlinks()
{
    QVERIFY(m_server->writeFile(QStringLiteral("target.txt"), "linked"));
    SftpOutcome out =
        awaitSftp(m_session->createSymlink(remote(QStringLiteral("l")), QStringLiteral("target.txt")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(QFileInfo(remote(QStringLiteral("l"))).symLinkTarget(), remote(QStringLiteral("target.txt")));
    out = awaitSftp(m_session->readLink(remote(QStringLiteral("l"))));
    QVERIFY(!out.error);
    QCOMPARE(out.path, QStringLiteral("target.txt"));
    // stat follows on request: the link's own attributes, or its target's.
    out = awaitSftp(m_session->stat(remote(QStringLiteral("l")), false));
    QVERIFY(out.entry.isLink);
    QCOMPARE(out.entry.target, QStringLiteral("target.txt"));
    QCOMPARE(out.entry.permissions.at(0), QLatin1Char('l'));
    out = awaitSftp(m_session->stat(remote(QStringLiteral("l")), true));
    QVERIFY(out.entry.isLink);
    QCOMPARE(out.entry.size, 6);
    QCOMPARE(out.entry.permissions.at(0), QLatin1Char('-'));
    // Downloading a link reads what it points to.
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    out = awaitSftp(m_session->download(remote(QStringLiteral("l")), &target));
    QVERIFY(!out.error);
    QCOMPARE(target.data(), QByteArray("linked"));
}

void TestSftp::severalCallsAtOnce()
{
    const QByteArray payload = randomBytes(4 * 1024 * 1024, 21);
    QVERIFY(m_server->writeFile(QStringLiteral("big.bin"), payload));
    for (int i = 0; i < 20; ++i)
        QVERIFY(m_server->writeFile(QStringLiteral("f%1").arg(i), QByteArray::number(i)));
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    // A download, a listing and twenty stats in flight together on one connection.
    RemoteError downloadError(RemoteError::Kind::Timeout, QStringLiteral("never finished"));
    RemoteError listError = downloadError;
    qsizetype listed = -1;
    SftpTransfer *down = m_session->download(remote(QStringLiteral("big.bin")), &target);
    connect(down, &SftpCall::finished, this, [&, down] { downloadError = down->error(); });
    SftpCall *list = m_session->list(m_server->rootPath());
    connect(list, &SftpCall::finished, this, [&, list] {
        listError = list->error();
        listed = list->entries().size();
    });
    QMap<int, qint64> sizes;
    int finished = 0;
    for (int i = 0; i < 20; ++i) {
        SftpCall *call = m_session->stat(remote(QStringLiteral("f%1").arg(i)));
        connect(call, &SftpCall::finished, this, [&, call, i] {
            ++finished;
            if (call->succeeded())
                sizes[i] = call->entry().size;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished, 20, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(listed >= 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(downloadError.kind() != RemoteError::Kind::Timeout, 30000);
    QVERIFY2(!downloadError, qPrintable(downloadError.toString()));
    QVERIFY2(!listError, qPrintable(listError.toString()));
    QCOMPARE(listed, 21);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(sizes.value(i), QByteArray::number(i).size());
    QCOMPARE(sha256(target.data()), sha256(payload));
}

void TestSftp::cancelDownload()
{
    QVERIFY(m_server->writeFile(QStringLiteral("huge.bin"), randomBytes(64 * 1024 * 1024, 5)));
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    SftpTransfer *down = m_session->download(remote(QStringLiteral("huge.bin")), &target);
    connect(down, &SftpTransfer::progress, down, [down](qint64 bytes) {
        if (bytes > 0)
            down->cancel();
    });
    const SftpOutcome out = awaitSftp(down);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Cancelled);
    QVERIFY(target.data().size() < 64 * 1024 * 1024);
    // The connection stays usable and in step.
    const SftpOutcome after = awaitSftp(m_session->stat(remote(QStringLiteral("huge.bin"))));
    QVERIFY2(!after.error, qPrintable(after.error.toString()));
    QCOMPARE(after.entry.size, 64 * 1024 * 1024);
    QCOMPARE(m_session->state(), SftpSession::State::Ready);
}

void TestSftp::rateLimit()
{
    const QByteArray payload = randomBytes(1536 * 1024, 9);
    QVERIFY(m_server->writeFile(QStringLiteral("slow.bin"), payload));
    RateLimiter limiter;
    limiter.setRate(1024 * 1024); // 1 MiB/s: 1.5 MiB take about 1.3 s (after the first burst)
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    QElapsedTimer clock;
    clock.start();
    SftpOutcome out =
        awaitSftp(m_session->download(remote(QStringLiteral("slow.bin")), &target, 0, &limiter));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(sha256(target.data()), sha256(payload));
    QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));

    QBuffer source;
    source.setData(payload);
    QVERIFY(source.open(QIODevice::ReadOnly));
    clock.restart();
    out = awaitSftp(m_session->upload(&source, remote(QStringLiteral("slow-up.bin")), 0, &limiter));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(fileSha256(remote(QStringLiteral("slow-up.bin"))), sha256(payload));
    QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
}

void TestSftp::homeFolder()
{
    const SftpOutcome out = awaitSftp(m_session->realPath(QStringLiteral("~")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(out.path, QStringLiteral("/home/ferrytest"));
    QCOMPARE(m_session->resolvePath(QStringLiteral("~/x")), QStringLiteral("/home/ferrytest/x"));
    const SftpOutcome stat = awaitSftp(m_session->stat(QStringLiteral("~")));
    QVERIFY2(!stat.error, qPrintable(stat.error.toString()));
    QVERIFY(stat.entry.isDir);
}

QTEST_GUILESS_MAIN(TestSftp)
#include "tst_sftp.moc"
