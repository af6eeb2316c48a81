#include "overwriterequest.h"

#include "overwritepolicy.h"

#include <QFileInfo>

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

QString OverwriteRequest::suggestedName() const
{
    const QString target = targetPath();
    if (isDownload())
        return QFileInfo(OverwritePolicy::freeLocalPath(target)).fileName();
    return OverwritePolicy::alternativeName(target.section(QLatin1Char('/'), -1), 1);
}

bool OverwriteRequest::isValidName(const QString &name)
{
    return !name.trimmed().isEmpty() && !name.contains(QLatin1Char('/')) && !name.contains(QChar(0)) &&
           name != QLatin1String(".") && name != QLatin1String("..");
}

void OverwriteRequest::answerRename(const QString &name, bool applyToAll)
{
    if (m_answered)
        return;
    if (isValidName(name))
        m_newName = name;
    answer(Action::Rename, applyToAll);
}

void OverwriteRequest::answer(Action action, bool applyToAll)
{
    if (m_answered)
        return;
    m_answered = true;
    Q_EMIT answered(action == Action::Ask ? Action::Skip : action, applyToAll);
}

} // namespace ferry
