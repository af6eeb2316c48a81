#include "jobrunner.h"

#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/transferoperation.h"
#include "localfile.h"
#include "overwriterequest.h"
#include "remote/ratelimiter.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QThreadPool>
#include <QTimeZone>

namespace ferry {

namespace {

using Overwrite = TransferJob::Overwrite;
constexpr int ChildBatch = 2000;

qint64 entryTimeMs(const DirEntry &entry)
{
    // "ls" times are to the minute: used as they are (like FileZilla and lftp), which spares
    // an MDTM per file; a listing without a time of day leaves it to MDTM.
    if (entry.timePrecision < DirEntry::TimePrecision::Minute || !entry.date.isValid())
        return TransferJob::Unknown;
    // Listing times without a zone are taken as UTC (a per-site offset is future work);
    // MLSD's are UTC by definition.
    const QDateTime dt(entry.date, entry.time.isValid() ? entry.time : QTime(0, 0), QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

QDateTime fromMs(qint64 ms)
{
    return ms < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

} // namespace

JobRunner::JobRunner(const TransferJob &job, FtpSession *session, const JobContext *context, QObject *parent)
    : QObject(parent)
    , m_job(job)
    , m_session(session)
    , m_context(context)
    , m_startSize(job.size)
{
    m_everReady = session->isLoggedIn();
}

FtpSession *JobRunner::session() const
{
    return m_session;
}

JobRunner::~JobRunner()
{
    if (m_part)
        m_part->abandon();
    delete m_question;
}

template<typename Op, typename F>
void JobRunner::then(Op *op, F &&handler)
{
    m_op = op;
    connect(op, &FtpOperation::finished, this, [this, op, handler = std::forward<F>(handler)]() mutable {
        m_op = nullptr;
        if (m_session && m_session->isLoggedIn())
            m_everReady = true;
        if (m_stopping) {
            fail(RemoteError(RemoteError::Kind::Cancelled, tr("Stopped.")));
            return;
        }
        handler(op);
    });
}

void JobRunner::start()
{
    if (!m_session) {
        fail(RemoteError(RemoteError::Kind::Network, tr("No connection.")));
        return;
    }
    m_job.error.clear();
    m_job.errorKind = 0;
    switch (m_job.kind) {
    case TransferJob::Kind::Download:
        downloadStart();
        return;
    case TransferJob::Kind::Upload:
        uploadStart();
        return;
    case TransferJob::Kind::DownloadFolder:
        downloadFolder();
        return;
    case TransferJob::Kind::UploadFolder:
        uploadFolder();
        return;
    case TransferJob::Kind::MakeDirectory:
        then(m_session->makeDirectory(m_job.remotePath),
             [this](CommandOperation *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
        return;
    case TransferJob::Kind::DeleteFile:
        then(m_session->removeFile(m_job.remotePath),
             [this](CommandOperation *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
        return;
    case TransferJob::Kind::DeleteFolder:
        deleteFolder();
        return;
    }
}

void JobRunner::stop()
{
    if (m_finished)
        return;
    m_stopping = true;
    if (m_op) {
        m_op->cancel(); // its finished() brings us to fail(Cancelled)
        return;
    }
    fail(RemoteError(RemoteError::Kind::Cancelled, tr("Stopped.")));
}

bool JobRunner::sessionReusable() const
{
    if (!m_session || !m_session->isLoggedIn())
        return false;
    switch (m_error.kind()) {
    case RemoteError::Kind::Network:
    case RemoteError::Kind::Timeout:
    case RemoteError::Kind::Protocol:
    case RemoteError::Kind::Tls:
        return false;
    default:
        return true;
    }
}

void JobRunner::finishWith(Outcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_outcome = outcome;
    Q_EMIT finished();
}

void JobRunner::finishDone()
{
    if (m_job.size >= 0 && m_job.isFile() && !m_finished)
        m_job.bytesDone = m_job.size;
    finishWith(Outcome::Done);
}

void JobRunner::finishSkipped(const QString &why)
{
    if (!m_finished)
        m_job.error = why;
    finishWith(Outcome::Skipped);
}

void JobRunner::fail(const RemoteError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_outcome = Outcome::Failed;
    m_error = error.isError() ? error : RemoteError(RemoteError::Kind::Protocol, tr("Unknown failure."));
    m_failedAtLogin = !m_everReady;
    if (m_part)
        m_part->abandon();
    m_part.reset();
    m_source.reset();
    Q_EMIT finished();
}

TransferType JobRunner::typeFor(const QString &name) const
{
    switch (m_job.mode) {
    case TransferJob::Mode::Ascii:
        return TransferType::Ascii;
    case TransferJob::Mode::Binary:
        return TransferType::Binary;
    case TransferJob::Mode::Auto:
        break;
    }
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0)
        return TransferType::Binary;
    return m_context->asciiExtensions.contains(name.mid(dot + 1).toLower()) ? TransferType::Ascii
                                                                            : TransferType::Binary;
}

Overwrite JobRunner::decide(Overwrite policy, qint64 sourceSize, qint64 sourceMtimeMs, qint64 targetSize,
                            qint64 targetMtimeMs)
{
    switch (policy) {
    case Overwrite::IfNewer:
        if (sourceMtimeMs < 0 || targetMtimeMs < 0)
            return Overwrite::Overwrite; // nothing to compare: the safe side is a fresh copy
        return sourceMtimeMs > targetMtimeMs + 999 ? Overwrite::Overwrite : Overwrite::Skip;
    case Overwrite::IfSizeDiffers:
        return sourceSize >= 0 && sourceSize == targetSize ? Overwrite::Skip : Overwrite::Overwrite;
    case Overwrite::Resume:
        if (sourceSize >= 0 && targetSize == sourceSize)
            return Overwrite::Skip;
        if (sourceSize >= 0 && targetSize > sourceSize)
            return Overwrite::Overwrite; // larger than the source: not a prefix of it
        return Overwrite::Resume;
    default:
        return policy;
    }
}

QString JobRunner::alternativeName(const QString &name, int n)
{
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const QString suffix = QStringLiteral(" (%1)").arg(n);
    if (dot <= 0)
        return name + suffix;
    return name.left(dot) + suffix + name.mid(dot);
}

QString JobRunner::joinRemote(const QString &folder, const QString &name)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
}

void JobRunner::ask(qint64 sourceSize, qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs,
                    const std::function<void(Overwrite)> &handler)
{
    auto *request =
        new OverwriteRequest(m_job, sourceSize, fromMs(sourceMtimeMs), targetSize, fromMs(targetMtimeMs));
    m_question = request;
    connect(request, &OverwriteRequest::answered, this, [this, handler](Overwrite action, bool) {
        m_question = nullptr;
        if (m_stopping || m_finished)
            return;
        handler(action);
    });
    connect(request, &OverwriteRequest::answered, request, &QObject::deleteLater);
    m_context->ask(request);
}

// SIZE (and MDTM when wanted) of a remote file: (-2, -1) when it does not exist.
void JobRunner::fetchRemoteInfo(const QString &path, bool wantTime,
                                const std::function<void(qint64, qint64)> &handler)
{
    then(m_session->size(path), [this, path, wantTime, handler](CommandOperation *op) {
        if (op->error().isError()) {
            const RemoteError::Kind kind = op->error().kind();
            // Only the server's answer to SIZE itself means "absent"; a failed login, a
            // drop or a cancel is the job's failure.
            if (op->error().isTransient() ||
                (kind != RemoteError::Kind::NotFound && kind != RemoteError::Kind::Permission &&
                 kind != RemoteError::Kind::Server)) {
                fail(op->error());
                return;
            }
            m_infoError = op->error();
            handler(TransferJob::Absent, TransferJob::Unknown); // 550: no such file
            return;
        }
        const qint64 size = op->sizeResult();
        if (!wantTime) {
            handler(size, TransferJob::Unknown);
            return;
        }
        then(m_session->modificationTime(path), [size, handler](CommandOperation *mdtm) {
            const QDateTime time = mdtm->error().isError() ? QDateTime() : mdtm->timeResult();
            handler(size, time.isValid() ? time.toMSecsSinceEpoch() : TransferJob::Unknown);
        });
    });
}

// --- Downloads ---

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
            const QFileInfo info(m_job.localPath);
            for (int n = 1; n <= 1000; ++n) {
                const QString candidate = info.dir().filePath(alternativeName(info.fileName(), n));
                if (!QFileInfo::exists(candidate) && !QFileInfo::exists(PartFile::partPathFor(candidate))) {
                    m_job.localPath = candidate;
                    m_job.overwrite = Overwrite::Overwrite;
                    m_targetExisted = false;
                    downloadOpen();
                    return;
                }
            }
            fail(
                RemoteError(RemoteError::Kind::LocalIo, tr("No free name next to %1.").arg(m_job.localPath)));
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
    const Overwrite action = decide(m_job.overwrite, m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs);
    if (action == Overwrite::Ask) {
        ask(m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs,
            [this, apply, targetSize, targetMtimeMs](Overwrite a) {
                // "Newer", "size differs" and "resume" are answers too: decide them now.
                apply(decide(a, m_job.size, m_job.mtimeMs, targetSize, targetMtimeMs));
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
    TransferOperation *op = m_session->download(m_job.remotePath, m_part->device(), options);
    connect(op, &TransferOperation::progress, this, [this](qint64 bytes) {
        m_moved = bytes;
        m_job.bytesDone = m_offset + bytes;
    });
    const bool binary = options.type == TransferType::Binary;
    then(op, [this, binary](TransferOperation *transfer) {
        m_moved = transfer->bytesTransferred();
        if (transfer->error().isError()) {
            fail(transfer->error());
            return;
        }
        if (m_offset > 0) {
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

void JobRunner::downloadVerify()
{
    if (!m_context->verify) {
        downloadCommit();
        return;
    }
    if (!m_part->flush()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Cannot write %1.").arg(m_part->partPath())));
        return;
    }
    const qint64 have = QFileInfo(m_part->partPath()).size();
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
    if (m_job.size >= 0 && have != m_job.size) {
        retransfer(tr("The resumed file has %1 bytes instead of %2").arg(have).arg(m_job.size));
        return;
    }
    verifyChecksum(m_job.remotePath, m_part->partPath(), [this, retransfer](bool ok) {
        if (!ok) {
            retransfer(tr("The checksum of the resumed file does not match the server's"));
            return;
        }
        downloadCommit();
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
        finishDone();
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
        finishDone();
    };
    if (m_job.mtimeMs >= 0) {
        setTime(m_job.mtimeMs);
        return;
    }
    then(m_session->modificationTime(m_job.remotePath), [setTime](CommandOperation *op) {
        setTime(op->error().isError() || !op->timeResult().isValid() ? TransferJob::Unknown
                                                                     : op->timeResult().toMSecsSinceEpoch());
    });
}

// --- Uploads ---

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
    const bool wantTime = m_job.overwrite == Overwrite::IfNewer || m_job.overwrite == Overwrite::Ask;
    const bool needInfo = m_job.resume || (m_job.overwrite != Overwrite::Overwrite &&
                                           (m_job.targetSize == TransferJob::Unknown ||
                                            (wantTime && m_job.targetSize >= 0 && m_job.targetMtimeMs < 0)));
    if (!needInfo) {
        uploadResolve();
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
    const Overwrite action = decide(m_job.overwrite, m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs);
    if (action == Overwrite::Ask) {
        ask(m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs, [this, apply, target](Overwrite a) {
            apply(decide(a, m_job.size, m_job.mtimeMs, target, m_job.targetMtimeMs));
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
    const QString candidate =
        m_job.remotePath.left(slash + 1) + alternativeName(m_job.remotePath.mid(slash + 1), n);
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
    TransferOperation *op = m_session->upload(m_source.get(), m_job.remotePath, options);
    connect(op, &TransferOperation::progress, this, [this](qint64 bytes) {
        m_moved = bytes;
        m_job.bytesDone = m_offset + bytes;
    });
    then(op, [this](TransferOperation *transfer) {
        m_moved = transfer->bytesTransferred();
        if (transfer->error().isError()) {
            fail(transfer->error());
            return;
        }
        m_job.targetSize = m_job.size;
        if (m_offset > 0)
            uploadVerify();
        else
            uploadFinish();
    });
}

// A resumed file failed its check: the first time, say so and send it again whole (true);
// a second failure is final.
bool JobRunner::startRetransfer(const QString &why)
{
    if (m_retransferred) {
        fail(RemoteError(RemoteError::Kind::Protocol, why));
        return false;
    }
    if (m_context->note)
        m_context->note(m_job,
                        m_job.kind == TransferJob::Kind::Upload
                            ? tr("%1; uploading %2 again from the start.").arg(why, m_job.localPath)
                            : tr("%1; downloading %2 again from the start.").arg(why, m_job.remotePath));
    m_retransferred = true;
    return true;
}

void JobRunner::uploadVerify()
{
    if (!m_context->verify) {
        uploadFinish();
        return;
    }
    const auto retransfer = [this](const QString &why) {
        if (startRetransfer(why))
            uploadTransfer(0);
    };
    fetchRemoteInfo(m_job.remotePath, false, [this, retransfer](qint64 size, qint64) {
        if (size != m_job.size) {
            retransfer(tr("The server has %1 bytes of %2 instead of %3")
                           .arg(size)
                           .arg(m_job.remotePath)
                           .arg(m_job.size));
            return;
        }
        verifyChecksum(m_job.remotePath, m_job.localPath, [this, retransfer](bool ok) {
            if (!ok) {
                retransfer(tr("The checksum of the resumed upload does not match"));
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
        finishDone();
        return;
    }
    // Not waited for: the next file's transfer queues behind it on this session, so the
    // job's bookkeeping and the next start overlap its round trip. A refusal is a note.
    CommandOperation *op = m_session->setModificationTime(m_job.remotePath, fromMs(m_job.mtimeMs));
    connect(op, &FtpOperation::finished, op, [op, context = m_context, job = m_job] {
        if (op->error().isError() && context->note)
            context->note(job, tr("The server did not set the modification time of %1: %2")
                                   .arg(job.remotePath, op->error().toString()));
    });
    if (m_context->trailing)
        m_context->trailing(op);
    finishDone();
}

// --- Verification ---

void JobRunner::verifyChecksum(const QString &remotePath, const QString &localPath,
                               const std::function<void(bool)> &handler)
{
    const std::optional<ChecksumMethod> method = ChecksumMethod::choose(m_session->capabilities());
    if (!method) {
        handler(true); // the size matched; nothing more the server can tell
        return;
    }
    const auto compare = [this, method, remotePath, localPath, handler]() {
        then(m_session->raw(method->command + QLatin1Char(' ') + remotePath),
             [this, method, localPath, handler](CommandOperation *op) {
                 const QByteArray remote =
                     op->error().isError()
                         ? QByteArray()
                         : ChecksumMethod::digestFromReply(method->command, method->algorithm, op->text());
                 if (remote.isEmpty()) {
                     if (m_context->note)
                         m_context->note(m_job,
                                         tr("The server gave no checksum: %1").arg(op->error().toString()));
                     handler(true);
                     return;
                 }
                 // Hash the local file off the event loop: a large file takes seconds.
                 QPointer<JobRunner> self(this);
                 const ChecksumMethod::Algorithm algorithm = method->algorithm;
                 QThreadPool::globalInstance()->start([self, localPath, algorithm, remote, handler]() {
                     QString error;
                     const QByteArray local = ChecksumMethod::fileDigest(localPath, algorithm, &error);
                     QMetaObject::invokeMethod(
                         QCoreApplication::instance(),
                         [self, local, remote, error, handler]() {
                             if (!self || self->m_finished)
                                 return;
                             if (local.isEmpty()) {
                                 self->fail(RemoteError(RemoteError::Kind::LocalIo, error));
                                 return;
                             }
                             if (self->m_context->note)
                                 self->m_context->note(self->m_job, local == remote
                                                                        ? tr("Checksum verified.")
                                                                        : tr("Checksum mismatch."));
                             handler(local == remote);
                         },
                         Qt::QueuedConnection);
                 });
             });
    };
    if (method->optsName.isEmpty() || m_session->property("ferry.hash").toString() == method->optsName) {
        compare();
        return;
    }
    then(m_session->raw(QStringLiteral("OPTS HASH ") + method->optsName),
         [this, method, compare](CommandOperation *op) {
             if (!op->error().isError())
                 m_session->setProperty("ferry.hash", method->optsName);
             compare();
         });
}

// --- Folders ---

void JobRunner::uploadFolder()
{
    const QFileInfo info(m_job.localPath);
    if (!info.isDir()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("%1 is not a folder.").arg(m_job.localPath)));
        return;
    }
    then(m_session->makeDirectory(m_job.remotePath), [this](CommandOperation *mkd) {
        if (!mkd->error().isError()) {
            expandLocalFolder({}, true);
            return;
        }
        const RemoteError mkdError = mkd->error();
        if (mkdError.isTransient()) {
            fail(mkdError);
            return;
        }
        // Refused: most often it exists. Its listing says what is there already.
        then(m_session->list(m_job.remotePath, ListMode::Auto), [this, mkdError](ListOperation *list) {
            if (list->error().isError()) {
                fail(mkdError);
                return;
            }
            QHash<QString, std::pair<qint64, qint64>> existing;
            for (const DirEntry &entry : list->entries()) {
                if (!entry.isDir)
                    existing.insert(entry.name, {entry.size, entryTimeMs(entry)});
            }
            for (const QString &name : list->names())
                existing.insert(name, {TransferJob::Unknown, TransferJob::Unknown});
            expandLocalFolder(existing, false);
        });
    });
}

void JobRunner::expandLocalFolder(const QHash<QString, std::pair<qint64, qint64>> &existing,
                                  bool remoteWasCreated)
{
    QList<TransferJob> batch;
    batch.reserve(ChildBatch);
    const auto flush = [&]() {
        if (batch.isEmpty())
            return true;
        const bool ok = m_context->addChildren(m_job, batch);
        batch.clear();
        return ok;
    };
    QDirIterator it(m_job.localPath, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    int skipped = 0;
    while (it.hasNext()) {
        it.next();
        const QFileInfo child = it.fileInfo();
        TransferJob job;
        job.parentId = m_job.id;
        job.site = m_job.site;
        job.priority = m_job.priority;
        job.overwrite = m_job.overwrite;
        job.mode = m_job.mode;
        job.preserveTime = m_job.preserveTime;
        job.localPath = child.filePath();
        job.remotePath = joinRemote(m_job.remotePath, child.fileName());
        if (child.isDir()) {
            if (child.isSymLink()) {
                ++skipped; // a linked folder may loop back; FileZilla follows, we don't
                continue;
            }
            job.kind = TransferJob::Kind::UploadFolder;
        } else if (child.isFile()) {
            job.kind = TransferJob::Kind::Upload;
            job.size = child.size();
            job.mtimeMs = child.lastModified().toMSecsSinceEpoch();
            if (remoteWasCreated) {
                job.targetSize = TransferJob::Absent;
            } else {
                const auto found = existing.constFind(child.fileName());
                if (found == existing.cend()) {
                    job.targetSize = TransferJob::Absent;
                } else {
                    job.targetSize = found->first;
                    job.targetMtimeMs = found->second;
                }
            }
        } else {
            ++skipped; // sockets, pipes, devices, dangling links
            continue;
        }
        batch.append(job);
        if (batch.size() >= ChildBatch && !flush()) {
            fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
            return;
        }
    }
    if (!flush()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
        return;
    }
    if (skipped > 0 && m_context->note)
        m_context->note(m_job,
                        tr("%n item(s) in %1 skipped: linked folders and special files.", nullptr, skipped)
                            .arg(m_job.localPath));
    finishDone();
}

void JobRunner::downloadFolder()
{
    if (!QDir().mkpath(m_job.localPath) || !QFileInfo(m_job.localPath).isDir()) {
        fail(
            RemoteError(RemoteError::Kind::LocalIo, tr("Cannot create the folder %1.").arg(m_job.localPath)));
        return;
    }
    ListOperation *listing = m_session->list(m_job.remotePath, ListMode::Auto);
    listing->setKeepUnsafeNames(true); // refused below, and counted in the note
    then(listing, [this](ListOperation *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        QList<TransferJob> batch;
        QSet<QString> seen;
        int unsafe = 0;
        const QDir local(m_job.localPath);
        // "x.part" listed beside a file "x" is the name of x's part file: downloading x
        // would truncate the downloaded "x.part" and rename it over x (both jobs Done, one
        // good file gone; in parallel, worse). The one named like a part file is refused.
        QSet<QString> partNames;
        for (const DirEntry &entry : list->entries()) {
            if (!entry.isDir)
                partNames.insert(PartFile::partPathFor(entry.name));
        }
        for (const QString &name : list->names())
            partNames.insert(PartFile::partPathFor(name));
        const auto addChild = [&](const QString &name, bool isDir, qint64 size, qint64 mtime) {
            TransferJob job;
            job.parentId = m_job.id;
            job.site = m_job.site;
            job.priority = m_job.priority;
            job.overwrite = m_job.overwrite;
            job.mode = m_job.mode;
            job.preserveTime = m_job.preserveTime;
            job.kind = isDir ? TransferJob::Kind::DownloadFolder : TransferJob::Kind::Download;
            job.remotePath = joinRemote(m_job.remotePath, name);
            job.localPath = local.filePath(name);
            job.size = size;
            job.mtimeMs = mtime;
            batch.append(job);
        };
        for (const DirEntry &entry : list->entries()) {
            if (entry.name == QLatin1String(".") || entry.name == QLatin1String(".."))
                continue; // "ls -a" lists them in every folder: no news
            // Never a local path from a hostile name ("../x", "a/b", CR/LF, NUL), and one
            // job per name even if the server lists it twice.
            if (entry.hasUnsafeName() || seen.contains(entry.name) ||
                (!entry.isDir && partNames.contains(entry.name))) {
                ++unsafe;
                continue;
            }
            seen.insert(entry.name);
            addChild(entry.name, entry.isDir, entry.isDir ? TransferJob::Unknown : entry.size,
                     entryTimeMs(entry));
        }
        for (const QString &name : list->names()) { // NLST: names only, taken as files
            DirEntry probe;
            probe.name = name;
            probe.rawName = name.toUtf8();
            if (probe.hasUnsafeName() || seen.contains(name) || partNames.contains(name)) {
                ++unsafe;
                continue;
            }
            seen.insert(name);
            addChild(name, false, TransferJob::Unknown, TransferJob::Unknown);
        }
        for (qsizetype i = 0; i < batch.size(); i += ChildBatch) {
            QList<TransferJob> part = batch.mid(i, ChildBatch);
            if (!m_context->addChildren(m_job, part)) {
                fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
                return;
            }
        }
        if (unsafe > 0 && m_context->note)
            m_context->note(m_job,
                            tr("%n listed name(s) in %1 refused: unsafe, listed twice, or the part file name "
                               "of another listed file.",
                               nullptr, unsafe)
                                .arg(m_job.remotePath));
        finishDone();
    });
}

void JobRunner::deleteFolder()
{
    const auto removeSelf = [this]() {
        then(m_session->removeDirectory(m_job.remotePath),
             [this](CommandOperation *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
    };
    if (m_job.phase == 1) {
        removeSelf();
        return;
    }
    then(m_session->list(m_job.remotePath, ListMode::Auto), [this, removeSelf](ListOperation *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        QList<TransferJob> children;
        for (const DirEntry &entry : list->entries()) {
            if (entry.hasUnsafeName())
                continue;
            TransferJob job;
            job.parentId = m_job.id;
            job.site = m_job.site;
            job.priority = m_job.priority + 1; // children first
            job.kind = entry.isDir && !entry.isLink ? TransferJob::Kind::DeleteFolder
                                                    : TransferJob::Kind::DeleteFile;
            job.remotePath = joinRemote(m_job.remotePath, entry.name);
            children.append(job);
        }
        if (children.isEmpty()) {
            removeSelf();
            return;
        }
        m_job.phase = 1;
        m_job.pendingChildren = int(children.size());
        if (!m_context->addChildren(m_job, children)) {
            fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
            return;
        }
        finishWith(Outcome::Waiting);
    });
}

} // namespace ferry
