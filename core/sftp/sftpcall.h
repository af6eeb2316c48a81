#pragma once

#include "ftp/ftperror.h"
#include "sftprequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QIODevice;

namespace ferry {

class RateLimiter;
class SftpSession;

// One request to an SftpSession, on the owner's thread: it emits finished() exactly once
// and is deleted right after (deleteLater), so read results inside the finished() handler
// (like FtpOperation). Results: entries() for a listing, entry() for a stat, path() for
// realpath and readlink.
class SftpCall : public QObject {
    Q_OBJECT
public:
    ~SftpCall() override;

    quint64 id() const { return m_id; }
    const SftpRequest &request() const { return m_request; }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && !m_error.isError(); }
    FtpError error() const { return m_error; }
    const QList<DirEntry> &entries() const { return m_result.entries; }
    const DirEntry &entry() const { return m_result.entry; }
    QString path() const { return m_result.path; }

    // Finishes at once as cancelled (in flight replies are dropped by the worker); the
    // session stays usable.
    void cancel();

Q_SIGNALS:
    void finished();

protected:
    friend class SftpSession;
    SftpCall(SftpSession *session, quint64 id, SftpRequest request);

    // From the worker, through the session.
    virtual void workerOpened(qint64 size) { Q_UNUSED(size); }
    virtual void workerData(const QByteArray &bytes) { Q_UNUSED(bytes); }
    virtual void workerAcknowledged(qint64 bytes) { Q_UNUSED(bytes); }
    virtual void workerFinished(const FtpError &error, const SftpResult &result);

    void complete(const FtpError &error, const SftpResult &result = {});
    // Tells the worker to stop this request and finishes with the error.
    void abandon(const FtpError &error);
    SftpSession *session() const { return m_session; }

private:
    QPointer<SftpSession> m_session;
    quint64 m_id;
    SftpRequest m_request;
    SftpResult m_result;
    FtpError m_error;
    bool m_finished = false;
};

struct SftpTransferOptions {
    qint64 offset = 0; // download: where to start reading; upload: where to write (resume)
    // Shared speed limit for this direction (the queue owns it); null: unlimited.
    QPointer<RateLimiter> limiter;
};

// A download into, or an upload from, a QIODevice that lives on the owner's thread and is
// only touched there. Bounded memory: a download writes each piece as it comes and gives
// the worker room back only after writing (and after the rate limiter allows it); an
// upload reads at most the session's pipelineBytes ahead of what the server confirmed.
class SftpTransfer final : public SftpCall {
    Q_OBJECT
public:
    enum class Direction { Download, Upload };
    Q_ENUM(Direction)

    Direction direction() const { return m_direction; }
    qint64 bytesTransferred() const
    {
        return m_bytes;
    }                                                  // written (download) or confirmed (upload) in this run
    qint64 remoteSize() const { return m_remoteSize; } // download: the file's size, -1 when unknown

Q_SIGNALS:
    // At most about ten times a second, and once at the end.
    void progress(qint64 bytesTransferred);

private:
    friend class SftpSession;
    SftpTransfer(SftpSession *session, quint64 id, SftpRequest request, Direction direction,
                 QIODevice *device, SftpTransferOptions options);

    void workerOpened(qint64 size) override;
    void workerData(const QByteArray &bytes) override;
    void workerAcknowledged(qint64 bytes) override;
    void workerFinished(const FtpError &error, const SftpResult &result) override;
    void grantAllowed(); // download: keeps up to the window granted ahead of what was written
    void feedMore();
    qint64 allowed(qint64 wanted);
    void reportProgress(bool force);

    Direction m_direction;
    QPointer<QIODevice> m_device;
    SftpTransferOptions m_options;
    qint64 m_window = 0;
    qint64 m_bytes = 0;
    qint64 m_remoteSize = -1;
    qint64 m_granted = 0;  // download: bytes the worker may request in all
    qint64 m_inFlight = 0; // upload: bytes fed but not yet confirmed
    bool m_opened = false;
    bool m_fedLast = false;
    QElapsedTimer m_progressClock;
};

} // namespace ferry
