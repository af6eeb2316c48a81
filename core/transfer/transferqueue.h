#pragma once

#include "jobrunner.h"
#include "queuestore.h"
#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "transferjob.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QTimer>
#include <memory>
#include <optional>

namespace ferry {

class CertificateRequest;
class OverwriteRequest;
class RateLimiter;
class SessionPool;

// Totals for a progress bar, published at most ten times a second (never per chunk).
struct QueueProgress {
    struct Job {
        qint64 id = 0;
        QString name;
        qint64 bytesDone = 0;
        qint64 size = -1;
    };
    qint64 filesTotal = 0; // file jobs known so far (folders add theirs as they expand)
    qint64 filesDone = 0;
    qint64 filesFailed = 0;
    qint64 filesSkipped = 0;
    qint64 bytesTotal = 0; // known sizes
    qint64 bytesDone = 0;
    double bytesPerSecond = 0; // smoothed over the last few seconds
    qint64 etaSeconds = -1;    // -1: unknown
    int running = 0;
    QList<Job> jobs; // the running file jobs
};

// The transfer queue (DESIGN.md, "Transfers"): jobs in a QueueStore (SQLite), run by a
// scheduler on sessions from a SessionPool, with retries and backoff, resume, overwrite
// policies, speed limits and bounded-rate progress. No widgets: the GUI, ferry-cli and
// the tests drive it alike.
//
// Sites are keys (e.g. "ftp://user@host:21"); setSite() says how to connect. Jobs of a site
// that has no settings yet wait.
class TransferQueue final : public QObject {
    Q_OBJECT
public:
    // Defaults for new jobs.
    struct JobOptions {
        TransferJob::Overwrite overwrite = TransferJob::Overwrite::Ask;
        TransferJob::Mode mode = TransferJob::Mode::Binary;
        bool preserveTime = true;
        bool resume = false; // continue an existing part file / remote file
        int priority = 0;
    };

    // `storePath`: the SQLite file (":memory:" for a queue that dies with the process).
    explicit TransferQueue(const QString &storePath, QObject *parent = nullptr);
    ~TransferQueue() override;

    // Opens the store; jobs that were running when a previous process died are queued
    // again, to be resumed. False with errorString() when the store is unusable.
    bool open();
    QString errorString() const { return m_error; }
    static QString defaultStorePath(); // <app data>/queue.sqlite
    int recoveredJobs() const { return m_recovered; }

    void setSite(const QString &key, const SessionConfig &config, int connectionLimit = 4);
    void setGlobalConnectionLimit(int limit);
    int connectionLimit(const QString &site) const;
    void setMaxRetries(int retries) { m_maxRetries = qMax(0, retries); }
    void setRetryDelay(int ms) { m_retryDelayMs = qMax(0, ms); }
    void setVerify(bool on) { m_context.verify = on; }
    void setAsciiExtensions(const QStringList &extensions);
    static QStringList defaultAsciiExtensions();
    // Global speed limits in bytes per second (0: none); they apply at once to running jobs.
    void setSpeedLimits(qint64 downloadBytesPerSecond, qint64 uploadBytesPerSecond);

    // --- Adding jobs (they run once start() was called) ---
    qint64 enqueueDownload(const QString &site, const QString &remotePath, const QString &localPath,
                           const JobOptions &options, qint64 knownSize = -1, qint64 knownMtimeMs = -1);
    qint64 enqueueUpload(const QString &site, const QString &localPath, const QString &remotePath,
                         const JobOptions &options);
    qint64 enqueueDownloadFolder(const QString &site, const QString &remotePath, const QString &localPath,
                                 const JobOptions &options);
    qint64 enqueueUploadFolder(const QString &site, const QString &localPath, const QString &remotePath,
                               const JobOptions &options);
    qint64 enqueueMakeDirectory(const QString &site, const QString &remotePath, int priority = 0);
    qint64 enqueueDelete(const QString &site, const QString &remotePath, bool isFolder, int priority = 0);

    // --- Control ---
    void start();
    void stop(); // pauses the queue: running jobs are interrupted and resume later
    bool isStarted() const { return m_started; }
    void pause(qint64 id); // a job (and, for a folder, everything below it)
    void resume(qint64 id);
    void cancel(qint64 id);
    void setPriority(qint64 id, int priority);
    int retryFailed();
    int removeFinished();

    // Sites that have unfinished jobs (to call setSite() for after a restart).
    QStringList pendingSites();
    std::optional<TransferJob> job(qint64 id);
    QList<TransferJob> jobs(qint64 offset, int limit);
    QueueProgress progress() const { return m_progress; }
    bool isIdle() const;

Q_SIGNALS:
    void jobChanged(const ferry::TransferJob &job); // state changes, not per chunk
    void progressChanged(const ferry::QueueProgress &progress);
    void overwriteQuestion(ferry::OverwriteRequest *request);
    void certificateCheckRequired(ferry::CertificateRequest *request);
    void transcript(const QString &site, const ferry::TranscriptLine &line);
    void message(const QString &text);              // notes for the log: lowered limits, verifications
    void childrenAdded(qint64 parentId, int count); // a folder expanded (no jobChanged per child)
    void connectionLimitLowered(const QString &site, int limit);
    // Nothing runs and nothing runnable is left (all done, failed, skipped or paused).
    void drained();

private:
    qint64 add(TransferJob job);
    void schedule();
    void scheduleSoon();
    void startRunner(const TransferJob &job, FtpSession *session);
    void onRunnerFinished(JobRunner *runner);
    void setState(TransferJob &job, TransferJob::State state, qint64 countedSize);
    void childFinished(const TransferJob &child);
    void publishProgress();
    void recount();
    void askNext();
    bool addChildren(const TransferJob &parent, QList<TransferJob> &children);
    void stopRunners(qint64 rootId, TransferJob::State as);
    void checkDrained();

    QString m_error;
    std::unique_ptr<QueueStore> m_store;
    SessionPool *m_pool = nullptr;
    RateLimiter *m_downloadLimiter = nullptr;
    RateLimiter *m_uploadLimiter = nullptr;
    JobContext m_context;
    QHash<qint64, JobRunner *> m_runners;
    QList<TransferJob> m_window; // runnable rows read ahead, in queue order
    bool m_retriesPending = false;
    qint64 m_windowTime = 0;                         // when m_window was read
    QHash<JobRunner *, TransferJob::State> m_stopAs; // runners being paused or cancelled
    QHash<QString, RemoteError> m_siteErrors;        // login refused: the site's jobs fail
    QQueue<QPointer<OverwriteRequest>> m_questions;
    QPointer<OverwriteRequest> m_asking;
    std::optional<TransferJob::Overwrite> m_answerForAll;
    bool m_started = false;
    bool m_scheduling = false;
    bool m_scheduleQueued = false;
    int m_trailing = 0; // operations still running for finished jobs (JobContext::trailing)
    bool m_drainedSignalled = false;
    int m_maxRetries = 3;
    int m_retryDelayMs = 1000;
    int m_recovered = 0;
    QTimer m_retryTimer;
    QTimer m_progressTimer;
    QList<QueueStore::Count> m_counts;               // file jobs by state
    qint64 m_movedFinished = 0;                      // bytes moved by finished runners this run
    QList<std::pair<qint64, qint64>> m_speedSamples; // (ms, bytes moved), the last few seconds
    QElapsedTimer m_clock;
    QueueProgress m_progress;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::QueueProgress)
