// TransferQueue's jobs added by its users: one at a time (a jobChanged() each) or many in
// one transaction (a jobsAdded()).
#include "transferqueue_p.h"

#include <QFileInfo>

namespace ferry {

using State = TransferJob::State;
using namespace transferqueue;

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
    job.removeSource = options.removeSource;
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
        job.removeSource = false; // a move between servers is not offered
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

} // namespace ferry
