// TransferQueue's folder jobs: the children they queue, the folders above a job, and a
// folder waiting for its children (DeleteFolder) taken up again when the last one ends.
#include "transferqueue_p.h"

namespace ferry {

using State = TransferJob::State;
using namespace transferqueue;

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

void TransferQueue::childFinished(const TransferJob &child)
{
    if (d->movingFolders.contains(child.parentId)) {
        wakeMovedFolder(child.parentId);
        return;
    }
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

// A move's folder has queued its children (phase 1): it waits until none is left to finish
// (done, failed, skipped or cancelled; a retry or a pause keeps it waiting). Counted in the
// store when a child ends, so that children that ended while the folder was still reading
// its entries count too; the ids in memory spare every other finished job the query.
void TransferQueue::waitForChildren(const TransferJob &folder)
{
    if (!folder.removeSource)
        return;
    d->movingFolders.insert(folder.id);
    wakeMovedFolder(folder.id);
}

// Then it runs again, to remove its source folder (JobRunner::removeSourceFolder).
void TransferQueue::wakeMovedFolder(qint64 folderId)
{
    if (d->store.unfinishedChildren(folderId) != 0)
        return;
    d->movingFolders.remove(folderId);
    std::optional<TransferJob> folder = d->store.job(folderId);
    if (!folder || folder->state != State::Waiting)
        return;
    setState(*folder, State::Queued, folder->size);
    d->window.clear();
    scheduleSoon();
}

} // namespace ferry
