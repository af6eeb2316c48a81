#pragma once

#include "ftp/charset.h"
#include "remote/remoteerror.h"
#include "remote/transcript.h"
#include "sftpchannel.h"
#include "sftprequest.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace ferry {

class NameDecoder;

// What the worker's operations share: the channel, the server's sizes and extensions, the
// name codec, and the transcript.
struct SftpContext {
    SftpChannel *channel = nullptr;
    NameDecoder *decoder = nullptr;
    Charset charset; // UTF-8 unless the site names another
    quint32 readSize = 32 * 1024;
    quint32 writeSize = 32 * 1024;
    qint64 pipelineBytes = 8 * 1024 * 1024;
    bool posixRename = false;
    std::function<void(TranscriptLine::Kind, const QString &)> log;

    QByteArray encode(const QString &path) const;
};

// One operation on the worker thread (FileZilla's one-class-per-operation, like
// FtpOperation): a small chain of requests on the channel. It emits finished() exactly
// once; replies that come after (a cancel) are dropped. Any number may run at once on one
// channel: SFTP matches replies by id.
class WorkerOp : public QObject {
    Q_OBJECT
public:
    WorkerOp(quint64 id, SftpRequest request, SftpContext *context, QObject *parent = nullptr);

    quint64 id() const { return m_id; }
    bool isFinished() const { return m_finished; }
    virtual void start() = 0;
    // Finishes at once as cancelled; what is in flight is dropped when it comes.
    virtual void cancel();
    // Finishes at once with this error (the connection is gone).
    void abort(const RemoteError &error) { finish(error); }
    // Transfers: the owner wrote `bytes` more of a download (room for more requests), or
    // hands over upload data.
    virtual void grant(qint64 bytes) { Q_UNUSED(bytes); }
    virtual void feed(const QByteArray &bytes, bool last)
    {
        Q_UNUSED(bytes);
        Q_UNUSED(last);
    }

    static WorkerOp *create(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent);

Q_SIGNALS:
    void finished(quint64 id, const ferry::RemoteError &error, const ferry::SftpResult &result);
    void entries(quint64 id, const QList<DirEntry> &batch); // a listing's entries as they come
    void opened(quint64 id, qint64 size);                   // a transfer's file is open (size or -1)
    void data(quint64 id, const QByteArray &bytes);         // download bytes, in order
    void acknowledged(quint64 id, qint64 bytes);            // upload bytes the server confirmed

protected:
    using Handler = std::function<void(const SftpChannel::Reply &reply)>;
    SftpChannel::Request request(quint8 type) { return m_context->channel->request(type); }
    // Sends; the handler runs only if this operation is still running then.
    void call(SftpChannel::Request &&request, Handler handler);
    // Sends and ignores the reply (CLOSE after a failure or a cancel).
    void sendAndForget(SftpChannel::Request &&request);
    void closeHandle(const QByteArray &handle);
    // A link's target (READLINK) and, with SftpRequest::followLinks, what it points to
    // (STAT, as `ls -L`: the target's type, size, permissions and time; still marked a
    // link). Both go out at once; `done` runs when both answered. A dangling link keeps
    // its own attributes. `entry` must stay where it is until then.
    void resolveLink(const QString &path, DirEntry *entry, std::function<void()> done);
    void finish(const RemoteError &error = {}, const SftpResult &result = {});
    void log(TranscriptLine::Kind kind, const QString &text) const;
    QByteArray encode(const QString &path) const { return m_context->encode(path); }
    const SftpRequest &req() const { return m_request; }
    SftpContext *context() const { return m_context; }

private:
    quint64 m_id;
    SftpRequest m_request;
    SftpContext *m_context;
    bool m_finished = false;
};

// --- Reading replies: each returns false and fills *error unless the reply is what was
// expected; `what` starts the error message ("Could not delete /a"). ---
RemoteError sftpStatusError(const SftpChannel::Reply &reply, const QString &what);
bool sftpReadHandle(const SftpChannel::Reply &reply, QByteArray *handle, RemoteError *error,
                    const QString &what);
bool sftpReadAttributes(const SftpChannel::Reply &reply, sftp::Attributes *attributes, RemoteError *error,
                        const QString &what);
bool sftpReadSingleName(const SftpChannel::Reply &reply, QByteArray *name, RemoteError *error,
                        const QString &what);
// Whether a reply is STATUS with this code.
bool sftpIsStatus(const SftpChannel::Reply &reply, sftp::StatusCode code);

} // namespace ferry
