// JobRunner's uploads (TransferJob::Kind::Upload): the existing target and the policy,
// STOR or APPE after a resume, missing remote parents, verification, MFMT.
#include "jobrunner_p.h"

#include "overwritepolicy.h"
#include "remote/remotesession.h"

#include <QFileInfo>

namespace ferry {

using namespace jobrunner;

void JobRunner::uploadStart()
{
    m_source = std::make_unique<QFile>(m_job.localPath);
    const QFileInfo info(m_job.localPath);
    if (info.isDir() || !m_source->open(QIODevice::ReadOnly)) {
        fail(RemoteError(
            RemoteError::Kind::LocalIo,
            tr("Cannot read %1: %2")
                .arg(m_job.localPath, info.isDir() ? tr("it is a folder") : m_source->errorString())));
        return;
    }
    m_job.size = m_source->size();
    m_job.mtimeMs = info.lastModified().toMSecsSinceEpoch();
    uploadCheckTarget();
}

void JobRunner::uploadCheckTarget()
{
    const bool wantTime = m_job.overwrite == Overwrite::IfNewer || m_job.overwrite == Overwrite::Ask;
    const bool needInfo = m_job.resume || (m_job.overwrite != Overwrite::Overwrite &&
                                           (m_job.targetSize == TransferJob::Unknown ||
                                            (wantTime && m_job.targetSize >= 0 && m_job.targetMtimeMs < 0)));
    if (!needInfo) {
        uploadResolve();
        return;
    }
    if (!m_job.resume && m_job.targetSize >= 0) {
        fetchRemoteTime(m_job.remotePath, [this](qint64 mtime) { // the size came with the listing
            m_job.targetMtimeMs = mtime;
            uploadResolve();
        });
        return;
    }
    fetchRemoteInfo(m_job.remotePath, wantTime && !m_job.resume, [this](qint64 size, qint64 mtime) {
        m_job.targetSize = size;
        m_job.targetMtimeMs = mtime;
        uploadResolve();
    });
}

void JobRunner::uploadResolve()
{
    const qint64 target = m_job.targetSize;
    if (m_job.resume) {
        if (target > 0 && target == m_job.size) {
            // Complete already (the process died after the last byte went): check, don't resend.
            m_offset = target;
            uploadVerify();
            return;
        }
        uploadTransfer(target > 0 && target < m_job.size ? target : 0);
        return;
    }
    if (target < 0 || m_job.overwrite == Overwrite::Overwrite) {
        uploadTransfer(0);
        return;
    }
    const auto apply = [this, target](Overwrite action) {
        switch (action) {
        case Overwrite::Skip:
            finishSkipped(tr("%1 exists on the server; skipped.").arg(m_job.remotePath));
            return;
        case Overwrite::Rename:
            findFreeRemoteName(1);
            return;
        case Overwrite::Resume:
            m_job.resume = true;
            m_job.overwrite = Overwrite::Overwrite;
            uploadTransfer(target > 0 && target < m_job.size ? target : 0);
            return;
        default:
            m_job.overwrite = Overwrite::Overwrite;
            uploadTransfer(0);
            return;
        }
    };
    const Overwrite action =
        OverwritePolicy::decide(m_job.overwrite, m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs);
    if (action == Overwrite::Ask) {
        ask(m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs, [this, apply, target](Overwrite a) {
            apply(OverwritePolicy::decide(a, m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs));
        });
        return;
    }
    apply(action);
}

void JobRunner::findFreeRemoteName(int n)
{
    if (n > 100) {
        fail(RemoteError(RemoteError::Kind::Server, tr("No free name next to %1.").arg(m_job.remotePath)));
        return;
    }
    const qsizetype slash = m_job.remotePath.lastIndexOf(QLatin1Char('/'));
    const QString candidate = m_job.remotePath.left(slash + 1) +
                              OverwritePolicy::alternativeName(m_job.remotePath.mid(slash + 1), n);
    fetchRemoteInfo(candidate, false, [this, candidate, n](qint64 size, qint64) {
        if (size != TransferJob::Absent) {
            findFreeRemoteName(n + 1);
            return;
        }
        m_job.remotePath = candidate;
        m_job.targetSize = TransferJob::Absent;
        m_job.overwrite = Overwrite::Overwrite;
        uploadTransfer(0);
    });
}

void JobRunner::uploadTransfer(qint64 offset)
{
    m_offset = offset;
    if (!m_source->seek(offset)) {
        fail(RemoteError(RemoteError::Kind::LocalIo,
                         tr("Cannot seek in %1: %2").arg(m_job.localPath, m_source->errorString())));
        return;
    }
    TransferOptions options;
    options.type = typeFor(m_job.localPath.section(QLatin1Char('/'), -1));
    options.sizeHint = m_job.size;
    options.limiter = m_context->uploadLimiter;
    if (offset > 0)
        options.uploadMode = TransferOptions::UploadMode::Append;
    m_job.bytesDone = offset;
    RemoteCall *op = m_session->upload(m_source.get(), m_job.remotePath, options);
    connect(op, &RemoteCall::progress, this, [this](qint64 bytes) {
        m_moved = bytes;
        m_job.bytesDone = m_offset + bytes;
    });
    then(op, [this, offset](RemoteCall *transfer) {
        m_moved = transfer->bytesTransferred();
        const RemoteError error = transfer->error();
        const bool remoteFileError =
            error.kind() == RemoteError::Kind::NotFound || error.kind() == RemoteError::Kind::Permission;
        if (remoteFileError && !error.isTransient() && m_job.parentId == 0 && !m_parentsTried &&
            m_moved == 0) {
            // `put a.txt ftp://h/x/y/` with /x missing: make the folders, then try once more.
            m_parentsTried = true;
            makeRemoteFolder(remoteParent(m_job.remotePath), 0,
                             [this, error, offset](const RemoteError &folderError, bool created) {
                                 if (!created) {
                                     // The folder was there (the refusal stands), or a drop.
                                     fail(folderError.isTransient() ? folderError : error);
                                     return;
                                 }
                                 uploadTransfer(offset);
                             });
            return;
        }
        if (error.isError()) {
            fail(error);
            return;
        }
        m_job.targetSize = m_job.size;
        if (m_offset > 0 || verifiesMove())
            uploadVerify();
        else
            uploadFinish();
    });
}

// After a resume (or before a move deletes the local file): the server's size, then the
// checksum when the server has one; a mismatch sends the file once more, whole.
void JobRunner::uploadVerify()
{
    if (!m_context->verify && !verifiesMove()) {
        uploadFinish();
        return;
    }
    const bool resumed = m_offset > 0;
    const auto retransfer = [this](const QString &why) {
        if (startRetransfer(why))
            uploadTransfer(0);
    };
    fetchRemoteInfo(m_job.remotePath, false, [this, resumed, retransfer](qint64 size, qint64) {
        if (size != m_job.size) {
            retransfer(tr("The server has %1 bytes of %2 instead of %3")
                           .arg(size)
                           .arg(m_job.remotePath)
                           .arg(m_job.size));
            return;
        }
        verifyChecksum(m_job.remotePath, m_job.localPath, [this, resumed, retransfer](bool ok) {
            if (!ok) {
                retransfer(resumed ? tr("The checksum of the resumed upload does not match")
                                   : tr("The checksum of the uploaded file does not match"));
                return;
            }
            uploadFinish();
        });
    });
}

void JobRunner::uploadFinish()
{
    m_source.reset();
    if (!m_job.preserveTime || m_job.mtimeMs < 0) {
        finishTransfer();
        return;
    }
    // Not waited for: the next file's transfer queues behind it on this session, so the
    // job's bookkeeping and the next start overlap its round trip. A refusal is a note.
    RemoteCall *op = m_session->setTime(m_job.remotePath, fromMs(m_job.mtimeMs));
    connect(op, &RemoteCall::finished, op, [op, context = m_context, job = m_job] {
        if (op->error().isError() && context->note)
            context->note(job, tr("The server did not set the modification time of %1: %2")
                                   .arg(job.remotePath, op->error().toString()));
    });
    if (m_context->trailing)
        m_context->trailing(op);
    finishTransfer();
}

} // namespace ferry
