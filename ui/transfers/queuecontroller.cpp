#include "queuecontroller.h"

#include "transfer/transferqueue.h"

#include <QDir>
#include <QFileInfo>

namespace ferry {

QueueController::QueueController(TransferQueue *queue, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
{
    for (View view : {View::Queued, View::Failed, View::Done}) {
        auto *model = new QueueModel(queue, view, this);
        m_models[int(view)] = model;
        connect(model, &QueueModel::countChanged, this, &QueueController::countsChanged);
    }
}

QueueController::~QueueController() = default;

QueueModel *QueueController::model(View view) const
{
    return m_models[int(view)];
}

void QueueController::changed(const QList<qint64> &ids)
{
    // A folder's change reaches every row below it, in bulk: read the tabs again. A file's
    // is its own row in each tab.
    for (qint64 id : ids) {
        const std::optional<TransferJob> job = m_queue->job(id);
        if (job && job->isFolder()) {
            reloadAll();
            return;
        }
    }
    for (QueueModel *model : m_models)
        model->refreshJobs(ids);
}

void QueueController::pause(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_queue->pause(id);
    changed(ids);
}

void QueueController::resume(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_queue->resume(id);
    changed(ids);
}

void QueueController::cancel(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_queue->cancel(id);
    changed(ids);
}

void QueueController::retry(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_queue->retry(id);
    changed(ids);
}

void QueueController::setPriority(const QList<qint64> &ids, Priority priority)
{
    for (qint64 id : ids)
        m_queue->setPriority(id, int(priority)); // says jobChanged itself
}

int QueueController::retryAllFailed()
{
    const int n = m_queue->retryFailed();
    reloadAll();
    return n;
}

int QueueController::removeFinished()
{
    const int n = m_queue->removeFinished();
    reloadAll();
    return n;
}

void QueueController::reloadAll()
{
    for (QueueModel *model : m_models)
        model->reload();
}

bool QueueController::openLocalFolder(qint64 id)
{
    const std::optional<TransferJob> job = m_queue->job(id);
    if (!job || job->localPath.isEmpty() || !m_openFolder)
        return false;
    // A folder job's own folder; a file's parent (the file may not exist yet).
    const QFileInfo info(job->localPath);
    const QString folder = job->isFolder() && info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    if (!QFileInfo(folder).isDir())
        return false;
    m_openFolder(QDir::cleanPath(folder));
    return true;
}

QString QueueController::reasons(const QList<qint64> &ids) const
{
    QStringList lines;
    for (qint64 id : ids) {
        const std::optional<TransferJob> job = m_queue->job(id);
        if (job && !job->error.isEmpty())
            lines.append(job->displayPath() + QStringLiteral(": ") + job->error);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace ferry
