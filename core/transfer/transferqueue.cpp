#include "transferqueue.h"

#include "ftp/ftpoperation.h"
#include "ftp/ftpsession.h"
#include "overwriterequest.h"
#include "remote/certificaterequest.h"
#include "remote/ratelimiter.h"
#include "sessionpool.h"

#include <QDateTime>
#include <QDir>
#include <QMetaMethod>
#include <QSet>
#include <QStandardPaths>

namespace ferry {

namespace {
using State = TransferJob::State;
constexpr int ProgressIntervalMs = 100; // ~10 Hz for the UI
constexpr qint64 SpeedWindowMs = 3000;
constexpr int MaxRetryDelayMs = 60000;
constexpr int ScheduleWindow = 64;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

TransferQueue::TransferQueue(const QString &storePath, QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<QueueStore>(storePath))
    , m_pool(new SessionPool(this))
    , m_downloadLimiter(new RateLimiter(this))
    , m_uploadLimiter(new RateLimiter(this))
{
    qRegisterMetaType<ferry::TransferJob>();
    qRegisterMetaType<ferry::QueueProgress>();
    m_context.downloadLimiter = m_downloadLimiter;
    m_context.uploadLimiter = m_uploadLimiter;
    m_context.asciiExtensions = defaultAsciiExtensions();
    m_context.ask = [this](OverwriteRequest *request) {
        m_questions.enqueue(request);
        askNext();
    };
    m_context.addChildren = [this](const TransferJob &parentJob, QList<TransferJob> &children) {
        return addChildren(parentJob, children);
    };
    m_context.note = [this](const TransferJob &, const QString &text) { Q_EMIT message(text); };
    m_context.trailing = [this](FtpOperation *operation) {
        m_trailing += 1;
        // destroyed, not finished: a session that goes away deletes what it had queued.
        connect(operation, &QObject::destroyed, this, [this] {
            m_trailing -= 1;
            checkDrained();
        });
    };

    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire before the backoff ends
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_window.clear(); // the jobs whose backoff ended are not in it
        schedule();
    });
    m_progressTimer.setInterval(ProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &TransferQueue::publishProgress);
    connect(m_pool, &SessionPool::capacityAvailable, this, &TransferQueue::scheduleSoon);
    connect(m_pool, &SessionPool::certificateCheckRequired, this, &TransferQueue::certificateCheckRequired);
    connect(m_pool, &SessionPool::transcript, this, &TransferQueue::transcript);
    connect(m_pool, &SessionPool::limitLowered, this, [this](const QString &site, int limit) {
        Q_EMIT message(
            tr("%1 refused another connection: using at most %n connection(s) for the rest of this run.",
               nullptr, limit)
                .arg(site));
        Q_EMIT connectionLimitLowered(site, limit);
    });
    m_clock.start();
}

TransferQueue::~TransferQueue()
{
    // Runners first (they hold sessions and part files), then the pool.
    m_started = false;
    for (JobRunner *runner : std::as_const(m_runners)) {
        runner->disconnect(this);
        delete runner;
    }
    m_runners.clear();
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
    m_context.asciiExtensions = lower;
}

bool TransferQueue::open()
{
    if (!m_store->open()) {
        m_error = m_store->errorString();
        return false;
    }
    m_recovered = m_store->recoverInterrupted();
    m_retriesPending = true; // rows may wait for a backoff from an earlier run
    recount();
    return true;
}

void TransferQueue::recount()
{
    m_counts = m_store->countFiles();
}

void TransferQueue::setSite(const QString &key, const SessionConfig &config, int connectionLimit)
{
    m_siteErrors.remove(key);
    m_pool->setSite(key, config, connectionLimit);
    scheduleSoon();
}

void TransferQueue::setGlobalConnectionLimit(int limit)
{
    m_pool->setGlobalLimit(limit);
    scheduleSoon();
}

int TransferQueue::connectionLimit(const QString &site) const
{
    return m_pool->limit(site);
}

void TransferQueue::setSpeedLimits(qint64 downloadBytesPerSecond, qint64 uploadBytesPerSecond)
{
    m_downloadLimiter->setRate(downloadBytesPerSecond);
    m_uploadLimiter->setRate(uploadBytesPerSecond);
}

// --- Adding ---

qint64 TransferQueue::add(TransferJob job)
{
    QList<TransferJob> one{job};
    if (!m_store->insert(one)) {
        m_error = m_store->errorString();
        Q_EMIT message(m_error);
        return 0;
    }
    job = one.first();
    if (job.isFile()) {
        m_counts[int(State::Queued)].jobs += 1;
        m_counts[int(State::Queued)].bytes += qMax<qint64>(0, job.size);
    }
    m_drainedSignalled = false;
    m_window.clear();
    Q_EMIT jobChanged(job);
    scheduleSoon();
    return job.id;
}

namespace {
TransferJob makeJob(TransferJob::Kind kind, const QString &site, const QString &remote, const QString &local,
                    const TransferQueue::JobOptions &options)
{
    TransferJob job;
    job.kind = kind;
    job.site = site;
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

qint64 TransferQueue::enqueueDownload(const QString &site, const QString &remotePath,
                                      const QString &localPath, const JobOptions &options, qint64 knownSize,
                                      qint64 knownMtimeMs)
{
    TransferJob job = makeJob(TransferJob::Kind::Download, site, remotePath, localPath, options);
    job.size = knownSize;
    job.mtimeMs = knownMtimeMs;
    return add(job);
}

qint64 TransferQueue::enqueueUpload(const QString &site, const QString &localPath, const QString &remotePath,
                                    const JobOptions &options)
{
    TransferJob job = makeJob(TransferJob::Kind::Upload, site, remotePath, localPath, options);
    const QFileInfo info(localPath);
    job.size = info.isFile() ? info.size() : TransferJob::Unknown;
    return add(job);
}

qint64 TransferQueue::enqueueDownloadFolder(const QString &site, const QString &remotePath,
                                            const QString &localPath, const JobOptions &options)
{
    return add(makeJob(TransferJob::Kind::DownloadFolder, site, remotePath, localPath, options));
}

qint64 TransferQueue::enqueueUploadFolder(const QString &site, const QString &localPath,
                                          const QString &remotePath, const JobOptions &options)
{
    return add(makeJob(TransferJob::Kind::UploadFolder, site, remotePath, localPath, options));
}

qint64 TransferQueue::enqueueMakeDirectory(const QString &site, const QString &remotePath, int priority)
{
    JobOptions options;
    options.priority = priority;
    return add(makeJob(TransferJob::Kind::MakeDirectory, site, remotePath, {}, options));
}

qint64 TransferQueue::enqueueDelete(const QString &site, const QString &remotePath, bool isFolder,
                                    int priority)
{
    JobOptions options;
    options.priority = priority;
    return add(makeJob(isFolder ? TransferJob::Kind::DeleteFolder : TransferJob::Kind::DeleteFile, site,
                       remotePath, {}, options));
}

bool TransferQueue::addChildren(const TransferJob &parentJob, QList<TransferJob> &children)
{
    if (!m_store->insert(children)) {
        m_error = m_store->errorString();
        Q_EMIT message(m_error);
        return false;
    }
    for (const TransferJob &child : std::as_const(children)) {
        if (child.isFile()) {
            m_counts[int(State::Queued)].jobs += 1;
            m_counts[int(State::Queued)].bytes += qMax<qint64>(0, child.size);
        }
    }
    m_window.clear(); // the children may come before what was read
    Q_EMIT childrenAdded(parentJob.id, int(children.size()));
    return true;
}

// --- Scheduling ---

void TransferQueue::start()
{
    m_started = true;
    m_drainedSignalled = false;
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
    scheduleSoon();
}

void TransferQueue::scheduleSoon()
{
    if (m_scheduleQueued || !m_started)
        return;
    m_scheduleQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_scheduleQueued = false;
            schedule();
        },
        Qt::QueuedConnection);
}

void TransferQueue::schedule()
{
    if (!m_started)
        return;
    if (m_scheduling) {
        scheduleSoon();
        return;
    }
    m_scheduling = true;
    const qint64 now = nowMs();
    // The next runnable rows are read a window at a time and kept until used, so that a
    // finished job costs no query (the window is dropped whenever the order may change).
    // Bounded: each round starts at least one job or stops.
    for (int round = 0; round < 1000 && m_started; ++round) {
        if (m_window.isEmpty()) {
            m_window = m_store->nextRunnable(ScheduleWindow, now);
            m_windowTime = now;
        }
        if (m_window.isEmpty())
            break;
        bool started = false;
        QSet<QString> full;
        for (qsizetype i = 0; i < m_window.size() && m_started;) {
            const TransferJob candidate = m_window.at(i);
            if (m_runners.contains(candidate.id)) {
                m_window.removeAt(i);
                continue;
            }
            if (full.contains(candidate.site)) {
                ++i;
                continue;
            }
            const auto blocked = m_siteErrors.constFind(candidate.site);
            if (blocked != m_siteErrors.cend()) {
                m_window.removeAt(i);
                TransferJob job = candidate;
                job.error = blocked->toString();
                job.errorKind = int(blocked->kind());
                setState(job, State::Failed, job.size);
                childFinished(job);
                started = true;
                continue;
            }
            FtpSession *session = m_pool->hasSite(candidate.site) ? m_pool->acquire(candidate.site) : nullptr;
            if (!session) {
                full.insert(candidate.site);
                ++i;
                continue;
            }
            m_window.removeAt(i);
            startRunner(candidate, session);
            started = true;
        }
        if (!started)
            break;
    }
    m_scheduling = false;
    if (m_retriesPending) {
        // Every backoff that ends after the rows in the window were read: a job whose
        // not_before passed since then is not in the window, so it must still count (the
        // timer then fires at once and drops the window), or nothing would start it.
        const qint64 since = m_window.isEmpty() ? now : m_windowTime;
        const qint64 retryAt = m_store->nextRetryMs(since);
        m_retriesPending = retryAt > 0;
        if (retryAt > 0)
            m_retryTimer.start(int(qBound<qint64>(0, retryAt - nowMs() + 5, qint64(MaxRetryDelayMs))));
    }
    checkDrained();
}

void TransferQueue::checkDrained()
{
    if (!m_started || m_drainedSignalled || !m_runners.isEmpty() || m_retryTimer.isActive() ||
        !m_questions.isEmpty() || m_asking || m_scheduleQueued || m_trailing > 0)
        return;
    // Queued jobs that cannot start (a site without settings) do not keep the queue busy.
    const QList<TransferJob> next = m_store->nextRunnable(ScheduleWindow, nowMs());
    for (const TransferJob &job : next) {
        if (m_pool->hasSite(job.site))
            return;
    }
    m_drainedSignalled = true;
    publishProgress();
    Q_EMIT drained();
}

bool TransferQueue::isIdle() const
{
    return m_runners.isEmpty();
}

void TransferQueue::setState(TransferJob &job, TransferJob::State state, qint64 countedSize)
{
    if (job.isFile()) {
        QueueStore::Count &from = m_counts[int(job.state)];
        from.jobs -= 1;
        from.bytes -= qMax<qint64>(0, countedSize);
        QueueStore::Count &to = m_counts[int(state)];
        to.jobs += 1;
        to.bytes += qMax<qint64>(0, job.size);
    }
    job.state = state;
    if (!m_store->update(job))
        Q_EMIT message(m_store->errorString());
    Q_EMIT jobChanged(job);
}

void TransferQueue::startRunner(const TransferJob &candidate, FtpSession *session)
{
    TransferJob job = candidate;
    job.error.clear();
    setState(job, State::Running, job.size);
    auto *runner = new JobRunner(job, session, &m_context, this);
    m_runners.insert(job.id, runner);
    m_drainedSignalled = false;
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
    m_runners.remove(job.id);
    m_movedFinished += runner->bytesMoved();
    const RemoteError error = runner->error();
    const auto stopAs =
        m_stopAs.contains(runner) ? std::optional<State>(m_stopAs.take(runner)) : std::nullopt;
    const bool failed = runner->outcome() == JobRunner::Outcome::Failed;
    // "Too many connections" is a refusal of the login; a 421 later is an ordinary drop.
    const bool tooMany =
        failed && !stopAs && runner->failedAtLogin() && SessionPool::isTooManyConnections(error);
    if (FtpSession *session = runner->session()) {
        if (tooMany)
            m_pool->tooManyConnections(session);
        else
            m_pool->release(session, runner->sessionReusable());
    }
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
    case JobRunner::Outcome::Failed: {
        job.error = error.toString();
        job.errorKind = int(error.kind());
        if (stopAs) {
            job.resume = job.isFile();
            job.error.clear();
            setState(job, *stopAs, countedSize);
            break;
        }
        if (tooMany && m_pool->openSessions(job.site) > 0) {
            // Not the job's fault: it runs again on one of the connections that exist.
            setState(job, State::Queued, countedSize);
            m_window.clear();
            break;
        }
        if (runner->failedAtLogin() &&
            (error.kind() == RemoteError::Kind::Auth || error.kind() == RemoteError::Kind::Tls)) {
            // A refused login or certificate fails the site's jobs, without a login attempt each.
            m_siteErrors.insert(job.site, error);
            setState(job, State::Failed, countedSize);
            childFinished(job);
            break;
        }
        if ((error.isTransient() || tooMany) && job.attempts < m_maxRetries) {
            job.attempts += 1;
            job.resume = job.isFile();
            const int delay = qMin(MaxRetryDelayMs, m_retryDelayMs * (1 << qMin(job.attempts - 1, 10)));
            job.notBeforeMs = nowMs() + delay;
            m_retriesPending = true;
            Q_EMIT message(tr("%1: %2 Retrying in %3 s (attempt %4 of %5).")
                               .arg(job.isFile() && job.kind == TransferJob::Kind::Upload ? job.localPath
                                                                                          : job.remotePath,
                                    job.error)
                               .arg(delay / 1000.0, 0, 'f', 1)
                               .arg(job.attempts + 1)
                               .arg(m_maxRetries + 1));
            setState(job, State::Queued, countedSize);
            break;
        }
        setState(job, State::Failed, countedSize);
        childFinished(job);
        break;
    }
    }
    schedule();
}

void TransferQueue::childFinished(const TransferJob &child)
{
    if (child.parentId == 0 ||
        (child.kind != TransferJob::Kind::DeleteFile && child.kind != TransferJob::Kind::DeleteFolder))
        return;
    std::optional<TransferJob> parentJob = m_store->job(child.parentId);
    if (!parentJob || parentJob->state != State::Waiting)
        return;
    if (child.state == State::Failed) {
        parentJob->error = tr("Could not delete everything in %1.").arg(parentJob->remotePath);
        setState(*parentJob, State::Failed, parentJob->size);
        childFinished(*parentJob);
        return;
    }
    const int pending = m_store->adjustPending(child.parentId, -1);
    if (pending == 0) {
        parentJob->pendingChildren = 0;
        setState(*parentJob, State::Queued, parentJob->size); // phase 1: RMD
        m_window.clear();
        scheduleSoon();
    }
}

// --- Questions ---

void TransferQueue::askNext()
{
    while (!m_asking && !m_questions.isEmpty()) {
        QPointer<OverwriteRequest> request = m_questions.dequeue();
        if (!request || request->isAnswered())
            continue;
        if (m_answerForAll) {
            request->answer(*m_answerForAll);
            continue;
        }
        if (!isSignalConnected(QMetaMethod::fromSignal(&TransferQueue::overwriteQuestion))) {
            Q_EMIT message(tr("%1 exists and nobody can be asked: skipped.").arg(request->targetPath()));
            request->answer(TransferJob::Overwrite::Skip);
            continue;
        }
        m_asking = request;
        connect(request, &OverwriteRequest::answered, this, [this](TransferJob::Overwrite action, bool all) {
            if (all)
                m_answerForAll = action;
            m_asking = nullptr;
            QMetaObject::invokeMethod(this, &TransferQueue::askNext, Qt::QueuedConnection);
        });
        Q_EMIT overwriteQuestion(request);
    }
    if (!m_asking && m_questions.isEmpty())
        checkDrained();
}

// --- Control ---

void TransferQueue::stopRunners(qint64 rootId, TransferJob::State as)
{
    QList<JobRunner *> targets;
    for (auto it = m_runners.cbegin(); it != m_runners.cend(); ++it) {
        if (rootId == 0 || it.key() == rootId) {
            targets.append(it.value());
            continue;
        }
        // Below the root? Walk up the parents (bounded: folders are not that deep).
        qint64 parentId = it.value()->job().parentId;
        for (int depth = 0; parentId != 0 && depth < 4096; ++depth) {
            if (parentId == rootId) {
                targets.append(it.value());
                break;
            }
            const std::optional<TransferJob> up = m_store->job(parentId);
            parentId = up ? up->parentId : 0;
        }
    }
    for (JobRunner *runner : std::as_const(targets)) {
        m_stopAs.insert(runner, as);
        runner->stop();
    }
}

void TransferQueue::stop()
{
    m_window.clear();
    stopRunners(0, State::Queued);
    m_started = false;
    m_progressTimer.stop();
    m_retryTimer.stop();
    m_pool->closeIdle();
}

void TransferQueue::pause(qint64 id)
{
    m_window.clear();
    stopRunners(id, State::Paused);
    m_store->moveStates(id, {State::Queued}, State::Paused);
    recount();
    scheduleSoon();
}

void TransferQueue::resume(qint64 id)
{
    m_window.clear();
    m_store->moveStates(id, {State::Paused}, State::Queued);
    recount();
    m_drainedSignalled = false;
    scheduleSoon();
}

void TransferQueue::cancel(qint64 id)
{
    m_window.clear();
    stopRunners(id, State::Cancelled);
    m_store->moveStates(id, {State::Queued, State::Paused, State::Waiting}, State::Cancelled);
    recount();
    scheduleSoon();
}

void TransferQueue::setPriority(qint64 id, int priority)
{
    m_window.clear();
    std::optional<TransferJob> job = m_store->job(id);
    if (!job)
        return;
    job->priority = priority;
    m_store->update(*job);
    Q_EMIT jobChanged(*job);
}

int TransferQueue::retryFailed()
{
    m_window.clear();
    m_siteErrors.clear();
    const int n = m_store->moveStates(0, {State::Failed}, State::Queued);
    recount();
    m_drainedSignalled = false;
    scheduleSoon();
    return n;
}

int TransferQueue::removeFinished()
{
    m_window.clear();
    const int n = m_store->removeFinished();
    recount();
    return n;
}

QStringList TransferQueue::pendingSites()
{
    return m_store->pendingSites();
}

std::optional<TransferJob> TransferQueue::job(qint64 id)
{
    if (JobRunner *runner = m_runners.value(id))
        return runner->job();
    return m_store->job(id);
}

QList<TransferJob> TransferQueue::jobs(qint64 offset, int limit)
{
    QList<TransferJob> list = m_store->list(offset, limit);
    for (TransferJob &job : list) {
        if (JobRunner *runner = m_runners.value(job.id))
            job = runner->job();
    }
    return list;
}

// --- Progress ---

void TransferQueue::publishProgress()
{
    QueueProgress p;
    for (int s = 0; s < m_counts.size(); ++s) {
        if (State(s) == State::Cancelled)
            continue;
        p.filesTotal += m_counts.at(s).jobs;
        p.bytesTotal += m_counts.at(s).bytes;
    }
    p.filesDone = m_counts.value(int(State::Done)).jobs;
    p.filesFailed = m_counts.value(int(State::Failed)).jobs;
    p.filesSkipped = m_counts.value(int(State::Skipped)).jobs;
    p.bytesDone = m_counts.value(int(State::Done)).bytes + m_counts.value(int(State::Skipped)).bytes;
    qint64 moved = m_movedFinished;
    for (JobRunner *runner : std::as_const(m_runners)) {
        moved += runner->bytesMoved();
        const TransferJob &job = runner->job();
        if (!job.isFile())
            continue;
        p.bytesDone += job.bytesDone;
        if (runner->startSize() < 0 && job.size >= 0)
            p.bytesTotal += job.size; // learnt while running (SIZE)
        p.jobs.append({job.id, job.kind == TransferJob::Kind::Upload ? job.localPath : job.remotePath,
                       job.bytesDone, job.size});
    }
    p.running = int(m_runners.size());
    const qint64 now = m_clock.elapsed();
    m_speedSamples.append({now, moved});
    while (m_speedSamples.size() > 2 && now - m_speedSamples.first().first > SpeedWindowMs)
        m_speedSamples.removeFirst();
    const auto &[firstMs, firstBytes] = m_speedSamples.first();
    if (now > firstMs)
        p.bytesPerSecond = double(moved - firstBytes) * 1000.0 / double(now - firstMs);
    if (p.bytesPerSecond > 1 && p.bytesTotal >= p.bytesDone)
        p.etaSeconds = qint64(double(p.bytesTotal - p.bytesDone) / p.bytesPerSecond);
    m_progress = p;
    Q_EMIT progressChanged(p);
    if (m_runners.isEmpty() && !m_started)
        m_progressTimer.stop();
}

} // namespace ferry
