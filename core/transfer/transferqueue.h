#pragma once

#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "sitekey.h"
#include "transferjob.h"

#include <QList>
#include <QObject>
#include <memory>
#include <optional>

namespace ferry {

class JobRunner;
class OverwriteRequest;
class Question;
class RemoteSession;

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
    qint64 bytesMoved = 0;     // sent or received since this queue object started
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
// Jobs belong to sites (SiteKey: a site manager entry, or a URL); setSite() says how to
// connect, with any protocol createRemoteSession() speaks. Jobs of a site that has no
// settings yet wait.
class TransferQueue final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferQueue)
public:
    enum class Severity { Info, Warning, Error };
    Q_ENUM(Severity)

    // Defaults for new jobs.
    struct JobOptions {
        TransferJob::Overwrite overwrite = TransferJob::Overwrite::Ask;
        TransferJob::Mode mode = TransferJob::Mode::Binary;
        bool preserveTime = true;
        bool resume = false; // continue an existing part file / remote file
        int priority = 0;
        // A move: each source is removed once its transfer is complete and verified
        // (TransferJob::removeSource). Uploads and downloads only; copies ignore it.
        bool removeSource = false;
    };

    // `storePath`: the SQLite file (":memory:" for a queue that dies with the process).
    explicit TransferQueue(const QString &storePath, QObject *parent = nullptr);
    ~TransferQueue() override;

    // Opens the store; jobs that were running when a previous process died are queued
    // again, to be resumed. False with errorString() when the store is unusable.
    bool open();
    QString errorString() const;
    static QString defaultStorePath(); // <app data>/queue.sqlite
    int recoveredJobs() const;

    void setSite(const SiteKey &site, const SessionConfig &config, int connectionLimit = 4);
    bool hasSite(const SiteKey &site) const; // setSite() was called: its jobs can run
    void setGlobalConnectionLimit(int limit);
    int connectionLimit(const SiteKey &site) const;
    void setMaxRetries(int retries);
    void setRetryDelay(int ms);
    void setVerify(bool on);
    // Links met in folders: followed (default; loops and links leaving an uploaded tree are
    // skipped and reported) or all skipped and reported.
    void setFollowLinks(bool on);
    void setAsciiExtensions(const QStringList &extensions);
    static QStringList defaultAsciiExtensions();
    // Global speed limits in bytes per second (0: none); they apply at once to running jobs.
    void setSpeedLimits(qint64 downloadBytesPerSecond, qint64 uploadBytesPerSecond);

    // --- Adding jobs (they run once start() was called) ---
    qint64 enqueueDownload(const SiteKey &site, const QString &remotePath, const QString &localPath,
                           const JobOptions &options, qint64 knownSize = -1, qint64 knownMtimeMs = -1);
    qint64 enqueueUpload(const SiteKey &site, const QString &localPath, const QString &remotePath,
                         const JobOptions &options);
    qint64 enqueueDownloadFolder(const SiteKey &site, const QString &remotePath, const QString &localPath,
                                 const JobOptions &options);
    qint64 enqueueUploadFolder(const SiteKey &site, const QString &localPath, const QString &remotePath,
                               const JobOptions &options);
    // Many files and folders at once (a drop of 10,000 files): one transaction and one
    // jobsAdded() instead of a jobChanged() per row. Kind: Download, Upload or a folder kind.
    struct Transfer {
        TransferJob::Kind kind = TransferJob::Kind::Upload;
        QString localPath;
        QString remotePath;
        qint64 size = -1; // downloads: as listed (uploads read it from the file)
        qint64 mtimeMs = -1;
    };
    int enqueueTransfers(const SiteKey &site, const QList<Transfer> &transfers, const JobOptions &options);
    // Files and folders from one server to another (a drag between two sites' panes):
    // server to server (FXP) where both allow it, else streamed through this process.
    struct Copy {
        QString sourcePath;
        QString targetPath;
        bool isFolder = false;
        qint64 size = -1; // as listed
    };
    int enqueueCopies(const SiteKey &source, const SiteKey &target, const QList<Copy> &copies,
                      const JobOptions &options);
    qint64 enqueueMakeDirectory(const SiteKey &site, const QString &remotePath, int priority = 0);
    qint64 enqueueDelete(const SiteKey &site, const QString &remotePath, bool isFolder, int priority = 0);

    // --- Control ---
    void start();
    void stop(); // pauses the queue: running jobs are interrupted and resume later
    bool isStarted() const;
    void pause(qint64 id); // a job (and, for a folder, everything below it)
    void resume(qint64 id);
    void cancel(qint64 id);
    void setPriority(qint64 id, int priority);
    int retryFailed();
    void retry(qint64 id); // a failed or cancelled job (and, for a folder, what failed below it)
    int removeFinished();
    int removeJobs(const QList<TransferJob::State> &states);   // e.g. {Failed}; not while running
    qint64 countJobs(const QList<TransferJob::State> &states); // jobs of every kind in these states
    // One site's work: its transfers running now and its jobs queued (waiting to start).
    struct SiteActivity {
        int running = 0;
        qint64 queued = 0;
    };
    SiteActivity activity(const SiteKey &site);
    // Settings stored with the queue (a file queue keeps them across processes).
    bool setSetting(const QString &key, const QString &value);
    std::optional<QString> setting(const QString &key);

    // Sites that have unfinished jobs (to call setSite() for after a restart).
    QList<SiteKey> pendingSites();
    std::optional<TransferJob> job(qint64 id);
    // Jobs in queue order, a window at a time (a view pages through a million).
    QList<TransferJob> jobs(qint64 offset, int limit);
    // Jobs in one of `states` after `afterId`, in queue order (a view's next page, keyset).
    QList<TransferJob> jobsIn(const QList<TransferJob::State> &states, qint64 afterId, int limit);
    // A folder job's children, in queue order, a window at a time (a tree view's rows).
    QList<TransferJob> children(qint64 parentId, qint64 offset, int limit);
    qint64 childCount(qint64 parentId);
    QueueProgress progress() const;
    bool isIdle() const;

Q_SIGNALS:
    void jobChanged(const ferry::TransferJob &job); // state changes, not per chunk
    void progressChanged(const ferry::QueueProgress &progress);
    void overwriteQuestion(ferry::OverwriteRequest *request);
    // A question from a connection (an untrusted certificate, a host key, ...).
    void questionAsked(ferry::Question *question);
    void transcript(const ferry::SiteKey &site, const ferry::TranscriptLine &line);
    // A note for the log about a job (0: about the queue): lowered limits, retries,
    // verifications, failures to store. Tests check the job and the severity, not the words.
    void message(qint64 jobId, ferry::TransferQueue::Severity severity, const QString &text);
    void childrenAdded(qint64 parentId, int count); // a folder expanded (no jobChanged per child)
    void jobsAdded(int count);                      // enqueueTransfers (no jobChanged per row)
    void connectionLimitLowered(const ferry::SiteKey &site, int limit);
    // Nothing runs and nothing runnable is left (all done, failed, skipped or paused).
    void drained();

private:
    struct Private;
    JobRunner *runnerFor(qint64 id) const;
    qint64 add(TransferJob job);
    void schedule();
    bool scheduleWindow(qint64 now);
    void scheduleRetryTimer(qint64 now);
    void scheduleSoon();
    void startRunner(const TransferJob &job, RemoteSession *session, RemoteSession *target = nullptr);
    bool insertBatch(QList<TransferJob> &jobs);
    bool sitesKnown(const TransferJob &job) const;
    void onRunnerFinished(JobRunner *runner);
    void onRunnerFailed(JobRunner *runner, TransferJob &job, qint64 countedSize,
                        std::optional<TransferJob::State> stopAs, bool tooMany);
    void setState(TransferJob &job, TransferJob::State state, qint64 countedSize);
    void childFinished(const TransferJob &child);
    void waitForChildren(const TransferJob &folder);
    void wakeMovedFolder(qint64 folderId);
    void publishProgress();
    void recount();
    void askNext();
    bool addChildren(const TransferJob &parent, QList<TransferJob> &children);
    QList<TransferJob> ancestorsOf(const TransferJob &job);
    void stopRunners(qint64 rootId, TransferJob::State as);
    void checkDrained();
    void note(qint64 jobId, Severity severity, const QString &text);

    std::unique_ptr<Private> d;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::QueueProgress)
