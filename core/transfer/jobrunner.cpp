#include "jobrunner.h"

#include "folderidentity.h"
#include "listedtime.h"
#include "localfile.h"
#include "localtree.h"
#include "overwritepolicy.h"
#include "overwriterequest.h"
#include "remote/ratelimiter.h"
#include "remote/remotepath.h"
#include "remote/remotesession.h"
#include "servercopy.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QThreadPool>
#include <QTimeZone>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>

namespace ferry {

namespace {

using Overwrite = TransferJob::Overwrite;
constexpr int ChildBatch = 2000;

QDateTime fromMs(qint64 ms)
{
    return ms < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

// The time a stat() found, in ms since the epoch, or Unknown.
qint64 statTimeMs(const RemoteCall *call)
{
    const DirEntry &e = call->entry();
    if (!call->succeeded() || e.timePrecision != DirEntry::TimePrecision::Second || !e.date.isValid())
        return TransferJob::Unknown;
    return QDateTime(e.date, e.time, e.timeIsUtc ? QTimeZone::utc() : QTimeZone::systemTimeZone())
        .toMSecsSinceEpoch();
}

} // namespace

// A local folder read a batch at a time: ChildBatch entries per turn of the event loop, so
// that a folder of 100,000 files never holds the thread (the window's) for long.
struct JobRunner::LocalExpansion {
    LocalExpansion(const QString &path, bool followLinks, std::function<QString()> top,
                   QHash<QString, std::pair<qint64, ListedTime>> existing, bool remoteWasCreated)
        : existing(std::move(existing))
        , remoteWasCreated(remoteWasCreated)
        , tree(path, followLinks, std::move(top))
        , it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)
    {
    }
    QHash<QString, std::pair<qint64, ListedTime>> existing;
    bool remoteWasCreated;
    LocalTree tree;
    QDirIterator it;
};

JobRunner::JobRunner(const TransferJob &job, RemoteSession *session, const JobContext *context,
                     QObject *parent)
    : QObject(parent)
    , m_job(job)
    , m_session(session)
    , m_context(context)
    , m_startSize(job.size)
{
    m_everReady = session->isLoggedIn();
}

RemoteSession *JobRunner::session() const
{
    return m_session.data();
}

JobRunner::~JobRunner()
{
    if (m_part)
        m_part->abandon();
    delete m_question;
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
        then(m_session->mkdir(m_job.remotePath),
             [this](RemoteCall *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
        return;
    case TransferJob::Kind::DeleteFile:
        then(m_session->remove(m_job.remotePath, RemoteSession::EntryType::File),
             [this](RemoteCall *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
        return;
    case TransferJob::Kind::DeleteFolder:
        deleteFolder();
        return;
    case TransferJob::Kind::Copy:
        copyStart();
        return;
    case TransferJob::Kind::CopyFolder:
        copyFolder();
        return;
    }
}

void JobRunner::stop()
{
    if (m_finished)
        return;
    m_stopping = true;
    if (m_copy) {
        m_copy->cancel(); // its finished() brings us to fail(Cancelled)
        return;
    }
    if (m_op) {
        m_op->cancel(); // its finished() brings us to fail(Cancelled)
        return;
    }
    fail(RemoteError(RemoteError::Kind::Cancelled, tr("Stopped.")));
}

bool JobRunner::sessionReusable() const
{
    return reusable(m_session);
}

bool JobRunner::reusable(RemoteSession *session) const
{
    if (!session || !session->isLoggedIn())
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
    releaseProbe();
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
    releaseProbe();
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

void JobRunner::ask(qint64 sourceSize, qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs,
                    const std::function<void(Overwrite)> &handler)
{
    auto *request =
        new OverwriteRequest(m_job, sourceSize, fromMs(sourceMtimeMs), targetSize, fromMs(targetMtimeMs));
    m_question = request;
    connect(request, &OverwriteRequest::answered, this, [this, handler, request](Overwrite action, bool) {
        m_question = nullptr;
        if (m_stopping || m_finished)
            return;
        if (action == Overwrite::Rename && !request->newName().isEmpty()) {
            renameTarget(request->newName());
            return;
        }
        handler(action);
    });
    connect(request, &OverwriteRequest::answered, request, &QObject::deleteLater);
    m_context->ask(request);
}

// The user's own name for the target: the job starts over with it (a target of that name
// that exists too is asked about again, under the job's policy).
void JobRunner::renameTarget(const QString &name)
{
    QString &path = m_job.kind == TransferJob::Kind::Download ? m_job.localPath : m_job.remotePath;
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    path = path.left(slash + 1) + name;
    if (m_job.kind == TransferJob::Kind::Download) {
        downloadStart();
        return;
    }
    m_job.targetSize = TransferJob::Unknown;
    m_job.targetMtimeMs = TransferJob::Unknown;
    uploadCheckTarget();
}

// SIZE (and MDTM when wanted) of a remote file: (-2, -1) when it does not exist.
void JobRunner::fetchRemoteInfo(const QString &path, bool wantTime,
                                const std::function<void(qint64, qint64)> &handler)
{
    const auto detail = wantTime ? RemoteSession::StatDetail::SizeAndTime : RemoteSession::StatDetail::Size;
    then(m_session->stat(path, detail), [this, handler](RemoteCall *op) {
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
        handler(op->entry().size, statTimeMs(op));
    });
}

// MDTM alone, when the size is known already: the time, or Unknown when the server has none.
void JobRunner::fetchRemoteTime(const QString &path, const std::function<void(qint64)> &handler)
{
    then(m_session->stat(path, RemoteSession::StatDetail::Time),
         [handler](RemoteCall *mdtm) { handler(statTimeMs(mdtm)); });
}

bool JobRunner::serverGivesExactTimes() const
{
    return m_session->features().testFlag(RemoteSession::Feature::FileTimes);
}

// A listed time to the minute stays in a download job only when the seconds change nothing:
// no time to give the local file, and a "newer" decision the minute settles. Otherwise the
// job asks MDTM (before deciding, or to stamp the file).
qint64 JobRunner::downloadSourceTime(const ListedTime &remote, const QString &localPath) const
{
    if (!remote.isCoarse() || !serverGivesExactTimes())
        return remote.ms;
    const QFileInfo target(localPath);
    if (target.exists() && (m_job.overwrite == Overwrite::IfNewer || m_job.overwrite == Overwrite::Ask)) {
        const std::optional<bool> newer =
            newerForSure(remote, ListedTime::exact(target.lastModified().toMSecsSinceEpoch()));
        if (!newer || m_job.overwrite == Overwrite::Ask)
            return TransferJob::Unknown;
        if (!*newer)
            return remote.ms; // skipped for sure: no file to stamp
    }
    return m_job.preserveTime ? TransferJob::Unknown : remote.ms;
}

// The same for the existing target of an upload: only "newer" looks at its time.
qint64 JobRunner::uploadTargetTime(const ListedTime &remote, qint64 localMtimeMs) const
{
    if (!remote.isCoarse() || !serverGivesExactTimes() ||
        (m_job.overwrite != Overwrite::IfNewer && m_job.overwrite != Overwrite::Ask))
        return remote.ms;
    const std::optional<bool> newer = newerForSure(ListedTime::exact(localMtimeMs), remote);
    return newer && m_job.overwrite == Overwrite::IfNewer ? remote.ms : TransferJob::Unknown;
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
    then(m_session->stat(m_job.remotePath, RemoteSession::StatDetail::Time),
         [setTime](RemoteCall *op) { setTime(statTimeMs(op)); });
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
    RemoteCall *op = m_session->setTime(m_job.remotePath, fromMs(m_job.mtimeMs));
    connect(op, &RemoteCall::finished, op, [op, context = m_context, job = m_job] {
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
    if (!m_session->features().testFlag(RemoteSession::Feature::Checksums)) {
        handler(true); // the size matched; nothing more the server can tell
        return;
    }
    then(m_session->checksum(remotePath), [this, localPath, handler](RemoteCall *op) {
        // "SHA-256:<hex>": the algorithm the server used, then its digest.
        const QString text = op->succeeded() ? op->text() : QString();
        const std::optional<ChecksumMethod::Algorithm> algorithm =
            ChecksumMethod::parseAlgorithmName(text.section(QLatin1Char(':'), 0, 0));
        const QByteArray remote = text.section(QLatin1Char(':'), 1).toLatin1();
        if (!algorithm || remote.isEmpty()) {
            if (m_context->note)
                m_context->note(m_job, tr("The server gave no checksum: %1").arg(op->error().toString()));
            handler(true);
            return;
        }
        compareLocalDigest(localPath, *algorithm, remote, handler);
    });
}

// Hashes the local file off the event loop (a large file takes seconds), then compares.
void JobRunner::compareLocalDigest(const QString &localPath, ChecksumMethod::Algorithm algorithm,
                                   const QByteArray &remote, const std::function<void(bool)> &handler)
{
    QPointer<JobRunner> self(this);
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
                    self->m_context->note(self->m_job, local == remote ? tr("Checksum verified.")
                                                                       : tr("Checksum mismatch."));
                handler(local == remote);
            },
            Qt::QueuedConnection);
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
    // A folder that cannot be read fails here, before its remote copy is made: it used to
    // arrive empty, as if it were.
    if (DIR *dir = ::opendir(QFile::encodeName(m_job.localPath).constData())) {
        ::closedir(dir);
    } else {
        fail(RemoteError(RemoteError::Kind::LocalIo,
                         tr("Cannot read the folder %1: %2")
                             .arg(m_job.localPath, QString::fromLocal8Bit(std::strerror(errno)))));
        return;
    }
    then(m_session->mkdir(m_job.remotePath), [this](RemoteCall *mkd) {
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
        then(m_session->list(m_job.remotePath), [this, mkdError](RemoteCall *list) {
            if (list->error().isError()) {
                // Not there: a parent is missing (`put -r src ftp://h/new/deeper/`).
                makeRemoteFolder(remoteParent(m_job.remotePath), 0,
                                 [this, mkdError](const RemoteError &error, bool created) {
                                     if (error.isError() || !created) {
                                         fail(error.isError() ? error : mkdError); // the parent was there
                                         return;
                                     }
                                     then(m_session->mkdir(m_job.remotePath), [this](RemoteCall *again) {
                                         if (again->error().isError())
                                             fail(again->error());
                                         else
                                             expandLocalFolder({}, true);
                                     });
                                 });
                return;
            }
            QHash<QString, std::pair<qint64, ListedTime>> existing;
            for (const DirEntry &entry : list->entries()) {
                if (!entry.isDir)
                    existing.insert(entry.name, {entry.size, listedTime(entry)});
            }
            expandLocalFolder(existing, false);
        });
    });
}

QString JobRunner::remoteParent(const QString &path)
{
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const qsizetype slash = trimmed.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QString() : trimmed.left(slash);
}

void JobRunner::makeRemoteFolder(const QString &path, int depth,
                                 const std::function<void(const RemoteError &, bool)> &done)
{
    if (path.isEmpty() || depth > 256) {
        done({}, false); // the root: there is nothing above it to make
        return;
    }
    then(writeSession()->mkdir(path), [this, path, depth, done](RemoteCall *mkd) {
        const RemoteError mkdError = mkd->error();
        if (!mkdError.isError() || mkdError.isTransient()) {
            done(mkdError, !mkdError.isError());
            return;
        }
        then(writeSession()->resolveFolder(path), [this, path, depth, done](RemoteCall *cwd) {
            if (!cwd->error().isError()) {
                done({}, false); // it exists: that is what the refusal meant
                return;
            }
            makeRemoteFolder(
                remoteParent(path), depth + 1, [this, path, done](const RemoteError &error, bool) {
                    if (error.isError()) {
                        done(error, false);
                        return;
                    }
                    then(writeSession()->mkdir(path),
                         [done](RemoteCall *again) { done(again->error(), !again->error().isError()); });
                });
        });
    });
}

void JobRunner::expandLocalFolder(const QHash<QString, std::pair<qint64, ListedTime>> &existing,
                                  bool remoteWasCreated)
{
    m_expansion = std::make_unique<LocalExpansion>(
        m_job.localPath, m_context->followLinks, [this] { return treeTop().localPath; }, existing,
        remoteWasCreated);
    expandLocalBatch();
}

void JobRunner::expandLocalBatch()
{
    if (m_finished || !m_expansion)
        return;
    LocalExpansion &x = *m_expansion;
    QList<TransferJob> batch;
    batch.reserve(ChildBatch);
    while (batch.size() < ChildBatch && x.it.hasNext()) {
        x.it.next();
        const QFileInfo child = x.it.fileInfo();
        const LocalTree::Plan plan = x.tree.plan(child);
        TransferJob job;
        switch (plan.action) {
        case LocalTree::Plan::Action::Skip:
            job = skippedChild(child.isDir() ? TransferJob::Kind::UploadFolder : TransferJob::Kind::Upload,
                               child.fileName(), plan.reason);
            break;
        case LocalTree::Plan::Action::Folder:
            job = childJob(TransferJob::Kind::UploadFolder, child.fileName());
            break;
        case LocalTree::Plan::Action::File: {
            job = childJob(TransferJob::Kind::Upload, child.fileName());
            job.size = child.size();
            job.mtimeMs = child.lastModified().toMSecsSinceEpoch();
            const auto found =
                x.remoteWasCreated ? x.existing.cend() : x.existing.constFind(child.fileName());
            if (found == x.existing.cend()) {
                job.targetSize = TransferJob::Absent;
            } else {
                job.targetSize = found->first;
                job.targetMtimeMs = uploadTargetTime(found->second, job.mtimeMs);
            }
            break;
        }
        }
        batch.append(job);
    }
    if (!batch.isEmpty() && !m_context->addChildren(m_job, batch)) {
        m_expansion.reset();
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
        return;
    }
    if (x.it.hasNext()) {
        QTimer::singleShot(0, this, &JobRunner::expandLocalBatch);
        return;
    }
    m_expansion.reset();
    finishDone();
}

// A job for `name` in this folder, with this job's settings.
TransferJob JobRunner::childJob(TransferJob::Kind kind, const QString &name) const
{
    // A copy's folder reads its source as a download's does; its children are copies.
    if (m_job.isCopy() && kind == TransferJob::Kind::Download)
        kind = TransferJob::Kind::Copy;
    else if (m_job.isCopy() && kind == TransferJob::Kind::DownloadFolder)
        kind = TransferJob::Kind::CopyFolder;
    return TransferJob::childOf(m_job, kind, name);
}

// An entry that is not sent (a link leaving the tree, a loop, a FIFO): a finished row with
// its reason, which the queue reports and counts as skipped.
TransferJob JobRunner::skippedChild(TransferJob::Kind kind, const QString &name, const QString &reason) const
{
    TransferJob job = childJob(kind, name);
    const bool upload = kind == TransferJob::Kind::Upload || kind == TransferJob::Kind::UploadFolder;
    job.state = TransferJob::State::Skipped;
    job.error = upload         ? tr("%1 not sent: %2.").arg(job.localPath, reason)
                : job.isCopy() ? tr("%1 not copied: %2.").arg(job.remotePath, reason)
                               : tr("%1 not downloaded: %2.").arg(job.remotePath, reason);
    job.errorKind = int(upload ? RemoteError::Kind::LocalIo : RemoteError::Kind::Server);
    return job;
}

// The job the user queued, at the top of this one's tree.
TransferJob JobRunner::treeTop() const
{
    const QList<TransferJob> above =
        m_context->ancestors ? m_context->ancestors(m_job) : QList<TransferJob>();
    return above.isEmpty() ? m_job : above.constLast();
}

void JobRunner::downloadFolder()
{
    if (!QDir().mkpath(m_job.localPath) || !QFileInfo(m_job.localPath).isDir()) {
        fail(
            RemoteError(RemoteError::Kind::LocalIo, tr("Cannot create the folder %1.").arg(m_job.localPath)));
        return;
    }
    listRemoteFolder();
}

void JobRunner::listRemoteFolder()
{
    ListOptions options;
    options.keepUnsafeNames = true; // refused below, and counted in the note
    then(m_session->list(m_job.remotePath, options), [this](RemoteCall *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        const QList<DirEntry> entries = list->entries();
        const bool uniques = std::any_of(entries.cbegin(), entries.cend(),
                                         [](const DirEntry &e) { return e.isDir && !e.unique.isEmpty(); });
        if (uniques && m_job.identity.isEmpty() && m_job.parentId == 0) {
            learnFolderIdentity([this, entries] { expandRemoteFolder(entries); });
            return;
        }
        expandRemoteFolder(entries);
    });
}

// This folder's unique fact (FTP: MLST), so that a link back to it is a loop at once.
void JobRunner::learnFolderIdentity(const std::function<void()> &next)
{
    then(m_session->resolveFolder(m_job.remotePath), [this, next](RemoteCall *folder) {
        if (folder->succeeded() && !folder->entry().unique.isEmpty())
            m_job.identity = folderidentity::withUnique(m_job, QString::fromUtf8(folder->entry().unique));
        next();
    });
}

void JobRunner::expandRemoteFolder(const QList<DirEntry> &entries)
{
    m_children.clear();
    QList<DirEntry> links;
    QSet<QString> seen;
    int unsafe = 0;
    // "x.part" listed beside a file "x" is the name of x's part file: downloading x
    // would truncate the downloaded "x.part" and rename it over x (both jobs Done, one
    // good file gone; in parallel, worse). The one named like a part file is refused.
    QSet<QString> partNames;
    for (const DirEntry &entry : entries) {
        if (!entry.isDir && !m_job.isCopy()) // a copy writes no part file
            partNames.insert(PartFile::partPathFor(entry.name));
    }
    for (const DirEntry &entry : entries) {
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
        if (entry.isLink && !entry.isDir) {
            // `l…` in LIST, a symlink type in MLSD: a file or a folder, the server will say.
            if (m_context->followLinks)
                links.append(entry);
            else
                m_children.append(skippedChild(TransferJob::Kind::Download, entry.name,
                                               tr("a link to %1; links are not followed").arg(entry.target)));
        } else if (entry.isDir) {
            addRemoteFolder(entry.name, folderidentity::ofChild(m_job, entry.name, entry.unique));
        } else {
            TransferJob job = childJob(TransferJob::Kind::Download, entry.name);
            job.size = entry.size;
            job.mtimeMs = downloadSourceTime(listedTime(entry), job.localPath);
            m_children.append(job);
        }
    }
    if (unsafe > 0 && m_context->note)
        m_context->note(m_job,
                        tr("%n listed name(s) in %1 refused: unsafe, listed twice, or the part file name "
                           "of another listed file.",
                           nullptr, unsafe)
                            .arg(m_job.remotePath));
    probeRemoteLinks(links, 0);
}

// This folder, then every folder above it.
const QList<TransferJob> &JobRunner::folderChain()
{
    if (!m_folderChain) {
        m_folderChain.emplace(QList<TransferJob>{m_job});
        if (m_context->ancestors)
            m_folderChain->append(m_context->ancestors(m_job));
    }
    return *m_folderChain;
}

// A folder below this one, unless it is one of the folders it is in (a link back up: a loop),
// or the tree is deeper than any real one (a loop the server cannot show).
void JobRunner::addRemoteFolder(const QString &name, const QString &identity)
{
    constexpr int MaxDepth = 100;
    const qsizetype at = folderidentity::findIn(folderChain(), identity);
    if (at >= 0) {
        m_children.append(
            skippedChild(TransferJob::Kind::DownloadFolder, name,
                         tr("a link to %1, a folder it is in: a loop").arg(folderChain().at(at).remotePath)));
        return;
    }
    if (folderChain().size() >= MaxDepth) {
        m_children.append(skippedChild(TransferJob::Kind::DownloadFolder, name,
                                       tr("more than %1 folders deep (a loop of links?)").arg(MaxDepth)));
        return;
    }
    TransferJob job = childJob(TransferJob::Kind::DownloadFolder, name);
    job.identity = identity;
    m_children.append(job);
}

// Links in a listing say not what they point to: CWD tells a folder (and PWD its real
// path, or the link's target read from the listing), SIZE a file; neither, a link to
// nothing. Never a RETR of a folder.
void JobRunner::probeRemoteLinks(const QList<DirEntry> &links, qsizetype index)
{
    if (index >= links.size()) {
        storeRemoteChildren();
        return;
    }
    const DirEntry entry = links.at(index);
    const QString path = joinRemotePath(m_job.remotePath, entry.name);
    const auto next = [this, links, index] { probeRemoteLinks(links, index + 1); };
    then(m_session->resolveFolder(path), [this, entry, path, next](RemoteCall *folder) {
        if (folder->error().isTransient()) {
            fail(folder->error());
            return;
        }
        if (!folder->error().isError()) {
            QString real = folder->text();
            if (real.isEmpty() || real == path)
                real = linkTargetPath(entry.target); // a server that shows the logical path
            addRemoteFolder(entry.name, real);
            next();
            return;
        }
        then(m_session->stat(path, RemoteSession::StatDetail::Size), [this, entry, next](RemoteCall *size) {
            if (size->error().isTransient()) {
                fail(size->error());
                return;
            }
            if (size->error().isError()) {
                m_children.append(
                    skippedChild(TransferJob::Kind::Download, entry.name,
                                 tr("a link to %1, which the server cannot open (it may point to nothing)")
                                     .arg(entry.target)));
            } else {
                TransferJob job = childJob(TransferJob::Kind::Download, entry.name);
                job.size = size->entry().size; // the listed size and time are the link's own
                m_children.append(job);
            }
            next();
        });
    });
}

// A link's target as a path on the server, from the listing ("x -> ../y"), or empty.
QString JobRunner::linkTargetPath(const QString &target) const
{
    if (target.isEmpty())
        return {};
    if (target.startsWith(QLatin1Char('/')))
        return QDir::cleanPath(target);
    return QDir::cleanPath(folderidentity::realPath(m_job) + QLatin1Char('/') + target);
}

void JobRunner::storeRemoteChildren()
{
    for (qsizetype i = 0; i < m_children.size(); i += ChildBatch) {
        QList<TransferJob> part = m_children.mid(i, ChildBatch);
        if (!m_context->addChildren(m_job, part)) {
            fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
            return;
        }
    }
    m_children.clear();
    finishDone();
}

void JobRunner::deleteFolder()
{
    const auto removeSelf = [this]() {
        then(m_session->remove(m_job.remotePath, RemoteSession::EntryType::Folder),
             [this](RemoteCall *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
    };
    if (m_job.phase == 1) {
        removeSelf();
        return;
    }
    // LIST, not MLSD: MLSD describes a link by its target (pyftpdlib says "type=dir" for a
    // link to a folder), and a delete must remove the link, never what it points to. Every
    // server's LIST shows a link as one ('l', lstat).
    ListOptions options;
    options.mode = ListMode::List;
    then(m_session->list(m_job.remotePath, options), [this, removeSelf](RemoteCall *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        QList<TransferJob> children;
        for (const DirEntry &entry : list->entries()) {
            if (entry.hasUnsafeName())
                continue;
            TransferJob job =
                TransferJob::childOf(m_job,
                                     entry.isDir && !entry.isLink ? TransferJob::Kind::DeleteFolder
                                                                  : TransferJob::Kind::DeleteFile,
                                     entry.name);
            job.priority = m_job.priority + 1; // children first
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
