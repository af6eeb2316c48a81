#pragma once

#include "transfer/transferqueue.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QLabel;
class QWidget;

namespace ferry {

// The queue's totals where a person glances: the status bar ("Transferring 3 of 200 files,
// 42 %, 1.2 MiB/s, 0:35 left") and, while anything runs, the window title ("42 % ·
// 1.2 MiB/s — example.com — Ferry"; the rest of the title stays whoever's it is).
class QueueStatus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueStatus)
public:
    QueueStatus(TransferQueue *queue, QWidget *window, QLabel *label, QObject *parent = nullptr);
    ~QueueStatus() override;

    // `waiting`: jobs queued or paused (counted only while nothing runs).
    static QString statusText(const QueueProgress &progress, bool started, qint64 waiting);
    // "42 % · 1.2 MiB/s" while something runs, else empty.
    static QString titlePrefix(const QueueProgress &progress);
    void update();

private:
    void onTitleChanged(const QString &title);

    QPointer<TransferQueue> m_queue;
    QPointer<QWidget> m_window;
    QPointer<QLabel> m_label;
    QString m_baseTitle; // the title without our prefix
    QString m_shown;     // the title we set last
    QTimer m_later;
};

} // namespace ferry
