#include "servercopy.h"

#include "remote/ratelimiter.h"
#include "remote/remotecall.h"
#include "remote/remotesession.h"
#include "remote/servercopycall.h"
#include "remote/streampipe.h"
#include "remote/transferoptions.h"

namespace ferry {

ServerCopy::ServerCopy(RemoteSession *source, RemoteSession *target, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_target(target)
{
    m_timer.setInterval(PollMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerCopy::poll);
}

ServerCopy::~ServerCopy()
{
    m_finished = true; // nothing said from here on
    for (RemoteCall *call : {m_call.data(), m_upload.data(), m_poll.data()}) {
        if (call) {
            call->disconnect(this);
            call->cancel();
        }
    }
}

void ServerCopy::start(const QString &from, const QString &to, qint64 offset, qint64 size, bool direct)
{
    m_from = from;
    m_to = to;
    m_offset = qMax<qint64>(0, offset);
    m_size = size;
    m_position = m_offset;
    m_direct = direct && m_source && m_target &&
               m_source->features().testFlag(RemoteSession::Feature::ServerToServer) &&
               m_target->features().testFlag(RemoteSession::Feature::ServerToServer);
    m_direct ? startDirect() : startStream();
}

void ServerCopy::cancel()
{
    for (RemoteCall *call : {m_call.data(), m_upload.data()}) {
        if (call && !call->isFinished())
            call->cancel();
    }
}

// --- Server to server ---

void ServerCopy::startDirect()
{
    // copyToServer needs both sessions logged in (it reads their FEAT): a source whose size
    // was listed has not said a word yet. Bounded: a login either works or fails the copy.
    for (RemoteSession *session : {m_source.data(), m_target.data()}) {
        if (!session || session->isLoggedIn())
            continue;
        if (++m_logins > 2) {
            finish(RemoteError(RemoteError::Kind::Network, tr("No connection.")));
            return;
        }
        RemoteCall *login = session->connectToHost();
        m_call = login;
        connect(login, &RemoteCall::finished, this,
                [this, login] { login->error().isError() ? finish(login->error()) : startDirect(); });
        return;
    }
    ServerCopyCall *call = m_source->copyToServer(m_from, m_target, m_to, m_offset, m_size);
    m_call = call;
    connect(call, &RemoteCall::finished, this, [this, call] { directFinished(call); });
    if (m_probeSource)
        m_timer.start();
}

void ServerCopy::directFinished(RemoteCall *call)
{
    m_timer.stop();
    const RemoteError error = call->error();
    if (auto *copy = qobject_cast<ServerCopyCall *>(call); copy && copy->refused()) {
        m_refused = true;
        m_refusal = error;
        // What a server still has pending of the refused copy (pyftpdlib keeps its RETR
        // waiting through ABOR, and sends that file down the next data connection) is not
        // trusted: both connections start afresh (the next calls log in again).
        m_source->abortConnection();
        m_target->abortConnection();
        if (!m_streamAfterRefusal) {
            finish(error);
            return;
        }
        QMetaObject::invokeMethod(this, &ServerCopy::startStream, Qt::QueuedConnection);
        return;
    }
    if (error) {
        finish(error);
        return;
    }
    checkSize();
}

// Both servers said the copy is complete; the target's size must say so too (a server that
// took a connection and then dropped it must not leave a short file looking whole).
void ServerCopy::checkSize()
{
    if (m_size < 0) {
        finish({});
        return;
    }
    RemoteCall *stat = m_target->stat(m_to, RemoteSession::StatDetail::Size);
    m_call = stat;
    connect(stat, &RemoteCall::finished, this, [this, stat] {
        if (stat->error()) {
            finish(stat->error());
            return;
        }
        setPosition(stat->entry().size);
        if (stat->entry().size != m_size) {
            finish(RemoteError(RemoteError::Kind::Network,
                               tr("The copy of %1 is incomplete: %2 of %3 bytes arrived.")
                                   .arg(m_to)
                                   .arg(stat->entry().size)
                                   .arg(m_size)));
            return;
        }
        finish({});
    });
}

void ServerCopy::poll()
{
    if (!m_probe && m_probeSource)
        m_probe = m_probeSource();
    if (m_poll || !m_probe || m_finished)
        return;
    RemoteCall *stat = m_probe->stat(m_to, RemoteSession::StatDetail::Size);
    m_poll = stat;
    connect(stat, &RemoteCall::finished, this, [this, stat] {
        // Only forwards: a SIZE that left before a restart must not move the bar back.
        if (!stat->error() && !m_finished && m_timer.isActive() && stat->entry().size > m_position)
            setPosition(m_size >= 0 ? qMin(stat->entry().size, m_size) : stat->entry().size);
    });
}

// --- Through this process ---

void ServerCopy::startStream()
{
    if (m_finished)
        return;
    if (!m_source || !m_target) {
        finish(RemoteError(RemoteError::Kind::Network, tr("No connection.")));
        return;
    }
    m_direct = false;
    m_pipe = std::make_unique<StreamPipe>();
    m_pipe->open(QIODevice::ReadWrite | QIODevice::Unbuffered);
    TransferOptions download;
    download.offset = m_offset;
    download.limiter = m_downloadLimiter;
    TransferOptions upload;
    upload.limiter = m_uploadLimiter;
    if (m_offset > 0)
        upload.uploadMode = TransferOptions::UploadMode::Append;
    RemoteCall *in = m_source->download(m_from, m_pipe.get(), download);
    RemoteCall *out = m_target->upload(m_pipe.get(), m_to, upload);
    m_call = in;
    m_upload = out;
    m_pending = 2;
    connect(out, &RemoteCall::progress, this, [this](qint64 bytes) { setPosition(m_offset + bytes); });
    connect(in, &RemoteCall::finished, this, [this, in] {
        m_inError = in->error();
        if (m_inError) {
            m_pipe->fail(m_inError.toString()); // the upload must never end as if complete
            if (m_upload && !m_upload->isFinished())
                m_upload->cancel();
        } else {
            m_pipe->finishWriting();
        }
        streamSideFinished();
    });
    connect(out, &RemoteCall::finished, this, [this, out] {
        m_outError = out->error();
        if (!m_outError)
            setPosition(m_offset + out->bytesTransferred());
        if (m_outError && m_call && !m_call->isFinished())
            m_call->cancel();
        streamSideFinished();
    });
}

void ServerCopy::streamSideFinished()
{
    if (--m_pending > 0)
        return;
    // The failing side's own error, not the other side's "cancelled" that followed it.
    if (m_inError && m_inError.kind() != RemoteError::Kind::Cancelled)
        finish(m_inError);
    else if (m_outError && m_outError.kind() != RemoteError::Kind::Cancelled)
        finish(m_outError);
    else
        finish(m_inError ? m_inError : m_outError);
}

void ServerCopy::setPosition(qint64 position)
{
    if (position == m_position)
        return;
    m_position = position;
    Q_EMIT progress(position);
}

void ServerCopy::finish(const RemoteError &error)
{
    if (m_finished)
        return;
    m_timer.stop();
    m_error = error;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace ferry
