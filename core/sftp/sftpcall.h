#pragma once

#include "remote/remotecall.h"
#include "remote/remoteerror.h"
#include "remote/transferoptions.h"
#include "sftprequest.h"

#include <QElapsedTimer>
#include <QPointer>

class QIODevice;

namespace ferry {

class SftpSession;

// One request to an SftpSession, on the owner's thread: a RemoteCall (finished() exactly
// once, then deleted; results in entries(), entry(), bytesTransferred(), text()). text()
// holds realpath's and readlink's answer and mkdir's path. Cancelling finishes it at once;
// whatever is in flight is dropped by the worker and the session stays usable.
class SftpCall : public RemoteCall {
    Q_OBJECT
public:
    quint64 id() const { return m_id; }
    const SftpRequest &request() const { return m_request; }

protected:
    friend class SftpSession;
    SftpCall(SftpSession *session, quint64 id, SftpRequest request);

    // From the worker, through the session.
    void workerEntries(const QList<DirEntry> &batch);
    virtual void workerOpened(qint64 size) { Q_UNUSED(size); }
    virtual void workerData(const QByteArray &bytes) { Q_UNUSED(bytes); }
    virtual void workerAcknowledged(qint64 bytes) { Q_UNUSED(bytes); }
    virtual void workerFinished(const RemoteError &error, const SftpResult &result);

    void cancelRequested() override;
    void aboutToFinish() override;
    // Takes the results and finishes.
    void complete(const RemoteError &error, const SftpResult &result = {});
    // Tells the worker to stop this request and finishes with the error.
    void abandon(const RemoteError &error);
    SftpSession *session() const { return m_session; }

private:
    QPointer<SftpSession> m_session;
    quint64 m_id;
    SftpRequest m_request;
    bool m_streamed = false; // entriesArrived() already carried the entries
};

// A download into, or an upload from, a QIODevice that lives on the owner's thread and is
// only touched there. Bounded memory: a download writes each piece as it comes and gives
// the worker room for more only after writing (and only what the rate limiter allows); an
// upload reads at most SshOptions::pipelineBytes ahead of what the server confirmed. An
// upload reads the device from its current position (seek it to the offset to resume).
class SftpTransfer final : public SftpCall {
    Q_OBJECT
public:
    enum class Direction { Download, Upload };
    Q_ENUM(Direction)

    Direction direction() const { return m_direction; }
    qint64 remoteSize() const { return m_remoteSize; } // download: the file's size, -1 when unknown

private:
    friend class SftpSession;
    SftpTransfer(SftpSession *session, quint64 id, SftpRequest request, Direction direction,
                 QIODevice *device, QPointer<RateLimiter> limiter);

    void workerOpened(qint64 size) override;
    void workerData(const QByteArray &bytes) override;
    void workerAcknowledged(qint64 bytes) override;
    void workerFinished(const RemoteError &error, const SftpResult &result) override;
    void grantAllowed(); // download: keeps up to the window granted ahead of what was written
    void feedMore();
    qint64 allowed(qint64 wanted);
    void reportProgress(bool force);

    Direction m_direction;
    QPointer<QIODevice> m_device;
    QPointer<RateLimiter> m_limiter;
    qint64 m_window = 0;
    qint64 m_remoteSize = -1;
    qint64 m_granted = 0;  // download: bytes the worker may request in all
    qint64 m_inFlight = 0; // upload: bytes fed but not yet confirmed
    bool m_opened = false;
    bool m_fedLast = false;
    QElapsedTimer m_progressClock;
};

} // namespace ferry
