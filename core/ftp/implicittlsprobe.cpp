#include "implicittlsprobe.h"

#include <QSslSocket>

namespace ferry {

ImplicitTlsProbe::ImplicitTlsProbe(const QString &host, quint16 port, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(timeoutMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { conclude(false); });
}

ImplicitTlsProbe::~ImplicitTlsProbe()
{
    if (m_socket)
        m_socket->abort();
}

void ImplicitTlsProbe::start()
{
    m_timer.start();
    m_socket = new QSslSocket(this);
    m_socket->setPeerVerifyMode(QSslSocket::VerifyNone); // "does it speak TLS?" only
    connect(m_socket, &QSslSocket::encrypted, this, [this] { conclude(true); });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this] { conclude(false); });
    m_socket->connectToHostEncrypted(m_host, m_port);
}

void ImplicitTlsProbe::conclude(bool speaksTls)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT finished(speaksTls);
}

} // namespace ferry
