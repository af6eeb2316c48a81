#pragma once

#include "queuemodel.h"

#include <QObject>
#include <functional>

namespace ferry {

class TransferQueue;

// What the queue pane's commands do (no widgets): pause, resume, cancel, retry, priority,
// remove finished, retry all failed, and the three tabs' models, told about what the
// store changed in bulk. The pane says which rows; this decides and calls the queue.
class QueueController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueController)
public:
    using View = QueueModel::View;
    // FileZilla's five priorities, as the queue's numbers (higher runs first; 0 is normal).
    enum class Priority { Lowest = -20, Low = -10, Normal = 0, High = 10, Highest = 20 };
    Q_ENUM(Priority)

    explicit QueueController(TransferQueue *queue, QObject *parent = nullptr);
    ~QueueController() override;

    TransferQueue *queue() const { return m_queue; }
    QueueModel *model(View view) const;
    // Opens a local folder with the desktop's file manager (QDesktopServices in the app).
    void setFolderOpener(std::function<void(const QString &)> opener) { m_openFolder = std::move(opener); }

    void pause(const QList<qint64> &ids);
    void resume(const QList<qint64> &ids);
    void cancel(const QList<qint64> &ids);
    void retry(const QList<qint64> &ids);
    void setPriority(const QList<qint64> &ids, Priority priority);
    int retryAllFailed();
    int removeFinished();
    // The folder a job's local file is in (for "Open the local folder"); false if none.
    bool openLocalFolder(qint64 id);
    // The failure reasons of these jobs, one a line ("path: reason").
    QString reasons(const QList<qint64> &ids) const;
    void reloadAll();

Q_SIGNALS:
    // A tab's count changed: "Failed (3)".
    void countsChanged();

private:
    void changed(const QList<qint64> &ids);

    TransferQueue *m_queue;
    QueueModel *m_models[3];
    std::function<void(const QString &)> m_openFolder;
};

} // namespace ferry
