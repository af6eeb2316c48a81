#include "sftptransfers.h"

#include <QCoreApplication>
#include <QMap>

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::Sftp)
};
} // namespace

namespace {

QString sizeText(qint64 bytes)
{
    return Text::tr("%1 bytes").arg(bytes);
}

class DownloadOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;

    void start() override
    {
        m_next = m_delivered = req().offset;
        const QString what = WorkerOp::tr("Could not download %1").arg(req().path);
        log(TranscriptLine::Kind::Command,
            QLatin1String("OPEN ") + req().path + QLatin1String(" (read") +
                (req().offset > 0 ? QString(QLatin1String(", from ") + QString::number(req().offset))
                                  : QString()) +
                QLatin1Char(')'));
        // STAT beside OPEN: the size is known when the handle comes, at no extra round trip.
        SftpChannel::Request stat = request(sftp::Stat);
        stat.writer.string(encode(req().path));
        call(std::move(stat), [this](const SftpChannel::Reply &reply) {
            sftp::Attributes attributes;
            RemoteError ignored;
            if (sftpReadAttributes(reply, &attributes, &ignored, {}) &&
                attributes.has(sftp::Attributes::HasSize) &&
                attributes.size <= quint64(std::numeric_limits<qint64>::max()))
                m_size = qint64(attributes.size);
            m_statDone = true;
            if (!m_handle.isEmpty())
                onOpened();
        });
        SftpChannel::Request open = request(sftp::Open);
        open.writer.string(encode(req().path)).u32(sftp::OpenRead).attributes({});
        call(std::move(open), [this, what](const SftpChannel::Reply &reply) {
            RemoteError error;
            if (!sftpReadHandle(reply, &m_handle, &error, what)) {
                finish(error);
                return;
            }
            if (m_statDone)
                onOpened();
        });
    }

    void cancel() override
    {
        closeHandle(std::exchange(m_handle, {}));
        WorkerOp::cancel();
    }

    void grant(qint64 bytes) override
    {
        m_budget += bytes;
        requestMore();
    }

private:
    static constexpr int MaxReadsInFlight = 64; // servers bound the requests they queue
    static constexpr qint64 ProbeSize = 4096;   // the READ past the known end

    void onOpened()
    {
        Q_EMIT opened(id(), m_size);
        requestMore();
        checkDone();
    }

    bool mayRequest() const
    {
        if (m_eofAt >= 0)
            return false;
        if (m_size < 0 || m_next < m_size)
            return true;
        return !m_probing; // one READ past the known end sees EOF, or that the file grew
    }

    void requestMore()
    {
        while (!isFinished() && !m_handle.isEmpty() && mayRequest() && m_outstanding < MaxReadsInFlight &&
               m_budget > 0) {
            const bool probe = m_size >= 0 && m_next >= m_size;
            qint64 length = probe ? ProbeSize : context()->readSize;
            if (m_size >= 0 && !probe)
                length = qMin(length, m_size - m_next);
            // Under a rate limit the owner grants a little at a time: smaller READs then.
            length = qMin(length, m_budget);
            m_probing = m_probing || probe;
            sendRead(m_next, quint32(length));
            m_next += length;
        }
    }

    void sendRead(qint64 offset, quint32 length)
    {
        m_budget -= length;
        ++m_outstanding;
        SftpChannel::Request read = request(sftp::Read);
        read.writer.string(m_handle).u64(quint64(offset)).u32(length);
        call(std::move(read),
             [this, offset, length](const SftpChannel::Reply &reply) { onRead(offset, length, reply); });
    }

    void onRead(qint64 offset, quint32 length, const SftpChannel::Reply &reply)
    {
        --m_outstanding;
        if (reply.type == sftp::Data && !reply.error) {
            sftp::Reader reader(reply.payload);
            const QByteArrayView bytes = reader.stringView();
            if (!reader.ok() || bytes.isEmpty() || bytes.size() > qsizetype(length)) {
                fail(RemoteError(RemoteError::Kind::Protocol,
                                 WorkerOp::tr("Could not download %1: the server sent a malformed data reply")
                                     .arg(req().path)));
                return;
            }
            const qint64 got = bytes.size();
            m_budget += length - got;
            m_pieces.insert(offset, bytes.toByteArray());
            if (m_probing && offset >= m_size && m_size >= 0) {
                m_size = -1; // the file grew: read on to its new end
                m_probing = false;
            }
            if (got < length && (m_size < 0 || offset + got < m_size))
                sendRead(offset + got, quint32(length - got)); // a short read: ask for the rest
            deliver();
        } else if (sftpIsStatus(reply, sftp::StatusCode::Eof)) {
            m_budget += length;
            m_eofAt = m_eofAt < 0 ? offset : qMin(m_eofAt, offset);
        } else {
            fail(sftpStatusError(reply, WorkerOp::tr("Could not download %1").arg(req().path)));
            return;
        }
        requestMore();
        checkDone();
    }

    void deliver()
    {
        for (auto it = m_pieces.find(m_delivered); it != m_pieces.end(); it = m_pieces.find(m_delivered)) {
            const QByteArray bytes = std::move(it.value());
            m_pieces.erase(it);
            m_delivered += bytes.size();
            Q_EMIT data(id(), bytes);
        }
    }

    void checkDone()
    {
        if (isFinished() || m_eofAt < 0 || m_outstanding > 0)
            return;
        if (!m_pieces.isEmpty() || m_delivered != qMax(m_eofAt, req().offset)) {
            fail(RemoteError(
                RemoteError::Kind::Server,
                WorkerOp::tr("Could not download %1: the file changed on the server during the download")
                    .arg(req().path)));
            return;
        }
        closeHandle(std::exchange(m_handle, {}));
        log(TranscriptLine::Kind::Reply,
            WorkerOp::tr("Downloaded %1").arg(sizeText(m_delivered - req().offset)));
        SftpResult result;
        result.size = m_delivered;
        finish({}, result);
    }

    void fail(const RemoteError &error)
    {
        closeHandle(std::exchange(m_handle, {}));
        finish(error);
    }

    QByteArray m_handle;
    QMap<qint64, QByteArray> m_pieces; // received out of order, by offset
    qint64 m_size = -1;
    qint64 m_next = 0;      // the next offset to request
    qint64 m_delivered = 0; // the next offset to hand to the owner
    qint64 m_eofAt = -1;
    qint64 m_budget = 0;
    int m_outstanding = 0;
    bool m_statDone = false;
    bool m_probing = false;
};

class UploadOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;

    void start() override
    {
        m_offset = req().offset;
        quint32 flags = sftp::OpenWrite | sftp::OpenCreate;
        if (req().offset == 0)
            flags |= sftp::OpenTruncate;
        const bool append = req().offset < 0;
        const QString how = append             ? WorkerOp::tr("append")
                            : req().offset > 0 ? WorkerOp::tr("from %1").arg(req().offset)
                                               : WorkerOp::tr("truncate");
        log(TranscriptLine::Kind::Command,
            QLatin1String("OPEN ") + req().path + QLatin1String(" (write, ") + how + QLatin1Char(')'));
        SftpChannel::Request open = request(sftp::Open);
        open.writer.string(encode(req().path)).u32(flags).attributes({});
        call(std::move(open), [this, append](const SftpChannel::Reply &reply) {
            RemoteError error;
            if (!sftpReadHandle(reply, &m_handle, &error,
                                WorkerOp::tr("Could not upload to %1").arg(req().path))) {
                finish(error);
                return;
            }
            if (append)
                appendAtEnd();
            else
                Q_EMIT opened(id(), -1);
        });
    }

    void cancel() override
    {
        closeHandle(std::exchange(m_handle, {}));
        WorkerOp::cancel();
    }

    void feed(const QByteArray &bytes, bool last) override
    {
        if (isFinished())
            return;
        if (!bytes.isEmpty())
            m_queued.append(bytes);
        m_lastFed = m_lastFed || last;
        sendWrites();
        checkDone();
    }

private:
    // Appending: the writes start at the file's size (FSTAT on the open handle).
    void appendAtEnd()
    {
        SftpChannel::Request fstat = request(sftp::Fstat);
        fstat.writer.string(m_handle);
        call(std::move(fstat), [this](const SftpChannel::Reply &reply) {
            sftp::Attributes attributes;
            RemoteError error;
            if (!sftpReadAttributes(reply, &attributes, &error,
                                    WorkerOp::tr("Could not append to %1").arg(req().path))) {
                closeHandle(std::exchange(m_handle, {}));
                finish(error);
                return;
            }
            m_offset = qint64(attributes.size);
            log(TranscriptLine::Kind::Reply, WorkerOp::tr("Appending after %1").arg(sizeText(m_offset)));
            Q_EMIT opened(id(), -1);
        });
    }

    // Servers bound the requests they queue; the owner bounds the bytes.
    static constexpr int MaxWritesInFlight = 64;

    void sendWrites()
    {
        const qsizetype size = context()->writeSize;
        while (!m_queued.isEmpty() && m_outstanding < MaxWritesInFlight && !m_handle.isEmpty()) {
            const QByteArray &bytes = m_queued.constFirst();
            const qsizetype length = qMin<qsizetype>(size, bytes.size() - m_queuedPos);
            SftpChannel::Request write = request(sftp::Write);
            write.writer.string(m_handle)
                .u64(quint64(m_offset))
                .string(QByteArrayView(bytes).sliced(m_queuedPos, length));
            m_offset += length;
            m_queuedPos += length;
            if (m_queuedPos == bytes.size()) {
                m_queued.removeFirst();
                m_queuedPos = 0;
            }
            ++m_outstanding;
            call(std::move(write),
                 [this, length](const SftpChannel::Reply &reply) { onWritten(length, reply); });
        }
    }

    void onWritten(qint64 length, const SftpChannel::Reply &reply)
    {
        --m_outstanding;
        const RemoteError error =
            sftpStatusError(reply, WorkerOp::tr("Could not upload to %1").arg(req().path));
        if (error) {
            closeHandle(std::exchange(m_handle, {}));
            finish(error);
            return;
        }
        m_confirmed += length;
        Q_EMIT acknowledged(id(), length);
        sendWrites();
        checkDone();
        finishWhenAnswered();
    }

    // CLOSE goes right behind the last WRITE, without waiting for the WRITEs' statuses: a
    // server handles one handle's requests in order (OpenSSH's one at a time), so a file
    // costs no round trip for them. The upload ends once CLOSE and every WRITE answered; a
    // failed WRITE fails it all the same.
    void checkDone()
    {
        if (isFinished() || !m_lastFed || !m_queued.isEmpty() || m_closing || m_handle.isEmpty())
            return;
        m_closing = true;
        SftpChannel::Request close = request(sftp::Close);
        close.writer.string(std::exchange(m_handle, {}));
        call(std::move(close), [this](const SftpChannel::Reply &reply) {
            m_closeError = sftpStatusError(reply, WorkerOp::tr("Could not upload to %1").arg(req().path));
            m_closed = true;
            finishWhenAnswered();
        });
    }

    void finishWhenAnswered()
    {
        if (isFinished() || !m_closed || m_outstanding > 0)
            return;
        if (!m_closeError)
            log(TranscriptLine::Kind::Reply, WorkerOp::tr("Uploaded %1").arg(sizeText(m_confirmed)));
        finish(m_closeError);
    }

    QByteArray m_handle;
    QList<QByteArray> m_queued; // fed, not yet sent (more than MaxWritesInFlight)
    qsizetype m_queuedPos = 0;
    qint64 m_offset = 0;
    qint64 m_confirmed = 0;
    int m_outstanding = 0;
    bool m_lastFed = false;
    bool m_closing = false; // CLOSE sent
    bool m_closed = false;  // and answered
    RemoteError m_closeError;
};

} // namespace

WorkerOp *newDownloadOp(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent)
{
    return new DownloadOp(id, request, context, parent);
}

WorkerOp *newUploadOp(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent)
{
    return new UploadOp(id, request, context, parent);
}

} // namespace ferry
