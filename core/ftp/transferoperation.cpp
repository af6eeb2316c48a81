#include "transferoperation.h"

#include "dataconnection.h"
#include "ftpsession.h"
#include "halfclose.h"
#include "remote/ratelimiter.h"
#include "remote/streampipe.h"

#include <QFileDevice>
#include <QIODevice>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ferry {

TransferOperation::TransferOperation(FtpSession *session, Direction direction, QString remotePath,
                                     QIODevice *device, const TransferOptions &options)
    : FtpOperation(session, {remotePath})
    , m_direction(direction)
    , m_remotePath(std::move(remotePath))
    , m_device(device)
    , m_options(options)
{
}

TransferOperation::~TransferOperation() = default;

QString TransferOperation::verb() const
{
    if (m_direction == Direction::Download)
        return QStringLiteral("RETR");
    switch (m_options.uploadMode) {
    case TransferOptions::UploadMode::Append:
        return QStringLiteral("APPE");
    case TransferOptions::UploadMode::Unique:
        return QStringLiteral("STOU");
    case TransferOptions::UploadMode::Store:
        break;
    }
    return QStringLiteral("STOR");
}

void TransferOperation::start()
{
    if (!m_device || !m_device->isOpen() ||
        (m_direction == Direction::Download ? !m_device->isWritable() : !m_device->isReadable())) {
        finish(RemoteError(RemoteError::Kind::LocalIo,
                           tr("The local file is not open for %1.")
                               .arg(m_direction == Direction::Download ? tr("writing") : tr("reading"))));
        return;
    }
    if (m_options.type == TransferType::Ascii)
        m_ascii.emplace(m_direction == Direction::Download ? AsciiConverter::Direction::ToLocal
                                                           : AsciiConverter::Direction::ToNetwork);
    m_progressTimer.start();
    if (context().facts().type != m_options.type) {
        m_state = State::SettingType;
        send(QStringLiteral("TYPE"),
             m_options.type == TransferType::Ascii ? QStringLiteral("A") : QStringLiteral("I"));
        return;
    }
    prepareData();
}

void TransferOperation::prepareData()
{
    const SessionConfig::Allo allo = session()->config().allo;
    const QString system = session()->systemType().toUpper();
    // ALLO (RFC 959 §4.1.3) matters to record-oriented systems that must reserve space
    // before a STOR; elsewhere it is superfluous (202), so by default only send it there.
    const bool wantsAllo = allo == SessionConfig::Allo::Always ||
                           (allo == SessionConfig::Allo::Auto && (system.contains(QLatin1String("MVS")) ||
                                                                  system.contains(QLatin1String("OS/400"))));
    if (m_direction == Direction::Upload && m_options.sizeHint >= 0 && wantsAllo && m_state != State::Allo) {
        m_state = State::Allo;
        send(QStringLiteral("ALLO"), QString::number(m_options.sizeHint));
        return;
    }
    m_state = State::Preparing;
    m_data = context().takeDataConnection(this);
    connect(m_data, &DataConnection::ready, this, [this] {
        if (m_options.offset > 0 && m_options.uploadMode == TransferOptions::UploadMode::Store) {
            // REST must come right before RETR/STOR (RFC 959 §4.1.3; RFC 3659 §5 for STREAM mode).
            m_state = State::Restarting;
            send(QStringLiteral("REST"), QString::number(m_options.offset));
            return;
        }
        sendTransferCommand();
    });
    connect(m_data, &DataConnection::connected, this, &TransferOperation::onDataConnected);
    connect(m_data, &DataConnection::failed, this, &TransferOperation::fail);
    m_data->start();
}

void TransferOperation::sendTransferCommand()
{
    m_state = State::Sent;
    if (m_options.uploadMode == TransferOptions::UploadMode::Unique && m_direction == Direction::Upload)
        send(verb()); // STOU takes no argument in RFC 1123; the server picks the name
    else
        send(verb(), m_remotePath);
}

void TransferOperation::handleReply(const FtpReply &reply)
{
    switch (m_state) {
    case State::SettingType:
        if (!reply.isPositive()) {
            fail(RemoteError::fromReply(reply, tr("The server refused the transfer type"),
                                        m_options.type == TransferType::Ascii ? QStringLiteral("TYPE A")
                                                                              : QStringLiteral("TYPE I")));
            return;
        }
        context().facts().type = m_options.type;
        prepareData();
        return;
    case State::Allo:
        // 200/202 both fine; a refusal is not fatal, the STOR may still succeed.
        prepareData();
        return;
    case State::Preparing:
        if (m_data && m_data->isPreparing())
            m_data->handleReply(reply);
        return;
    case State::Restarting:
        if (reply.code != 350) {
            fail(RemoteError::fromReply(reply,
                                        tr("The server cannot resume at byte %1").arg(m_options.offset),
                                        QStringLiteral("REST %1").arg(m_options.offset)));
            return;
        }
        sendTransferCommand();
        return;
    case State::Sent:
    case State::Transferring:
        if (reply.isPreliminary()) {
            m_preliminarySeen = true;
            m_state = State::Transferring;
            if (m_direction == Direction::Upload &&
                m_options.uploadMode == TransferOptions::UploadMode::Unique) {
                // RFC 1123 §4.1.2.9: "150 FILE: name" carries the chosen name.
                static const QRegularExpression re(QStringLiteral("FILE:\\s*(.+)$"));
                const auto m = re.match(reply.text());
                if (m.hasMatch())
                    m_uniqueName = m.captured(1).trimmed();
            }
            if (m_direction == Direction::Upload && m_data && m_data->isConnected())
                writeMore();
            return;
        }
        if (reply.isPositive()) {
            m_finalOk = true;
            if (m_direction == Direction::Upload && m_uniqueName.isEmpty() &&
                m_options.uploadMode == TransferOptions::UploadMode::Unique) {
                static const QRegularExpression re(QStringLiteral("FILE:\\s*(.+)$"));
                const auto m = re.match(reply.text());
                if (m.hasMatch())
                    m_uniqueName = m.captured(1).trimmed();
            }
            maybeDone();
            return;
        }
        // 426/451: keep what already arrived (it is good data, and a resume starts after it)
        // before the data connection is closed.
        if (m_direction == Direction::Download && m_data && m_data->socket() && !m_closePending)
            onReadyRead();
        if (isFinished())
            return;
        fail(RemoteError::fromReply(reply,
                                    m_direction == Direction::Download
                                        ? tr("Download of %1 failed").arg(m_remotePath)
                                        : tr("Upload to %1 failed").arg(m_remotePath),
                                    verb() + QLatin1Char(' ') + m_remotePath));
        return;
    case State::Aborting:
        if (handleAbortReply(reply))
            finish(abortResult());
        return;
    case State::Idle:
    case State::Done:
        return;
    }
}

void TransferOperation::onDataConnected()
{
    QTcpSocket *socket = m_data->socket();
    if (QSslSocket *tls = m_data->tlsSocket()) {
        connect(tls, &QSslSocket::newSessionTicketReceived, this, [this] {
            m_ticketSeen = true;
            if (m_closeRequested) // never close inside this signal's handler
                QMetaObject::invokeMethod(this, &TransferOperation::finishUploadStream, Qt::QueuedConnection);
        });
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &TransferOperation::writeMore);
    }
    connect(socket, &QTcpSocket::readyRead, this, &TransferOperation::onReadyRead);
    if (m_options.limiter) {
        // Read no faster than the limit: a bounded read buffer lets TCP hold the server back.
        socket->setReadBufferSize(ChunkSize);
        connect(m_options.limiter, &RateLimiter::available, this,
                m_direction == Direction::Download ? &TransferOperation::onReadyRead
                                                   : &TransferOperation::writeMore);
    }
    if (m_device->isSequential()) {
        // A pipe to another transfer (StreamPipe): a download holds back while the pipe is
        // full (a bounded read buffer lets TCP hold the server back) and goes on when the
        // reader took bytes; an upload waits for more when the pipe is empty but not at end.
        if (m_direction == Direction::Download) {
            socket->setReadBufferSize(ChunkSize);
            connect(m_device, &QIODevice::bytesWritten, this, &TransferOperation::onReadyRead,
                    Qt::QueuedConnection);
        } else {
            connect(m_device, &QIODevice::readyRead, this, &TransferOperation::writeMore,
                    Qt::QueuedConnection);
        }
    }
    connect(socket, &QTcpSocket::bytesWritten, this, &TransferOperation::writeMore);
    connect(socket, &QTcpSocket::disconnected, this, &TransferOperation::onDataClosed);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError) {
            onDataClosed();
            return;
        }
        fail(RemoteError(RemoteError::Kind::Network,
                         tr("The data connection failed: %1").arg(m_data->socket()->errorString())));
    });
    if (m_direction == Direction::Download)
        onReadyRead();
    else if (m_preliminarySeen)
        writeMore();
}

void TransferOperation::onReadyRead()
{
    if (m_direction != Direction::Download || !m_data || !m_data->socket() || isFinished())
        return;
    QTcpSocket *socket = m_data->socket();
    while (socket->bytesAvailable() > 0) {
        if (m_device->isSequential() && m_device->bytesToWrite() >= MaxPendingWrite)
            break; // the pipe is full: its bytesWritten() brings us back
        const qint64 allowed = allowance(std::min(socket->bytesAvailable(), ChunkSize));
        if (allowed == 0)
            break; // the limiter's available() brings us back
        QByteArray chunk = socket->read(allowed);
        if (chunk.isEmpty())
            break;
        m_bytes += chunk.size();
        if (m_ascii)
            chunk = m_ascii->convert(chunk);
        if (!chunk.isEmpty() && m_device->write(chunk) != chunk.size()) {
            abortWith(localWriteError());
            return;
        }
        context().noteActivity();
    }
    reportProgress(false);
    if (m_closePending && socket->bytesAvailable() == 0) {
        m_closePending = false;
        onDataClosed();
    }
}

void TransferOperation::writeMore()
{
    // Not before the server's "150", though writing at connect would save a round trip per
    // file (measured at RTT 50 ms: 5.6 -> 4.6 round trips per upload to vsftpd): pyftpdlib
    // before 1.5.8 closes a data connection that becomes readable before its STOR was
    // processed, and the STOR then waits for a connection that never comes.
    if (m_direction != Direction::Upload || !m_preliminarySeen || m_sourceDone || !m_data ||
        !m_data->socket() || isFinished())
        return;
    QTcpSocket *socket = m_data->socket();
    context().noteActivity();
    // Backpressure: keep at most MaxPendingWrite bytes queued, encrypted ones included
    // (counting bytesToWrite() alone let a whole FTPS upload pile up in memory);
    // bytesWritten and encryptedBytesWritten bring us back here for more.
    while (m_data->bytesQueued() < MaxPendingWrite) {
        // A file's last chunk is read at its size: a 256 KiB buffer for each small file cost
        // more than the rest of its read (malloc from the top of the heap, then a shrink).
        // The speed limit is asked for that size too, and not at all at the end of the
        // file: asking for a whole chunk spent a chunk's worth of tokens on every small
        // file (100 files of 10 KiB under a 4 MiB/s cap ran at 0.24 MiB/s).
        const qint64 want = m_device->isSequential()
                                ? ChunkSize
                                : std::min<qint64>(m_device->size() - m_device->pos(), ChunkSize);
        QByteArray chunk;
        if (want > 0) {
            const qint64 allowed = allowance(want);
            if (allowed == 0)
                break; // the limiter's available() brings us back
            chunk = m_device->read(allowed);
        }
        if (chunk.isEmpty() && m_device->isSequential() && !m_device->atEnd()) {
            if (const auto *pipe = qobject_cast<const StreamPipe *>(m_device.data());
                pipe && pipe->failed()) {
                abortWith(RemoteError(RemoteError::Kind::Network,
                                      tr("The data to upload stopped: %1").arg(pipe->errorString())));
                return;
            }
            break; // more is coming: the device's readyRead() brings us back
        }
        if (chunk.isEmpty()) {
            if (!m_device->atEnd() && !m_device->errorString().isEmpty() &&
                m_device->isSequential() == false) {
                abortWith(
                    RemoteError(RemoteError::Kind::LocalIo,
                                tr("Could not read the file to upload: %1").arg(m_device->errorString())));
                return;
            }
            m_sourceDone = true;
            if (m_ascii) {
                const QByteArray tail = m_ascii->flush();
                if (!tail.isEmpty())
                    socket->write(tail);
            }
            socket->flush(); // the last bytes leave now, so the close below need not wait for them
            reportProgress(true);
            m_closeRequested = true;
            if (m_data->isEncrypted() && m_data->tlsSocket()->sessionProtocol() == QSsl::TlsV1_3 &&
                !m_ticketSeen && HalfClose::arm(m_data->tlsSocket(), context().config().timeoutMs)) {
                // TLS 1.3: closing while the server's session ticket is still to come makes
                // the kernel reset the connection when it arrives, and the server may keep a
                // truncated file. A half-close sends our close_notify and FIN now and takes
                // the ticket in afterwards: one round trip per upload less than waiting for
                // it (vsftpd, RTT 50 ms: the ticket came 53 ms after the data).
                finishUploadStream();
                return;
            }
            if (m_data->isEncrypted() && m_data->tlsSocket()->sessionProtocol() == QSsl::TlsV1_3 &&
                !m_ticketSeen && !context().facts().dataTicketsMissing) {
                // No half-close possible (no descriptor to duplicate): wait (bounded) for the
                // ticket before closing.
                QTimer::singleShot(1000, this, [this] {
                    if (!m_ticketSeen && !isFinished()) {
                        context().facts().dataTicketsMissing = true; // don't wait again on this session
                        finishUploadStream();
                    }
                });
                return;
            }
            finishUploadStream();
            return;
        }
        m_bytes += chunk.size();
        if (m_ascii)
            chunk = m_ascii->convert(chunk);
        socket->write(chunk);
    }
    reportProgress(false);
}

void TransferOperation::finishUploadStream()
{
    if (!m_data || !m_data->socket() || isFinished() || m_dataDone)
        return;
    QTcpSocket *socket = m_data->socket();
    if (m_data->bytesQueued() > 0) {
        // Close only once Qt has handed every byte to the kernel. Seen with Qt 6.4 and
        // vsftpd: disconnectFromHost() on a QSslSocket that still had data queued lost the
        // tail of a 9 MB upload in 5 runs of 5 (vsftpd: "426 Failure reading network
        // stream"). bytesWritten / encryptedBytesWritten bring us back here.
        if (!m_flushWaitConnected) {
            m_flushWaitConnected = true;
            if (QSslSocket *tls = m_data->tlsSocket())
                connect(tls, &QSslSocket::encryptedBytesWritten, this, &TransferOperation::finishUploadStream,
                        Qt::QueuedConnection);
            connect(socket, &QTcpSocket::bytesWritten, this, &TransferOperation::finishUploadStream,
                    Qt::QueuedConnection);
        }
        return;
    }
    // A graceful close once everything is sent: the end of the file (RFC 959 §3.4).
    socket->disconnectFromHost();
}

void TransferOperation::onDataClosed()
{
    if (m_dataDone || isFinished())
        return;
    if (m_direction == Direction::Download) {
        onReadyRead();
        if (isFinished())
            return;
        if (m_data && m_data->socket() && m_data->socket()->bytesAvailable() > 0) {
            // The speed limit holds the rest back: finish once onReadyRead() has it all.
            m_closePending = true;
            return;
        }
        if (m_ascii) {
            const QByteArray tail = m_ascii->flush();
            if (!tail.isEmpty() && m_device->write(tail) != tail.size()) {
                abortWith(localWriteError());
                return;
            }
        }
        m_dataDone = true;
        // The end of the data: close our side now. vsftpd over TLS sends close_notify and
        // waits for the client to close before it sends 226.
        m_data->close();
        if (!m_finalOk)
            context().dataFinished(this); // the next EPSV may follow the RETR now
        maybeDone();
        return;
    }
    m_dataDone = true;
    maybeDone();
}

void TransferOperation::maybeDone()
{
    if (!m_finalOk || !m_dataDone || isFinished())
        return;
    if (m_direction == Direction::Upload && !m_sourceDone) {
        fail(RemoteError(RemoteError::Kind::Network,
                         tr("The server closed the data connection before the upload of %1 was complete.")
                             .arg(m_remotePath)));
        return;
    }
    m_state = State::Done;
    reportProgress(true);
    if (m_data)
        m_data->close();
    finish();
}

void TransferOperation::fail(const RemoteError &error)
{
    if (isFinished())
        return;
    if (m_data)
        m_data->close();
    m_state = State::Done;
    finish(error);
}

void TransferOperation::abortWith(const RemoteError &error)
{
    if (isFinished() || m_state == State::Aborting)
        return;
    if (m_data)
        m_data->close();
    if (m_dataDone && m_direction == Direction::Download) {
        // Every byte has arrived: nothing left to abort, and an ABOR would be answered after
        // a pipelined EPSV. The session drains the final reply.
        fail(error);
        return;
    }
    if (m_state != State::Sent && m_state != State::Transferring) {
        // No transfer command is out: nothing to abort on the server side.
        fail(error);
        return;
    }
    if (m_finalOk) {
        fail(error);
        return;
    }
    m_state = State::Aborting;
    status(tr("Aborting the transfer of %1.").arg(m_remotePath));
    beginAbort(error);
}

void TransferOperation::abortRunning()
{
    abortWith(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

void TransferOperation::connectionLost(const RemoteError &error)
{
    if (m_data)
        m_data->close();
    FtpOperation::connectionLost(error);
}

// "Could not write /x/a.bin.part: File too large": the file and the system's reason
// (QFile says "Unknown error" for EFBIG/ENOSPC).
RemoteError TransferOperation::localWriteError() const
{
    const int code = errno;
    const auto *file = qobject_cast<const QFileDevice *>(m_device.data());
    QString reason = m_device ? m_device->errorString() : QString();
    if ((reason.isEmpty() || reason == QLatin1String("Unknown error")) && code != 0)
        reason = QString::fromLocal8Bit(std::strerror(code));
    const QString what = file ? file->fileName() : tr("the downloaded data");
    return RemoteError(RemoteError::Kind::LocalIo, tr("Could not write %1: %2").arg(what, reason));
}

qint64 TransferOperation::allowance(qint64 wanted) const
{
    return m_options.limiter ? m_options.limiter->take(wanted) : wanted;
}

void TransferOperation::reportProgress(bool force)
{
    if (force || m_progressTimer.elapsed() >= 100) {
        m_progressTimer.restart();
        Q_EMIT progress(m_bytes);
    }
}

} // namespace ferry
