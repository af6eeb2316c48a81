#include "listoperation.h"

#include "dataconnection.h"
#include "ftpsession.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace ferry {

ListOperation::ListOperation(FtpSession *session, QString path, ListMode mode, ServerType serverType)
    : FtpOperation(session, {path})
    , m_path(std::move(path))
    , m_mode(mode)
    , m_serverType(serverType)
    , m_today(QDate::currentDate())
{
}

ListOperation::~ListOperation() = default;

void ListOperation::start()
{
    if (m_mode == ListMode::Auto)
        m_mode = session()->capabilities().hasMlsd() ? ListMode::Mlsd : ListMode::List;
    if (m_mode != ListMode::Mlsd && !m_path.isEmpty() && m_path != context().facts().currentDir) {
        m_state = State::Cwd;
        send(QStringLiteral("CWD"), m_path);
        return;
    }
    prepareData();
}

void ListOperation::prepareData()
{
    ListingParser::Options options;
    const ServerType override =
        m_serverType != ServerType::Auto ? m_serverType : session()->config().serverType;
    options.serverType = m_mode == ListMode::Mlsd ? ServerType::Mlsd : override;
    options.hint = ListingParser::hintFromSyst(session()->systemType());
    options.today = m_today;
    options.charset = session()->config().charset.fallbackName();
    options.keepUnsafeNames = m_keepUnsafeNames;
    m_parser = std::make_unique<ListingParser>(options);
    m_nlstBuffer.clear();
    m_finalOk = false;
    m_dataDone = false;
    m_dataClosed = false;

    m_state = State::Preparing;
    delete m_data;
    m_data = context().takeDataConnection(this);
    connect(m_data, &DataConnection::ready, this, &ListOperation::sendListCommand);
    connect(m_data, &DataConnection::failed, this, &ListOperation::fail);
    connect(m_data, &DataConnection::connected, this, [this] {
        QTcpSocket *socket = m_data->socket();
        connect(socket, &QTcpSocket::readyRead, this, &ListOperation::readData);
        connect(socket, &QTcpSocket::disconnected, this, &ListOperation::dataFinished);
        connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::RemoteHostClosedError)
                dataFinished();
            else
                fail(RemoteError(RemoteError::Kind::Network,
                                 tr("The data connection failed: %1").arg(m_data->socket()->errorString())));
        });
        readData();
    });
    m_data->start();
}

void ListOperation::sendListCommand()
{
    m_state = State::Sent;
    switch (m_mode) {
    case ListMode::Mlsd:
        send(QStringLiteral("MLSD"), m_path);
        break;
    case ListMode::Nlst:
        send(QStringLiteral("NLST"));
        break;
    default:
        send(QStringLiteral("LIST"));
        break;
    }
}

void ListOperation::handleReply(const FtpReply &reply)
{
    if (m_state == State::Cwd) {
        if (!reply.isPositive()) {
            fail(RemoteError::fromReply(reply, tr("Could not open folder %1").arg(m_path),
                                        u"CWD "_s + m_path));
            return;
        }
        context().facts().currentDir = m_path;
        prepareData();
        return;
    }
    if (m_data && m_data->isPreparing()) {
        m_data->handleReply(reply);
        return;
    }
    if (m_state != State::Sent && m_state != State::Receiving)
        return;
    if (reply.isPreliminary()) {
        m_state = State::Receiving;
        return;
    }
    if (reply.isPositive()) {
        m_finalOk = true;
        maybeDone();
        return;
    }
    if (m_mode == ListMode::Mlsd && (reply.code == 500 || reply.code == 502)) {
        // FEAT said MLST but MLSD is not understood: fall back to LIST in the folder.
        status(tr("MLSD refused; using LIST."));
        m_data->close();
        m_mode = ListMode::List;
        if (!m_path.isEmpty() && m_path != context().facts().currentDir) {
            m_state = State::Cwd;
            send(QStringLiteral("CWD"), m_path);
        } else {
            prepareData();
        }
        return;
    }
    const QString command = m_mode == ListMode::Mlsd   ? u"MLSD "_s + m_path
                            : m_mode == ListMode::Nlst ? u"NLST"_s
                                                       : u"LIST"_s;
    fail(RemoteError::fromReply(
        reply, tr("Could not list %1").arg(m_path.isEmpty() ? QStringLiteral(".") : m_path), command));
}

void ListOperation::readData()
{
    readSlice(ParseSlice);
}

// Parses up to `budget` bytes of what the data connection has; the rest waits for the next
// turn of the event loop. QAbstractSocket says readyRead once for data it buffered, so the
// next slice is scheduled here, not left to the socket.
void ListOperation::readSlice(qint64 budget)
{
    if (isFinished() || !m_data || !m_data->socket())
        return;
    QTcpSocket *socket = m_data->socket();
    while (budget > 0 && socket->bytesAvailable() > 0) {
        qint64 size = qMin<qint64>(256 * 1024, budget);
        // Taking what is buffered, ask for one byte more: the read then reaches the socket,
        // which turns its read notifications back on (they are off while its buffer is full).
        if (socket->bytesAvailable() <= size)
            size = socket->bytesAvailable() + 1;
        const QByteArray chunk = socket->read(size);
        if (chunk.isEmpty())
            break;
        budget -= chunk.size();
        if (m_mode == ListMode::Nlst)
            m_nlstBuffer.append(chunk);
        else
            m_parser->addData(chunk);
        context().noteActivity();
    }
    if (m_mode != ListMode::Nlst)
        takeParsedEntries();
    if (socket->bytesAvailable() > 0) {
        if (!m_sliceQueued) {
            m_sliceQueued = true;
            QTimer::singleShot(0, this, [this] {
                m_sliceQueued = false;
                readSlice(ParseSlice);
            });
        }
    } else if (m_dataClosed) {
        finishData();
    }
}

// Entries reach the caller in batches as they are parsed (a view shows the first rows of a
// large folder before the listing ends), one batch per slice, never one signal per entry.
void ListOperation::takeParsedEntries()
{
    const QList<DirEntry> batch = m_parser->takeEntries();
    if (batch.isEmpty())
        return;
    if (!m_batchesOnly)
        m_entries.append(batch);
    Q_EMIT entriesArrived(batch);
}

// The server closed the data connection: what it sent may still be buffered here, and is
// parsed slice by slice before the listing counts as received.
void ListOperation::dataFinished()
{
    if (m_dataDone || m_dataClosed)
        return;
    m_dataClosed = true;
    readSlice(ParseSlice);
}

void ListOperation::finishData()
{
    if (m_dataDone)
        return;
    m_dataDone = true;
    if (m_data)
        m_data->close(); // vsftpd with TLS waits for our close before its 226
    if (!m_finalOk)
        context().dataFinished(this); // the next EPSV may follow the LIST now
    maybeDone();
}

void ListOperation::maybeDone()
{
    if (!m_finalOk || !m_dataDone || isFinished())
        return;
    if (m_mode == ListMode::Nlst) {
        const QList<QByteArray> lines = m_nlstBuffer.split('\n');
        for (QByteArray line : lines) {
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.isEmpty())
                continue;
            DirEntry entry;
            entry.rawName = line;
            entry.name = context().decode(line);
            m_names.append(entry.name);
            m_entries.append(entry);
        }
        Q_EMIT entriesArrived(m_entries);
    } else {
        m_parser->finish();
        takeParsedEntries();
    }
    m_state = State::Done;
    if (m_data)
        m_data->close();
    finish();
}

void ListOperation::fail(const RemoteError &error)
{
    if (isFinished())
        return;
    if (m_data)
        m_data->close();
    m_state = State::Done;
    finish(error);
}

void ListOperation::abortRunning()
{
    fail(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

} // namespace ferry
