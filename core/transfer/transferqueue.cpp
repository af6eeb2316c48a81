#include "transferqueue.h"

#include "jobrunner.h"
#include "overwriterequest.h"
#include "queuestore.h"
#include "remote/question.h"
#include "remote/ratelimiter.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "retrypolicy.h"
#include "sessionpool.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

Q_LOGGING_CATEGORY(lcQueue, "ferry.queue", QtWarningMsg)

namespace ferry {

namespace {
using State = TransferJob::State;
constexpr int ProgressIntervalMs = 100; // ~10 Hz for the UI
constexpr qint64 SpeedWindowMs = 3000;
constexpr int ScheduleWindow = 64;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

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
};

TransferQueue::TransferQueue(const QString &storePath, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(storePath))
{
    d->pool = new SessionPool(this);
    d->downloadLimiter = new RateLimiter(this);
    d->uploadLimiter = new RateLimiter(this);
    qRegisterMetaType<ferry::TransferJob>();
    qRegisterMetaType<ferry::QueueProgress>();
    d->context.downloadLimiter = d->downloadLimiter;
    d->context.uploadLimiter = d->uploadLimiter;
    d->context.asciiExtensions = defaultAsciiExtensions();
    d->context.ask = [this](OverwriteRequest *request) {
        d->questions.enqueue(request);
        askNext();
    };
    d->context.addChildren = [this](const TransferJob &parentJob, QList<TransferJob> &children) {
        return addChildren(parentJob, children);
    };
    d->context.note = [this](const TransferJob &job, const QString &text) {
        note(job.id, Severity::Info, text);
    };
    d->context.ancestors = [this](const TransferJob &job) { return ancestorsOf(job); };
    d->context.borrowSession = [this](const QString &site) {
        return d->pool->acquire(SiteKey::fromString(site));
    };
    d->context.returnSession = [this](RemoteSession *session) {
        // Queued: the runner giving it back is still inside its own finishing.
        QMetaObject::invokeMethod(
            this,
            [this, session = QPointer<RemoteSession>(session)] {
                if (session && d->pool)
                    d->pool->release(session, true);
            },
            Qt::QueuedConnection);
    };
    d->context.refusedPairs = &d->refusedPairs;
    d->context.trailing = [this](RemoteCall *call) {
        d->trailing += 1;
        // destroyed, not finished: a session that goes away deletes what it had queued.
        connect(call, &QObject::destroyed, this, [this] {
            d->trailing -= 1;
            checkDrained();
        });
    };

    d->retryTimer.setSingleShot(true);
    d->retryTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire before the backoff ends
    connect(&d->retryTimer, &QTimer::timeout, this, [this] {
        d->window.clear(); // the jobs whose backoff ended are not in it
        schedule();
    });
    d->progressTimer.setInterval(ProgressIntervalMs);
    connect(&d->progressTimer, &QTimer::timeout, this, &TransferQueue::publishProgress);
    connect(d->pool, &SessionPool::capacityAvailable, this, &TransferQueue::scheduleSoon);
    connect(d->pool, &SessionPool::questionAsked, this, &TransferQueue::questionAsked);
    connect(d->pool, &SessionPool::transcript, this, &TransferQueue::transcript);
    connect(d->pool, &SessionPool::limitLowered, this, [this](const SiteKey &site, int limit) {
        note(0, Severity::Warning,
             tr("%1 refused another connection: using at most %n connection(s) for the rest of this run.",
                nullptr, limit)
                 .arg(site.toString()));
        Q_EMIT connectionLimitLowered(site, limit);
    });
    d->clock.start();
}

TransferQueue::~TransferQueue()
{
    // Runners first (they hold sessions and part files), then the pool.
    d->started = false;
    for (JobRunner *runner : std::as_const(d->runners)) {
        runner->disconnect(this);
        delete runner;
    }
    d->runners.clear();
    delete d->pool; // its sessions go before the rest of the queue
    d->pool = nullptr;
}

QString TransferQueue::defaultStorePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("ferry/queue.sqlite"));
}

QStringList TransferQueue::defaultAsciiExtensions()
{
    // FileZilla's default list.
    return QStringLiteral("am asp bat c cfm cgi conf cpp css csv dhtml diz h hpp htm html in inc java js jsp "
                          "lua m4 mak md5 nfo nsh nsi php phtml pl po py qmail sh sha1 sha256 shtml sql svg "
                          "tcl tpl txt vbs xhtml xml xrc")
        .split(QLatin1Char(' '));
}

void TransferQueue::setAsciiExtensions(const QStringList &extensions)
{
    QStringList lower;
    for (const QString &e : extensions)
        lower.append(e.toLower().remove(QLatin1Char('.')));
    d->context.asciiExtensions = lower;
}

bool TransferQueue::open()
{
    if (!d->store.open()) {
        d->error = d->store.errorString();
        return false;
    }
    d->recovered = d->store.recoverInterrupted();
    d->retriesPending = true; // rows may wait for a backoff from an earlier run
    recount();
    return true;
}

void TransferQueue::recount()
{
    d->counts = d->store.countFiles();
}

void TransferQueue::setSite(const SiteKey &key, const SessionConfig &config, int connectionLimit)
{
    d->siteErrors.remove(key.toString());
    QString unsupported;
    if (!isProtocolSupported(config.protocol, &unsupported))
        d->siteErrors.insert(key.toString(), RemoteError(RemoteError::Kind::InvalidArgument, unsupported));
    d->pool->setSite(key, config, connectionLimit);
    scheduleSoon();
}

bool TransferQueue::hasSite(const SiteKey &site) const
{
    return d->pool->hasSite(site);
}

void TransferQueue::setGlobalConnectionLimit(int limit)
{
    d->pool->setGlobalLimit(limit);
    scheduleSoon();
}

int TransferQueue::connectionLimit(const SiteKey &site) const
{
    return d->pool->limit(site);
}

void TransferQueue::setSpeedLimits(qint64 downloadBytesPerSecond, qint64 uploadBytesPerSecond)
{
    d->downloadLimiter->setRate(downloadBytesPerSecond);
    d->uploadLimiter->setRate(uploadBytesPerSecond);
}

// --- Adding ---

qint64 TransferQueue::add(TransferJob job)
{
    QList<TransferJob> one{job};
    if (!d->store.insert(one)) {
        d->error = d->store.errorString();
        note(0, Severity::Error, d->error);
        return 0;
    }
    job = one.first();
    if (job.isFile()) {
        d->counts[int(State::Queued)].jobs += 1;
        d->counts[int(State::Queued)].bytes += qMax<qint64>(0, job.size);
    }
    d->drainedSignalled = false;
    d->window.clear();
    Q_EMIT jobChanged(job);
    scheduleSoon();
    return job.id;
}

namespace {
TransferJob makeJob(TransferJob::Kind kind, const SiteKey &site, const QString &remote, const QString &local,
                    const TransferQueue::JobOptions &options)
{
    TransferJob job;
    job.kind = kind;
    job.site = site.toString();
    job.remotePath = remote;
    job.localPath = local.isEmpty() ? QString() : QFileInfo(local).absoluteFilePath();
    job.overwrite = options.overwrite;
    job.mode = options.mode;
    job.preserveTime = options.preserveTime;
    job.resume = options.resume;
    job.priority = options.priority;
    return job;
}
} // namespace

qint64 TransferQueue::enqueueDownload(const SiteKey &site, const QString &remotePath,
                                      const QString &localPath, const JobOptions &options, qint64 knownSize,
                                      qint64 knownMtimeMs)
{
    TransferJob job = makeJob(TransferJob::Kind::Download, site, remotePath, localPath, options);
    job.size = knownSize;
    job.mtimeMs = knownMtimeMs;
    return add(job);
}

qint64 TransferQueue::enqueueUpload(const SiteKey &site, const QString &localPath, const QString &remotePath,
                                    const JobOptions &options)
{
    TransferJob job = makeJob(TransferJob::Kind::Upload, site, remotePath, localPath, options);
    const QFileInfo info(localPath);
    job.size = info.isFile() ? info.size() : TransferJob::Unknown;
    return add(job);
}

qint64 TransferQueue::enqueueDownloadFolder(const SiteKey &site, const QString &remotePath,
                                            const QString &localPath, const JobOptions &options)
{
    return add(makeJob(TransferJob::Kind::DownloadFolder, site, remotePath, localPath, options));
}

qint64 TransferQueue::enqueueUploadFolder(const SiteKey &site, const QString &localPath,
                                          const QString &remotePath, const JobOptions &options)
{
    return add(makeJob(TransferJob::Kind::UploadFolder, site, remotePath, localPath, options));
}

int TransferQueue::enqueueTransfers(const SiteKey &site, const QList<Transfer> &transfers,
                                    const JobOptions &options)
{
    QList<TransferJob> jobs;
    jobs.reserve(transfers.size());
    for (const Transfer &t : transfers) {
        TransferJob job = makeJob(t.kind, site, t.remotePath, t.localPath, options);
        job.size = t.size;
        job.mtimeMs = t.mtimeMs;
        if (t.kind == TransferJob::Kind::Upload) {
            const QFileInfo info(t.localPath);
            job.size = info.isFile() ? info.size() : TransferJob::Unknown;
        }
        jobs.append(job);
    }
    return insertBatch(jobs) ? int(jobs.size()) : 0;
}

int TransferQueue::enqueueCopies(const SiteKey &source, const SiteKey &target, const QList<Copy> &copies,
                                 const JobOptions &options)
{
    QList<TransferJob> jobs;
    jobs.reserve(copies.size());
    for (const Copy &c : copies) {
        TransferJob job = makeJob(c.isFolder ? TransferJob::Kind::CopyFolder : TransferJob::Kind::Copy,
                                  source, c.sourcePath, {}, options);
        job.targetSite = target.toString();
        job.targetPath = c.targetPath;
        job.size = c.isFolder ? TransferJob::Unknown : c.size;
        jobs.append(job);
    }
    return insertBatch(jobs) ? int(jobs.size()) : 0;
}

// One transaction and one jobsAdded() for jobs the user queued.
bool TransferQueue::insertBatch(QList<TransferJob> &jobs)
{
    if (jobs.isEmpty())
        return false;
    if (!d->store.insert(jobs)) {
        d->error = d->store.errorString();
        note(0, Severity::Error, d->error);
        return false;
    }
    for (const TransferJob &job : std::as_const(jobs)) {
        if (job.isFile()) {
            d->counts[int(State::Queued)].jobs += 1;
            d->counts[int(State::Queued)].bytes += qMax<qint64>(0, job.size);
        }
    }
    d->drainedSignalled = false;
    d->window.clear();
    Q_EMIT jobsAdded(int(jobs.size()));
    scheduleSoon();
    return true;
}

qint64 TransferQueue::enqueueMakeDirectory(const SiteKey &site, const QString &remotePath, int priority)
{
    JobOptions options;
    options.priority = priority;
    return add(makeJob(TransferJob::Kind::MakeDirectory, site, remotePath, {}, options));
}

qint64 TransferQueue::enqueueDelete(const SiteKey &site, const QString &remotePath, bool isFolder,
                                    int priority)
{
    JobOptions options;
    options.priority = priority;
    return add(makeJob(isFolder ? TransferJob::Kind::DeleteFolder : TransferJob::Kind::DeleteFile, site,
                       remotePath, {}, options));
}

bool TransferQueue::addChildren(const TransferJob &parentJob, QList<TransferJob> &children)
{
    if (!d->store.insert(children)) {
        d->error = d->store.errorString();
        note(0, Severity::Error, d->error);
        return false;
    }
    for (const TransferJob &child : std::as_const(children)) {
        if (child.isFile() || child.state == State::Skipped) {
            d->counts[int(child.state)].jobs += 1;
            d->counts[int(child.state)].bytes += qMax<qint64>(0, child.size);
        }
    }
    d->window.clear(); // the children may come before what was read
    Q_EMIT childrenAdded(parentJob.id, int(children.size()));
    // Entries skipped unsent (a link leaving the tree, a loop, a FIFO) are told one by one,
    // with their reason: a backup must not look complete when it is not.
    for (const TransferJob &child : std::as_const(children)) {
        if (child.isFinished())
            Q_EMIT jobChanged(child);
    }
    return true;
}

QList<TransferJob> TransferQueue::ancestorsOf(const TransferJob &job)
{
    QList<TransferJob> chain;
    qint64 parentId = job.parentId;
    for (int depth = 0; parentId != 0 && depth < 4096; ++depth) {
        const std::optional<TransferJob> up = d->store.job(parentId);
        if (!up)
            break;
        chain.append(*up);
        parentId = up->parentId;
    }
    return chain;
}

// --- Scheduling ---

void TransferQueue::start()
{
    d->started = true;
    d->drainedSignalled = false;
    if (!d->progressTimer.isActive())
        d->progressTimer.start();
    scheduleSoon();
}

void TransferQueue::scheduleSoon()
{
    if (d->scheduleQueued || !d->started)
        return;
    d->scheduleQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            d->scheduleQueued = false;
            schedule();
        },
        Qt::QueuedConnection);
}

void TransferQueue::schedule()
{
    if (!d->started)
        return;
    if (d->scheduling) {
        scheduleSoon();
        return;
    }
    d->scheduling = true;
    const qint64 now = nowMs();
    // The next runnable rows are read a window at a time and kept until used, so that a
    // finished job costs no query (the window is dropped whenever the order may change).
    // Bounded: each round starts at least one job or stops.
    for (int round = 0; round < 1000 && d->started; ++round) {
        if (d->window.isEmpty()) {
            d->window = d->store.nextRunnable(ScheduleWindow, now);
            d->windowTime = now;
        }
        if (d->window.isEmpty() || !scheduleWindow(now))
            break;
    }
    d->scheduling = false;
    if (d->retriesPending)
        scheduleRetryTimer(now);
    checkDrained();
}

// One pass over the window: starts what the sites' limits allow; false when nothing started.
bool TransferQueue::scheduleWindow(qint64 now)
{
    Q_UNUSED(now);
    bool started = false;
    QSet<QString> full;
    for (qsizetype i = 0; i < d->window.size() && d->started;) {
        const TransferJob candidate = d->window.at(i);
        if (d->runners.contains(candidate.id)) {
            d->window.removeAt(i);
            continue;
        }
        if (full.contains(candidate.site)) {
            ++i;
            continue;
        }
        const auto blocked = d->siteErrors.constFind(candidate.site);
        if (blocked != d->siteErrors.cend()) {
            d->window.removeAt(i);
            TransferJob job = candidate;
            job.error = blocked->toString();
            job.errorKind = int(blocked->kind());
            setState(job, State::Failed, job.size);
            childFinished(job);
            started = true;
            continue;
        }
        // A copy between servers needs a session on each: the target's first, given back
        // unused when the source has none free.
        RemoteSession *target = nullptr;
        if (candidate.isCopy()) {
            const SiteKey targetSite = SiteKey::fromString(candidate.targetSite);
            target = d->pool->hasSite(targetSite) ? d->pool->acquire(targetSite) : nullptr;
            if (!target) {
                ++i;
                continue;
            }
        }
        const SiteKey site = SiteKey::fromString(candidate.site);
        RemoteSession *session = d->pool->hasSite(site) ? d->pool->acquire(site) : nullptr;
        if (!session) {
            if (target)
                d->pool->giveBack(target);
            full.insert(candidate.site);
            ++i;
            continue;
        }
        d->window.removeAt(i);
        startRunner(candidate, session, target);
        started = true;
    }
    return started;
}

// Every backoff that ends after the rows in the window were read: a job whose not_before
// passed since then is not in the window, so it must still count (the timer then fires at
// once and drops the window), or nothing would start it.
void TransferQueue::scheduleRetryTimer(qint64 now)
{
    const qint64 since = d->window.isEmpty() ? now : d->windowTime;
    const qint64 retryAt = d->store.nextRetryMs(since);
    d->retriesPending = retryAt > 0;
    if (retryAt > 0)
        d->retryTimer.start(int(qBound<qint64>(0, retryAt - nowMs() + 5, qint64(d->retry.maxDelayMs))));
}

void TransferQueue::checkDrained()
{
    if (!d->started || d->drainedSignalled || !d->runners.isEmpty() || d->retryTimer.isActive() ||
        !d->questions.isEmpty() || d->asking || d->scheduleQueued || d->trailing > 0)
        return;
    // Queued jobs that cannot start (a site without settings) do not keep the queue busy.
    const QList<TransferJob> next = d->store.nextRunnable(ScheduleWindow, nowMs());
    for (const TransferJob &job : next) {
        if (sitesKnown(job))
            return;
    }
    d->drainedSignalled = true;
    d->answerForAll.reset(); // "for all" meant the files of this run, not the next drop's
    publishProgress();
    Q_EMIT drained();
}

bool TransferQueue::sitesKnown(const TransferJob &job) const
{
    return d->pool->hasSite(SiteKey::fromString(job.site)) &&
           (!job.isCopy() || d->pool->hasSite(SiteKey::fromString(job.targetSite)));
}

bool TransferQueue::isIdle() const
{
    return d->runners.isEmpty();
}

void TransferQueue::setState(TransferJob &job, TransferJob::State state, qint64 countedSize)
{
    if (job.isFile()) {
        QueueStore::Count &from = d->counts[int(job.state)];
        from.jobs -= 1;
        from.bytes -= qMax<qint64>(0, countedSize);
        QueueStore::Count &to = d->counts[int(state)];
        to.jobs += 1;
        to.bytes += qMax<qint64>(0, job.size);
    }
    qCDebug(lcQueue) << "job" << job.id << job.kind << job.state << "->" << state << job.displayPath();
    job.state = state;
    if (!d->store.update(job))
        note(job.id, Severity::Error, d->store.errorString());
    Q_EMIT jobChanged(job);
}

void TransferQueue::startRunner(const TransferJob &candidate, RemoteSession *session, RemoteSession *target)
{
    TransferJob job = candidate;
    job.error.clear();
    setState(job, State::Running, job.size);
    auto *runner = new JobRunner(job, session, &d->context, this);
    runner->setTarget(target);
    d->runners.insert(job.id, runner);
    d->drainedSignalled = false;
    // Queued: the session's next command (an upload's MFMT behind the prefetched EPSV) leaves
    // before the bookkeeping of the finished job, which then overlaps its round trip.
    connect(
        runner, &JobRunner::finished, this, [this, runner] { onRunnerFinished(runner); },
        Qt::QueuedConnection);
    runner->start();
}

void TransferQueue::onRunnerFinished(JobRunner *runner)
{
    TransferJob job = runner->job();
    const qint64 countedSize = runner->startSize();
    d->runners.remove(job.id);
    d->movedFinished += runner->bytesMoved();
    const RemoteError error = runner->error();
    const auto stopAs =
        d->stopAs.contains(runner) ? std::optional<State>(d->stopAs.take(runner)) : std::nullopt;
    const bool failed = runner->outcome() == JobRunner::Outcome::Failed;
    // "Too many connections" is a refusal of the login; a 421 later is an ordinary drop.
    const bool tooMany =
        failed && !stopAs && runner->failedAtLogin() && RetryPolicy::isTooManyConnections(error);
    if (RemoteSession *session = runner->session()) {
        if (tooMany)
            d->pool->tooManyConnections(session);
        else
            d->pool->release(session, runner->sessionReusable());
    }
    if (RemoteSession *target = runner->target())
        d->pool->release(target, runner->targetReusable());
    runner->deleteLater();

    switch (runner->outcome()) {
    case JobRunner::Outcome::Done:
        job.error.clear();
        job.errorKind = 0;
        job.resume = false;
        setState(job, State::Done, countedSize);
        childFinished(job);
        break;
    case JobRunner::Outcome::Skipped:
        setState(job, State::Skipped, countedSize);
        childFinished(job);
        break;
    case JobRunner::Outcome::Waiting:
        setState(job, State::Waiting, countedSize);
        break;
    case JobRunner::Outcome::Failed:
        onRunnerFailed(runner, job, countedSize, stopAs, tooMany);
        break;
    }
    schedule();
}

// A failed attempt: stopped by the user, or RetryPolicy decides (retry, requeue, fail).
void TransferQueue::onRunnerFailed(JobRunner *runner, TransferJob &job, qint64 countedSize,
                                   std::optional<TransferJob::State> stopAs, bool tooMany)
{
    const RemoteError error = runner->error();
    job.error = error.toString();
    job.errorKind = int(error.kind());
    if (stopAs) {
        job.resume = job.isFile();
        job.error.clear();
        setState(job, *stopAs, countedSize);
        return;
    }
    const SiteKey site = SiteKey::fromString(job.site);
    const RetryPolicy::Decision decision =
        d->retry.decide(error, job.attempts, runner->failedAtLogin(), tooMany, d->pool->openSessions(site));
    switch (decision.action) {
    case RetryPolicy::Action::Requeue: // not the job's fault: it runs on a connection that exists
        setState(job, State::Queued, countedSize);
        d->window.clear();
        return;
    case RetryPolicy::Action::FailSite:
        d->siteErrors.insert(job.site, error);
        break;
    case RetryPolicy::Action::Retry:
        job.attempts += 1;
        job.resume = job.isFile();
        job.notBeforeMs = nowMs() + decision.delayMs;
        d->retriesPending = true;
        note(job.id, Severity::Warning,
             tr("%1: %2 Retrying in %3 s (attempt %4 of %5).")
                 .arg(job.displayPath(), job.error)
                 .arg(decision.delayMs / 1000.0, 0, 'f', 1)
                 .arg(job.attempts + 1)
                 .arg(d->retry.maxRetries + 1));
        setState(job, State::Queued, countedSize);
        return;
    case RetryPolicy::Action::Fail:
        break;
    }
    setState(job, State::Failed, countedSize);
    childFinished(job);
}

void TransferQueue::childFinished(const TransferJob &child)
{
    if (child.parentId == 0 ||
        (child.kind != TransferJob::Kind::DeleteFile && child.kind != TransferJob::Kind::DeleteFolder))
        return;
    std::optional<TransferJob> parentJob = d->store.job(child.parentId);
    if (!parentJob || parentJob->state != State::Waiting)
        return;
    if (child.state == State::Failed) {
        parentJob->error = tr("Could not delete everything in %1.").arg(parentJob->remotePath);
        setState(*parentJob, State::Failed, parentJob->size);
        childFinished(*parentJob);
        return;
    }
    const int pending = d->store.adjustPending(child.parentId, -1);
    if (pending == 0) {
        parentJob->pendingChildren = 0;
        setState(*parentJob, State::Queued, parentJob->size); // phase 1: RMD
        d->window.clear();
        scheduleSoon();
    }
}

// --- Questions ---

void TransferQueue::askNext()
{
    while (!d->asking && !d->questions.isEmpty()) {
        QPointer<OverwriteRequest> request = d->questions.dequeue();
        if (!request || request->isAnswered())
            continue;
        if (d->answerForAll) {
            request->answer(*d->answerForAll);
            continue;
        }
        if (!isSignalConnected(QMetaMethod::fromSignal(&TransferQueue::overwriteQuestion))) {
            note(0, Severity::Warning,
                 tr("%1 exists and nobody can be asked: skipped.").arg(request->targetPath()));
            request->answer(TransferJob::Overwrite::Skip);
            continue;
        }
        d->asking = request;
        connect(request, &OverwriteRequest::answered, this, [this](TransferJob::Overwrite action, bool all) {
            if (all)
                d->answerForAll = action;
            d->asking = nullptr;
            QMetaObject::invokeMethod(this, &TransferQueue::askNext, Qt::QueuedConnection);
        });
        Q_EMIT overwriteQuestion(request);
    }
    if (!d->asking && d->questions.isEmpty())
        checkDrained();
}

// --- Control ---

void TransferQueue::stopRunners(qint64 rootId, TransferJob::State as)
{
    QList<JobRunner *> targets;
    for (auto it = d->runners.cbegin(); it != d->runners.cend(); ++it) {
        if (rootId == 0 || it.key() == rootId) {
            targets.append(it.value());
            continue;
        }
        // Below the root? Walk up the parents (bounded: folders are not that deep).
        const QList<TransferJob> above = ancestorsOf(it.value()->job());
        if (std::any_of(above.cbegin(), above.cend(),
                        [rootId](const TransferJob &up) { return up.id == rootId; }))
            targets.append(it.value());
    }
    for (JobRunner *runner : std::as_const(targets)) {
        d->stopAs.insert(runner, as);
        runner->stop();
    }
}

void TransferQueue::stop()
{
    d->window.clear();
    stopRunners(0, State::Queued);
    d->started = false;
    d->progressTimer.stop();
    d->retryTimer.stop();
    d->pool->closeIdle();
}

void TransferQueue::pause(qint64 id)
{
    d->window.clear();
    stopRunners(id, State::Paused);
    d->store.moveStates(id, {State::Queued}, State::Paused);
    recount();
    scheduleSoon();
}

void TransferQueue::resume(qint64 id)
{
    d->window.clear();
    d->store.moveStates(id, {State::Paused}, State::Queued);
    recount();
    d->drainedSignalled = false;
    scheduleSoon();
}

void TransferQueue::cancel(qint64 id)
{
    d->window.clear();
    stopRunners(id, State::Cancelled);
    d->store.moveStates(id, {State::Queued, State::Paused, State::Waiting}, State::Cancelled);
    recount();
    scheduleSoon();
}

void TransferQueue::setPriority(qint64 id, int priority)
{
    d->window.clear();
    std::optional<TransferJob> job = d->store.job(id);
    if (!job)
        return;
    job->priority = priority;
    d->store.update(*job);
    Q_EMIT jobChanged(*job);
}

int TransferQueue::retryFailed()
{
    d->window.clear();
    d->siteErrors.clear();
    const int n = d->store.moveStates(0, {State::Failed}, State::Queued);
    recount();
    d->drainedSignalled = false;
    scheduleSoon();
    return n;
}

void TransferQueue::retry(qint64 id)
{
    d->window.clear();
    d->siteErrors.clear();
    d->store.moveStates(id, {State::Failed, State::Cancelled}, State::Queued);
    recount();
    d->drainedSignalled = false;
    scheduleSoon();
}

int TransferQueue::removeFinished()
{
    d->window.clear();
    const int n = d->store.removeFinished();
    recount();
    return n;
}

int TransferQueue::removeJobs(const QList<TransferJob::State> &states)
{
    d->window.clear();
    const int n = d->store.removeStates(states);
    recount();
    return n;
}

qint64 TransferQueue::countJobs(const QList<TransferJob::State> &states)
{
    return d->store.countStates(states);
}

TransferQueue::SiteActivity TransferQueue::activity(const SiteKey &site)
{
    SiteActivity result;
    if (site.isNull())
        return result;
    for (JobRunner *runner : std::as_const(d->runners)) {
        if (runner->job().site == site.toString())
            ++result.running;
    }
    result.queued = d->store.countStates({TransferJob::State::Queued}, site.toString());
    return result;
}

QList<SiteKey> TransferQueue::pendingSites()
{
    QList<SiteKey> sites;
    for (const QString &text : d->store.pendingSites())
        sites.append(SiteKey::fromString(text));
    return sites;
}

QList<TransferJob> TransferQueue::children(qint64 parentId, qint64 offset, int limit)
{
    QList<TransferJob> list = d->store.children(parentId, offset, limit);
    for (TransferJob &job : list) {
        if (JobRunner *runner = d->runners.value(job.id))
            job = runner->job();
    }
    return list;
}

qint64 TransferQueue::childCount(qint64 parentId)
{
    return d->store.childCount(parentId);
}

std::optional<TransferJob> TransferQueue::job(qint64 id)
{
    if (JobRunner *runner = d->runners.value(id))
        return runner->job();
    return d->store.job(id);
}

QList<TransferJob> TransferQueue::jobs(qint64 offset, int limit)
{
    QList<TransferJob> list = d->store.list(offset, limit);
    for (TransferJob &job : list) {
        if (JobRunner *runner = d->runners.value(job.id))
            job = runner->job();
    }
    return list;
}

QList<TransferJob> TransferQueue::jobsIn(const QList<TransferJob::State> &states, qint64 afterId, int limit)
{
    QList<TransferJob> list = d->store.listIn(states, afterId, limit);
    for (TransferJob &job : list) {
        if (JobRunner *runner = d->runners.value(job.id))
            job = runner->job();
    }
    return list;
}

// --- Progress ---

void TransferQueue::publishProgress()
{
    QueueProgress p;
    for (int s = 0; s < d->counts.size(); ++s) {
        if (State(s) == State::Cancelled)
            continue;
        p.filesTotal += d->counts.at(s).jobs;
        p.bytesTotal += d->counts.at(s).bytes;
    }
    p.filesDone = d->counts.value(int(State::Done)).jobs;
    p.filesFailed = d->counts.value(int(State::Failed)).jobs;
    p.filesSkipped = d->counts.value(int(State::Skipped)).jobs;
    p.bytesDone = d->counts.value(int(State::Done)).bytes + d->counts.value(int(State::Skipped)).bytes;
    qint64 moved = d->movedFinished;
    for (JobRunner *runner : std::as_const(d->runners)) {
        moved += runner->bytesMoved();
        const TransferJob &job = runner->job();
        if (!job.isFile())
            continue;
        p.bytesDone += job.bytesDone;
        if (runner->startSize() < 0 && job.size >= 0)
            p.bytesTotal += job.size; // learnt while running (SIZE)
        p.jobs.append({job.id, job.displayPath(), job.bytesDone, job.size});
    }
    p.running = int(d->runners.size());
    p.bytesMoved = moved;
    const qint64 now = d->clock.elapsed();
    d->speedSamples.append({now, moved});
    while (d->speedSamples.size() > 2 && now - d->speedSamples.first().first > SpeedWindowMs)
        d->speedSamples.removeFirst();
    const auto &[firstMs, firstBytes] = d->speedSamples.first();
    if (now > firstMs)
        p.bytesPerSecond = double(moved - firstBytes) * 1000.0 / double(now - firstMs);
    if (p.bytesPerSecond > 1 && p.bytesTotal >= p.bytesDone)
        p.etaSeconds = qint64(double(p.bytesTotal - p.bytesDone) / p.bytesPerSecond);
    d->progress = p;
    Q_EMIT progressChanged(p);
    if (d->runners.isEmpty() && !d->started)
        d->progressTimer.stop();
}

// --- Settings and accessors ---

QString TransferQueue::errorString() const
{
    return d->error;
}

int TransferQueue::recoveredJobs() const
{
    return d->recovered;
}

void TransferQueue::setMaxRetries(int retries)
{
    d->retry.maxRetries = qMax(0, retries);
}

void TransferQueue::setRetryDelay(int ms)
{
    d->retry.baseDelayMs = qMax(0, ms);
}

void TransferQueue::setVerify(bool on)
{
    d->context.verify = on;
}

void TransferQueue::setFollowLinks(bool on)
{
    d->context.followLinks = on;
}

bool TransferQueue::isStarted() const
{
    return d->started;
}

QueueProgress TransferQueue::progress() const
{
    return d->progress;
}

bool TransferQueue::setSetting(const QString &key, const QString &value)
{
    return d->store.setSetting(key, value);
}

std::optional<QString> TransferQueue::setting(const QString &key)
{
    return d->store.setting(key);
}

void TransferQueue::note(qint64 jobId, Severity severity, const QString &text)
{
    Q_EMIT message(jobId, severity, text);
}

} // namespace ferry
