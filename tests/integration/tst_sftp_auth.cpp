// SFTP logins and host keys against OpenSSH's sshd: password (right, wrong, asked), key
// files (ed25519, ECDSA, RSA; with a passphrase asked, wrong, refused), the agent, the
// order (keys before the password), and host keys unknown / accepted once / trusted always
// / changed / revoked / hashed in known_hosts / given as a fingerprint.
#include "sftptestutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using Key = SshTestKeys::Key;

namespace {

QString key(Key k)
{
    QString error;
    const QString path = SshTestKeys::path(k, &error);
    if (path.isEmpty())
        qFatal("ssh-keygen: %s", qPrintable(error));
    return path;
}

void transcriptOf(SftpSession *session, QStringList *lines)
{
    QObject::connect(session, &SftpSession::transcript, session,
                     [lines](const TranscriptLine &line) { lines->append(line.text); });
}

} // namespace

class TestSftpAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void wrongPassword();
    void passwordAsked();
    void nothingToOffer();
    void keyFile_data();
    void keyFile();
    void passphraseAsked();
    void passphraseRefusedFallsBackToPassword();
    void keysBeforePassword();
    void defaultKeys();
    void agent();
    void agentWithoutTheKey();
    void publicKeyOnlyServer();

    void unknownHostWithoutReceiver();
    void unknownHostAcceptOnce();
    void unknownHostTrustAlways();
    void changedHostKey();
    void changedHostKeyTrustedAgain();
    void hashedKnownHosts();
    void revokedHostKey();
    void trustedFingerprint();
    void otherHostKeyTypes_data();
    void otherHostKeyTypes();
    void destroyedWhileAsking();
    void connectionRefused();
    void silentServerTimesOut();

private:
    SessionConfig config(bool trusted = true) const { return sftpConfigFor(*m_server, *m_home, trusted); }
    static SftpOutcome login(SftpSession &session) { return awaitSftp(session.connectToHost(), 30000); }

    std::unique_ptr<SshTestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestSftpAuth::initTestCase()
{
    QString error;
    m_server = SshTestServer::start({}, &error);
    QVERIFY2(m_server, qPrintable(error));
    QVERIFY2(!SshTestKeys::path(Key::Ed25519, &error).isEmpty(), qPrintable(error));
}

void TestSftpAuth::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void TestSftpAuth::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning("sshd log:\n%s", qPrintable(m_server->serverLog()));
}

void TestSftpAuth::wrongPassword()
{
    SessionConfig c = config();
    c.password = QStringLiteral("not-the-password");
    SftpSession session(c);
    QSignalSpy errors(&session, &SftpSession::errorOccurred);
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Auth);
    QVERIFY2(out.error.message().contains(QLatin1String("password")), qPrintable(out.error.toString()));
    QCOMPARE(session.state(), SftpSession::State::Disconnected);
    QCOMPARE(errors.size(), 1);
    QVERIFY(!out.error.isTransient()); // the queue must not retry a refused login
}

void TestSftpAuth::passwordAsked()
{
    SessionConfig c = config();
    c.password = QStringLiteral("wrong");
    SftpSession session(c);
    QList<SecretRequest::Details> asked;
    onSecret(&session, [&](SecretRequest *request) {
        asked.append(request->details());
        request->answer({m_server->password()});
    });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, SecretRequest::Kind::Password);
    QVERIFY(asked[0].retry); // the configured one was refused
    QCOMPARE(asked[0].user, m_server->userName());
    QCOMPARE(asked[0].prompts.size(), 1);
    QVERIFY(!asked[0].prompts[0].echo);
}

void TestSftpAuth::nothingToOffer()
{
    SessionConfig c = config();
    c.password.clear();
    SftpSession session(c);
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Auth);
    QVERIFY2(out.error.message().contains(QLatin1String("tried: password")),
             qPrintable(out.error.toString()));
}

void TestSftpAuth::keyFile_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("ed25519") << int(Key::Ed25519);
    QTest::newRow("ecdsa") << int(Key::Ecdsa);
    QTest::newRow("rsa") << int(Key::Rsa);
}

void TestSftpAuth::keyFile()
{
    QFETCH(int, which);
    SessionConfig c = config();
    c.password.clear();
    c.ssh.identityFiles = {key(Key(which))};
    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    onSecret(&session, [](SecretRequest *) { QFAIL("nothing should be asked"); });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString() + lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QLatin1String("Authenticated with key ")),
             qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestSftpAuth::passphraseAsked()
{
    SessionConfig c = config();
    c.password.clear();
    c.ssh.identityFiles = {key(Key::Ed25519Passphrase)};
    SftpSession session(c);
    QList<SecretRequest::Details> asked;
    onSecret(&session, [&](SecretRequest *request) {
        asked.append(request->details());
        // Wrong first, then right: asked again, marked as a retry.
        request->answer({asked.size() == 1 ? QStringLiteral("wrong") : SshTestKeys::passphrase()});
    });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked[0].kind, SecretRequest::Kind::Passphrase);
    QCOMPARE(asked[0].keyFile, key(Key::Ed25519Passphrase));
    QVERIFY(!asked[0].retry);
    QVERIFY(asked[1].retry);

    // A passphrase in the config (e.g. from the keychain) is used without asking.
    c.ssh.keyPassphrase = SshTestKeys::passphrase().toUtf8();
    SftpSession quiet(c);
    onSecret(&quiet, [](SecretRequest *) { QFAIL("nothing should be asked"); });
    const SftpOutcome again = login(quiet);
    QVERIFY2(!again.error, qPrintable(again.error.toString()));
}

void TestSftpAuth::passphraseRefusedFallsBackToPassword()
{
    SessionConfig c = config();
    c.ssh.identityFiles = {key(Key::Ed25519Passphrase)};
    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    int asked = 0;
    onSecret(&session, [&](SecretRequest *request) {
        ++asked;
        QCOMPARE(request->kind(), SecretRequest::Kind::Passphrase);
        request->reject();
    });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(asked, 1);
    const QString all = lines.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("no passphrase given, skipped")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("Authenticated with password")), qPrintable(all));
}

void TestSftpAuth::keysBeforePassword()
{
    // No password: a key the server refuses, then one it takes; nothing is asked.
    SessionConfig c = config();
    c.password.clear();
    c.ssh.identityFiles = {key(Key::Stranger), key(Key::Ecdsa)};
    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    onSecret(&session, [](SecretRequest *) { QFAIL("nothing should be asked"); });
    SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    const QString all = lines.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("not accepted by the server")), qPrintable(all));

    // Only a refused key: the password is asked for after it, and works.
    c.ssh.identityFiles = {key(Key::Stranger)};
    SftpSession asking(c);
    QStringList order;
    connect(&asking, &SftpSession::transcript, this, [&](const TranscriptLine &line) {
        if (line.text.contains(QLatin1String("not accepted")))
            order.append(QStringLiteral("key"));
    });
    onSecret(&asking, [&](SecretRequest *request) {
        order.append(QStringLiteral("password"));
        request->answer({m_server->password()});
    });
    out = login(asking);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(order, (QStringList{QStringLiteral("key"), QStringLiteral("password")}));
}

void TestSftpAuth::defaultKeys()
{
    // ~/.ssh/id_ed25519 is tried when no key file is configured.
    const QString sshDir = m_home->path() + QStringLiteral("/ssh");
    QVERIFY(QDir().mkpath(sshDir));
    QVERIFY(QFile::copy(key(Key::Ed25519), sshDir + QStringLiteral("/id_ed25519")));
    QVERIFY(
        QFile::copy(key(Key::Ed25519) + QStringLiteral(".pub"), sshDir + QStringLiteral("/id_ed25519.pub")));
    SessionConfig c = config();
    c.password.clear();
    c.ssh.useDefaultKeys = true;
    SftpSession session(c);
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
}

void TestSftpAuth::agent()
{
    QString error;
    const auto agent = SshTestAgent::start({key(Key::Rsa)}, &error);
    QVERIFY2(agent, qPrintable(error));
    SessionConfig c = config();
    c.password.clear();
    c.ssh.useAgent = true;
    c.ssh.agentSocket = agent->socketPath();
    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QVERIFY2(
        lines.join(QLatin1Char('\n')).contains(QLatin1String("Authenticated with a key from the SSH agent")),
        qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestSftpAuth::agentWithoutTheKey()
{
    QString error;
    const auto agent = SshTestAgent::start({key(Key::Stranger)}, &error);
    QVERIFY2(agent, qPrintable(error));
    SessionConfig c = config();
    c.password.clear();
    c.ssh.useAgent = true;
    c.ssh.agentSocket = agent->socketPath();
    c.ssh.identityFiles = {key(Key::Ed25519)};
    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    const QString all = lines.join(QLatin1Char('\n'));
    QVERIFY2(all.indexOf(QLatin1String("Trying the keys of the SSH agent")) <
                 all.indexOf(QLatin1String("Authenticated with key")),
             qPrintable(all));
}

void TestSftpAuth::publicKeyOnlyServer()
{
    SshTestServer::Options options;
    options.passwordAuthentication = false;
    QString error;
    const auto server = SshTestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    SessionConfig c = sftpConfigFor(*server, *m_home);
    c.ssh.identityFiles = {key(Key::Stranger)};
    SftpSession refused(c);
    SftpOutcome out = login(refused);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Auth);
    c.ssh.identityFiles = {key(Key::Ed25519)};
    SftpSession accepted(c);
    out = login(accepted);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
}

void TestSftpAuth::unknownHostWithoutReceiver()
{
    const qsizetype logBefore = m_server->fullLog().size();
    SftpSession session(config(false));
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls);
    QVERIFY2(out.error.message().contains(QString::fromLatin1(m_server->hostKeyFingerprint())),
             qPrintable(out.error.toString()));
    // Nothing secret was sent: the server saw no login attempt.
    const QByteArray added = m_server->fullLog().mid(logBefore);
    QVERIFY2(!added.contains("for ferrytest"), added.constData());
    QVERIFY(!QFile::exists(config(false).ssh.hostKeyStore));
}

void TestSftpAuth::unknownHostAcceptOnce()
{
    const SessionConfig c = config(false);
    SftpSession session(c);
    int asked = 0;
    onHostKey(&session, [&](HostKeyRequest *request) {
        ++asked;
        QCOMPARE(request->fingerprint(), m_server->hostKeyFingerprint());
        QCOMPARE(request->keyType(), QStringLiteral("ED25519"));
        QVERIFY(!request->isChanged());
        QVERIFY(request->describe().contains(QString::fromLatin1(m_server->hostKeyFingerprint())));
        request->answer(HostKeyRequest::Answer::AcceptOnce);
    });
    SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(asked, 1);
    QVERIFY(!QFile::exists(c.ssh.hostKeyStore)); // nothing kept
    // A reconnect of the same session does not ask again.
    session.disconnectFromHost();
    QTRY_COMPARE(session.state(), SftpSession::State::Disconnected);
    out = awaitSftp(session.stat(QStringLiteral("/")));
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
    QCOMPARE(asked, 1);
    // A new session asks again.
    SftpSession other(c);
    int otherAsked = 0;
    onHostKey(&other, [&](HostKeyRequest *request) {
        ++otherAsked;
        request->answer(HostKeyRequest::Answer::Reject);
    });
    out = login(other);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls);
    QCOMPARE(otherAsked, 1);
}

void TestSftpAuth::unknownHostTrustAlways()
{
    const SessionConfig c = config(false);
    {
        SftpSession session(c);
        onHostKey(&session,
                  [](HostKeyRequest *request) { request->answer(HostKeyRequest::Answer::TrustAlways); });
        const SftpOutcome out = login(session);
        QVERIFY2(!out.error, qPrintable(out.error.toString()));
    }
    QFile store(c.ssh.hostKeyStore);
    QVERIFY(store.open(QIODevice::ReadOnly));
    QCOMPARE(store.readAll().trimmed(), m_server->knownHostsLine());
    QCOMPARE(QFileInfo(c.ssh.hostKeyStore).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    SftpSession again(c);
    onHostKey(&again, [](HostKeyRequest *) { QFAIL("trusted: no question"); });
    const SftpOutcome out = login(again);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
}

void TestSftpAuth::changedHostKey()
{
    // known_hosts records another key for this host:port (the stranger's key as a fake).
    SessionConfig c = config(false);
    const QList<QByteArray> fake = SshTestKeys::publicLine(Key::Stranger).split(' ');
    QFile knownHosts(c.ssh.knownHostsFiles.first());
    QVERIFY(knownHosts.open(QIODevice::WriteOnly));
    knownHosts.write("# a comment\n" + m_server->knownHostsLine().split(' ').first() + ' ' + fake[0] + ' ' +
                     fake[1] + '\n');
    knownHosts.close();
    const QByteArray fakeFingerprint = HostKey{fake[0], QByteArray::fromBase64(fake[1])}.fingerprint();

    SftpSession silent(c);
    SftpOutcome out = login(silent);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls); // never a silent accept

    SftpSession session(c);
    QStringList lines;
    transcriptOf(&session, &lines);
    int asked = 0;
    onHostKey(&session, [&](HostKeyRequest *request) {
        ++asked;
        QVERIFY(request->isChanged());
        QCOMPARE(request->fingerprint(), m_server->hostKeyFingerprint());
        QCOMPARE(request->previousKey().fingerprint(), fakeFingerprint);
        QVERIFY(request->previousSource().endsWith(QLatin1String("known_hosts:2")));
        QVERIFY(request->describe().contains(QLatin1String("HAS CHANGED")));
        request->answer(HostKeyRequest::Answer::Reject);
    });
    out = login(session);
    QCOMPARE(asked, 1);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls);
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QLatin1String("WARNING")),
             qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestSftpAuth::changedHostKeyTrustedAgain()
{
    // Ferry's store has an old key; "trust always" replaces it there.
    SessionConfig c = config(false);
    const QList<QByteArray> fake = SshTestKeys::publicLine(Key::Stranger).split(' ');
    QVERIFY(KnownHosts::trust(c.ssh.hostKeyStore, c.host, c.port,
                              HostKey{fake[0], QByteArray::fromBase64(fake[1])}));
    QVERIFY(KnownHosts::trust(c.ssh.hostKeyStore, QStringLiteral("other.example"), 22,
                              HostKey{fake[0], QByteArray::fromBase64(fake[1])}));
    {
        SftpSession session(c);
        onHostKey(&session, [](HostKeyRequest *request) {
            QVERIFY(request->isChanged());
            request->answer(HostKeyRequest::Answer::TrustAlways);
        });
        const SftpOutcome out = login(session);
        QVERIFY2(!out.error, qPrintable(out.error.toString()));
    }
    QFile store(c.ssh.hostKeyStore);
    QVERIFY(store.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = store.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the other host kept, this one replaced
    QVERIFY(lines[0].startsWith("other.example "));
    QCOMPARE(lines[1], m_server->knownHostsLine());
    SftpSession again(c);
    onHostKey(&again, [](HostKeyRequest *) { QFAIL("trusted: no question"); });
    QVERIFY(!login(again).error);
}

void TestSftpAuth::hashedKnownHosts()
{
    const SessionConfig c = config(true);
    QProcess hash;
    hash.start(QStringLiteral("ssh-keygen"),
               {QStringLiteral("-H"), QStringLiteral("-f"), c.ssh.knownHostsFiles.first()});
    QVERIFY(hash.waitForFinished(10000));
    QCOMPARE(hash.exitCode(), 0);
    QFile file(c.ssh.knownHostsFiles.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("|1|")); // hashed as ssh does with HashKnownHosts
    SftpSession session(c);
    onHostKey(&session, [](HostKeyRequest *) { QFAIL("trusted: no question"); });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
}

void TestSftpAuth::revokedHostKey()
{
    SessionConfig c = config(true);
    QFile knownHosts(c.ssh.knownHostsFiles.first());
    QVERIFY(knownHosts.open(QIODevice::Append));
    knownHosts.write("@revoked " + m_server->knownHostsLine() + '\n');
    knownHosts.close();
    SftpSession session(c);
    int asked = 0;
    onHostKey(&session, [&](HostKeyRequest *request) {
        ++asked;
        request->answer(HostKeyRequest::Answer::AcceptOnce);
    });
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls);
    QVERIFY2(out.error.message().contains(QLatin1String("revoked")), qPrintable(out.error.toString()));
    QCOMPARE(asked, 0);
}

void TestSftpAuth::trustedFingerprint()
{
    SessionConfig c = config(false);
    c.ssh.trustedFingerprint = m_server->hostKeyFingerprint();
    SftpSession session(c);
    onHostKey(&session, [](HostKeyRequest *) { QFAIL("given: no question"); });
    SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));

    c.ssh.trustedFingerprint = "SHA256:" + QByteArray(43, 'A');
    SftpSession wrong(c);
    out = login(wrong);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Tls);
    QVERIFY2(out.error.message().contains(QString::fromLatin1(m_server->hostKeyFingerprint())),
             qPrintable(out.error.toString()));
}

void TestSftpAuth::otherHostKeyTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("display");
    QTest::newRow("rsa") << QStringLiteral("rsa") << QStringLiteral("RSA");
    QTest::newRow("ecdsa") << QStringLiteral("ecdsa") << QStringLiteral("ECDSA");
}

void TestSftpAuth::otherHostKeyTypes()
{
    QFETCH(QString, type);
    QFETCH(QString, display);
    SshTestServer::Options options;
    options.hostKeyType = type;
    QString error;
    const auto server = SshTestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    SftpSession session(sftpConfigFor(*server, *m_home, false));
    onHostKey(&session, [&](HostKeyRequest *request) {
        QCOMPARE(request->keyType(), display);
        QCOMPARE(request->fingerprint(), server->hostKeyFingerprint());
        request->answer(HostKeyRequest::Answer::AcceptOnce);
    });
    const SftpOutcome out = login(session);
    QVERIFY2(!out.error, qPrintable(out.error.toString()));
}

void TestSftpAuth::destroyedWhileAsking()
{
    auto session = std::make_unique<SftpSession>(config(false));
    bool asked = false;
    onHostKey(session.get(), [&](HostKeyRequest *) { asked = true; });
    session->connectToHost();
    QTRY_VERIFY_WITH_TIMEOUT(asked, 20000);
    QElapsedTimer clock;
    clock.start();
    session.reset(); // the question is never answered: no crash, no wait
    QVERIFY(clock.elapsed() < 3000);
}

void TestSftpAuth::connectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    SessionConfig c = config();
    c.port = port;
    SftpSession session(c);
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Network);
    QVERIFY(out.error.isTransient());
}

void TestSftpAuth::silentServerTimesOut()
{
    // Accepts the connection and never says a word.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    SessionConfig c = config();
    c.port = silent.serverPort();
    c.timeoutMs = 1500;
    SftpSession session(c);
    QElapsedTimer clock;
    clock.start();
    const SftpOutcome out = login(session);
    QCOMPARE(out.error.kind(), RemoteError::Kind::Timeout);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestSftpAuth)
#include "tst_sftp_auth.moc"
