#pragma once

#include "capabilities.h"
#include "ftpoperation.h"

#include <QTimer>

namespace ferry {

// Connect, greeting, login, then learn the server (RFC 959 §5.4 logon sequence,
// RFC 2389 FEAT, RFC 2640 OPTS UTF8, SYST).
class LogonOperation final : public FtpOperation {
    Q_OBJECT
public:
    enum class State {
        Connecting,
        ImplicitTls,
        Greeting,
        AuthTls,
        AuthSsl,
        ExplicitTls,
        User,
        Pass,
        Acct,
        Pbsz,
        Prot,
        Feat,
        OptsUtf8,
        Syst,
        Done
    };
    Q_ENUM(State)
    enum class Start { Connect, AfterGreeting };
    explicit LogonOperation(FtpSession *session, Start start = Start::Connect)
        : FtpOperation(session)
        , m_start(start)
    {
    }
    State state() const { return m_state; }

    // A refused USER/PASS (or a 421 there) that says the server wants TLS on a connection
    // without it: vsftpd "530 Non-anonymous sessions must use encryption.", pyftpdlib and
    // ProFTPD "550 SSL/TLS required on the control channel", pure-ftpd "421 Sorry, cleartext
    // sessions and weak ciphers are not accepted", or RFC 2228's 534.
    static bool refusalAsksForTls(int code, const QString &text);

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    bool logsIn() const override { return true; }
    void connected() override;      // the session's socket is up; the greeting (or TLS) is next
    void tlsEstablished() override; // TLS is up and its certificate trusted
    // Says more than the raw error (issue #13 §9): a server that requires TLS refusing a
    // plain login (pure-ftpd does it with a 421), or ftps:// to a port that answers in plain
    // text (OpenSSL's "wrong version number": the server's first bytes were no TLS record,
    // most likely its "220" greeting).
    RemoteError explainConnectionLoss(const RemoteError &error) const override;

private:
    void sendUser();
    void afterGreeting();
    void afterLogin();
    void sendFeat();
    void done();
    void probeForImplicitTls();
    RemoteError tlsRequiredError(int code, const QString &text) const;
    Start m_start;
    State m_state = State::Connecting;
    Capabilities m_caps;
    QString m_system;
    QTimer m_greetingWait; // no greeting yet: is this an implicit-FTPS port? (ImplicitTlsProbe)
};

} // namespace ferry
