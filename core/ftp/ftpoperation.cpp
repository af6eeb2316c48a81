#include "ftpoperation.h"

#include "ftpsession.h"

namespace ferry {

FtpOperation::FtpOperation(FtpSession *session, QStringList pathsToCheck)
    : RemoteCall(session)
    , m_session(session)
    , m_pathsToCheck(std::move(pathsToCheck))
{
}

FtpOperation::~FtpOperation() = default;

FtpSession *FtpOperation::session() const
{
    return m_session.data();
}

SessionContext FtpOperation::context() const
{
    return SessionContext(m_session.data());
}

void FtpOperation::run()
{
    m_running = true;
    // A path with CR or LF would smuggle a second command onto the control connection
    // (and NUL truncates it); refuse before anything is sent.
    for (const QString &path : std::as_const(m_pathsToCheck)) {
        if (path.contains(QLatin1Char('\r')) || path.contains(QLatin1Char('\n')) || path.contains(QChar(0))) {
            finish(RemoteError(RemoteError::Kind::InvalidArgument,
                               tr("\"%1\" contains a line break or NUL character; nothing was sent.")
                                   .arg(QString(path)
                                            .replace(QLatin1Char('\r'), QLatin1String("\\r"))
                                            .replace(QLatin1Char('\n'), QLatin1String("\\n"))
                                            .replace(QChar(0), QLatin1String("\\0")))));
            return;
        }
    }
    start();
}

void FtpOperation::cancelRequested()
{
    if (!m_running) {
        finish(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
        return;
    }
    abortRunning();
}

void FtpOperation::abortRunning()
{
    finish(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

void FtpOperation::connectionLost(const RemoteError &error)
{
    finish(error);
}

void FtpOperation::send(const QString &verb, const QString &arguments, bool sensitive)
{
    if (m_session)
        context().sendCommand(verb, arguments, sensitive);
}

void FtpOperation::beginAbort(const RemoteError &why)
{
    m_abortResult = why;
    m_abortSynced = false;
    send(QStringLiteral("ABOR"));
}

bool FtpOperation::handleAbortReply(const FtpReply &reply)
{
    if (reply.isPreliminary())
        return false;
    if (!m_abortSynced) {
        m_abortSynced = true;
        send(QStringLiteral("NOOP"));
        return false;
    }
    return reply.code == 200;
}

void FtpOperation::status(const QString &text)
{
    if (m_session)
        context().emitStatus(text);
}

void FtpOperation::aboutToFinish()
{
    if (m_session)
        m_session->operationFinishing(this);
}

void FtpOperation::didFinish()
{
    if (m_session)
        m_session->operationFinished(this);
    else
        deleteLater();
}

} // namespace ferry
