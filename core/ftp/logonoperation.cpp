#include "logonoperation.h"

#include "ftpsession.h"
#include "implicittlsprobe.h"

#include <QRegularExpression>

namespace ferry {

void LogonOperation::start()
{
    if (m_start == Start::AfterGreeting) {
        sendUser();
        return;
    }
    m_state = State::Connecting;
    context().openControlConnection();
}

namespace {
// How long a plain login waits for a greeting before it asks whether the port speaks TLS
// from the first byte; the login itself goes on waiting (up to the session's timeout).
constexpr int GreetingProbeDelayMs = 2000;
constexpr int ProbeTimeoutMs = 3000;
} // namespace

void LogonOperation::connected()
{
    const SessionConfig &config = session()->config();
    m_state = (config.tlsPolicy != TlsPolicy::Never && config.tlsMode == TlsMode::Implicit)
                  ? State::ImplicitTls
                  : State::Greeting;
    if (m_state == State::Greeting) {
        m_greetingWait.setSingleShot(true);
        connect(&m_greetingWait, &QTimer::timeout, this, &LogonOperation::probeForImplicitTls);
        m_greetingWait.start(qMin(GreetingProbeDelayMs, config.timeoutMs / 2));
    }
}

// ftp:// or ftpes:// to an implicit-FTPS port: the server waits for a TLS ClientHello and
// we for its greeting, until the timeout. A second connection that offers TLS tells.
void LogonOperation::probeForImplicitTls()
{
    if (m_state != State::Greeting || isFinished() || !session())
        return;
    const SessionConfig &config = session()->config();
    auto *probe = new ImplicitTlsProbe(config.host, config.port, ProbeTimeoutMs, this);
    connect(probe, &ImplicitTlsProbe::finished, this, [this, probe](bool speaksTls) {
        probe->deleteLater();
        if (!speaksTls || m_state != State::Greeting || isFinished() || !session())
            return;
        const SessionConfig &c = session()->config();
        const RemoteError error(RemoteError::Kind::Tls,
                                tr("%1 port %2 speaks TLS from the first byte (implicit FTPS) and sends no "
                                   "plain FTP greeting: use ftps://%1:%2/ instead.")
                                    .arg(c.host)
                                    .arg(c.port));
        finish(error);
        context().closeControlConnection(error);
    });
    status(tr("No greeting yet; checking whether the port expects TLS first (implicit FTPS)."));
    probe->start();
}

RemoteError LogonOperation::explainConnectionLoss(const RemoteError &error) const
{
    if (!session() || isFinished())
        return error;
    if ((m_state == State::User || m_state == State::Pass) && !session()->isEncrypted() &&
        refusalAsksForTls(error.replyCode(), error.replyText()))
        return tlsRequiredError(error.replyCode(), error.replyText());
    // ftps:// to a plain or explicit-FTPS port: its plain greeting (or its answer to our
    // hello) is what OpenSSL calls a wrong version number, in OpenSSL 1.1 and 3 alike.
    if (m_state == State::ImplicitTls && error.kind() == RemoteError::Kind::Tls &&
        error.message().contains(QLatin1String("wrong version number"))) {
        const SessionConfig &config = session()->config();
        return RemoteError(
            RemoteError::Kind::Tls,
            tr("%1 port %2 speaks plain FTP, not TLS from the first byte (implicit FTPS): use "
               "ftpes://%1:%2/ (explicit FTPS) or ftp:// instead of ftps://; nothing was sent.")
                .arg(config.host)
                .arg(config.port));
    }
    return error;
}

bool LogonOperation::refusalAsksForTls(int code, const QString &text)
{
    if (code == 534) // RFC 2228: "Request denied for policy reasons"
        return true;
    if (code < 400)
        return false;
    static const QRegularExpression words(QStringLiteral("\\b(TLS|SSL|encrypt\\w*|cleartext|secure)\\b"),
                                          QRegularExpression::CaseInsensitiveOption);
    return words.match(text).hasMatch();
}

RemoteError LogonOperation::tlsRequiredError(int code, const QString &text) const
{
    const SessionConfig &config = session()->config();
    return RemoteError(
        RemoteError::Kind::Tls,
        tr("The server requires TLS (FTPS) and this connection is plain FTP: use ftpes://%1:%2/ or "
           "--tls require instead of --tls plain.")
            .arg(config.host)
            .arg(config.port),
        code, text);
}

void LogonOperation::tlsEstablished()
{
    if (m_state == State::ImplicitTls) {
        m_state = State::Greeting; // implicit FTPS: the greeting comes over TLS
        return;
    }
    if (m_state == State::ExplicitTls)
        sendUser();
}

void LogonOperation::afterGreeting()
{
    const SessionConfig &config = session()->config();
    if (config.tlsPolicy == TlsPolicy::Never) {
        status(tr("Plain FTP: the password and all data cross the network unencrypted."));
        sendUser();
        return;
    }
    if (config.tlsMode == TlsMode::Implicit) {
        sendUser();
        return;
    }
    m_state = State::AuthTls; // RFC 4217 §4
    send(QStringLiteral("AUTH"), QStringLiteral("TLS"));
}

void LogonOperation::handleReply(const FtpReply &reply)
{
    switch (m_state) {
    case State::Connecting:
        return;
    case State::Greeting:
        if (reply.code == 120) {
            // "Service ready in nnn minutes" (RFC 959 §4.2): the real greeting follows.
            status(tr("The server says it will be ready later: %1").arg(reply.text()));
            return;
        }
        m_greetingWait.stop();
        if (reply.code != 220) {
            const RemoteError error = RemoteError::fromReply(reply, tr("The server refused the connection"));
            finish(error);
            context().closeControlConnection(error);
            return;
        }
        context().setGreeting(reply.text());
        afterGreeting();
        return;
    case State::ImplicitTls:
    case State::ExplicitTls:
        return;
    case State::AuthTls:
    case State::AuthSsl:
        if (reply.code == 234 || reply.code == 334) {
            m_state = State::ExplicitTls;
            context().startTls();
            return;
        }
        if (m_state == State::AuthTls && reply.isPermanentNegative()) {
            m_state = State::AuthSsl; // older servers only know the draft's "AUTH SSL"
            send(QStringLiteral("AUTH"), QStringLiteral("SSL"));
            return;
        }
        if (session()->config().tlsPolicy == TlsPolicy::Require) {
            // No downgrade: USER/PASS are never sent in clear when TLS is required.
            const RemoteError error(
                RemoteError::Kind::Tls,
                tr("The server does not offer TLS (AUTH refused) and this site requires it; "
                   "nothing secret was sent."),
                reply.code, reply.text());
            finish(error);
            context().closeControlConnection(error);
            return;
        }
        status(tr("WARNING: the server does not offer TLS; continuing with plain FTP. "
                  "The password and all data cross the network unencrypted."));
        sendUser();
        return;
    case State::Pbsz:
        // RFC 4217 §9: PBSZ 0 must precede PROT.
        m_state = State::Prot;
        send(QStringLiteral("PROT"),
             session()->config().protectData ? QStringLiteral("P") : QStringLiteral("C"));
        return;
    case State::Prot:
        if (reply.isPositive()) {
            context().facts().dataProtected = session()->config().protectData;
            if (!session()->config().protectData)
                status(tr("Data connections are not encrypted (PROT C), as this site asks."));
        } else if (session()->config().protectData) {
            const RemoteError error = RemoteError::fromReply(
                reply, tr("The server refused encrypted data connections"), QStringLiteral("PROT P"));
            finish(error);
            context().closeControlConnection(error);
            return;
        }
        sendFeat();
        return;
    case State::User:
        if (reply.code == 230) {
            afterLogin();
        } else if (reply.code == 331) {
            m_state = State::Pass;
            send(QStringLiteral("PASS"), session()->config().effectivePassword(), true);
        } else if (reply.code == 332) {
            m_state = State::Acct;
            send(QStringLiteral("ACCT"), session()->config().account, true);
        } else {
            break;
        }
        return;
    case State::Pass:
        if (reply.code == 230 || reply.code == 202) {
            afterLogin();
        } else if (reply.code == 332) {
            if (session()->config().account.isEmpty()) {
                const RemoteError error(RemoteError::Kind::Auth,
                                        tr("The server asks for an account (ACCT), but none is set."),
                                        reply.code, reply.text());
                finish(error);
                context().closeControlConnection(error);
                return;
            }
            m_state = State::Acct;
            send(QStringLiteral("ACCT"), session()->config().account, true);
        } else {
            break;
        }
        return;
    case State::Acct:
        if (reply.isPositive()) {
            afterLogin();
            return;
        }
        break;
    case State::Feat:
        // A server without FEAT (RFC 2389 §3.3: 500/502) simply has no extensions.
        if (reply.isPositive())
            m_caps = Capabilities::fromFeatReply(reply.lines);
        if (m_caps.hasUtf8() && session()->config().charset.isUtf8()) {
            // RFC 2640 §3.1; servers that always speak UTF-8 may refuse it, which is fine.
            m_state = State::OptsUtf8;
            send(QStringLiteral("OPTS"), QStringLiteral("UTF8 ON"));
            return;
        }
        m_state = State::Syst;
        send(QStringLiteral("SYST"));
        return;
    case State::OptsUtf8:
        m_state = State::Syst;
        send(QStringLiteral("SYST"));
        return;
    case State::Syst:
        if (reply.code == 215)
            m_system = reply.text();
        done();
        return;
    case State::Done:
        return;
    }
    // Login refused.
    if (!session()->isEncrypted() && refusalAsksForTls(reply.code, reply.text())) {
        const RemoteError error = tlsRequiredError(reply.code, reply.text());
        finish(error);
        context().closeControlConnection(error);
        return;
    }
    const RemoteError error =
        reply.code == 530 || reply.code == 331 || reply.code == 332
            ? RemoteError(RemoteError::Kind::Auth,
                          tr("Login as \"%1\" failed: check the user name and password.")
                              .arg(session()->config().effectiveUser()),
                          reply.code, reply.text())
            : RemoteError::fromReply(reply, tr("Login failed"));
    finish(error);
    context().closeControlConnection(error);
}

void LogonOperation::sendUser()
{
    m_state = State::User;
    send(QStringLiteral("USER"), session()->config().effectiveUser());
}

void LogonOperation::afterLogin()
{
    if (session()->isEncrypted()) {
        m_state = State::Pbsz;
        send(QStringLiteral("PBSZ"), QStringLiteral("0"));
        return;
    }
    sendFeat();
}

void LogonOperation::sendFeat()
{
    m_state = State::Feat;
    send(QStringLiteral("FEAT"));
}

void LogonOperation::done()
{
    m_state = State::Done;
    context().setLoggedIn(m_caps, m_system);
    status(tr("Logged in."));
    finish();
}

} // namespace ferry
