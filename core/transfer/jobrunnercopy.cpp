// JobRunner's copies between two servers (TransferJob::Kind::Copy and CopyFolder): the file
// goes server to server (FXP) when both sessions offer it and the pair has not refused it in
// this run, else through this process (ServerCopy); a folder is made on the target, then
// read on the source as a download's folder is, its entries queued as copies.
#include "jobrunner.h"
#include "overwritepolicy.h"
#include "remote/remotesession.h"
#include "servercopy.h"

namespace ferry {

namespace {
using Overwrite = TransferJob::Overwrite;

QString pairOf(const TransferJob &job)
{
    return job.site + QLatin1Char('\n') + job.targetSite;
}
} // namespace

void JobRunner::setTarget(RemoteSession *target)
{
    m_target = target;
}

RemoteSession *JobRunner::target() const
{
    return m_target.data();
}

bool JobRunner::targetReusable() const
{
    return reusable(m_target);
}

RemoteSession *JobRunner::writeSession() const
{
    return m_job.isCopy() && m_target ? m_target.data() : m_session.data();
}

void JobRunner::releaseProbe()
{
    if (RemoteSession *probe = m_probe.data(); probe && m_context->returnSession) {
        m_probe = nullptr;
        m_context->returnSession(probe);
    }
}

void JobRunner::copyStart()
{
    if (!m_target) {
        fail(RemoteError(RemoteError::Kind::Network, tr("No connection to %1.").arg(m_job.targetSite)));
        return;
    }
    if (m_job.size >= 0) {
        copyCheckTarget();
        return;
    }
    then(m_session->stat(m_job.remotePath, RemoteSession::StatDetail::Size), [this](RemoteCall *stat) {
        if (stat->error().isError()) {
            fail(stat->error());
            return;
        }
        m_job.size = stat->entry().size;
        copyCheckTarget();
    });
}

void JobRunner::copyCheckTarget()
{
    then(m_target->stat(m_job.targetPath, RemoteSession::StatDetail::Size), [this](RemoteCall *stat) {
        const RemoteError error = stat->error();
        if (error.isTransient()) {
            fail(error);
            return;
        }
        copyResolve(error.isError() ? TransferJob::Absent : stat->entry().size);
    });
}

// An existing target by the job's policy. Nobody is asked about a copy yet: "ask" (and
// "rename") leave an existing target alone and say so.
void JobRunner::copyResolve(qint64 targetSize)
{
    m_job.targetSize = targetSize;
    if (targetSize == TransferJob::Absent) {
        copyTransfer(0);
        return;
    }
    // A retry or a restart continues its own partial target.
    Overwrite action = m_job.resume ? Overwrite::Resume : m_job.overwrite;
    action = OverwritePolicy::decide(action, m_job.size, -1, targetSize, -1);
    switch (action) {
    case Overwrite::Overwrite:
    case Overwrite::IfNewer:
    case Overwrite::IfSizeDiffers:
        copyTransfer(0);
        return;
    case Overwrite::Resume:
        if (m_job.size >= 0 && targetSize >= m_job.size) {
            finishSkipped(tr("%1 is already complete.").arg(m_job.targetPath));
            return;
        }
        copyTransfer(qMax<qint64>(0, targetSize));
        return;
    case Overwrite::Skip:
        finishSkipped(tr("%1 exists.").arg(m_job.targetPath));
        return;
    case Overwrite::Ask:
    case Overwrite::Rename:
        finishSkipped(tr("%1 exists (a copy between servers does not ask yet: choose another policy "
                         "in Settings to replace it).")
                          .arg(m_job.targetPath));
        return;
    }
}

void JobRunner::copyTransfer(qint64 offset)
{
    if (!m_session || !m_target) {
        fail(RemoteError(RemoteError::Kind::Network, tr("No connection.")));
        return;
    }
    constexpr auto fxp = RemoteSession::Feature::ServerToServer;
    const bool direct = m_session->features().testFlag(fxp) && m_target->features().testFlag(fxp) &&
                        !(m_context->refusedPairs && m_context->refusedPairs->contains(pairOf(m_job)));
    auto *copy = new ServerCopy(m_session, m_target, this);
    m_copy = copy;
    if (direct && m_context->borrowSession) {
        copy->setProbeSource([this]() -> RemoteSession * {
            if (!m_probe)
                m_probe = m_context->borrowSession(m_job.targetSite);
            return m_probe.data();
        });
    }
    copy->setLimiters(m_context->downloadLimiter, m_context->uploadLimiter);
    m_offset = offset;
    m_job.bytesDone = offset;
    connect(copy, &ServerCopy::progress, this, [this, copy](qint64 position) {
        m_job.bytesDone = position;
        m_moved = copy->moved();
    });
    connect(copy, &ServerCopy::finished, this, &JobRunner::copyFinished);
    copy->start(m_job.remotePath, m_job.targetPath, offset, m_job.size, direct);
}

void JobRunner::copyFinished()
{
    ServerCopy *copy = m_copy.data();
    m_copy = nullptr;
    if (!copy)
        return;
    copy->deleteLater();
    m_moved = copy->moved();
    if (copy->refused() && m_context->refusedPairs && !m_context->refusedPairs->contains(pairOf(m_job))) {
        m_context->refusedPairs->insert(pairOf(m_job));
        if (m_context->note)
            m_context->note(m_job, tr("%1 and %2 refused a direct copy (FXP: %3); copying through Ferry.")
                                       .arg(m_job.site, m_job.targetSite, copy->refusal().toString()));
    }
    if (m_stopping) {
        fail(RemoteError(RemoteError::Kind::Cancelled, tr("Stopped.")));
        return;
    }
    if (copy->error().isError()) {
        fail(copy->error());
        return;
    }
    if (m_context->note)
        m_context->note(m_job, copy->wentDirect()
                                   ? tr("%1 copied server to server (FXP).").arg(m_job.targetPath)
                                   : tr("%1 copied through Ferry.").arg(m_job.targetPath));
    finishDone();
}

// The folder on the target first (made with its missing parents, or there already), then
// the source's listing, as a download's folder.
void JobRunner::copyFolder()
{
    if (!m_target) {
        fail(RemoteError(RemoteError::Kind::Network, tr("No connection to %1.").arg(m_job.targetSite)));
        return;
    }
    makeRemoteFolder(m_job.targetPath, 0, [this](const RemoteError &error, bool) {
        if (error.isError()) {
            fail(error);
            return;
        }
        listRemoteFolder();
    });
}

} // namespace ferry
