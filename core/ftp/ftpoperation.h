#pragma once

#include "ftpreply.h"
#include "remote/remotecall.h"
#include "remote/remoteerror.h"
#include "sessioncontext.h"

#include <QPointer>
#include <QStringList>

namespace ferry {

class FtpSession;

// One FTP operation (FileZilla's engine/ftp/*.cpp, one class each): it owns a small state
// machine, sends commands through its session and receives every reply while it runs.
// A session runs one operation at a time, in the order they were queued.
//
// An operation is a RemoteCall: owned by the session, it emits finished() exactly once and
// is deleted right after (deleteLater), so read results inside the finished() handler.
class FtpOperation : public RemoteCall {
    Q_OBJECT
public:
    ~FtpOperation() override;

    FtpReply lastReply() const { return m_lastReply; }
    FtpSession *session() const;

protected:
    explicit FtpOperation(FtpSession *session, QStringList pathsToCheck = {});

    // Called by the session when it is this operation's turn (the connection is logged in,
    // except for the logon operation).
    virtual void start() = 0;
    // Called with every complete reply that arrives while this operation runs.
    virtual void handleReply(const FtpReply &reply) = 0;
    // A running operation was cancelled; the default finishes at once.
    virtual void abortRunning();
    // The control connection broke; the default finishes with that error.
    virtual void connectionLost(const RemoteError &error);

    // --- How the session treats this operation (hooks instead of type switches) ---
    // It logs in: it runs on a disconnected session (every other operation queues one).
    virtual bool logsIn() const { return false; }
    // It moves data over a data connection: when it succeeds, a session that prefetches
    // asks for the next data connection at once.
    virtual bool usesDataConnection() const { return false; }
    // It is one plain command that may go out behind a prefetched EPSV (pipelined).
    virtual bool mayFollowPipelined() const { return false; }
    // The control socket is up (the greeting or TLS is next); TLS is up and trusted.
    virtual void connected() {}
    virtual void tlsEstablished() {}
    // The session is about to close with `error` while this operation runs: the error to
    // report instead, when the operation can say more (LogonOperation: issue #13 §9).
    virtual RemoteError explainConnectionLoss(const RemoteError &error) const { return error; }

    SessionContext context() const;
    // Sends one command. `sensitive` masks the arguments in the transcript.
    void send(const QString &verb, const QString &arguments = {}, bool sensitive = false);
    void status(const QString &text);

    // Ending a transfer that is under way (RFC 959 §4.1.3), the same for every operation that
    // runs one: beginAbort() sends ABOR and keeps why; handleAbortReply() takes each reply
    // after it (the transfer's 426 and/or ABOR's 225/226, in either number, then a NOOP whose
    // 200 marks where the replies to the abort end) and says true once the control connection
    // is in step again: then finish with abortResult().
    void beginAbort(const RemoteError &why);
    bool handleAbortReply(const FtpReply &reply);
    const RemoteError &abortResult() const { return m_abortResult; }

    void cancelRequested() override;
    void aboutToFinish() override;
    void didFinish() override;

private:
    friend class FtpSession;
    void run();
    QPointer<FtpSession> m_session;
    QStringList m_pathsToCheck;
    bool m_running = false;
    bool m_abortSynced = false; // the NOOP after ABOR is out
    RemoteError m_abortResult;

protected:
    FtpReply m_lastReply;
};

} // namespace ferry
