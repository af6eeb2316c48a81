// JobRunner's downloads (TransferJob::Kind::Download): the existing target and the policy,
// the part file and resume, RETR, verification after a resume, the rename into place and
// the modification time.
#include "jobrunner_p.h"

#include "localfile.h"
#include "overwritepolicy.h"
#include "remote/remotesession.h"

#include <QDir>
#include <QFileInfo>

namespace ferry {

using namespace jobrunner;

void JobRunner::downloadStart()
{
    const QFileInfo target(m_job.localPath);
    if (target.exists() && target.isDir()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("%1 is a folder.").arg(m_job.localPath)));
        return;
    }
    m_targetExisted = target.exists();
    // A retry or a restart continues its own part file; the policy was decided before.
    if (!m_targetExisted || m_job.resume || m_job.overwrite == Overwrite::Overwrite) {
        if (m_job.size >= 0 || m_job.resume) {
            downloadOpen();
            return;
        }
        // A file queued without a listing: its size for the progress (and the time, which
        // saves the MDTM after the transfer).
        fetchRemoteInfo(
            m_job.remotePath, m_job.preserveTime && m_job.mtimeMs < 0, [this](qint64 size, qint64 mtime) {
                if (size == TransferJob::Absent) {
                    downloadOpen(); // some servers refuse SIZE; RETR's own reply says what is wrong
                    return;
                }
                m_job.size = size;
                if (mtime >= 0)
                    m_job.mtimeMs = mtime;
                downloadOpen();
            });
        return;
    }
    const qint64 targetSize = target.size();
    const qint64 targetMtime = target.lastModified().toMSecsSinceEpoch();
    const bool wantTime = m_job.overwrite == Overwrite::IfNewer || m_job.overwrite == Overwrite::Ask;
    if (m_job.size >= 0 && wantTime && m_job.mtimeMs < 0) {
        fetchRemoteTime(m_job.remotePath, [this, targetSize, targetMtime](qint64 mtime) {
            m_job.mtimeMs = mtime;
            downloadResolve(targetSize, targetMtime);
        });
        return;
    }
    if (m_job.size < 0 || (wantTime && m_job.mtimeMs < 0)) {
        fetchRemoteInfo(m_job.remotePath, wantTime,
                        [this, targetSize, targetMtime](qint64 size, qint64 mtime) {
                            if (size == TransferJob::Absent) {
                                fail(m_infoError);
                                return;
                            }
                            m_job.size = size;
                            if (mtime >= 0)
                                m_job.mtimeMs = mtime;
                            downloadResolve(targetSize, targetMtime);
                        });
        return;
    }
    downloadResolve(targetSize, targetMtime);
}

void JobRunner::downloadResolve(qint64 targetSize, qint64 targetMtimeMs)
{
    const auto apply = [this, targetSize](Overwrite action) {
        switch (action) {
        case Overwrite::Skip:
            finishSkipped(tr("%1 exists; skipped.").arg(m_job.localPath));
            return;
        case Overwrite::Rename: {
            const QString candidate = OverwritePolicy::freeLocalPath(m_job.localPath);
            if (candidate.isEmpty()) {
                fail(RemoteError(RemoteError::Kind::LocalIo,
                                 tr("No free name next to %1.").arg(m_job.localPath)));
                return;
            }
            m_job.localPath = candidate;
            m_job.overwrite = Overwrite::Overwrite;
            m_targetExisted = false;
            downloadOpen();
            return;
        }
        case Overwrite::Resume:
            // The existing target is the beginning of the file: continue it. It becomes the
            // part file, so that an interruption never leaves a half file under its name.
            if (targetSize > 0 && !QFileInfo::exists(PartFile::partPathFor(m_job.localPath)) &&
                !QFile::rename(m_job.localPath, PartFile::partPathFor(m_job.localPath))) {
                fail(RemoteError(RemoteError::Kind::LocalIo, tr("Cannot resume %1.").arg(m_job.localPath)));
                return;
            }
            m_job.resume = true;
            m_job.overwrite = Overwrite::Overwrite;
            downloadOpen();
            return;
        default:
            m_job.overwrite = Overwrite::Overwrite; // decided: a retry does not ask again
            downloadOpen();
            return;
        }
    };
    const Overwrite action =
        OverwritePolicy::decide(m_job.overwrite, m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs);
    if (action == Overwrite::Ask) {
        ask(m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs,
            [this, apply, targetSize, targetMtimeMs](Overwrite a) {
                // "Newer", "size differs" and "resume" are answers too: decide them now.
                apply(OverwritePolicy::decide(a, m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs));
            });
        return;
    }
    apply(action);
}

void JobRunner::downloadOpen()
{
    // The folder may have gone since the job was queued (deleted mid-transfer): a retry
    // recreates it. The path was checked when the job was made (no "..", no '/').
    const QString folder = QFileInfo(m_job.localPath).absolutePath();
    if (!QFileInfo(folder).isDir() && !QDir().mkpath(folder)) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Cannot create the folder %1.").arg(folder)));
        return;
    }
    m_part = std::make_unique<PartFile>(m_job.localPath);
    const RemoteError openError = m_part->open(m_job.resume);
    if (openError.isError()) {
        fail(openError);
        return;
    }
    m_offset = m_part->resumeOffset();
    if (m_offset == 0) {
        downloadTransfer();
        return;
    }
    const auto withSize = [this]() {
        if (m_job.size >= 0 && m_offset == m_job.size) {
            downloadVerify(); // the part file is complete already
            return;
        }
        if (m_job.size >= 0 && m_offset > m_job.size) {
            // Larger than the remote file: it changed; start again.
            if (m_context->note)
                m_context->note(m_job,
                                tr("%1 is larger than the remote file; downloading again from the start.")
                                    .arg(m_part->partPath()));
            const RemoteError restartError = m_part->restart();
            if (restartError.isError()) {
                fail(restartError);
                return;
            }
            m_offset = 0;
        }
        downloadTransfer();
    };
    if (m_job.size >= 0 && !m_job.resume) {
        withSize();
        return;
    }
    // Resuming: the size now, not the one listed before the interruption.
    fetchRemoteInfo(m_job.remotePath, false, [this, withSize](qint64 size, qint64) {
        if (size == TransferJob::Absent) {
            fail(m_infoError);
            return;
        }
        m_job.size = size;
        withSize();
    });
}

void JobRunner::downloadTransfer()
{
    TransferOptions options;
    options.type = typeFor(m_job.remotePath.section(QLatin1Char('/'), -1));
    options.offset = m_offset;
    options.limiter = m_context->downloadLimiter;
    m_job.bytesDone = m_offset;
    RemoteCall *op = m_session->download(m_job.remotePath, m_part->device(), options);
    connect(op, &RemoteCall::progress, this, [this](qint64 bytes) {
        m_moved = bytes;
        m_job.bytesDone = m_offset + bytes;
    });
    const bool binary = options.type == TransferType::Binary;
    then(op, [this, binary](RemoteCall *transfer) {
        m_moved = transfer->bytesTransferred();
        if (transfer->error().isError()) {
            fail(transfer->error());
            return;
        }
        if (m_offset > 0 || verifiesMove()) {
            downloadVerify();
            return;
        }
        if (binary && m_moved != m_job.size) {
            // The server ended the transfer with its 2xx: the data is the truth, not the
            // size SIZE or the listing gave (or none, after a retry that skipped SIZE).
            // Keep all of it and record what arrived.
            if (m_job.size >= 0 && m_context->note)
                m_context->note(
                    m_job, tr("%1: the server sent %2 bytes, not the %3 it announced; keeping what it sent.")
                               .arg(m_job.remotePath)
                               .arg(m_moved)
                               .arg(m_job.size));
            m_job.size = m_moved;
        }
        downloadCommit();
    });
}

// After a resume (or before a move deletes the server's file): the size, then the checksum
// when the server has one; a mismatch sends the file once more, whole.
void JobRunner::downloadVerify()
{
    if (!m_context->verify && !verifiesMove()) {
        downloadCommit();
        return;
    }
    if (!m_part->flush()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Cannot write %1.").arg(m_part->partPath())));
        return;
    }
    const qint64 have = QFileInfo(m_part->partPath()).size();
    const bool resumed = m_offset > 0;
    const auto retransfer = [this](const QString &why) {
        if (!startRetransfer(why))
            return;
        m_part = std::make_unique<PartFile>(m_job.localPath);
        const RemoteError openError = m_part->open(false);
        if (openError.isError()) {
            fail(openError);
            return;
        }
        m_offset = 0;
        downloadTransfer();
    };
    const auto check = [this, have, resumed, retransfer](qint64 expected) {
        if (expected >= 0 && have != expected) {
            retransfer(resumed ? tr("The resumed file has %1 bytes instead of %2").arg(have).arg(expected)
                               : tr("The downloaded file has %1 bytes instead of the server's %2")
                                     .arg(have)
                                     .arg(expected));
            return;
        }
        verifyChecksum(m_job.remotePath, m_part->partPath(), [this, resumed, retransfer](bool ok) {
            if (!ok) {
                retransfer(resumed ? tr("The checksum of the resumed file does not match the server's")
                                   : tr("The checksum of the downloaded file does not match the server's"));
                return;
            }
            downloadCommit();
        });
    };
    if (!verifiesMove()) {
        check(m_job.size);
        return;
    }
    // A move deletes the server's file: its size now, not the one listed. A server that
    // answers no SIZE leaves RETR's final reply as the only word.
    fetchRemoteInfo(m_job.remotePath, false, [this, check](qint64 size, qint64) {
        if (size >= 0)
            m_job.size = size;
        check(size);
    });
}

void JobRunner::downloadCommit()
{
    // Sync before replacing an existing file (a good file is never swapped for one whose
    // data is not on disk yet); a new file needs no fsync per file.
    const RemoteError commitError = m_part->commit(m_targetExisted);
    m_part.reset();
    if (commitError.isError()) {
        fail(commitError);
        return;
    }
    if (!m_job.preserveTime) {
        finishTransfer();
        return;
    }
    const auto setTime = [this](qint64 ms) {
        if (ms >= 0) {
            QFile file(m_job.localPath);
            if (!file.open(QIODevice::ReadWrite | QIODevice::ExistingOnly) ||
                !file.setFileTime(fromMs(ms), QFileDevice::FileModificationTime)) {
                if (m_context->note)
                    m_context->note(m_job,
                                    tr("Could not set the modification time of %1.").arg(m_job.localPath));
            }
        }
        finishTransfer();
    };
    if (m_job.mtimeMs >= 0) {
        setTime(m_job.mtimeMs);
        return;
    }
    then(m_session->stat(m_job.remotePath, RemoteSession::StatDetail::Time),
         [setTime](RemoteCall *op) { setTime(statTimeMs(op)); });
}

} // namespace ferry
