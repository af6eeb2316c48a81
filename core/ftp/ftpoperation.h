#pragma once

#include "ftperror.h"
#include "ftpreply.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace ferry {

class FtpSession;

// One FTP operation (FileZilla's engine/ftp/*.cpp, one class each): it owns a small state
// machine, sends commands through its session and receives every reply while it runs.
// A session runs one operation at a time, in the order they were queued.
//
// Lifetime: owned by the session; emits finished() exactly once and is deleted right
// after (deleteLater), so read results inside the finished() handler.
class FtpOperation : public QObject {
    Q_OBJECT
public:
    ~FtpOperation() override;

    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && !m_error.isError(); }
    FtpError error() const { return m_error; }
    FtpReply lastReply() const { return m_lastReply; }
    FtpSession *session() const;

    // Cancels: a queued operation is dropped, a running one is aborted (ABOR for a
    // transfer), and it finishes with FtpError::Kind::Cancelled. The session stays usable.
    void cancel();

Q_SIGNALS:
    void finished();

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
    virtual void connectionLost(const FtpError &error);

    // Sends one command. `sensitive` masks the arguments in the transcript.
    void send(const QString &verb, const QString &arguments = {}, bool sensitive = false);
    void finish(const FtpError &error = {});
    void status(const QString &text);

private:
    friend class FtpSession;
    void run();
    QPointer<FtpSession> m_session;
    QStringList m_pathsToCheck;
    FtpError m_error;
    bool m_finished = false;
    bool m_running = false;

protected:
    FtpReply m_lastReply;
};

} // namespace ferry
