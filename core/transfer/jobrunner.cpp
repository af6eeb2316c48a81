// JobRunner: the steps every job shares (start, stop, the end of a job, the overwrite
// question, SIZE/MDTM, times, checksums). The kinds' own steps: jobrunnerdownload.cpp,
// jobrunnerupload.cpp, jobrunnerfolders.cpp, jobrunnercopy.cpp.
#include "jobrunner_p.h"

#include "localfile.h"
#include "overwritepolicy.h"
#include "overwriterequest.h"
#include "remote/remotesession.h"
#include "servercopy.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThreadPool>

namespace ferry {

using namespace jobrunner;

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
    if (m_job.removeSource && m_job.phase == 1 &&
        (m_job.kind == TransferJob::Kind::UploadFolder || m_job.kind == TransferJob::Kind::DownloadFolder)) {
        removeSourceFolder(); // a move's folder whose children are finished
        return;
    }
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

bool JobRunner::verifiesMove() const
{
    return m_job.removeSource &&
           typeFor(m_job.remotePath.section(QLatin1Char('/'), -1)) == TransferType::Binary;
}

void JobRunner::finishTransfer()
{
    if (!m_job.removeSource || m_finished) {
        finishDone();
        return;
    }
    if (m_job.kind == TransferJob::Kind::Upload) {
        QFile source(m_job.localPath);
        if (!source.remove()) {
            fail(
                RemoteError(RemoteError::Kind::LocalIo, tr("%1 was uploaded, but it could not be deleted: %2")
                                                            .arg(m_job.localPath, source.errorString())));
            return;
        }
        finishDone();
        return;
    }
    then(m_session->remove(m_job.remotePath, RemoteSession::EntryType::File), [this](RemoteCall *dele) {
        const RemoteError error = dele->error();
        if (error.isError()) {
            fail(RemoteError(error.kind(),
                             tr("%1 was downloaded, but the server did not delete it: %2")
                                 .arg(m_job.remotePath, error.message()),
                             error.replyCode(), error.replyText()));
            return;
        }
        finishDone();
    });
}

void JobRunner::finishExpanded()
{
    if (!m_job.removeSource) {
        finishDone();
        return;
    }
    m_job.phase = 1; // the queue runs it again once its children are finished
    finishWith(Outcome::Waiting);
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

} // namespace ferry
