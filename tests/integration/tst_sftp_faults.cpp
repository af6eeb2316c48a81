// What real servers will not do on request, from python3-asyncssh's SFTP server
// (tests/servers/asyncssh_sftp_server.py): the connection dropped or stalled in the middle
// of a download or an upload (then a resume completes the file byte for byte), keyboard-
// interactive prompts, a server without the SFTP subsystem, hostile names in a listing.
#include "sftptestutil.h"
#include "testutil.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

class TestSftpFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();

    void dropDuringDownloadThenResume();
    void dropDuringUploadThenResume();
    void stallTimesOut();
    void keyboardInteractive();
    void keyboardInteractiveWithPassword();
    void keyboardInteractiveWrong();
    void noSftpSubsystem();
    void hostileNames();

private:
    std::unique_ptr<AsyncSshTestServer> start(const AsyncSshTestServer::Options &options)
    {
        QString error;
        auto server = AsyncSshTestServer::start(options, &error);
        if (!server)
            qWarning("%s", qPrintable(error));
        return server;
    }
    static bool writeFile(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    }

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestSftpFaults::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void TestSftpFaults::dropDuringDownloadThenResume()
{
    AsyncSshTestServer::Options options;
    options.dropAfter = 1024 * 1024;
    const auto server = start(options);
    QVERIFY(server);
    const QByteArray payload = randomBytes(4 * 1024 * 1024 + 99, 31);
    QVERIFY(writeFile(server->rootPath() + QStringLiteral("/f.bin"), payload));
    SftpSession session(sftpConfigFor(*server, *m_home));

    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    SftpOutcome out = awaitSftp(session.download(QStringLiteral("/f.bin"), &target));
    QCOMPARE(out.error.kind(), RemoteError::Kind::Network);
    QVERIFY(out.error.isTransient());
    QVERIFY(target.data().size() <= 1024 * 1024);
    QCOMPARE(target.data(), payload.left(target.data().size())); // what came is right, in order
    QTRY_COMPARE(session.state(), SftpSession::State::Disconnected);

    // The next call reconnects; resuming at what we have completes the file.
    QBuffer rest;
    rest.setData(target.data());
    QVERIFY(rest.open(QIODevice::WriteOnly | QIODevice::Append));
    out = awaitSftp(session.download(QStringLiteral("/f.bin"), &rest, target.data().size()));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(sha256(rest.data()), sha256(payload));
}

void TestSftpFaults::dropDuringUploadThenResume()
{
    AsyncSshTestServer::Options options;
    options.dropAfter = 1024 * 1024;
    const auto server = start(options);
    QVERIFY(server);
    const QByteArray payload = randomBytes(3 * 1024 * 1024 + 5, 32);
    SftpSession session(sftpConfigFor(*server, *m_home));
    QBuffer source;
    source.setData(payload);
    QVERIFY(source.open(QIODevice::ReadOnly));
    SftpOutcome out = awaitSftp(session.upload(&source, QStringLiteral("/up.bin")));
    QCOMPARE(out.error.kind(), RemoteError::Kind::Network);

    // The server kept a prefix; its size says where to resume.
    out = awaitSftp(session.stat(QStringLiteral("/up.bin")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    const qint64 have = out.entry.size;
    QVERIFY(have >= 0 && have < payload.size());
    QVERIFY(source.seek(have));
    out = awaitSftp(session.upload(&source, QStringLiteral("/up.bin"), have));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(fileSha256(server->rootPath() + QStringLiteral("/up.bin")), sha256(payload));
}

void TestSftpFaults::stallTimesOut()
{
    AsyncSshTestServer::Options options;
    options.stallAfter = 512 * 1024;
    const auto server = start(options);
    QVERIFY(server);
    QVERIFY(writeFile(server->rootPath() + QStringLiteral("/s.bin"), randomBytes(2 * 1024 * 1024, 33)));
    SessionConfig config = sftpConfigFor(*server, *m_home);
    config.timeoutMs = 1500;
    SftpSession session(config);
    QVERIFY(!awaitSftp(session.connectToHost()).error);
    QBuffer target;
    QVERIFY(target.open(QIODevice::WriteOnly));
    QElapsedTimer clock;
    clock.start();
    SftpOutcome out = awaitSftp(session.download(QStringLiteral("/s.bin"), &target));
    QCOMPARE(out.error.kind(), RemoteError::Kind::Timeout);
    QVERIFY(out.error.isTransient());
    QVERIFY2(clock.elapsed() >= 1400 && clock.elapsed() < 8000, qPrintable(QString::number(clock.elapsed())));
    // The stalled connection is dropped; the next call works on a new one.
    out = awaitSftp(session.stat(QStringLiteral("/s.bin")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(out.entry.size, 2 * 1024 * 1024);
}

void TestSftpFaults::keyboardInteractive()
{
    AsyncSshTestServer::Options options;
    options.keyboardInteractive = true;
    const auto server = start(options);
    QVERIFY(server);
    SessionConfig config = sftpConfigFor(*server, *m_home);
    config.password.clear();
    SftpSession session(config);
    QList<SecretRequest::Details> asked;
    onSecret(&session, [&](SecretRequest *request) {
        asked.append(request->details());
        request->answer({server->password(), QStringLiteral("42")});
    });
    const SftpOutcome out = awaitSftp(session.connectToHost());
    QVERIFY2(!out.error, qPrintable(out.error.toString() + server->serverLog()));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, SecretRequest::Kind::KeyboardInteractive);
    QCOMPARE(asked[0].name, QStringLiteral("Ferry test"));
    QCOMPARE(asked[0].instruction, QStringLiteral("Answer the prompts."));
    QCOMPARE(asked[0].prompts.size(), 2);
    QCOMPARE(asked[0].prompts[0].text, QStringLiteral("Password: "));
    QVERIFY(!asked[0].prompts[0].echo);
    QCOMPARE(asked[0].prompts[1].text, QStringLiteral("Code: "));
    QVERIFY(asked[0].prompts[1].echo);
}

void TestSftpFaults::keyboardInteractiveWithPassword()
{
    // PAM's usual single "Password:" round takes the password we were given.
    AsyncSshTestServer::Options options;
    options.keyboardInteractivePasswordOnly = true;
    const auto server = start(options);
    QVERIFY(server);
    SftpSession session(sftpConfigFor(*server, *m_home));
    onSecret(&session, [](SecretRequest *) { QFAIL("nothing should be asked"); });
    const SftpOutcome out = awaitSftp(session.connectToHost());
    QVERIFY2(!out.error, qPrintable(out.error.toString() + server->serverLog()));
}

void TestSftpFaults::keyboardInteractiveWrong()
{
    AsyncSshTestServer::Options options;
    options.keyboardInteractive = true;
    const auto server = start(options);
    QVERIFY(server);
    SftpSession session(sftpConfigFor(*server, *m_home));
    int asked = 0;
    onSecret(&session, [&](SecretRequest *request) {
        ++asked;
        request->answer({server->password(), QStringLiteral("41")});
    });
    const SftpOutcome out = awaitSftp(session.connectToHost());
    QCOMPARE(out.error.kind(), RemoteError::Kind::Auth);
    QVERIFY(asked >= 1);
}

void TestSftpFaults::noSftpSubsystem()
{
    AsyncSshTestServer::Options options;
    options.noSftp = true;
    const auto server = start(options);
    QVERIFY(server);
    SftpSession session(sftpConfigFor(*server, *m_home));
    const SftpOutcome out = awaitSftp(session.connectToHost());
    QVERIFY(out.error);
    QVERIFY2(out.error.message().contains(QLatin1String("SFTP")), qPrintable(out.error.toString()));
}

void TestSftpFaults::hostileNames()
{
    AsyncSshTestServer::Options options;
    options.hostileNames = true;
    const auto server = start(options);
    QVERIFY(server);
    QVERIFY(writeFile(server->rootPath() + QStringLiteral("/real.txt"), "r"));
    SftpSession session(sftpConfigFor(*server, *m_home));
    QStringList errors;
    connect(&session, &SftpSession::transcript, this, [&](const TranscriptLine &line) {
        if (line.kind == TranscriptLine::Kind::Error)
            errors.append(line.text);
    });
    const SftpOutcome out = awaitSftp(session.list(QStringLiteral("/")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QStringList names;
    for (const DirEntry &e : out.entries)
        names.append(e.name);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("ok-extra"), QStringLiteral("real.txt")}));
    QVERIFY2(errors.size() >= 3, qPrintable(errors.join(QLatin1Char('\n')))); // "a/b", "x\ny", "" reported
}

QTEST_GUILESS_MAIN(TestSftpFaults)
#include "tst_sftp_faults.moc"
