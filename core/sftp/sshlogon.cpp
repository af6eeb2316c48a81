#include "sshlogon.h"

#include "socketguard.h"
#include "sshkeys.h"
#include "sshsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace ferry {

namespace {

constexpr int MaxPassphraseAttempts = 3;
constexpr int MaxPasswordAttempts = 3;
constexpr int MaxKeyboardInteractiveRounds = 10;

void wipe(QByteArray &secret)
{
    secret.fill('\0');
    secret.clear();
}

QString displayPath(const QString &path)
{
    const QString home = QDir::homePath();
    return path.startsWith(home + QLatin1Char('/')) ? QLatin1Char('~') + path.mid(home.size()) : path;
}

} // namespace

SshLogon::SshLogon(SessionConfig config, std::shared_ptr<SocketGuard> guard, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_guard(std::move(guard))
    , m_password(m_config.password.toUtf8())
{
    m_config.password.fill(QChar(0));
    m_config.password.clear();
}

SshLogon::~SshLogon()
{
    wipe(m_password);
    wipe(m_config.ssh.keyPassphrase);
    freeSsh(m_session, m_channel, *m_guard);
}

bool SshLogon::aborted()
{
    if (!m_guard->isAborted())
        return false;
    fail(RemoteError::Kind::Cancelled, tr("Cancelled"));
    return true;
}

QString SshLogon::libsshError() const
{
    return m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString();
}

void SshLogon::fail(RemoteError::Kind kind, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_waiting = Waiting::Nothing;
    wipe(m_password);
    Q_EMIT failed(RemoteError(kind, message));
}

void SshLogon::start()
{
    const QString where = QStringLiteral("%1:%2").arg(m_config.host).arg(m_config.port);
    Q_EMIT status(tr("Connecting to %1").arg(where));
    QString error;
    const int fd = connectTcp(m_config.host, m_config.port, m_config.timeoutMs, *m_guard, &error);
    if (fd < 0) {
        if (!aborted())
            fail(error.contains(QLatin1String("timed out")) ? RemoteError::Kind::Timeout
                                                            : RemoteError::Kind::Network,
                 tr("Could not connect to %1: %2").arg(where, error));
        return;
    }
    if (!setUpSession(fd))
        return;
    if (ssh_connect(m_session) != SSH_OK) {
        if (!aborted())
            fail(libsshError().contains(QLatin1String("imeout")) ? RemoteError::Kind::Timeout
                                                                 : RemoteError::Kind::Network,
                 tr("SSH handshake with %1 failed: %2").arg(where, libsshError()));
        return;
    }
    Q_EMIT status(tr("Server: %1").arg(QString::fromUtf8(ssh_get_serverbanner(m_session))));
    Q_EMIT status(tr("Key exchange %1, cipher %2, MAC %3")
                      .arg(QString::fromUtf8(ssh_get_kex_algo(m_session)),
                           QString::fromUtf8(ssh_get_cipher_out(m_session)),
                           QString::fromUtf8(ssh_get_hmac_out(m_session))));
    verifyHostKey();
}

bool SshLogon::setUpSession(int fd)
{
    m_session = ssh_new();
    if (!m_session) {
        m_guard->releaseDescriptor();
        ::close(fd);
        fail(RemoteError::Kind::LocalIo, tr("Out of memory"));
        return false;
    }
    // From here libssh owns the descriptor and closes it in ssh_free().
    ssh_options_set(m_session, SSH_OPTIONS_FD, &fd);
    const QByteArray host = m_config.host.toUtf8();
    const unsigned int port = m_config.port;
    const long timeoutSeconds = qMax(1, (m_config.timeoutMs + 999) / 1000);
    const bool no = false;
    const int verbosity = SSH_LOG_NOLOG;
    ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &no);
    ssh_options_set(m_session, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    if (!m_config.user.isEmpty())
        ssh_options_set(m_session, SSH_OPTIONS_USER, m_config.user.toUtf8().constData());
    ssh_options_set(m_session, SSH_OPTIONS_SSH_DIR,
                    QFile::encodeName(effectiveSshDir(m_config.ssh)).constData());
    // libssh puts the key types these files know for the host first in its host key
    // algorithms, so that a known server shows the key that was trusted (OpenSSH does the
    // same): Ferry's store and the user's first known_hosts file.
    ssh_options_set(m_session, SSH_OPTIONS_KNOWNHOSTS,
                    QFile::encodeName(effectiveHostKeyStore(m_config.ssh)).constData());
    ssh_options_set(m_session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
                    QFile::encodeName(effectiveKnownHostsFiles(m_config.ssh).value(0)).constData());
    const QString agent = effectiveAgentSocket(m_config.ssh);
    if (!agent.isEmpty())
        ssh_options_set(m_session, SSH_OPTIONS_IDENTITY_AGENT, QFile::encodeName(agent).constData());
    if (m_config.user.isEmpty()) {
        char *user = nullptr;
        if (ssh_options_get(m_session, SSH_OPTIONS_USER, &user) == SSH_OK && user) {
            m_config.user = QString::fromUtf8(user);
            ssh_string_free_char(user);
        }
    }
    return true;
}

void SshLogon::verifyHostKey()
{
    SshKey key;
    if (ssh_get_server_publickey(m_session, key.out()) != SSH_OK) {
        fail(RemoteError::Kind::Protocol, tr("The server sent no host key: %1").arg(libsshError()));
        return;
    }
    m_hostKey = hostKeyOf(key.get());
    m_security = tr("SSH, %1, %2 host key")
                     .arg(QString::fromUtf8(ssh_get_cipher_out(m_session)), m_hostKey.displayType());
    const QByteArray fingerprint = m_hostKey.fingerprint();
    const QString described =
        tr("Host key %1 %2").arg(m_hostKey.displayType(), QString::fromLatin1(fingerprint));
    if (!m_config.ssh.trustedFingerprint.isEmpty()) {
        if (normalizeSshFingerprint(QString::fromLatin1(m_config.ssh.trustedFingerprint)) == fingerprint) {
            Q_EMIT status(tr("%1: trusted (the fingerprint given)").arg(described));
            beginAuthentication();
        } else {
            fail(RemoteError::Kind::Tls,
                 tr("The host key of %1 is %2 %3, not the fingerprint given (%4)")
                     .arg(m_config.host, m_hostKey.displayType(), QString::fromLatin1(fingerprint),
                          QString::fromLatin1(m_config.ssh.trustedFingerprint)));
        }
        return;
    }
    QStringList files = effectiveKnownHostsFiles(m_config.ssh);
    files.append(effectiveHostKeyStore(m_config.ssh));
    const KnownHosts::Result known = KnownHosts::check(files, m_config.host, m_config.port, m_hostKey);
    switch (known.verdict) {
    case KnownHosts::Verdict::Trusted:
        Q_EMIT status(tr("%1: trusted (%2:%3)").arg(described, displayPath(known.file)).arg(known.line));
        beginAuthentication();
        return;
    case KnownHosts::Verdict::Revoked:
        fail(RemoteError::Kind::Tls,
             tr("The host key of %1 (%2) is marked as revoked in %3")
                 .arg(m_config.host, QString::fromLatin1(fingerprint), displayPath(known.file)));
        return;
    case KnownHosts::Verdict::Changed:
        Q_EMIT status(tr("WARNING: %1 differs from the key trusted before (%2:%3)")
                          .arg(described, displayPath(known.file))
                          .arg(known.line));
        break;
    case KnownHosts::Verdict::Unknown:
        Q_EMIT status(tr("%1: unknown host key").arg(described));
        break;
    }
    m_waiting = Waiting::HostKey;
    Q_EMIT hostKeyQuestion(m_hostKey, known);
}

void SshLogon::answerHostKey(HostKeyRequest::Answer answer)
{
    if (m_waiting != Waiting::HostKey || m_done)
        return;
    m_waiting = Waiting::Nothing;
    if (aborted())
        return;
    switch (answer) {
    case HostKeyRequest::Answer::Reject:
        fail(RemoteError::Kind::Tls,
             tr("The host key of %1 was not trusted (%2 %3)")
                 .arg(m_config.host, m_hostKey.displayType(), QString::fromLatin1(m_hostKey.fingerprint())));
        return;
    case HostKeyRequest::Answer::AcceptOnce:
        Q_EMIT status(tr("Host key accepted for this run of Ferry"));
        break;
    case HostKeyRequest::Answer::TrustAlways: {
        QString error;
        if (KnownHosts::trust(effectiveHostKeyStore(m_config.ssh), m_config.host, m_config.port, m_hostKey,
                              &error))
            Q_EMIT status(
                tr("Host key trusted, saved in %1").arg(displayPath(effectiveHostKeyStore(m_config.ssh))));
        else
            Q_EMIT status(tr("WARNING: the host key could not be saved: %1").arg(error));
        break;
    }
    }
    beginAuthentication();
}

void SshLogon::beginAuthentication()
{
    if (aborted())
        return;
    Q_EMIT authenticating();
    const int rc = ssh_userauth_none(m_session, nullptr);
    if (rc == SSH_AUTH_SUCCESS) {
        Q_EMIT status(tr("Logged in without authentication"));
        openChannel();
        return;
    }
    if (rc == SSH_AUTH_ERROR) {
        if (!aborted())
            fail(RemoteError::Kind::Network, tr("Login failed: %1").arg(libsshError()));
        return;
    }
    if (char *banner = ssh_get_issue_banner(m_session)) {
        const QString text = QString::fromUtf8(banner).trimmed();
        ssh_string_free_char(banner);
        for (const QString &line : text.split(QLatin1Char('\n')))
            Q_EMIT status(tr("Banner: %1").arg(line.trimmed()));
    }
    const int methods = ssh_userauth_list(m_session, nullptr);
    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        if (m_config.ssh.useAgent && !effectiveAgentSocket(m_config.ssh).isEmpty())
            m_plan.append({Method::Agent, {}});
        for (const QString &file : keyFilesToTry(m_config.ssh))
            m_plan.append({Method::KeyFile, file});
    }
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        m_plan.append({Method::KeyboardInteractive, {}});
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        m_plan.append({Method::Password, {}});
    nextMethod();
}

void SshLogon::nextMethod()
{
    if (aborted())
        return;
    if (m_plan.isEmpty()) {
        const QString tried =
            m_tried.isEmpty() ? tr("nothing the server accepts") : m_tried.join(QLatin1String(", "));
        fail(RemoteError::Kind::Auth,
             tr("Authentication as %1 on %2 failed (tried: %3)").arg(m_config.user, m_config.host, tried));
        return;
    }
    const Step step = m_plan.takeFirst();
    switch (step.method) {
    case Method::Agent:
        tryAgent();
        return;
    case Method::KeyFile:
        tryKeyFile(step.keyFile);
        return;
    case Method::KeyboardInteractive:
        tryKeyboardInteractive();
        return;
    case Method::Password:
        tryPassword();
        return;
    }
}

void SshLogon::afterAuthAttempt(int rc, const QString &what)
{
    switch (rc) {
    case SSH_AUTH_SUCCESS:
        wipe(m_password);
        Q_EMIT status(tr("Authenticated with %1").arg(what));
        openChannel();
        return;
    case SSH_AUTH_PARTIAL:
        Q_EMIT status(tr("%1 accepted; the server wants more").arg(what));
        nextMethod();
        return;
    case SSH_AUTH_ERROR:
        if (!aborted())
            fail(RemoteError::Kind::Network, tr("Login failed: %1").arg(libsshError()));
        return;
    default:
        nextMethod();
        return;
    }
}

void SshLogon::tryAgent()
{
    Q_EMIT status(tr("Trying the keys of the SSH agent"));
    m_tried.append(tr("the SSH agent"));
    const int rc = ssh_userauth_agent(m_session, nullptr);
    if (rc == SSH_AUTH_ERROR && ssh_is_connected(m_session)) {
        // The agent itself failed (not running, refused): the connection is fine.
        Q_EMIT status(tr("The SSH agent could not be used: %1").arg(libsshError()));
        nextMethod();
        return;
    }
    afterAuthAttempt(rc, tr("a key from the SSH agent"));
}

void SshLogon::tryKeyFile(const QString &path)
{
    m_tried.append(tr("key %1").arg(displayPath(path)));
    const SshKey publicKey = KeyFile::publicKey(path);
    if (publicKey) {
        const int rc = ssh_userauth_try_publickey(m_session, nullptr, publicKey.get());
        if (rc != SSH_AUTH_SUCCESS) {
            if (rc == SSH_AUTH_ERROR) {
                afterAuthAttempt(rc, {});
                return;
            }
            Q_EMIT status(tr("Key %1: not accepted by the server").arg(displayPath(path)));
            nextMethod();
            return;
        }
        Q_EMIT status(tr("Key %1: accepted by the server, signing").arg(displayPath(path)));
    }
    m_passphraseAttempts = 0;
    signWithKeyFile(path, m_config.ssh.keyPassphrase);
}

void SshLogon::signWithKeyFile(const QString &path, QByteArray passphrase)
{
    SshKey key;
    const KeyFile::Load load = KeyFile::privateKey(path, passphrase, &key);
    wipe(passphrase);
    switch (load) {
    case KeyFile::Load::Ok:
        afterAuthAttempt(ssh_userauth_publickey(m_session, nullptr, key.get()),
                         tr("key %1").arg(displayPath(path)));
        return;
    case KeyFile::Load::Unreadable:
        Q_EMIT status(
            tr("Key %1: cannot be read (not a private key Ferry understands)").arg(displayPath(path)));
        nextMethod();
        return;
    case KeyFile::Load::NeedsPassphrase:
    case KeyFile::Load::WrongPassphrase:
        break;
    }
    if (m_passphraseAttempts >= MaxPassphraseAttempts) {
        Q_EMIT status(tr("Key %1: wrong passphrase, skipped").arg(displayPath(path)));
        nextMethod();
        return;
    }
    ++m_passphraseAttempts;
    m_keyFile = path;
    m_waiting = Waiting::Passphrase;
    SecretRequest::Details details = secretDetails(SecretRequest::Kind::Passphrase);
    details.keyFile = path;
    details.prompts = {{tr("Passphrase for %1:").arg(displayPath(path)), false}};
    details.retry = load == KeyFile::Load::WrongPassphrase;
    Q_EMIT secretQuestion(details);
}

SecretRequest::Details SshLogon::secretDetails(SecretRequest::Kind kind) const
{
    SecretRequest::Details details;
    details.kind = kind;
    details.host = m_config.host;
    details.port = m_config.port;
    details.user = m_config.user;
    return details;
}

void SshLogon::tryKeyboardInteractive()
{
    m_tried.append(tr("keyboard-interactive"));
    m_kbdintRounds = 0;
    continueKeyboardInteractive(ssh_userauth_kbdint(m_session, nullptr, nullptr));
}

static bool looksLikePasswordPrompt(const QString &prompt)
{
    return prompt.contains(QLatin1String("password"), Qt::CaseInsensitive);
}

void SshLogon::continueKeyboardInteractive(int rc)
{
    while (rc == SSH_AUTH_INFO) {
        if (aborted())
            return;
        if (++m_kbdintRounds > MaxKeyboardInteractiveRounds) {
            Q_EMIT status(tr("Keyboard-interactive: too many rounds, given up"));
            nextMethod();
            return;
        }
        const int count = ssh_userauth_kbdint_getnprompts(m_session);
        if (count <= 0) {
            rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
            continue;
        }
        SecretRequest::Details details = secretDetails(SecretRequest::Kind::KeyboardInteractive);
        details.name = QString::fromUtf8(ssh_userauth_kbdint_getname(m_session));
        details.instruction = QString::fromUtf8(ssh_userauth_kbdint_getinstruction(m_session));
        for (int i = 0; i < qMin(count, 16); ++i) {
            char echo = 0;
            const char *text = ssh_userauth_kbdint_getprompt(m_session, unsigned(i), &echo);
            details.prompts.append({QString::fromUtf8(text), echo != 0});
        }
        // One hidden "Password:" prompt (PAM's usual round) takes the password we have.
        if (count == 1 && !details.prompts[0].echo && looksLikePasswordPrompt(details.prompts[0].text) &&
            !m_password.isEmpty() && !m_passwordRejected) {
            m_passwordViaPrompt = true;
            ssh_userauth_kbdint_setanswer(m_session, 0, m_password.constData());
            rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
            continue;
        }
        m_waiting = Waiting::KeyboardInteractive;
        Q_EMIT secretQuestion(details);
        return;
    }
    if (rc == SSH_AUTH_DENIED && m_passwordViaPrompt)
        m_passwordRejected = true;
    m_passwordViaPrompt = false;
    afterAuthAttempt(rc, tr("keyboard-interactive"));
}

void SshLogon::answerPromptsWith(const QStringList &responses)
{
    const int count = ssh_userauth_kbdint_getnprompts(m_session);
    for (int i = 0; i < count; ++i) {
        QByteArray answer = responses.value(i).toUtf8();
        ssh_userauth_kbdint_setanswer(m_session, unsigned(i), answer.constData());
        wipe(answer);
    }
}

void SshLogon::tryPassword()
{
    m_tried.append(tr("password"));
    if (!m_password.isEmpty() && !m_passwordRejected) {
        sendPassword();
        return;
    }
    if (m_passwordAttempts >= MaxPasswordAttempts) {
        nextMethod();
        return;
    }
    m_waiting = Waiting::Password;
    SecretRequest::Details details = secretDetails(SecretRequest::Kind::Password);
    details.prompts = {{tr("Password:"), false}};
    details.retry = m_passwordRejected;
    Q_EMIT secretQuestion(details);
}

void SshLogon::sendPassword()
{
    ++m_passwordAttempts;
    const int rc = ssh_userauth_password(m_session, nullptr, m_password.constData());
    if (rc == SSH_AUTH_DENIED) {
        m_passwordRejected = true;
        Q_EMIT status(tr("Password refused"));
        // Ask again (if someone answers questions), like ssh's three tries.
        m_tried.removeLast();
        m_plan.prepend({Method::Password, {}});
    }
    afterAuthAttempt(rc, tr("password"));
}

void SshLogon::answerSecret(bool accepted, QStringList responses)
{
    const Waiting waiting = std::exchange(m_waiting, Waiting::Nothing);
    if (waiting == Waiting::Nothing || waiting == Waiting::HostKey || m_done)
        return;
    if (aborted())
        return;
    QByteArray first = responses.value(0).toUtf8();
    switch (waiting) {
    case Waiting::Passphrase:
        if (!accepted) {
            Q_EMIT status(tr("Key %1: no passphrase given, skipped").arg(displayPath(m_keyFile)));
            nextMethod();
        } else {
            signWithKeyFile(m_keyFile, first);
        }
        break;
    case Waiting::KeyboardInteractive:
        if (!accepted) {
            nextMethod();
        } else {
            answerPromptsWith(responses);
            continueKeyboardInteractive(ssh_userauth_kbdint(m_session, nullptr, nullptr));
        }
        break;
    case Waiting::Password:
        if (!accepted) {
            nextMethod();
        } else {
            wipe(m_password);
            m_password = first;
            m_passwordRejected = false;
            sendPassword();
        }
        break;
    case Waiting::Nothing:
    case Waiting::HostKey:
        break;
    }
    wipe(first);
    for (QString &response : responses)
        response.fill(QChar(0));
}

void SshLogon::openChannel()
{
    if (aborted())
        return;
    m_channel = ssh_channel_new(m_session);
    if (!m_channel || ssh_channel_open_session(m_channel) != SSH_OK) {
        if (!aborted())
            fail(RemoteError::Kind::Network,
                 tr("Could not open an SSH session channel for SFTP: %1").arg(libsshError()));
        return;
    }
    if (ssh_channel_request_subsystem(m_channel, "sftp") != SSH_OK) {
        if (!aborted())
            fail(RemoteError::Kind::Server,
                 tr("The server refused the SFTP subsystem: %1").arg(libsshError()));
        return;
    }
    m_done = true;
    Q_EMIT succeeded();
}

} // namespace ferry
