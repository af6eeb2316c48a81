#pragma once

#include "remote/remoteerror.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

namespace ferry {

class RateLimiter;
class RemoteCall;
class RemoteSession;
class StreamPipe;

// One file from one server to another, without blocking: server to server (FTP's FXP) when
// both sessions offer it and `direct` allows it, checked afterwards by the target's SIZE;
// when the servers refuse each other (refused() then), or without FXP (FTP and SFTP, say),
// a download streamed into an upload through a bounded StreamPipe, never the whole file in
// memory. Progress: the streamed bytes as they reach the upload; during FXP, which reports
// nothing, the target's SIZE asked on a probe (another session to the target, when one is
// free) every PollMs while no SIZE is out. The queue's Copy jobs (jobrunnercopy.cpp) and
// ferry-cli's cp both copy through it.
class ServerCopy final : public QObject {
    Q_OBJECT
public:
    static constexpr int PollMs = 400;

    ServerCopy(RemoteSession *source, RemoteSession *target, QObject *parent = nullptr);
    ~ServerCopy() override;

    // Where the probe comes from, asked at each poll until it gives one (the target's
    // connections may all be busy when the copy starts). The caller owns what it gives.
    void setProbeSource(std::function<RemoteSession *()> source) { m_probeSource = std::move(source); }
    // The queue's speed limits: a streamed copy is a download and an upload.
    void setLimiters(RateLimiter *download, RateLimiter *upload)
    {
        m_downloadLimiter = download;
        m_uploadLimiter = upload;
    }
    // After the servers refused a direct copy: stream instead (the default), or end there
    // with refused() and the refusal as error(), for a caller that decides what comes next
    // (ferry-cli's cp says so, asks the target's size again for --resume, then streams).
    void setStreamAfterRefusal(bool stream) { m_streamAfterRefusal = stream; }
    // From byte `offset` of the source on (appended to the target when > 0); `size`: the
    // source's size (-1: unknown; FXP then ends without the size check).
    void start(const QString &from, const QString &to, qint64 offset, qint64 size, bool direct);
    void cancel();

    bool wentDirect() const { return m_direct && !m_refused; }
    bool isFinished() const { return m_finished; }
    bool refused() const { return m_refused; }        // FXP refused: streamed instead (see above)
    RemoteError refusal() const { return m_refusal; } // what the servers said
    RemoteError error() const { return m_error; }
    // How far the target is (offset included) and what this copy moved.
    qint64 position() const { return m_position; }
    qint64 moved() const { return m_position - m_offset; }

Q_SIGNALS:
    void progress(qint64 position);
    void finished();

private:
    void startDirect();
    void directFinished(RemoteCall *call);
    void checkSize();
    void poll();
    void startStream();
    void streamSideFinished();
    void setPosition(qint64 position);
    void finish(const RemoteError &error);

    QPointer<RemoteSession> m_source;
    QPointer<RemoteSession> m_target;
    QPointer<RemoteSession> m_probe;
    std::function<RemoteSession *()> m_probeSource;
    QPointer<RateLimiter> m_downloadLimiter;
    QPointer<RateLimiter> m_uploadLimiter;
    QString m_from;
    QString m_to;
    qint64 m_offset = 0;
    qint64 m_size = -1;
    qint64 m_position = 0;
    bool m_direct = false;
    bool m_refused = false;
    bool m_streamAfterRefusal = true;
    RemoteError m_refusal;
    bool m_finished = false;
    QPointer<RemoteCall> m_call; // FXP, or the stream's download
    QPointer<RemoteCall> m_upload;
    QPointer<RemoteCall> m_poll;
    std::unique_ptr<StreamPipe> m_pipe;
    RemoteError m_inError;
    RemoteError m_outError;
    int m_pending = 0;
    int m_logins = 0;
    QTimer m_timer;
    RemoteError m_error;
};

} // namespace ferry
