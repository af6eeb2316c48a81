#include "sessioncontext.h"

#include "ftpsession.h"

namespace ferry {

const SessionConfig &SessionContext::config() const
{
    return m_session->m_config;
}

ConnectionFacts &SessionContext::facts() const
{
    return m_session->m_facts;
}

void SessionContext::sendCommand(const QString &verb, const QString &arguments, bool sensitive) const
{
    m_session->sendCommand(verb, arguments, sensitive);
}

void SessionContext::emitStatus(const QString &text) const
{
    m_session->emitStatus(text);
}

void SessionContext::noteActivity() const
{
    m_session->noteActivity();
}

DataConnection *SessionContext::takeDataConnection(QObject *owner) const
{
    return m_session->takeDataConnection(owner);
}

void SessionContext::dataFinished(FtpOperation *operation) const
{
    m_session->dataFinished(operation);
}

void SessionContext::openControlConnection() const
{
    m_session->openControlConnection();
}

void SessionContext::setGreeting(const QString &greeting) const
{
    m_session->m_greeting = greeting;
}

void SessionContext::startTls() const
{
    m_session->startTls();
}

void SessionContext::setLoggedIn(const Capabilities &caps, const QString &systemType) const
{
    m_session->setLoggedIn(caps, systemType);
}

void SessionContext::reloginAfterReinitialize() const
{
    m_session->reloginAfterReinitialize();
}

void SessionContext::closeControlConnection(const RemoteError &error) const
{
    m_session->closeControlConnection(error);
}

QSslConfiguration SessionContext::controlSslConfiguration() const
{
    return m_session->controlSslConfiguration();
}

QSslCertificate SessionContext::controlCertificate() const
{
    return m_session->controlCertificate();
}

QByteArray SessionContext::encode(const QString &text) const
{
    return m_session->m_config.charset.encode(text);
}

QString SessionContext::decode(const QByteArray &bytes) const
{
    return m_session->m_config.charset.decode(bytes);
}

} // namespace ferry
