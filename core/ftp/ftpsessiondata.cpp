// FtpSession's prefetched data connection (the "spare"): its EPSV sent as soon as a
// transfer or listing has its data, so that the next transfer finds a connection ready,
// and the replies it leaves owed drained. Part of FtpSession (ftpsession.cpp).
#include "dataconnection.h"
#include "ftpoperation.h"
#include "ftpsession.h"

#include <QSslSocket>

namespace ferry {

void FtpSession::operationFinishing(FtpOperation *operation)
{
    // A transfer or listing just got its final reply: ask for the next data connection now,
    // before the caller's finished() handler does its bookkeeping and queues the next
    // transfer, so that EPSV's round trip and the connect overlap that work.
    if (!m_config.prefetchDataConnection || m_current != operation || !operation->succeeded() || m_spare ||
        m_awaitingReply || m_draining || m_facts.dataMode != DataMode::Passive || !isLoggedIn() ||
        !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (!operation->usesDataConnection())
        return;
    startSpareDataConnection();
}

// A download or listing has all its data (the server closed the data connection): the
// server's "226" is still to come, and the next data connection's EPSV can follow it on the
// wire now, so that its "229" arrives right behind the "226" instead of a round trip after
// it. Servers answer commands in order (RFC 959 §4.2), and the server has already finished
// with the data connection, so a server that reads the control connection during a
// transfer (pyftpdlib closes the open data channel on EPSV) is not disturbed. Uploads do not
// come here: there the server may still be reading when the EPSV arrives.
void FtpSession::dataFinished(FtpOperation *operation)
{
    if (!m_config.prefetchDataConnection || m_current != operation || m_spare || !m_awaitingReply ||
        m_draining || m_pipelined || !m_facts.epsvWorks || m_facts.dataMode != DataMode::Passive ||
        !isLoggedIn() || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_spareBehind = true;
    m_behindFinalSeen = false;
    startSpareDataConnection();
}

void FtpSession::startSpareDataConnection()
{
    m_spare = new DataConnection(this, this);
    m_spare->setOneCommandOnly();
    connect(m_spare, &DataConnection::ready, this, [this] {
        if (m_current) {
            scheduleNext();
            return;
        }
        // The transfer that waited for it goes now, not a turn of the event loop later.
        m_watchdog.stop();
        if (!m_draining)
            startNext();
    });
    connect(m_spare, &DataConnection::failed, this, [this](const RemoteError &error) {
        // Not an error of anything the caller asked for: the next transfer opens its own.
        emitStatus(tr("Could not prepare the next data connection: %1").arg(error.toString()));
        dropSpareDataConnection();
        if (!m_current)
            m_watchdog.stop();
        scheduleNext();
    });
    m_spare->start();
}

// A reply is still owed to a command whose owner is gone: swallow it before the next
// operation runs, or the next command would be answered by it. Bounded by the timeout.
void FtpSession::drainOwedReply()
{
    m_draining = true;
    m_watchdog.start(m_config.timeoutMs);
}

bool FtpSession::spareIsPreparing() const
{
    return m_spare && m_spare->isPreparing();
}

void FtpSession::dropSpareDataConnection()
{
    m_spareExpiry.stop();
    if (spareIsPreparing() && !m_current && m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        drainOwedReply(); // its EPSV's reply is still to come
    if (DataConnection *spare = std::exchange(m_spare, nullptr)) {
        spare->disconnect(this);
        spare->close();
        spare->deleteLater();
    }
}

DataConnection *FtpSession::takeDataConnection(QObject *owner)
{
    if (m_spare && m_spare->isUsable()) {
        DataConnection *spare = std::exchange(m_spare, nullptr);
        m_spareExpiry.stop();
        spare->disconnect(this);
        spare->setParent(owner);
        return spare;
    }
    dropSpareDataConnection();
    return new DataConnection(this, owner);
}

} // namespace ferry
