#pragma once

#include "remote/remoteerror.h"

namespace ferry {

// What becomes of a job whose attempt failed: pure policy, no queue, no I/O (the queue's
// onRunnerFinished carries it out; tst_retrypolicy checks it row by row).
struct RetryPolicy {
    int maxRetries = 3;     // attempts after the first
    int baseDelayMs = 1000; // the first retry's wait; doubled each time
    int maxDelayMs = 60000;

    enum class Action {
        Fail,     // final: the job fails
        FailSite, // final, and every job of the site fails without a login each (a refused login)
        Retry,    // queued again after delayMs, with one more attempt counted
        Requeue,  // queued again at once, no attempt counted (not the job's fault)
    };
    struct Decision {
        Action action = Action::Fail;
        int delayMs = 0;
    };

    // `attempts`: failed attempts so far (before this one). `failedAtLogin`: the error came
    // before the session was ever logged in. `tooMany`: the server refused the connection as
    // one too many (isTooManyConnections). `othersOpen`: the site's sessions
    // still open after this one was dropped.
    Decision decide(const RemoteError &error, int attempts, bool failedAtLogin, bool tooMany,
                    int othersOpen) const;
    // The server refused a connection as one too many: 421 at login, or a 530 whose words
    // say "too many", "maximum number", "connection limit", "try later" (ProFTPD, Pure-FTPd).
    static bool isTooManyConnections(const RemoteError &error);
    // The wait before retry number `attempt` (1-based): base, 2×base, 4×base, ... up to maxDelayMs.
    int delayFor(int attempt) const;
};

} // namespace ferry
