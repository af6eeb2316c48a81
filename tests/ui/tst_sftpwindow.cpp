// The window against OpenSSH's sshd (tests/common/sshtestserver.h): an sftp:// address
// opens the host-key dialog (through PromptBroker), "Accept once" lists the folder; a
// changed key is the loud warning with Reject the default, and Reject leaves the error in
// the remote pane's banner; a login without a password asks for it in the secret dialog; a
// key-file site asks for the key's passphrase once, for the browsing session and the queue's
// (tst_sftpwindow_keychain runs that case with a real keychain: "Remember" keeps it); a
// site with the ssh-agent option logs in with the agent's key (an ssh-agent of the test's
// own, SSH_AUTH_SOCK set for the process) with no dialog, lists and uploads through the
// queue, and with no matching key in the agent says why in the pane (bounded).
// HOME, XDG_CONFIG_HOME and SSH_AUTH_SOCK point into a scratch folder: the user's ~/.ssh,
// agent and Ferry's known hosts are never read or written.
#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/panecontroller.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/hostkeydialog.h"
#include "prompts/promptbroker.h"
#include "prompts/secretdialog.h"
#include "sites/credentialstore.h"
#include "sites/ftpurl.h"
#include "sites/siteprofile.h"
#include "sites/sitestore.h"
#include "sshtestserver.h"
#include "transcriptmodel.h"
#include "transfer/transferqueue.h"
#include "treeutil.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace ferry;
using namespace ferry::test;

namespace {

// The next dialog of type T the broker opens (bounded wait).
template<typename T>
T *nextDialog(QSignalSpy &opened, int timeoutMs = 20000)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &args : std::as_const(opened)) {
                if (auto *t = qobject_cast<T *>(args.at(0).value<QDialog *>()); t && t->isVisible())
                    found = t;
            }
            return found != nullptr;
        },
        timeoutMs);
    return found;
}

// The dialog the broker opens after the first `count` (bounded wait).
QDialog *nextDialogAfter(QSignalSpy &opened, int count, int timeoutMs = 20000)
{
    if (!QTest::qWaitFor([&] { return opened.size() > count; }, timeoutMs))
        return nullptr;
    return opened.at(count).at(0).value<QDialog *>();
}

// SSH_AUTH_SOCK names `socket` for the process while it lives (the window's sessions and
// the queue's read it at each login), then the scratch home's missing agent again.
struct AgentSocket {
    explicit AgentSocket(const QString &socket)
        : m_before(qgetenv("SSH_AUTH_SOCK"))
    {
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(socket));
    }
    ~AgentSocket() { qputenv("SSH_AUTH_SOCK", m_before); }
    Q_DISABLE_COPY_MOVE(AgentSocket)

private:
    QByteArray m_before;
};

bool logHas(const MainWindow &window, const QString &text)
{
    const TranscriptModel *log = window.transcript();
    if (!QTest::qWaitFor([log] { return !log->hasPending(); }, 5000)) // shown a few times a second
        qWarning("the log still had lines to show after 5 s");
    for (int row = 0; row < log->rowCount(); ++row) {
        if (log->lineText(row).contains(text))
            return true;
    }
    return false;
}

// An SFTP site of the site manager: a normal logon with no password stored, the agent
// asked first, no key file.
SiteProfile agentSite(const QString &host, quint16 port, const QString &user, const QString &folder)
{
    SiteProfile site;
    site.name = QStringLiteral("Agent");
    site.protocol = Protocol::Sftp;
    site.host = host;
    site.port = port;
    site.user = user;
    site.logonType = SiteProfile::LogonType::Normal;
    site.useAgent = true;
    site.remoteFolder = folder;
    return site;
}

} // namespace

class TstSftpWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(useScratchSshHome(m_home));
        QString error;
        m_server = SshTestServer::start({}, &error);
        if (!m_server)
            QSKIP(qPrintable(QStringLiteral("sshd could not be started: ") + error));
        QVERIFY(m_server->writeFile(QStringLiteral("listed/hello.txt"), "hello"));
    }
    void init() { writeKnownHosts({}); }

    void unknownKeyAcceptOnce()
    {
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(address(QStringLiteral("/listed")), m_server->password());
        auto *dialog = nextDialog<HostKeyDialog>(opened);
        QVERIFY(dialog);
        QCOMPARE(window.prompts()->currentDialog(), dialog);
        QVERIFY(!dialog->isChangedWarningShown());
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("fingerprint"))->text().toLatin1(),
                 m_server->hostKeyFingerprint());
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("keyType"))->text(), QStringLiteral("ED25519"));
        QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("previousFingerprint")));
        QVERIFY(dialog->button(HostKeyQuestion::Answer::AcceptOnce)->isDefault());
        saveScreenshot(dialog, QStringLiteral("sftp-01-hostkey"));
        QTest::mouseClick(dialog->button(HostKeyQuestion::Answer::AcceptOnce), Qt::LeftButton);
        const QString folder = m_server->rootPath() + QStringLiteral("/listed");
        QVERIFY(waitLoaded(window.siteTab()->remote(), folder));
        QCOMPARE(namesIn(window.siteTab()->remote()), QStringList{QStringLiteral("hello.txt")});
        QCOMPARE(opened.size(), 1); // no second question
        saveScreenshot(&window, QStringLiteral("sftp-02-listed"));
    }

    void unknownKeyTrustAlways()
    {
        const QString store = m_home.filePath(QStringLiteral("config/ferry/known_hosts"));
        QFile::remove(store);
        {
            Scratch scratch;
            MainWindow window(scratch.context());
            window.show();
            QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
            window.connectAddress(address(QStringLiteral("/listed")), m_server->password());
            auto *dialog = nextDialog<HostKeyDialog>(opened);
            QVERIFY(dialog);
            QTest::mouseClick(dialog->button(HostKeyQuestion::Answer::TrustAlways), Qt::LeftButton);
            QVERIFY(waitLoaded(window.siteTab()->remote(), m_server->rootPath() + QStringLiteral("/listed")));
        }
        QFile file(store);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains(m_server->knownHostsLine().split(' ').value(2)));
        // Another window (a new run's trust decisions): nothing is asked.
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(address(QStringLiteral("/listed")), m_server->password());
        QVERIFY(waitLoaded(window.siteTab()->remote(), m_server->rootPath() + QStringLiteral("/listed")));
        QCOMPARE(opened.size(), 0);
        QFile::remove(store);
    }

    void changedKeyReject()
    {
        // known_hosts records another key for this server.
        writeKnownHosts(QByteArray("[127.0.0.1]:") + QByteArray::number(m_server->port()) + ' ' +
                        SshTestKeys::publicLine(SshTestKeys::Key::Ed25519));
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(address(QStringLiteral("/listed")), m_server->password());
        auto *dialog = nextDialog<HostKeyDialog>(opened);
        QVERIFY(dialog);
        QVERIFY(dialog->isChangedWarningShown());
        QVERIFY(dialog->windowTitle().contains(QStringLiteral("changed")));
        auto *warning = dialog->findChild<MessageBanner *>(QStringLiteral("hostKeyWarning"));
        QVERIFY(warning);
        QCOMPARE(warning->type(), MessageBanner::Type::Error);
        QVERIFY(dialog->button(HostKeyQuestion::Answer::Reject)->isDefault());
        QVERIFY(!dialog->button(HostKeyQuestion::Answer::AcceptOnce)->isDefault());
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("fingerprint"))->text().toLatin1(),
                 m_server->hostKeyFingerprint());
        auto *previous = dialog->findChild<QLabel *>(QStringLiteral("previousFingerprint"));
        QVERIFY(previous);
        QVERIFY(previous->text().startsWith(QStringLiteral("SHA256:")));
        QVERIFY(!previous->text().contains(QString::fromLatin1(m_server->hostKeyFingerprint())));
        saveScreenshot(dialog, QStringLiteral("sftp-03-hostkey-changed"));
        // Enter presses the default button: Reject.
        QTest::keyClick(dialog, Qt::Key_Return);
        Pane *remotePane = window.page()->remotePane();
        QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                     remotePane->banner()->type() == MessageBanner::Type::Error,
                                 20000);
        QVERIFY2(remotePane->banner()->text().contains(QStringLiteral("host key")),
                 qPrintable(remotePane->banner()->text()));
        QVERIFY(namesIn(window.siteTab()->remote()).isEmpty());
        // Not asked again by itself (the folder tree's listing connects again and is
        // declined at once), ...
        QTest::qWait(1500);
        QCOMPARE(opened.size(), 1);
        // Nothing was trusted: known_hosts still holds only the old key.
        QFile knownHosts(m_home.filePath(QStringLiteral(".ssh/known_hosts")));
        QVERIFY(knownHosts.open(QIODevice::ReadOnly));
        QVERIFY(!knownHosts.readAll().contains(m_server->knownHostsLine().split(' ').value(2)));
        saveScreenshot(&window, QStringLiteral("sftp-04-rejected"));
        // ... but Server > Reconnect asks again.
        window.actions()->get(Actions::Id::Reconnect)->trigger();
        auto *again = qobject_cast<HostKeyDialog *>(nextDialogAfter(opened, 1));
        QVERIFY(again);
        QVERIFY(again->isChangedWarningShown());
        QTest::mouseClick(again->button(HostKeyQuestion::Answer::Reject), Qt::LeftButton);
    }

    void passwordThroughSecretDialog()
    {
        writeKnownHosts(m_server->knownHostsLine()); // trusted: no host-key question
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(address(QStringLiteral("/listed"))); // no password, no keys
        auto *dialog = nextDialog<SecretDialog>(opened);
        QVERIFY(dialog);
        QCOMPARE(dialog->fields().size(), 1);
        QLineEdit *field = dialog->fields().first();
        QCOMPARE(field->echoMode(), QLineEdit::Password);
        QVERIFY(dialog->windowTitle().contains(QStringLiteral("Password")));
        QTest::keyClicks(field, m_server->password());
        saveScreenshot(dialog, QStringLiteral("sftp-05-password"));
        QTest::keyClick(field, Qt::Key_Return);
        const QString folder = m_server->rootPath() + QStringLiteral("/listed");
        QVERIFY(waitLoaded(window.siteTab()->remote(), folder));
        QCOMPARE(namesIn(window.siteTab()->remote()), QStringList{QStringLiteral("hello.txt")});
        QCOMPARE(opened.size(), 1);
    }

    void wrongPasswordAskedAgain()
    {
        writeKnownHosts(m_server->knownHostsLine());
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(address(QStringLiteral("/listed")));
        auto *first = nextDialog<SecretDialog>(opened);
        QVERIFY(first);
        QTest::keyClicks(first->fields().first(), QStringLiteral("not-the-password"));
        QTest::keyClick(first->fields().first(), Qt::Key_Return);
        auto *second = qobject_cast<SecretDialog *>(nextDialogAfter(opened, 1));
        QVERIFY(second);
        QVERIFY(second->findChild<MessageBanner *>()); // "try again"
        // Cancel: this way of logging in is given up, the pane says why.
        QTest::keyClick(second, Qt::Key_Escape);
        Pane *remotePane = window.page()->remotePane();
        QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                     remotePane->banner()->type() == MessageBanner::Type::Error,
                                 20000);
        QVERIFY(namesIn(window.siteTab()->remote()).isEmpty());
        QTest::qWait(1500); // the folder tree's reconnection does not ask again
        QCOMPARE(opened.size(), 2);
    }

    void keyPassphrase()
    {
        // A site's key file with a passphrase (SiteTab::connectTo, as the site manager does).
        QString error;
        const QString key = SshTestKeys::path(SshTestKeys::Key::Ed25519Passphrase, &error);
        QVERIFY2(!key.isEmpty(), qPrintable(error));
        writeKnownHosts(m_server->knownHostsLine());
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        SessionConfig config;
        const auto url = FtpUrl::parse(address(QStringLiteral("/listed")), &error);
        QVERIFY2(url, qPrintable(error));
        url->applyTo(config);
        config.ssh.identityFiles = {key};
        const QString folder = m_server->rootPath() + QStringLiteral("/listed");
        QVERIFY2(window.siteTab()->connectTo(config, folder, &error), qPrintable(error));
        auto *dialog = nextDialog<SecretDialog>(opened);
        QVERIFY(dialog);
        QVERIFY(dialog->findChild<QLabel *>()->text().contains(key));
        QTest::keyClicks(dialog->fields().first(), SshTestKeys::passphrase());
        QTest::keyClick(dialog->fields().first(), Qt::Key_Return);
        QVERIFY(waitLoaded(window.siteTab()->remote(), folder));
        QCOMPARE(opened.size(), 1); // the key logged in: no password asked
    }

    void keyFileSitePassphraseAskedOnce()
    {
        // The site manager's key-file logon: no password asked before the login (the key
        // may need no passphrase), the passphrase asked once by the login, then used by the
        // queue's sessions too: 4 files through up to 4 SFTP connections, no second question.
        QString error;
        const QString key = SshTestKeys::path(SshTestKeys::Key::Ed25519Passphrase, &error);
        QVERIFY2(!key.isEmpty(), qPrintable(error));
        writeKnownHosts(m_server->knownHostsLine());
        const QString folder = m_server->rootPath() + QStringLiteral("/keyed");
        QVERIFY(QDir().mkpath(folder));
        m_server->fixOwnership(); // the test user uploads into it
        Scratch scratch;
        SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
        SiteProfile site;
        site.name = QStringLiteral("Keyed");
        site.protocol = Protocol::Sftp;
        site.host = QStringLiteral("127.0.0.1");
        site.port = m_server->port();
        site.user = m_server->userName();
        site.logonType = SiteProfile::LogonType::KeyFile;
        site.keyFile = key;
        site.useAgent = false;
        site.remoteFolder = folder;
        QVERIFY2(sites.add(site, &error), qPrintable(error));
        QVERIFY2(sites.save(&error), qPrintable(error));
        CredentialStore credentials;
        AppContext context = scratch.context();
        context.sites = &sites;
        context.credentials = &credentials;
        const bool keychain = qEnvironmentVariableIsSet("FERRY_TEST_KEYCHAIN");
        {
            MainWindow window(context);
            window.show();
            QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
            window.connectSite(site.name);
            QDialog *first = nextDialogAfter(opened, 0);
            auto *dialog = qobject_cast<SecretDialog *>(first);
            QVERIFY2(dialog, first ? first->metaObject()->className() : "no dialog");
            QVERIFY(dialog->windowTitle().contains(QStringLiteral("Passphrase")));
            QCOMPARE(dialog->rememberBox() != nullptr, keychain);
            QTest::keyClicks(dialog->fields().first(), SshTestKeys::passphrase());
            if (keychain)
                QTest::mouseClick(dialog->rememberBox(), Qt::LeftButton, {}, QPoint(4, 4));
            saveScreenshot(dialog, QStringLiteral("sftp-07-site-passphrase"));
            QTest::keyClick(dialog->fields().first(), Qt::Key_Return);
            QVERIFY(waitLoaded(window.siteTab()->remote(), folder));

            QList<qint64> jobs;
            for (int i = 0; i < 4; ++i) {
                const QString local = scratch.dir.filePath(QStringLiteral("k%1.txt").arg(i));
                QFile file(local);
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(QByteArray("keyed ") + QByteArray::number(i));
                file.close();
                jobs.append(scratch.queue->enqueueUpload(window.siteTab()->siteKey(), local,
                                                         folder + QStringLiteral("/k%1.txt").arg(i), {}));
            }
            scratch.queue->start();
            QString states;
            const bool done = QTest::qWaitFor(
                [&] {
                    states.clear();
                    for (qint64 id : std::as_const(jobs)) {
                        const auto job = scratch.queue->job(id);
                        states += QStringLiteral("%1 %2; ")
                                      .arg(int(job ? job->state : TransferJob::State::Failed))
                                      .arg(job ? job->error : QString());
                    }
                    return states.count(QStringLiteral("%1 ;").arg(int(TransferJob::State::Done))) ==
                           jobs.size();
                },
                60000);
            QVERIFY2(done, qPrintable(states + QStringLiteral(" dialogs: %1").arg(opened.size())));
            QCOMPARE(opened.size(), 1); // the queue's sessions did not ask again
            for (int i = 0; i < 4; ++i) {
                QFile arrived(folder + QStringLiteral("/k%1.txt").arg(i));
                QVERIFY(arrived.open(QIODevice::ReadOnly));
                QCOMPARE(arrived.readAll(), QByteArray("keyed ") + QByteArray::number(i));
            }
        }
        if (!keychain)
            return;
        // Kept in the keychain: the next connection asks nothing.
        bool read = false;
        QString stored;
        credentials.readPassword(site.id, this, [&](CredentialStore::Result result, const QString &text) {
            read = result == CredentialStore::Result::Ok;
            stored = text;
        });
        QTRY_VERIFY_WITH_TIMEOUT(read, 10000);
        QCOMPARE(stored, SshTestKeys::passphrase());
        MainWindow window(context);
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectSite(site.name);
        QVERIFY(waitLoaded(window.siteTab()->remote(), folder));
        QCOMPARE(opened.size(), 0);
    }

    void agentSiteLogin()
    {
        // #20: the agent holds an authorized key (RSA): the site logs in with it, no dialog
        // (no password before the login, none asked by it), lists, and the queue's own
        // sessions log in the same way for an upload.
        QString error;
        const QString key = SshTestKeys::path(SshTestKeys::Key::Rsa, &error);
        QVERIFY2(!key.isEmpty(), qPrintable(error));
        const auto agent = SshTestAgent::start({key}, &error); // stopped by its PID at the end
        QVERIFY2(agent, qPrintable(error));
        const AgentSocket socket(agent->socketPath());
        writeKnownHosts(m_server->knownHostsLine());
        const QString folder = m_server->rootPath() + QStringLiteral("/agent");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(m_server->writeFile(QStringLiteral("agent/seen.txt"), "seen"));
        Scratch scratch;
        SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
        const SiteProfile site =
            agentSite(QStringLiteral("127.0.0.1"), m_server->port(), m_server->userName(), folder);
        QVERIFY2(sites.add(site, &error) && sites.save(&error), qPrintable(error));
        CredentialStore credentials;
        AppContext context = scratch.context();
        context.sites = &sites;
        context.credentials = &credentials;
        MainWindow window(context);
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectSite(site.name);
        QVERIFY2(waitLoaded(window.siteTab()->remote(), folder),
                 opened.isEmpty() ? "not listed"
                                  : opened.first().first().value<QDialog *>()->metaObject()->className());
        QCOMPARE(namesIn(window.siteTab()->remote()), QStringList{QStringLiteral("seen.txt")});
        QCOMPARE(opened.size(), 0);
        QVERIFY2(logHas(window, QStringLiteral("Authenticated with a key from the SSH agent")),
                 "not logged in by the agent");
        saveScreenshot(&window, QStringLiteral("sftp-08-agent"));

        const QByteArray content = QByteArray("through the agent\n").repeated(1000);
        const QString local = scratch.dir.filePath(QStringLiteral("agent-up.txt"));
        QFile file(local);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(content) == content.size());
        file.close();
        const qint64 id = scratch.queue->enqueueUpload(window.siteTab()->siteKey(), local,
                                                       folder + QStringLiteral("/agent-up.txt"), {});
        scratch.queue->start();
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const auto job = scratch.queue->job(id);
                         return job && (job->state == TransferJob::State::Done ||
                                        job->state == TransferJob::State::Failed);
                     },
                     30000),
                 "the upload did not end");
        QCOMPARE(scratch.queue->job(id)->state, TransferJob::State::Done);
        QFile arrived(folder + QStringLiteral("/agent-up.txt"));
        QVERIFY(arrived.open(QIODevice::ReadOnly));
        QCOMPARE(arrived.readAll(), content);
        QCOMPARE(opened.size(), 0);
    }

    void agentWithoutTheKey()
    {
        // The agent holds a key the server does not know, and the server takes keys only:
        // the pane says the login failed and what was tried, within a bound; no dialog.
        SshTestServer::Options options;
        options.passwordAuthentication = false;
        QString error;
        const auto server = SshTestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));
        const QString key = SshTestKeys::path(SshTestKeys::Key::Stranger, &error);
        QVERIFY2(!key.isEmpty(), qPrintable(error));
        const auto agent = SshTestAgent::start({key}, &error);
        QVERIFY2(agent, qPrintable(error));
        const AgentSocket socket(agent->socketPath());
        writeKnownHosts(server->knownHostsLine());
        Scratch scratch;
        SiteStore sites(scratch.dir.filePath(QStringLiteral("sites.json")));
        const SiteProfile site =
            agentSite(QStringLiteral("127.0.0.1"), server->port(), server->userName(), server->rootPath());
        QVERIFY2(sites.add(site, &error) && sites.save(&error), qPrintable(error));
        AppContext context = scratch.context();
        context.sites = &sites;
        MainWindow window(context); // no keychain service at all: nothing asked either
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectSite(site.name);
        Pane *remotePane = window.page()->remotePane();
        QTRY_VERIFY_WITH_TIMEOUT(remotePane->banner()->isVisible() &&
                                     remotePane->banner()->type() == MessageBanner::Type::Error,
                                 20000);
        const QString text = remotePane->banner()->text();
        QVERIFY2(text.contains(QStringLiteral("failed")) && text.contains(QStringLiteral("SSH agent")),
                 qPrintable(text));
        QVERIFY(namesIn(window.siteTab()->remote()).isEmpty());
        QVERIFY(logHas(window, QStringLiteral("Trying the keys of the SSH agent")));
        // Nothing keeps trying: the pane stops loading, and the folder tree's reconnection
        // asks nothing either.
        QTRY_VERIFY_WITH_TIMEOUT(!window.siteTab()->remote()->model()->isLoading(), 20000);
        QTest::qWait(1000);
        QCOMPARE(opened.size(), 0);
        saveScreenshot(&window, QStringLiteral("sftp-09-agent-refused"));
    }

    void keyboardInteractivePrompts()
    {
        // python3-asyncssh's server: "Password:" (no echo) then "Code:" (echoed), 42.
        AsyncSshTestServer::Options options;
        options.keyboardInteractive = true;
        QString error;
        const auto server = AsyncSshTestServer::start(options, &error);
        if (!server)
            QSKIP(qPrintable(QStringLiteral("the asyncssh server could not be started: ") + error));
        QVERIFY(QDir(server->rootPath()).mkpath(QStringLiteral("kbd")));
        writeKnownHosts(server->knownHostsLine());
        Scratch scratch;
        MainWindow window(scratch.context());
        window.show();
        QSignalSpy opened(window.prompts(), &PromptBroker::dialogOpened);
        window.connectAddress(
            QStringLiteral("sftp://%1@127.0.0.1:%2/kbd/").arg(server->userName()).arg(server->port()));
        auto *dialog = nextDialog<SecretDialog>(opened);
        QVERIFY(dialog);
        QCOMPARE(dialog->fields().size(), 2);
        QCOMPARE(dialog->fields().at(0)->echoMode(), QLineEdit::Password);
        QCOMPARE(dialog->fields().at(1)->echoMode(), QLineEdit::Normal);
        QVERIFY(dialog->findChild<QLabel *>()->text().contains(QStringLiteral("Answer the prompts.")));
        QTest::keyClicks(dialog->fields().at(0), server->password());
        QTest::keyClicks(dialog->fields().at(1), QStringLiteral("42"));
        saveScreenshot(dialog, QStringLiteral("sftp-06-keyboard-interactive"));
        QTest::keyClick(dialog->fields().at(1), Qt::Key_Return);
        QVERIFY2(waitLoaded(window.siteTab()->remote(), QStringLiteral("/kbd")),
                 qPrintable(server->serverLog()));
        QCOMPARE(opened.size(), 1);
    }

    // After an upload, the new row gets the server's own facts (its permissions and owner)
    // within seconds and without F5, as over FTP (tst_windowrestart): the pane lists the
    // folder again after a burst of uploads. The rows that were there stay (no reset).
    void uploadedRowGetsItsPermissions()
    {
        writeKnownHosts(m_server->knownHostsLine());
        QVERIFY(m_server->writeFile(QStringLiteral("facts/there.txt"), "there"));
        const QString folder = m_server->rootPath() + QStringLiteral("/facts");
        Scratch scratch;
        const QString up = scratch.folder(QStringLiteral("up"));
        writeBytes(up + QStringLiteral("/new.txt"), "new file");
        MainWindow window(scratch.context());
        window.show();
        window.openLocal(up);
        window.connectAddress(address(QStringLiteral("/facts")), m_server->password());
        SiteTab *tab = window.siteTab();
        QVERIFY(waitLoaded(tab->local(), up));
        QVERIFY(waitLoaded(tab->remote(), folder));
        QCOMPARE(window.prompts()->currentDialog(), nullptr);
        DirectoryModel *model = tab->remote()->model();
        const auto factsOf = [model](const QString &name, DirectoryModel::Column column) {
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->index(row, 0).data(DirectoryModel::NameRole).toString() == name)
                    return model->index(row, column).data().toString();
            }
            return QStringLiteral("<no row>");
        };
        QVERIFY(!factsOf(QStringLiteral("there.txt"), DirectoryModel::PermissionsColumn).isEmpty());
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        tab->transfer(SiteTab::Side::Local, tab->local()->lister()->items().toList(), SiteTab::Start::Now);
        QVERIFY(waitIdle(scratch.queue.get(), 30000));
        QCOMPARE(scratch.queue->countJobs({TransferJob::State::Done}), qint64(1));
        // What the server made of the file: its mode on disk, as `ls -l` writes it.
        const QFileInfo arrived(folder + QStringLiteral("/new.txt"));
        QCOMPARE(arrived.size(), qint64(8));
        QString mode = QStringLiteral("----------");
        const QList<QFile::Permission> bits{QFile::ReadOwner, QFile::WriteOwner, QFile::ExeOwner,
                                            QFile::ReadGroup, QFile::WriteGroup, QFile::ExeGroup,
                                            QFile::ReadOther, QFile::WriteOther, QFile::ExeOther};
        for (int i = 0; i < bits.size(); ++i) {
            if (arrived.permissions() & bits.at(i))
                mode[i + 1] = QLatin1Char("rwx"[i % 3]);
        }
        QTRY_COMPARE_WITH_TIMEOUT(factsOf(QStringLiteral("new.txt"), DirectoryModel::PermissionsColumn), mode,
                                  10000);
        QCOMPARE(factsOf(QStringLiteral("new.txt"), DirectoryModel::OwnerColumn),
                 factsOf(QStringLiteral("there.txt"), DirectoryModel::OwnerColumn));
        QVERIFY(!factsOf(QStringLiteral("new.txt"), DirectoryModel::OwnerColumn).isEmpty());
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(resets.size(), 0);
    }

    void cleanupTestCase() { m_server.reset(); }

private:
    QString address(const QString &path) const
    {
        return QStringLiteral("sftp://%1@127.0.0.1:%2%3%4")
            .arg(m_server->userName())
            .arg(m_server->port())
            .arg(m_server->rootPath(), path + QLatin1Char('/'));
    }
    void writeKnownHosts(const QByteArray &line)
    {
        QFile file(m_home.filePath(QStringLiteral(".ssh/known_hosts")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        if (!line.isEmpty())
            file.write(line + '\n');
    }

    QTemporaryDir m_home;
    std::unique_ptr<SshTestServer> m_server;
};

QTEST_MAIN(TstSftpWindow)
#include "tst_sftpwindow.moc"
