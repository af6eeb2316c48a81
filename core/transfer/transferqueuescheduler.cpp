// TransferQueue's scheduler: the next runnable rows, sessions from the pool, a JobRunner per
// job, what its end means (done, retried, failed), the overwrite questions one at a time,
// and the progress published every 100 ms.
#include "transferqueue_p.h"

#include "overwriterequest.h"
#include "remote/remotesession.h"
#include "sessionpool.h"

#include <QMetaMethod>
#include <algorithm>

namespace ferry {

using State = TransferJob::State;
using namespace transferqueue;

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
        waitForChildren(job);
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
        if (*stopAs == State::Cancelled && d->movingFolders.contains(job.parentId))
            wakeMovedFolder(job.parentId);
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

} // namespace ferry
