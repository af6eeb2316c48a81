// The engine against real servers (pyftpdlib or vsftpd, chosen at build time), in a
// matrix of passive/active × IPv4/IPv6 — or, built with FERRY_TEST_TLS, of explicit/
// implicit FTPS × TLS 1.3/1.2-only × passive/active. Results are checked whole: bytes
// by SHA-256, names exactly, files on the server's disk.
#include "awaitop.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/logonoperation.h"
#include "ftp/transferoperation.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/localfile.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <map>

using namespace ferry;
using namespace ferry::test;

namespace {

#ifndef FERRY_TEST_SERVER_KIND
#error "FERRY_TEST_SERVER_KIND must be 0 (pyftpdlib) or 1 (vsftpd)"
#endif
constexpr TestServer::Kind ServerKind = TestServer::Kind(FERRY_TEST_SERVER_KIND);
#ifdef FERRY_TEST_TLS
constexpr bool WithTls = true;
#else
constexpr bool WithTls = false;
#endif

// A download target that runs `onFirstWrite` (from the event loop) once data arrives, and
// can be made to fail its writes like a full disk.
class ProbeDevice : public QIODevice {
public:
    std::function<void()> onFirstWrite;
    bool failWrites = false;
    qint64 written = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (written == 0 && onFirstWrite)
            QTimer::singleShot(0, onFirstWrite);
        written += len;
        if (failWrites) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        return len;
    }
};

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanupTestCase();

    void listing();
    void roundTrip_data();
    void roundTrip();
    void asciiConversion();
    void resumeDownload();
    void resumeUpload();
    void fileOperations();
    void modificationTimeRoundTrip();
    void utf8Names_data();
    void utf8Names();
    void sizeAndInfoCommands();
    void uniqueUpload();
    void chmod();
    void abortKeepsSessionUsable();
    void localWriteFailure();
    void reinitialize();
    void keepAliveAndIdleTimeout();
    void idleTimeoutWhenKeepAliveIsDue();
    void wrongPassword();
    void downloadMissingKeepsGoodFile();
    void refusedUploadReportsServerReply();

private:
    TestServer *server();
    SessionConfig config();
    std::unique_ptr<FtpSession> session();
    QString tag(const QString &name) const;

    std::map<QString, std::unique_ptr<TestServer>> m_servers; // by family and TLS setup
    QTemporaryDir m_local;
};

void TestSession::initTestCase_data()
{
    QTest::addColumn<bool>("active");
    QTest::addColumn<bool>("ipv6");
    QTest::addColumn<int>("tls"); // TestServer::Tls
    QTest::addColumn<bool>("tls13");
    if (!WithTls) {
        QTest::newRow("passive-ipv4") << false << false << int(TestServer::Tls::None) << false;
        QTest::newRow("active-ipv4") << true << false << int(TestServer::Tls::None) << false;
        QTest::newRow("passive-ipv6") << false << true << int(TestServer::Tls::None) << false;
        QTest::newRow("active-ipv6") << true << true << int(TestServer::Tls::None) << false;
        return;
    }
    for (const TestServer::Tls tls : {TestServer::Tls::Explicit, TestServer::Tls::Implicit}) {
        for (const bool tls13 : {true, false}) {
            for (const bool active : {false, true}) {
                const QByteArray tag =
                    QByteArray(tls == TestServer::Tls::Explicit ? "explicit" : "implicit") +
                    (tls13 ? "-tls13" : "-tls12") + (active ? "-active" : "-passive");
                QTest::newRow(tag.constData()) << active << false << int(tls) << tls13;
            }
        }
    }
}

void TestSession::initTestCase()
{
    QVERIFY(m_local.isValid());
}

void TestSession::init()
{
    QVERIFY2(server() != nullptr, "the test server did not start");
}

void TestSession::cleanupTestCase()
{
    m_servers.clear(); // stops each server by PID
}

TestServer *TestSession::server()
{
    QFETCH_GLOBAL(bool, ipv6);
    QFETCH_GLOBAL(int, tls);
    QFETCH_GLOBAL(bool, tls13);
    auto &slot = m_servers[QStringLiteral("%1-%2-%3").arg(ipv6).arg(tls).arg(tls13)];
    if (!slot) {
        TestServer::Options options;
        options.kind = ServerKind;
        options.address = QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
        options.tls = TestServer::Tls(tls);
        options.tls13 = tls13;
        options.cert = TestServer::TlsCert::CaSigned; // a fully valid chain with the test CA
        QString error;
        slot = TestServer::start(options, &error);
        if (!slot)
            qWarning("%s", qPrintable(error));
    }
    return slot.get();
}

SessionConfig TestSession::config()
{
    QFETCH_GLOBAL(bool, active);
    SessionConfig config;
    config.host = server()->address().toString();
    config.port = server()->port();
    config.user = server()->userName();
    config.password = server()->password();
    config.dataMode = active ? DataMode::Active : DataMode::Passive;
    config.allowModeFallback = false; // each row must really use its mode
    QFETCH_GLOBAL(int, tls);
    if (TestServer::Tls(tls) == TestServer::Tls::None) {
        config.tlsPolicy = TlsPolicy::Never;
    } else {
        config.tlsPolicy = TlsPolicy::Require;
        config.tlsMode =
            TestServer::Tls(tls) == TestServer::Tls::Implicit ? TlsMode::Implicit : TlsMode::Explicit;
        config.extraCaCertificates = QSslCertificate::fromPath(server()->caCertificatePath());
    }
    config.timeoutMs = 20000;
    return config;
}

std::unique_ptr<FtpSession> TestSession::session()
{
    return std::make_unique<FtpSession>(config());
}

// A name unique to the current global row, so rows never see each other's files.
QString TestSession::tag(const QString &name) const
{
    QFETCH_GLOBAL(bool, active);
    QFETCH_GLOBAL(bool, ipv6);
    QFETCH_GLOBAL(int, tls);
    QFETCH_GLOBAL(bool, tls13);
    QString t = QString::fromLatin1(QTest::currentTestFunction()) + QLatin1Char('-');
    t += QString::fromLatin1(QTest::currentDataTag() ? QTest::currentDataTag() : "");
    t += active ? QLatin1String("-active") : QLatin1String("-passive");
    t += ipv6 ? QLatin1String("-v6-") : QLatin1String("-v4-");
    t += QString::number(tls) + (tls13 ? QLatin1String("-13-") : QLatin1String("-12-"));
    return t + name;
}

void TestSession::listing()
{
    const QString dir = tag(QStringLiteral("listdir"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/a.txt"), "hello"));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/sub/x.bin"), QByteArray(1234, 'x')));
    QVERIFY(server()->writeFile(dir + QStringLiteral("/-dash.txt"), "12"));

    auto s = session();
    QStringList statusLines;
    connect(s.get(), &FtpSession::transcript, this, [&statusLines](const TranscriptLine &line) {
        if (line.kind == TranscriptLine::Kind::Status)
            statusLines.append(line.text);
    });
    for (const ListMode mode : {ListMode::Auto, ListMode::List}) {
        QList<DirEntry> entries;
        ListMode used = mode;
        const RemoteError error =
            awaitOp<ListOperation>(s->list(QLatin1Char('/') + dir, mode), [&](ListOperation *op) {
                entries = op->entries();
                used = op->usedMode();
            });
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        if (mode == ListMode::Auto)
            QCOMPARE(used, ServerKind == TestServer::Kind::Pyftpdlib ? ListMode::Mlsd : ListMode::List);
        std::map<QString, DirEntry> byName;
        for (const DirEntry &e : std::as_const(entries))
            byName[e.name] = e;
        QCOMPARE(byName.size(), size_t(3));
        QCOMPARE(byName[QStringLiteral("a.txt")].size, 5);
        QVERIFY(!byName[QStringLiteral("a.txt")].isDir);
        QVERIFY(byName[QStringLiteral("sub")].isDir);
        QCOMPARE(byName[QStringLiteral("-dash.txt")].size, 2);
        QVERIFY(byName[QStringLiteral("a.txt")].date.isValid());
    }
    if (WithTls) {
        // Control and data connections are encrypted, with the TLS version the server allows,
        // and every data connection resumed the control connection's session.
        QFETCH_GLOBAL(bool, tls13);
        QVERIFY(s->isEncrypted());
        QVERIFY(s->isDataProtected());
        QVERIFY2(
            s->tlsDescription().startsWith(tls13 ? QStringLiteral("TLS 1.3") : QStringLiteral("TLS 1.2")),
            qPrintable(s->tlsDescription()));
        const QStringList data = statusLines.filter(QStringLiteral("TLS data connection"));
        QCOMPARE(data.size(), 2);
        for (const QString &line : data)
            QVERIFY2(line.contains(QStringLiteral("session resumed")), qPrintable(line));
    } else {
        QVERIFY(!s->isEncrypted());
    }
    // A per-site server-type override reaches the parser: forced to DOS, these Unix LIST
    // lines are not entries; forced to Unix they all are.
    for (const auto &[type, expected] : {std::pair{ServerType::Dos, 0}, std::pair{ServerType::Unix, 3}}) {
        SessionConfig forced = config();
        forced.serverType = type;
        FtpSession other(forced);
        qsizetype count = -1;
        const RemoteError listError =
            awaitOp<ListOperation>(other.list(QLatin1Char('/') + dir, ListMode::List),
                                   [&](ListOperation *op) { count = op->entries().size(); });
        QVERIFY2(!listError.isError(), qPrintable(listError.toString()));
        QCOMPARE(count, qsizetype(expected));
    }
    QStringList names;
    const RemoteError error = awaitOp<ListOperation>(s->list(QLatin1Char('/') + dir, ListMode::Nlst),
                                                     [&](ListOperation *op) { names = op->names(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    names.sort();
    QCOMPARE(names,
             (QStringList{QStringLiteral("-dash.txt"), QStringLiteral("a.txt"), QStringLiteral("sub")}));
}

void TestSession::roundTrip_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("0B") << qint64(0);
    QTest::newRow("1B") << qint64(1);
    QTest::newRow("10MiB") << qint64(10 * 1024 * 1024);
}

void TestSession::roundTrip()
{
    QFETCH(qint64, size);
    const QByteArray data = randomBytes(size, quint32(size) + 7);
    const QString localSource = m_local.filePath(tag(QStringLiteral("src.bin")));
    {
        QFile f(localSource);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), size);
    }
    const QString remote = QLatin1Char('/') + tag(QStringLiteral("rt.bin"));
    auto s = session();

    QFile source(localSource);
    QVERIFY(source.open(QIODevice::ReadOnly));
    qint64 sent = -1;
    TransferOptions options;
    options.sizeHint = size;
    RemoteError error = awaitOp<TransferOperation>(
        s->upload(&source, remote, options), [&](TransferOperation *op) { sent = op->bytesTransferred(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(sent, size);
    QCOMPARE(fileSha256(server()->rootPath() + remote), sha256(data));

    const QString localTarget = m_local.filePath(tag(QStringLiteral("dl.bin")));
    PartFile part(localTarget);
    QVERIFY(!part.open(false).isError());
    error = awaitOp(s->download(remote, part.device(), {}));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(!part.commit().isError());
    QCOMPARE(fileSha256(localTarget), sha256(data));
    QVERIFY(!QFile::exists(PartFile::partPathFor(localTarget)));
}

void TestSession::asciiConversion()
{
    // vsftpd stores and sends bytes as they are (ascii_*_enable=NO); pyftpdlib converts
    // CRLF to the server's LF on STOR and back on RETR. Either way a text file goes up
    // with LF and comes back with LF, and CRLF is what crossed the wire.
    const bool vsftpd = ServerKind == TestServer::Kind::Vsftpd;
    const QString remote = QLatin1Char('/') + tag(QStringLiteral("text.txt"));
    auto s = session();
    QBuffer up;
    up.setData("line one\nline two\n\nend");
    up.open(QIODevice::ReadOnly);
    TransferOptions ascii;
    ascii.type = TransferType::Ascii;
    RemoteError error = awaitOp(s->upload(&up, remote, ascii));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QFile stored(server()->rootPath() + remote);
    QVERIFY(stored.open(QIODevice::ReadOnly));
    QCOMPARE(stored.readAll(), vsftpd ? QByteArray("line one\r\nline two\r\n\r\nend")
                                      : QByteArray("line one\nline two\n\nend"));
    QBuffer down;
    down.open(QIODevice::WriteOnly);
    error = awaitOp(s->download(remote, &down, ascii));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(down.data(), QByteArray("line one\nline two\n\nend"));
    // Binary afterwards: the session switches TYPE back and the bytes are untouched.
    QBuffer binary;
    binary.open(QIODevice::WriteOnly);
    error = awaitOp(s->download(remote, &binary, {}));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(binary.data(), vsftpd ? QByteArray("line one\r\nline two\r\n\r\nend")
                                   : QByteArray("line one\nline two\n\nend"));
}

void TestSession::resumeDownload()
{
    const QByteArray data = randomBytes(1024 * 1024 + 17, 42);
    const QString remote = tag(QStringLiteral("resume.bin"));
    QVERIFY(server()->writeFile(remote, data));
    const QString localTarget = m_local.filePath(tag(QStringLiteral("resume.bin")));
    {
        QFile part(PartFile::partPathFor(localTarget));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(data.left(300000));
    }
    PartFile part(localTarget);
    QVERIFY(!part.open(true).isError());
    QCOMPARE(part.resumeOffset(), 300000);
    auto s = session();
    TransferOptions options;
    options.offset = part.resumeOffset();
    qint64 moved = -1;
    const RemoteError error =
        awaitOp<TransferOperation>(s->download(QLatin1Char('/') + remote, part.device(), options),
                                   [&](TransferOperation *op) { moved = op->bytesTransferred(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(moved, data.size() - 300000); // only the rest crossed the network
    QVERIFY(!part.commit().isError());
    QCOMPARE(fileSha256(localTarget), sha256(data));
}

void TestSession::resumeUpload()
{
    const QByteArray data = randomBytes(700000, 9);
    const QString remote = tag(QStringLiteral("up-resume.bin"));
    QVERIFY(server()->writeFile(remote, data.left(250000)));
    auto s = session();
    qint64 remoteSize = -1;
    RemoteError error = awaitOp<CommandOperation>(
        s->size(QLatin1Char('/') + remote), [&](CommandOperation *op) { remoteSize = op->sizeResult(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(remoteSize, 250000);
    QBuffer source;
    source.setData(data);
    source.open(QIODevice::ReadOnly);
    QVERIFY(source.seek(remoteSize));
    TransferOptions options;
    options.uploadMode = TransferOptions::UploadMode::Append;
    error = awaitOp(s->upload(&source, QLatin1Char('/') + remote, options));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(fileSha256(server()->rootPath() + QLatin1Char('/') + remote), sha256(data));

    // REST + STOR resumes too (RFC 3659 §5).
    QVERIFY(server()->writeFile(remote, data.left(100000)));
    QVERIFY(source.seek(100000));
    TransferOptions rest;
    rest.offset = 100000;
    error = awaitOp(s->upload(&source, QLatin1Char('/') + remote, rest));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(fileSha256(server()->rootPath() + QLatin1Char('/') + remote), sha256(data));
}

void TestSession::fileOperations()
{
    const QString root = server()->rootPath();
    const QString dir = QLatin1Char('/') + tag(QStringLiteral("ops"));
    auto s = session();
    QString created;
    RemoteError error =
        awaitOp<CommandOperation>(s->makeDirectory(dir), [&](CommandOperation *op) { created = op->path(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(QFileInfo(root + dir).isDir());
    QVERIFY(created.endsWith(dir));

    QVERIFY2(!(error = awaitOp(s->changeDirectory(dir))).isError(), qPrintable(error.toString()));
    QString pwd;
    error = awaitOp<CommandOperation>(s->printWorkingDirectory(),
                                      [&](CommandOperation *op) { pwd = op->path(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(pwd, dir);
    QVERIFY(!awaitOp(s->changeToParent()).isError());
    error = awaitOp<CommandOperation>(s->printWorkingDirectory(),
                                      [&](CommandOperation *op) { pwd = op->path(); });
    QCOMPARE(pwd, QStringLiteral("/"));

    QBuffer content;
    content.setData("data");
    content.open(QIODevice::ReadOnly);
    QVERIFY(!awaitOp(s->upload(&content, dir + QStringLiteral("/one.txt"), {})).isError());
    error = awaitOp(s->rename(dir + QStringLiteral("/one.txt"), dir + QStringLiteral("/two.txt")));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(!QFile::exists(root + dir + QStringLiteral("/one.txt")));
    QVERIFY(QFile::exists(root + dir + QStringLiteral("/two.txt")));

    // Removing a non-empty folder fails; delete, then it works.
    error = awaitOp(s->removeDirectory(dir));
    QVERIFY(error.isError());
    QCOMPARE(error.replyCode(), 550);
    QVERIFY(!awaitOp(s->removeFile(dir + QStringLiteral("/two.txt"))).isError());
    QVERIFY(!QFile::exists(root + dir + QStringLiteral("/two.txt")));
    error = awaitOp(s->removeDirectory(dir));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(!QFileInfo::exists(root + dir));

    error = awaitOp(s->removeFile(dir + QStringLiteral("/nope")));
    QVERIFY(error.isError());
    QCOMPARE(error.replyCode(), 550);
    error = awaitOp(s->rename(QStringLiteral("/no-such-file"), QStringLiteral("/x")));
    QVERIFY(error.isError());
}

void TestSession::refusedUploadReportsServerReply()
{
    // An upload writes as soon as its data connection is up, before the server's "150"; a
    // server that refuses the STOR then resets a connection we have written to. The error
    // must still be the server's reply, and the session must stay usable.
    auto s = session();
    const QByteArray payload = randomBytes(2 * 1024 * 1024, 19);
    QBuffer content;
    content.setData(payload);
    content.open(QIODevice::ReadOnly);
    const RemoteError error =
        awaitOp(s->upload(&content, QStringLiteral("/no-such-folder-%1/x.bin").arg(tag(QString())), {}));
    QVERIFY(error.isError());
    QVERIFY2(error.replyCode() == 550 || error.replyCode() == 553, qPrintable(error.toString()));
    QVERIFY(!awaitOp(s->noop()).isError());
}

void TestSession::modificationTimeRoundTrip()
{
    const QString remote = tag(QStringLiteral("mtime.txt"));
    QVERIFY(server()->writeFile(remote, "t"));
    const QDateTime when(QDate(2020, 1, 2), QTime(3, 4, 5), QTimeZone::utc());
    auto s = session();
    RemoteError error = awaitOp(s->setModificationTime(QLatin1Char('/') + remote, when));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QDateTime got;
    error = awaitOp<CommandOperation>(s->modificationTime(QLatin1Char('/') + remote),
                                      [&](CommandOperation *op) { got = op->timeResult(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(got, when);
    QCOMPARE(QFileInfo(server()->rootPath() + QLatin1Char('/') + remote).lastModified().toUTC(), when);
}

void TestSession::utf8Names_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("e-acute") << QStringLiteral("caf\u00e9.txt");
    QTest::newRow("japanese") << QStringLiteral("\u65e5\u672c\u8a9e.txt");
    QTest::newRow("spaces") << QStringLiteral("with some spaces.txt");
    QTest::newRow("leading-space") << QStringLiteral(" leading.txt");
}

void TestSession::utf8Names()
{
    QFETCH(QString, name);
    const QString dir = QLatin1Char('/') + tag(QStringLiteral("names"));
    auto s = session();
    QVERIFY(!awaitOp(s->makeDirectory(dir)).isError());
    const QByteArray payload = name.toUtf8() + " payload";
    QBuffer up;
    up.setData(payload);
    up.open(QIODevice::ReadOnly);
    RemoteError error = awaitOp(s->upload(&up, dir + QLatin1Char('/') + name, {}));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    // On the server's disk under exactly that (UTF-8) name.
    QCOMPARE(fileSha256(server()->rootPath() + dir + QLatin1Char('/') + name), sha256(payload));
    QStringList listed;
    error = awaitOp<ListOperation>(s->list(dir, ListMode::Auto), [&](ListOperation *op) {
        for (const DirEntry &e : op->entries())
            listed.append(e.name);
    });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(listed, QStringList{name});
    QBuffer down;
    down.open(QIODevice::WriteOnly);
    error = awaitOp(s->download(dir + QLatin1Char('/') + name, &down, {}));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(down.data(), payload);
}

void TestSession::sizeAndInfoCommands()
{
    const QString remote = tag(QStringLiteral("sized.bin"));
    QVERIFY(server()->writeFile(remote, QByteArray(4321, 'z')));
    auto s = session();
    qint64 size = -1;
    RemoteError error = awaitOp<CommandOperation>(s->size(QLatin1Char('/') + remote),
                                                  [&](CommandOperation *op) { size = op->sizeResult(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(size, 4321);
    error = awaitOp(s->size(QStringLiteral("/does-not-exist")));
    QCOMPARE(error.replyCode(), 550);

    QString text;
    auto textOf = [&](CommandOperation *op) { text = op->text(); };
    QVERIFY(!awaitOp<CommandOperation>(s->system(), textOf).isError());
    QVERIFY(text.contains(QStringLiteral("UNIX")));
    QVERIFY(s->systemType().contains(QStringLiteral("UNIX")));
    QVERIFY(!awaitOp<CommandOperation>(s->help(), textOf).isError());
    QVERIFY(text.contains(QStringLiteral("RETR"), Qt::CaseInsensitive));
    QVERIFY(!awaitOp<CommandOperation>(s->stat(), textOf).isError());
    QVERIFY(!text.isEmpty());
    QVERIFY(!awaitOp(s->noop()).isError());
    QVERIFY(!awaitOp(s->allocate(1000)).isError()); // 200 or 202
    FtpReply reply;
    auto *raw = s->raw(QStringLiteral("SYST"));
    connect(raw, &FtpOperation::finished, this, [&] { reply = raw->lastReply(); });
    QVERIFY(!awaitOp(raw).isError());
    QCOMPARE(reply.code, 215);
    error = awaitOp(s->raw(QStringLiteral("XYZZY")));
    QVERIFY(error.isError());
    QCOMPARE(error.replyCode() / 100, 5);
    QVERIFY(!awaitOp(s->quit()).isError());
    QCOMPARE(s->state(), FtpSession::State::Disconnected);
}

void TestSession::uniqueUpload()
{
    const QString dir = QLatin1Char('/') + tag(QStringLiteral("stou"));
    auto s = session();
    QVERIFY(!awaitOp(s->makeDirectory(dir)).isError());
    QVERIFY(!awaitOp(s->changeDirectory(dir)).isError());
    QBuffer up;
    up.setData("unique content");
    up.open(QIODevice::ReadOnly);
    TransferOptions options;
    options.uploadMode = TransferOptions::UploadMode::Unique;
    QString name;
    const RemoteError error = awaitOp<TransferOperation>(
        s->upload(&up, QString(), options), [&](TransferOperation *op) { name = op->uniqueName(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    const QStringList files = QDir(server()->rootPath() + dir).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QVERIFY2(name.endsWith(files.first()), qPrintable(name + QStringLiteral(" vs ") + files.first()));
    QCOMPARE(fileSha256(server()->rootPath() + dir + QLatin1Char('/') + files.first()),
             sha256("unique content"));
}

void TestSession::chmod()
{
    const QString remote = tag(QStringLiteral("mode.txt"));
    QVERIFY(server()->writeFile(remote, "m"));
    auto s = session();
    const RemoteError error = awaitOp(s->chmod(QStringLiteral("600"), QLatin1Char('/') + remote));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    const QFileDevice::Permissions perms =
        QFileInfo(server()->rootPath() + QLatin1Char('/') + remote).permissions();
    QVERIFY(perms & QFileDevice::ReadOwner);
    QVERIFY(perms & QFileDevice::WriteOwner);
    QVERIFY(!(perms & QFileDevice::ReadGroup));
    QVERIFY(!(perms & QFileDevice::ReadOther));
}

void TestSession::abortKeepsSessionUsable()
{
    const QString remote = tag(QStringLiteral("big.bin"));
    QVERIFY(server()->writeFile(remote, randomBytes(64 * 1024 * 1024, 3)));
    auto s = session();
    ProbeDevice device;
    device.open(QIODevice::WriteOnly);
    auto *op = s->download(QLatin1Char('/') + remote, &device, {});
    QPointer<TransferOperation> guard(op);
    device.onFirstWrite = [guard] {
        if (guard)
            guard->cancel();
    };
    const RemoteError error = awaitOp(op);
    QCOMPARE(error.kind(), RemoteError::Kind::Cancelled);
    QVERIFY(device.written > 0);
    QVERIFY(device.written < 64 * 1024 * 1024);
    // Still logged in, and the next commands get their own replies.
    QCOMPARE(s->state(), FtpSession::State::Ready);
    qint64 size = -1;
    const RemoteError next = awaitOp<CommandOperation>(s->size(QLatin1Char('/') + remote),
                                                       [&](CommandOperation *c) { size = c->sizeResult(); });
    QVERIFY2(!next.isError(), qPrintable(next.toString()));
    QCOMPARE(size, 64 * 1024 * 1024);
    QBuffer small;
    small.open(QIODevice::WriteOnly);
    QVERIFY(server()->writeFile(tag(QStringLiteral("after.txt")), "after"));
    QVERIFY(!awaitOp(s->download(QLatin1Char('/') + tag(QStringLiteral("after.txt")), &small, {})).isError());
    QCOMPARE(small.data(), QByteArray("after"));
}

void TestSession::localWriteFailure()
{
    const QString remote = tag(QStringLiteral("diskfull.bin"));
    QVERIFY(server()->writeFile(remote, randomBytes(8 * 1024 * 1024, 5)));
    auto s = session();
    ProbeDevice device;
    device.failWrites = true;
    device.open(QIODevice::WriteOnly);
    const RemoteError error = awaitOp(s->download(QLatin1Char('/') + remote, &device, {}));
    QCOMPARE(error.kind(), RemoteError::Kind::LocalIo);
    QVERIFY(error.message().contains(QStringLiteral("No space left")));
    QVERIFY(!awaitOp(s->noop()).isError());
    QCOMPARE(s->state(), FtpSession::State::Ready);
}

void TestSession::reinitialize()
{
    auto s = session();
    QVERIFY(!awaitOp(s->connectToHost()).isError());
    if (WithTls) {
        // Refused before sending: a re-login after REIN might go out in clear.
        QStringList commands;
        connect(s.get(), &FtpSession::transcript, this, [&commands](const TranscriptLine &line) {
            if (line.kind == TranscriptLine::Kind::Command)
                commands.append(line.text);
        });
        QCOMPARE(awaitOp(s->reinitialize()).kind(), RemoteError::Kind::InvalidArgument);
        QVERIFY(!awaitOp(s->noop()).isError());
        QCOMPARE(commands, QStringList{QStringLiteral("NOOP")});
        return;
    }
    const RemoteError error = awaitOp(s->reinitialize());
    if (ServerKind == TestServer::Kind::Vsftpd) {
        // vsftpd does not implement REIN: a clear refusal, and the session goes on.
        QCOMPARE(error.replyCode(), 502);
    } else {
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
    }
    QString pwd;
    const RemoteError after = awaitOp<CommandOperation>(s->printWorkingDirectory(),
                                                        [&](CommandOperation *op) { pwd = op->path(); });
    QVERIFY2(!after.isError(), qPrintable(after.toString()));
    QCOMPARE(pwd, QStringLiteral("/"));
}

void TestSession::keepAliveAndIdleTimeout()
{
    SessionConfig c = config();
    c.keepAliveMs = 300;
    c.idleTimeoutMs = 1500;
    FtpSession s(c);
    QStringList commands;
    connect(&s, &FtpSession::transcript, this, [&commands](const TranscriptLine &line) {
        if (line.kind == TranscriptLine::Kind::Command)
            commands.append(line.text);
    });
    QVERIFY(!awaitOp(s.connectToHost()).isError());
    QTRY_VERIFY_WITH_TIMEOUT(commands.contains(QStringLiteral("NOOP")), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(s.state(), FtpSession::State::Disconnected, 8000);
    QVERIFY(commands.contains(QStringLiteral("QUIT")));
}

void TestSession::idleTimeoutWhenKeepAliveIsDue()
{
    // Both timers start together and fire in the same turn of the event loop: the keep-alive
    // queues its NOOP just before the idle timeout looks. The session must still go.
    SessionConfig c = config();
    c.keepAliveMs = 400;
    c.idleTimeoutMs = 400;
    FtpSession s(c);
    QVERIFY(!awaitOp(s.connectToHost()).isError());
    QTRY_COMPARE_WITH_TIMEOUT(s.state(), FtpSession::State::Disconnected, 8000);
}

void TestSession::wrongPassword()
{
    SessionConfig c = config();
    c.password = QStringLiteral("definitely-wrong");
    FtpSession s(c);
    QStringList transcript;
    connect(&s, &FtpSession::transcript, this,
            [&transcript](const TranscriptLine &line) { transcript.append(line.text); });
    const RemoteError error = awaitOp(s.connectToHost());
    QCOMPARE(error.kind(), RemoteError::Kind::Auth);
    QCOMPARE(error.replyCode(), 530);
    QVERIFY(!transcript.join(QLatin1Char('\n')).contains(QStringLiteral("definitely-wrong")));
    QVERIFY(transcript.contains(QStringLiteral("PASS ****")));
}

void TestSession::downloadMissingKeepsGoodFile()
{
    const QString localTarget = m_local.filePath(tag(QStringLiteral("good.txt")));
    {
        QFile good(localTarget);
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("good content");
    }
    auto s = session();
    PartFile part(localTarget);
    QVERIFY(!part.open(false).isError());
    const RemoteError error = awaitOp(s->download(QStringLiteral("/no-such-file.txt"), part.device(), {}));
    QCOMPARE(error.kind(), RemoteError::Kind::NotFound);
    part.abandon();
    QVERIFY(!part.kept());
    QFile good(localTarget);
    QVERIFY(good.open(QIODevice::ReadOnly));
    QCOMPARE(good.readAll(), QByteArray("good content"));
    QVERIFY(!QFile::exists(PartFile::partPathFor(localTarget)));
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
