#include "overwriterequest.h"

namespace ferry {

OverwriteRequest::OverwriteRequest(const TransferJob &job, qint64 sourceSize, QDateTime sourceTime,
                                   qint64 targetSize, QDateTime targetTime, QObject *parent)
    : QObject(parent)
    , m_job(job)
    , m_sourceSize(sourceSize)
    , m_sourceTime(std::move(sourceTime))
    , m_targetSize(targetSize)
    , m_targetTime(std::move(targetTime))
{
}

OverwriteRequest::~OverwriteRequest()
{
    if (!m_answered) {
        m_answered = true;
        Q_EMIT answered(Action::Skip, false);
    }
}

void OverwriteRequest::answer(Action action, bool applyToAll)
{
    if (m_answered)
        return;
    m_answered = true;
    Q_EMIT answered(action == Action::Ask ? Action::Skip : action, applyToAll);
}

} // namespace ferry
