#include "sftpcall.h"

#include "remote/ratelimiter.h"
#include "sftpsession.h"
#include "sftpworker.h"

#include <QIODevice>

namespace ferry {

namespace {

constexpr qint64 UploadChunk = 256 * 1024;
constexpr int ProgressIntervalMs = 100;

} // namespace

SftpCall::SftpCall(SftpSession *session, quint64 id, SftpRequest request)
    : RemoteCall(session)
    , m_session(session)
    , m_id(id)
    , m_request(std::move(request))
{
}

void SftpCall::cancelRequested()
{
    abandon(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled")));
}

void SftpCall::abandon(const RemoteError &error)
{
    if (isFinished())
        return;
    if (m_session)
        m_session->toWorker([id = m_id](SftpWorker *worker) { worker->cancel(id); });
    complete(error);
}

void SftpCall::workerEntries(const QList<DirEntry> &batch)
{
    if (isFinished())
        return;
    m_streamed = true;
    Q_EMIT entriesArrived(batch);
}

void SftpCall::workerFinished(const RemoteError &error, const SftpResult &result)
{
    complete(error, result);
}

void SftpCall::complete(const RemoteError &error, const SftpResult &result)
{
    if (isFinished())
        return;
    m_entries = result.entries;
    m_entry = result.entry;
    m_text = result.path;
    if (!error && !m_entries.isEmpty() && !m_streamed)
        Q_EMIT entriesArrived(m_entries);
    finish(error);
}

void SftpCall::aboutToFinish()
{
    if (m_session)
        m_session->forget(m_id);
}

// --- SftpTransfer ---

SftpTransfer::SftpTransfer(SftpSession *session, quint64 id, SftpRequest request, Direction direction,
                           QIODevice *device, QPointer<RateLimiter> limiter)
    : SftpCall(session, id, std::move(request))
    , m_direction(direction)
    , m_device(device)
    , m_limiter(std::move(limiter))
    , m_window(qMax(64 * 1024, session->config().ssh.pipelineBytes))
{
    m_progressClock.start();
    if (m_limiter) {
        connect(m_limiter, &RateLimiter::available, this, [this] {
            if (m_direction == Direction::Download)
                grantAllowed();
            else
                feedMore();
        });
    }
    if (m_direction == Direction::Upload && device && device->isSequential())
        connect(device, &QIODevice::readyRead, this, &SftpTransfer::feedMore);
}

qint64 SftpTransfer::allowed(qint64 wanted)
{
    return m_limiter ? m_limiter->take(wanted) : wanted;
}

void SftpTransfer::reportProgress(bool force)
{
    if (!force && m_progressClock.elapsed() < ProgressIntervalMs)
        return;
    m_progressClock.restart();
    Q_EMIT progress(m_bytes);
}

void SftpTransfer::workerOpened(qint64 size)
{
    m_opened = true;
    m_remoteSize = size;
    if (m_direction == Direction::Upload)
        feedMore();
}

void SftpTransfer::workerData(const QByteArray &bytes)
{
    if (isFinished())
        return;
    if (!m_device) {
        abandon(RemoteError(RemoteError::Kind::LocalIo, tr("The local file was closed during the download")));
        return;
    }
    if (m_device->write(bytes) != bytes.size()) {
        abandon(RemoteError(RemoteError::Kind::LocalIo,
                            tr("Could not write the local file: %1").arg(m_device->errorString())));
        return;
    }
    m_bytes += bytes.size();
    grantAllowed();
    reportProgress(false);
}

void SftpTransfer::grantAllowed()
{
    const qint64 wanted = m_window - (m_granted - m_bytes);
    if (isFinished() || wanted <= 0 || !session())
        return;
    const qint64 granted = allowed(wanted);
    if (granted <= 0)
        return; // the limiter's available() brings us back
    m_granted += granted;
    session()->toWorker([id = id(), granted](SftpWorker *worker) { worker->grant(id, granted); });
}

void SftpTransfer::feedMore()
{
    if (isFinished() || !m_opened || m_fedLast || !session())
        return;
    if (!m_device) {
        abandon(RemoteError(RemoteError::Kind::LocalIo, tr("The local file was closed during the upload")));
        return;
    }
    while (!m_fedLast && m_inFlight < m_window) {
        const qint64 wanted = allowed(qMin(UploadChunk, m_window - m_inFlight));
        if (wanted <= 0)
            return; // the limiter's available() brings us back
        QByteArray bytes(wanted, Qt::Uninitialized);
        qint64 got = m_device->read(bytes.data(), wanted);
        if (got < 0 && m_device->isSequential() && m_device->atEnd())
            got = 0; // a pipe whose writer finished (StreamPipe): the end, not an error
        if (got < 0) {
            abandon(RemoteError(RemoteError::Kind::LocalIo,
                                tr("Could not read the local file: %1").arg(m_device->errorString())));
            return;
        }
        bytes.truncate(got);
        const bool last = m_device->atEnd();
        if (got == 0 && !last)
            return; // a sequential device with nothing yet: readyRead brings us back
        m_inFlight += got;
        m_fedLast = last;
        session()->toWorker([id = id(), bytes, last](SftpWorker *worker) { worker->feed(id, bytes, last); });
    }
}

void SftpTransfer::workerAcknowledged(qint64 bytes)
{
    m_inFlight -= bytes;
    m_bytes += bytes;
    reportProgress(false);
    feedMore();
}

void SftpTransfer::workerFinished(const RemoteError &error, const SftpResult &result)
{
    if (!error && m_direction == Direction::Download && result.size >= 0)
        m_remoteSize = qMax(m_remoteSize, result.size);
    reportProgress(true);
    SftpCall::workerFinished(error, result);
}

} // namespace ferry
