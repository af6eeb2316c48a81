#pragma once

#include "remote/sessionconfig.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslCertificate>
#include <QTest>
#include <memory>

// What the integration tests that run the queue or ferry-cli against a TestServer share.
namespace ferry::test {

// Starts the server, or says on the test's output why it could not.
inline std::unique_ptr<TestServer> startTestServer(const TestServer::Options &options)
{
    QString error;
    auto server = TestServer::start(options, &error);
    if (!server)
        qWarning("cannot start %s: %s", qPrintable(TestServer::kindName(options.kind)), qPrintable(error));
    return server;
}

// The engine's settings for the test user on `server`: plain FTP, or FTPS required and the
// test CA trusted.
inline SessionConfig sessionConfigFor(const TestServer &server, int timeoutMs = 15000)
{
    SessionConfig config;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.timeoutMs = timeoutMs;
    if (server.tls() == TestServer::Tls::None) {
        config.tlsPolicy = TlsPolicy::Never;
    } else {
        config.tlsPolicy = TlsPolicy::Require;
        config.tlsMode = server.tls() == TestServer::Tls::Implicit ? TlsMode::Implicit : TlsMode::Explicit;
        config.extraCaCertificates = QSslCertificate::fromPath(server.caCertificatePath());
    }
    return config;
}

// One row per server kind, in a column "kind".
inline void addServerKindRows()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("pyftpdlib") << int(TestServer::Kind::Pyftpdlib);
    QTest::newRow("vsftpd") << int(TestServer::Kind::Vsftpd);
}

// ferry-cli ($FERRY_CLI, set by ctest) run to its end.
struct CliResult {
    int code = -1; // -1: crashed or killed; -2: did not start
    QString err;   // stderr
    double seconds = 0;
};

inline CliResult runFerryCli(const QStringList &args, const QString &program = {},
                             const QStringList &programArgs = {})
{
    CliResult result;
    QElapsedTimer timer;
    timer.start();
    QProcess p;
    // `program programArgs ferry-cli args` (e.g. setpriv to run it as another user), or ferry-cli.
    if (program.isEmpty())
        p.start(qEnvironmentVariable("FERRY_CLI"), args);
    else
        p.start(program, programArgs + QStringList{qEnvironmentVariable("FERRY_CLI")} + args);
    if (!p.waitForStarted(10000)) {
        result.code = -2;
        result.err = QStringLiteral("ferry-cli did not start: set FERRY_CLI");
        return result;
    }
    if (!p.waitForFinished(120000))
        p.kill();
    result.seconds = double(timer.elapsed()) / 1000.0;
    result.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    result.err = QString::fromUtf8(p.readAllStandardError());
    return result;
}

} // namespace ferry::test
