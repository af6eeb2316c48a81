// What the user is told when a command fails, against real servers (issue #13 §4, §9):
// 550/553 to a file command is a remote file error (ferry-cli exit 5) on every server
// whatever its wording; "not supported" only for 500/502 (or 501 to a bare command); a
// 501 to an argument is a rejected argument. And a wrong URL scheme for the port (ftp:// to
// implicit FTPS, ftps:// to plain or explicit FTPS, --tls none to a server requiring TLS)
// ends quickly with a hint to the right one, not a 30 s wait or OpenSSL's words.
// tst_protocol's realServerReplies holds the same replies recorded from all four servers.
#include "awaitop.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/logonoperation.h"
#include "ftp/transferoperation.h"
#include "servertest.h"
#include "testserver.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::Literals::StringLiterals;

namespace {

enum class Meaning { RemoteFile, NotSupported, RejectedArgument, Success };

std::unique_ptr<TestServer> startServer(TestServer::Kind kind, TestServer::Tls tls = TestServer::Tls::None,
                                        bool requireTls = false)
{
    TestServer::Options options;
    options.kind = kind;
    options.tls = tls;
    options.requireTls = requireTls;
    return startTestServer(options);
}

// Plain FTP, whatever the server speaks: the tests below choose the scheme.
SessionConfig configFor(const TestServer &server)
{
    SessionConfig config = sessionConfigFor(server, 30000);
    config.tlsPolicy = TlsPolicy::Never;
    config.tlsMode = TlsMode::Explicit;
    return config;
}

} // namespace

class TestErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fileCommandErrors_data();
    void fileCommandErrors();
    void cliExitCodes_data();
    void cliExitCodes();
    void implicitPortWithPlainScheme_data();
    void implicitPortWithPlainScheme();
    void plainPortWithImplicitScheme_data();
    void plainPortWithImplicitScheme();
    void plainLoginToTlsOnlyServer_data();
    void plainLoginToTlsOnlyServer();
};

void TestErrors::fileCommandErrors_data()
{
    addServerKindRows();
}

// Every failing file command, through the engine's own operations, on the real server.
void TestErrors::fileCommandErrors()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(u"file.txt"_s, "hello\n"));
    QVERIFY(server->writeFile(u"dir/a.txt"_s, "a\n"));
    FtpSession session(configFor(*server));
    const bool vsftpd = TestServer::Kind(kind) == TestServer::Kind::Vsftpd;
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    const struct {
        const char *what;
        std::function<FtpOperation *()> make;
        Meaning meaning;
    } rows[] = {
        {"CWD /nope", [&] { return session.changeDirectory(u"/nope"_s); }, Meaning::RemoteFile},
        {"list /nope", [&] { return session.list(u"/nope"_s, ListMode::Auto); }, Meaning::RemoteFile},
        {"LIST /nope", [&] { return session.list(u"/nope"_s, ListMode::List); }, Meaning::RemoteFile},
        {"RETR /nope", [&] { return session.download(u"/nope"_s, &sink, TransferOptions()); },
         Meaning::RemoteFile},
        {"RETR /dir", [&] { return session.download(u"/dir"_s, &sink, TransferOptions()); },
         Meaning::RemoteFile},
        {"SIZE /nope", [&] { return session.size(u"/nope"_s); }, Meaning::RemoteFile},
        {"MDTM /nope", [&] { return session.modificationTime(u"/nope"_s); }, Meaning::RemoteFile},
        {"DELE /nope", [&] { return session.removeFile(u"/nope"_s); }, Meaning::RemoteFile},
        {"DELE /dir", [&] { return session.removeFile(u"/dir"_s); }, Meaning::RemoteFile},
        {"RMD /dir", [&] { return session.removeDirectory(u"/dir"_s); }, Meaning::RemoteFile},
        {"RNFR /nope", [&] { return session.rename(u"/nope"_s, u"/x"_s); }, Meaning::RemoteFile},
        {"MKD /nope/deeper", [&] { return session.makeDirectory(u"/nope/deeper"_s); }, Meaning::RemoteFile},
        {"MKD /dir", [&] { return session.makeDirectory(u"/dir"_s); }, Meaning::RemoteFile},
        {"SITE CHMOD 644 /nope", [&] { return session.chmod(u"644"_s, u"/nope"_s); }, Meaning::RemoteFile},
        {"SITE CHMOD 999 /file.txt", [&] { return session.chmod(u"999"_s, u"/file.txt"_s); },
         vsftpd ? Meaning::Success : Meaning::RejectedArgument},
        {"XYZZY", [&] { return session.raw(u"XYZZY"_s); }, Meaning::NotSupported},
        {"MODE Z", [&] { return session.raw(u"MODE Z"_s); }, Meaning::RejectedArgument},
        {"raw DELE /nope", [&] { return session.raw(u"DELE /nope"_s); }, Meaning::RemoteFile},
    };
    for (const auto &row : rows) {
        const RemoteError error = awaitOp<FtpOperation>(row.make());
        const QString where = QString::fromLatin1(row.what) + u": "_s + error.toString();
        const bool remoteFile =
            error.kind() == RemoteError::Kind::NotFound || error.kind() == RemoteError::Kind::Permission;
        switch (row.meaning) {
        case Meaning::RemoteFile:
            QVERIFY2(remoteFile, qPrintable(where));
            QVERIFY2(!error.replyText().isEmpty() && error.toString().contains(error.replyText()),
                     qPrintable(where));
            break;
        case Meaning::NotSupported:
            QVERIFY2(error.kind() == RemoteError::Kind::Server &&
                         error.message().contains(u"does not support"_s),
                     qPrintable(where));
            break;
        case Meaning::RejectedArgument:
            QVERIFY2(error.kind() == RemoteError::Kind::Server &&
                         error.message().contains(u"rejected the argument"_s),
                     qPrintable(where));
            break;
        case Meaning::Success:
            QVERIFY2(!error.isError(), qPrintable(where));
            break;
        }
        QVERIFY2(session.isLoggedIn(), qPrintable(where)); // a refusal never costs the session
    }
}

void TestErrors::cliExitCodes_data()
{
    fileCommandErrors_data();
}

// ferry-cli: `ls` of a missing folder is exit 5 with the server's words, and so is every
// file command that the server refuses, whatever the server.
void TestErrors::cliExitCodes()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind));
    QVERIFY(server);
    QVERIFY(server->writeFile(u"dir/a.txt"_s, "a\n"));
    const QString base =
        u"ftp://%1:%2@127.0.0.1:%3"_s.arg(server->userName(), server->password()).arg(server->port());
    QTemporaryDir local;
    const QList<QStringList> commands = {
        {u"ls"_s, base + u"/nope/"_s},
        {u"rm"_s, base + u"/nope"_s},
        {u"rmdir"_s, base + u"/dir"_s},
        {u"mkdir"_s, base + u"/nope/deeper"_s},
        {u"mv"_s, base + u"/nope"_s, u"other"_s},
        {u"get"_s, base + u"/nope"_s, local.filePath(u"x"_s)},
    };
    for (const QStringList &command : commands) {
        const CliResult r = runFerryCli(QStringList{u"--tls=plain"_s} + command);
        QVERIFY2(r.code == 5,
                 qPrintable(command.first() + u": exit "_s + QString::number(r.code) + u' ' + r.err));
        QVERIFY2(r.err.contains(u"(server: 5"_s) || r.err.contains(u"(server: 4"_s), qPrintable(r.err));
    }
    const CliResult unsupported = runFerryCli({u"--tls=plain"_s, u"quote"_s, base + u"/"_s, u"XYZZY"_s});
    QVERIFY2(unsupported.code == 1 && unsupported.err.contains(u"does not support XYZZY"_s),
             qPrintable(unsupported.err));
}

void TestErrors::implicitPortWithPlainScheme_data()
{
    fileCommandErrors_data();
}

// ftp:// (TLS if offered) and ftpes:// to an implicit-FTPS port: the server waits for a TLS
// hello and sends no greeting. The login ends within seconds with the hint to use ftps://.
void TestErrors::implicitPortWithPlainScheme()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind), TestServer::Tls::Implicit);
    QVERIFY(server);
    for (const TlsPolicy policy : {TlsPolicy::IfAvailable, TlsPolicy::Require}) {
        SessionConfig config = configFor(*server);
        config.tlsPolicy = policy;
        config.tlsMode = TlsMode::Explicit;
        FtpSession session(config);
        QElapsedTimer timer;
        timer.start();
        const RemoteError error = awaitOp<FtpOperation>(session.connectToHost());
        const double seconds = double(timer.elapsed()) / 1000.0;
        QVERIFY2(error.kind() == RemoteError::Kind::Tls && error.message().contains(u"use ftps://"_s),
                 qPrintable(error.toString()));
        QVERIFY2(seconds < 8.0, qPrintable(QString::number(seconds)));
    }
    const CliResult r = runFerryCli(
        {u"ls"_s,
         u"ftp://%1:%2@127.0.0.1:%3/"_s.arg(server->userName(), server->password()).arg(server->port())});
    QVERIFY2(r.code == 8 && r.err.contains(u"ftps://127.0.0.1:%1/"_s.arg(server->port())), qPrintable(r.err));
    QVERIFY2(r.seconds < 10.0, qPrintable(QString::number(r.seconds)));
}

void TestErrors::plainPortWithImplicitScheme_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("tls");
    QTest::newRow("pyftpdlib plain") << int(TestServer::Kind::Pyftpdlib) << int(TestServer::Tls::None);
    QTest::newRow("vsftpd plain") << int(TestServer::Kind::Vsftpd) << int(TestServer::Tls::None);
    QTest::newRow("vsftpd explicit FTPS") << int(TestServer::Kind::Vsftpd) << int(TestServer::Tls::Explicit);
}

// ftps:// (implicit) to a port that greets in plain text: the handshake fails at once; the
// user learns it is a plain or explicit-FTPS port, not OpenSSL's "wrong version number".
void TestErrors::plainPortWithImplicitScheme()
{
    QFETCH(int, kind);
    QFETCH(int, tls);
    auto server = startServer(TestServer::Kind(kind), TestServer::Tls(tls));
    QVERIFY(server);
    SessionConfig config = configFor(*server);
    config.tlsPolicy = TlsPolicy::Require;
    config.tlsMode = TlsMode::Implicit;
    FtpSession session(config);
    QElapsedTimer timer;
    timer.start();
    const RemoteError error = awaitOp<FtpOperation>(session.connectToHost());
    QVERIFY2(error.kind() == RemoteError::Kind::Tls && error.message().contains(u"speaks plain FTP"_s) &&
                 error.message().contains(u"ftpes://"_s),
             qPrintable(error.toString()));
    QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));
    const CliResult r = runFerryCli(
        {u"ls"_s,
         u"ftps://%1:%2@127.0.0.1:%3/"_s.arg(server->userName(), server->password()).arg(server->port())});
    QVERIFY2(r.code == 8 && r.err.contains(u"ftpes://127.0.0.1:%1/"_s.arg(server->port())) &&
                 !r.err.contains(u"SSL routines"_s) && !r.err.contains(u"wrong version"_s),
             qPrintable(r.err));
}

void TestErrors::plainLoginToTlsOnlyServer_data()
{
    fileCommandErrors_data();
}

// --tls none to a server that requires TLS: "requires TLS", not "check the user name and
// password" (vsftpd: 530 to USER; pyftpdlib: 550 to USER).
void TestErrors::plainLoginToTlsOnlyServer()
{
    QFETCH(int, kind);
    auto server = startServer(TestServer::Kind(kind), TestServer::Tls::Explicit, true);
    QVERIFY(server);
    FtpSession session(configFor(*server));
    const RemoteError error = awaitOp<FtpOperation>(session.connectToHost());
    QVERIFY2(error.kind() == RemoteError::Kind::Tls && error.message().contains(u"requires TLS"_s),
             qPrintable(error.toString()));
    QVERIFY(!error.message().contains(u"password"_s));
    const CliResult r = runFerryCli(
        {u"--tls=plain"_s, u"ls"_s,
         u"ftp://%1:%2@127.0.0.1:%3/"_s.arg(server->userName(), server->password()).arg(server->port())});
    QVERIFY2(r.code == 8 && r.err.contains(u"requires TLS"_s) && !r.err.contains(u"check the user name"_s),
             qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestErrors)
#include "tst_errors.moc"
