// TransferQueue: construction, settings, control (pause, resume, cancel, retry, remove) and
// the queries a view pages through. Adding jobs: transferqueueenqueue.cpp; running them:
// transferqueuescheduler.cpp; folder jobs' children: transferqueuefolders.cpp.
#include "transferqueue_p.h"

#include "overwriterequest.h"
#include "remote/question.h"
#include "remote/ratelimiter.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "sessionpool.h"

#include <QDir>
#include <QStandardPaths>
#include <algorithm>

Q_LOGGING_CATEGORY(lcQueue, "ferry.queue", QtWarningMsg)

namespace ferry {

using State = TransferJob::State;
using namespace transferqueue;

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
    // A move's folders that were waiting for their children (maybe all finished by now).
    for (const qint64 id : d->store.waitingMoveFolders()) {
        d->movingFolders.insert(id);
        wakeMovedFolder(id);
    }
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
    if (const std::optional<TransferJob> job = d->store.job(id);
        job && d->movingFolders.contains(job->parentId))
        wakeMovedFolder(job->parentId);
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
