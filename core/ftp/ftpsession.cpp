// FtpSession, one class in four files: the operation queue and the operations' factories
// (here); the control connection, its commands and replies (ftpsessionconnection.cpp); TLS
// and the certificate's trust (ftpsessiontls.cpp); the prefetched data connection
// (ftpsessiondata.cpp).
#include "ftpsession.h"

#include "commandoperation.h"
#include "listoperation.h"
#include "logonoperation.h"
#include "transferoperation.h"

#include <QLoggingCategory>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcControl, "ferry.ftp.control", QtWarningMsg)

namespace ferry {

FtpSession::FtpSession(const SessionConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_facts.dataMode = config.dataMode;
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &FtpSession::onTimeout);
    m_keepAlive.setSingleShot(true);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (m_state == State::Ready && m_queue.isEmpty() && !m_current)
            m_keepAliveOp = noop();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &FtpSession::onIdle);
    m_spareExpiry.setSingleShot(true);
    connect(&m_spareExpiry, &QTimer::timeout, this, &FtpSession::dropSpareDataConnection);
}

FtpSession::~FtpSession()
{
    // Operations are children; make sure none calls back into a half-destroyed session.
    m_queue.clear();
    m_current = nullptr;
    dropSpareDataConnection();
    if (m_socket)
        m_socket->abort();
}

QHostAddress FtpSession::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

QHostAddress FtpSession::localAddress() const
{
    return m_socket ? m_socket->localAddress() : QHostAddress();
}

void FtpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

template<typename Op>
Op *FtpSession::enqueue(Op *operation)
{
    const FtpOperation *op = operation; // the hooks are FtpOperation's (FtpSession is its friend)
    const bool needsLogon = (m_state == State::Disconnected || m_state == State::Closing) && !op->logsIn();
    bool logonQueued = m_current && m_current->logsIn();
    for (const auto &queued : std::as_const(m_queue))
        logonQueued = logonQueued || (queued && queued->logsIn());
    if (needsLogon && !logonQueued)
        m_queue.append(new LogonOperation(this));
    m_queue.append(operation);
    scheduleNext();
    return operation;
}

void FtpSession::scheduleNext()
{
    if (m_startScheduled)
        return;
    m_startScheduled = true;
    // Queued, so that callers can connect to an operation's signals before it starts
    // and so that a finishing operation's handler never re-enters the session.
    QMetaObject::invokeMethod(this, &FtpSession::startNext, Qt::QueuedConnection);
}

void FtpSession::startNext()
{
    m_startScheduled = false;
    if (m_current || m_draining)
        return;
    while (!m_queue.isEmpty() && !m_queue.constFirst())
        m_queue.removeFirst();
    if (m_queue.isEmpty()) {
        if (m_state == State::Busy)
            setState(State::Ready);
        if (m_spare && !spareIsPreparing())
            m_spareExpiry.start(SpareLifetimeMs); // nobody came for it
        armIdleTimers();
        return;
    }
    FtpOperation *op = m_queue.constFirst();
    // While the spare's EPSV is out, one plain command (an upload's MFMT) may follow it on
    // the wire: servers answer in order (RFC 959 §4.2), and the spare takes the first reply.
    // Only where EPSV already worked on this connection, so the spare's reply is a 229.
    const bool pipelining = spareIsPreparing();
    if (pipelining && (!m_facts.epsvWorks || m_pipelined || !op->mayFollowPipelined()))
        return;
    const bool isLogon = op->logsIn();
    if (!isLogon && !isLoggedIn()) {
        // The logon before it failed, or the connection was lost: nothing runs until
        // someone queues a new operation (which logs in again).
        return;
    }
    m_queue.removeFirst();
    m_current = op;
    m_keepAlive.stop();
    if (!isLogon)
        setState(State::Busy);
    m_watchdog.start(m_config.timeoutMs);
    m_pipelined = pipelining;
    op->run();
}

void FtpSession::operationFinished(FtpOperation *operation)
{
    if (m_current == operation) {
        m_current = nullptr;
        m_watchdog.stop();
        if (m_spareBehind && !m_behindFinalSeen && spareIsPreparing()) {
            // It gave up before its final reply, which comes before the spare's: drained.
            drainOwedReply();
        } else if (spareIsPreparing()) {
            m_watchdog.start(m_config.timeoutMs); // the prefetch's EPSV is out
            // A pipelined command's reply still comes after the spare's: drained then.
        } else if (m_awaitingReply && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            // The operation gave up (a failed data connection, a cancel) while its command
            // still awaits a reply.
            drainOwedReply();
        }
        if (!m_pipelined)
            m_awaitingReply = false;
    }
    m_queue.removeAll(operation);
    operation->deleteLater();
    // Only what the user asked for counts as activity for the idle timeout.
    if (operation != m_keepAliveOp) {
        m_idleSinceUserWork = false;
        m_idleTimer.stop();
    }
    if (m_queue.isEmpty() && !m_current && !m_draining && m_state == State::Busy)
        setState(State::Ready); // callers see Ready as soon as their operation finished
    scheduleNext();
}

void FtpSession::armIdleTimers()
{
    if (m_state != State::Ready)
        return;
    if (m_config.keepAliveMs > 0)
        m_keepAlive.start(m_config.keepAliveMs);
    // The idle clock starts when user work ends; keep-alive NOOPs do not restart it.
    if (m_config.idleTimeoutMs > 0 && !m_idleSinceUserWork) {
        m_idleSinceUserWork = true;
        m_idleTimer.start(m_config.idleTimeoutMs);
    }
}

void FtpSession::onIdle()
{
    // A keep-alive NOOP in flight, or queued and not started yet (the idle timer can fire in
    // between): quit right after it. Returning without a timer there left the session
    // connected for good (tst_session keepAliveAndIdleTimeout failed now and then on a busy
    // machine).
    const bool onlyKeepAlive =
        m_keepAliveOp && (m_current ? m_current == m_keepAliveOp && m_queue.isEmpty()
                                    : m_queue.size() == 1 && m_queue.constFirst() == m_keepAliveOp);
    if (onlyKeepAlive) {
        m_idleTimer.start(50);
        return;
    }
    if (m_state != State::Ready || m_current || !m_queue.isEmpty())
        return; // user work runs; the idle clock restarts when it ends
    emitStatus(tr("Idle for %1 s; disconnecting.").arg(m_config.idleTimeoutMs / 1000));
    quit();
}

void FtpSession::noteActivity()
{
    if (m_watchdog.isActive())
        m_watchdog.start(m_config.timeoutMs);
}

void FtpSession::emitStatus(const QString &text)
{
    qCDebug(lcControl).noquote() << text;
    Q_EMIT transcript(TranscriptLine{TranscriptLine::Kind::Status, text});
}

void FtpSession::abortAll()
{
    const auto queued = std::exchange(m_queue, {});
    for (const auto &op : queued) {
        if (op)
            op->cancel();
    }
    if (m_current)
        m_current->cancel();
}

// --- Operation factories ---

LogonOperation *FtpSession::connectToHost()
{
    return enqueue(new LogonOperation(this));
}

ListOperation *FtpSession::list(const QString &path, ListMode mode)
{
    return enqueue(new ListOperation(this, path, mode));
}

TransferOperation *FtpSession::download(const QString &remotePath, QIODevice *target,
                                        const TransferOptions &options)
{
    return enqueue(
        new TransferOperation(this, TransferOperation::Direction::Download, remotePath, target, options));
}

TransferOperation *FtpSession::upload(QIODevice *source, const QString &remotePath,
                                      const TransferOptions &options)
{
    return enqueue(
        new TransferOperation(this, TransferOperation::Direction::Upload, remotePath, source, options));
}

using Cmd = CommandOperation::Command;

CommandOperation *FtpSession::changeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Cwd, {path}, {path}));
}
CommandOperation *FtpSession::changeToParent()
{
    return enqueue(new CommandOperation(this, Cmd::Cdup, {}, {}));
}
CommandOperation *FtpSession::printWorkingDirectory()
{
    return enqueue(new CommandOperation(this, Cmd::Pwd, {}, {}));
}
CommandOperation *FtpSession::makeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Mkd, {path}, {path}));
}
CommandOperation *FtpSession::removeDirectory(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Rmd, {path}, {path}));
}
CommandOperation *FtpSession::removeFile(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Dele, {path}, {path}));
}
CommandOperation *FtpSession::rename(const QString &from, const QString &to)
{
    return enqueue(new CommandOperation(this, Cmd::Rename, {from, to}, {from, to}));
}
CommandOperation *FtpSession::size(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Size, {path}, {path}));
}
CommandOperation *FtpSession::modificationTime(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Mdtm, {path}, {path}));
}
CommandOperation *FtpSession::setModificationTime(const QString &path, const QDateTime &utc)
{
    return enqueue(
        new CommandOperation(this, Cmd::SetMtime, {CommandOperation::formatTimeVal(utc), path}, {path}));
}
CommandOperation *FtpSession::chmod(const QString &mode, const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Chmod, {mode, path}, {mode, path}));
}
CommandOperation *FtpSession::stat(const QString &path)
{
    return enqueue(new CommandOperation(this, Cmd::Stat, {path}, {path}));
}
CommandOperation *FtpSession::help(const QString &topic)
{
    return enqueue(new CommandOperation(this, Cmd::Help, {topic}, {topic}));
}
CommandOperation *FtpSession::noop()
{
    return enqueue(new CommandOperation(this, Cmd::Noop, {}, {}));
}
CommandOperation *FtpSession::system()
{
    return enqueue(new CommandOperation(this, Cmd::Syst, {}, {}));
}
CommandOperation *FtpSession::reinitialize()
{
    return enqueue(new CommandOperation(this, Cmd::Rein, {}, {}));
}
CommandOperation *FtpSession::allocate(qint64 bytes)
{
    return enqueue(new CommandOperation(this, Cmd::Allo, {QString::number(bytes)}, {}));
}
CommandOperation *FtpSession::raw(const QString &commandLine)
{
    return enqueue(new CommandOperation(this, Cmd::Raw, {commandLine}, {commandLine}));
}
FxpSideOperation *FtpSession::serverToServer(FxpSideOperation::Role role, const QString &path, qint64 offset,
                                             qint64 size, FxpSideOperation::TlsRole tls)
{
    return enqueue(new FxpSideOperation(this, role, path, offset, size, tls));
}
CommandOperation *FtpSession::quit()
{
    if (m_state == State::Disconnected) {
        // Nothing to quit: finish at once instead of connecting just to say goodbye.
        auto *op = new CommandOperation(this, Cmd::Quit, {}, {});
        QMetaObject::invokeMethod(
            op, [op] { op->finish(); }, Qt::QueuedConnection);
        return op;
    }
    return enqueue(new CommandOperation(this, Cmd::Quit, {}, {}));
}

} // namespace ferry
