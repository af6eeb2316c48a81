// TransferQueue's private data, shared by its source files (transferqueue*.cpp); not for
// other users.
#pragma once

#include "jobrunner.h"
#include "queuestore.h"
#include "retrypolicy.h"
#include "transferqueue.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcQueue)

namespace ferry {

class OverwriteRequest;
class RateLimiter;
class SessionPool;

namespace transferqueue {
constexpr int ProgressIntervalMs = 100; // ~10 Hz for the UI
constexpr qint64 SpeedWindowMs = 3000;
constexpr int ScheduleWindow = 64;

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace transferqueue

struct TransferQueue::Private {
    explicit Private(const QString &storePath)
        : store(storePath)
    {
    }

    QString error;
    QueueStore store;
    SessionPool *pool = nullptr;
    RateLimiter *downloadLimiter = nullptr;
    RateLimiter *uploadLimiter = nullptr;
    JobContext context;
    RetryPolicy retry;
    QHash<qint64, JobRunner *> runners;
    QList<TransferJob> window; // runnable rows read ahead, in queue order
    bool retriesPending = false;
    qint64 windowTime = 0;                         // when `window` was read
    QHash<JobRunner *, TransferJob::State> stopAs; // runners being paused or cancelled
    QHash<QString, RemoteError> siteErrors;        // login refused: the site's jobs fail
    QQueue<QPointer<OverwriteRequest>> questions;
    QPointer<OverwriteRequest> asking;
    std::optional<TransferJob::Overwrite> answerForAll;
    bool started = false;
    bool scheduling = false;
    bool scheduleQueued = false;
    int trailing = 0; // calls still running for finished jobs (JobContext::trailing)
    bool drainedSignalled = false;
    int recovered = 0;
    QTimer retryTimer;
    QTimer progressTimer;
    QList<QueueStore::Count> counts;               // file jobs by state
    qint64 movedFinished = 0;                      // bytes moved by finished runners this run
    QList<std::pair<qint64, qint64>> speedSamples; // (ms, bytes moved), the last few seconds
    QElapsedTimer clock;
    QueueProgress progress;
    QSet<QString> refusedPairs; // sites that refused FXP to each other in this run
    QSet<qint64> movingFolders; // a move's folders waiting for their children (phase 1)
};

} // namespace ferry
