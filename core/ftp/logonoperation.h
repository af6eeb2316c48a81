#pragma once

#include "capabilities.h"
#include "ftpoperation.h"

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

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    bool logsIn() const override { return true; }
    void connected() override;      // the session's socket is up; the greeting (or TLS) is next
    void tlsEstablished() override; // TLS is up and its certificate trusted

private:
    void sendUser();
    void afterGreeting();
    void afterLogin();
    void sendFeat();
    void done();
    Start m_start;
    State m_state = State::Connecting;
    Capabilities m_caps;
    QString m_system;
};

} // namespace ferry
