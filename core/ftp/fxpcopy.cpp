#include "fxpcopy.h"

#include "ftpsession.h"

namespace ferry {

FxpCopy::FxpCopy(const Side &source, const Side &target, qint64 offset, qint64 size, QObject *parent)
    : ServerCopyCall(parent)
{
    using Role = FxpSideOperation::Role;
    m_source = source.session->serverToServer(Role::Source, source.path, offset, size, source.tls);
    m_target = target.session->serverToServer(Role::Target, target.path, offset, size, target.tls);
    connect(m_source, &FxpSideOperation::addressReady, m_target, &FxpSideOperation::setPeerAddress);
    for (FxpSideOperation *side : {m_source.data(), m_target.data()}) {
        connect(side, &FxpSideOperation::readyForTransfer, this, &FxpCopy::sideReady);
        connect(side, &RemoteCall::finished, this, [this, side] { sideFinished(side); });
    }
}

void FxpCopy::sideReady()
{
    if (++m_ready < 2 || !m_source || !m_target)
        return;
    // The target first: it connects to the source's listening port once it has its STOR,
    // and the source sends as soon as it has its RETR and the connection.
    m_target->startTransfer();
    m_source->startTransfer();
}

void FxpCopy::sideFinished(FxpSideOperation *side)
{
    // The other side through its guard: a session deletes an operation once it finished, so
    // a side that ended first is gone by now.
    FxpSideOperation *other = side == m_source.data() ? m_target.data() : m_source.data();
    const RemoteError error = side->error();
    if (side->refused())
        m_refused = true;
    // The first failure is the copy's (the other side's abort follows from it), except that
    // a refusal wins: the copy never started, another way may work.
    if (error.isError() && (!m_error.isError() || side->refused()))
        m_error = error;
    if (side == m_source && !error.isError())
        m_bytes = side->bytesTransferred();
    if (error.isError() && other && !other->isFinished())
        other->abortWith(RemoteError(RemoteError::Kind::Cancelled, tr("The other server's side failed.")));
    if (++m_finished < 2)
        return;
    if (!m_error.isError())
        Q_EMIT progress(m_bytes);
    finish(m_error);
}

void FxpCopy::cancelRequested()
{
    for (FxpSideOperation *side : {m_source.data(), m_target.data()}) {
        if (side && !side->isFinished())
            side->cancel();
    }
}

} // namespace ferry
