#include "queuestatus.h"

#include "formatting.h"

#include <QLabel>
#include <QWidget>
#include <climits>

namespace ferry {

namespace {

int percentOf(const QueueProgress &p)
{
    return p.bytesTotal > 0 ? int(qBound(qint64(0), p.bytesDone * 100 / p.bytesTotal, qint64(100))) : 0;
}

QString eta(qint64 seconds)
{
    if (seconds < 0)
        return {};
    return seconds >= 3600
               ? QStringLiteral("%1:%2:%3")
                     .arg(seconds / 3600)
                     .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                     .arg(seconds % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QueueStatus::QueueStatus(TransferQueue *queue, QWidget *window, QLabel *label, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_window(window)
    , m_label(label)
    , m_baseTitle(window->windowTitle())
    , m_shown(m_baseTitle)
{
    connect(window, &QWidget::windowTitleChanged, this, &QueueStatus::onTitleChanged);
    if (queue) {
        connect(queue, &TransferQueue::progressChanged, this, &QueueStatus::update);
        connect(queue, &TransferQueue::drained, this, &QueueStatus::update);
        // A queue not started publishes no progress: what waits is counted, a few times a second.
        m_later.setSingleShot(true);
        m_later.setInterval(250);
        connect(&m_later, &QTimer::timeout, this, &QueueStatus::update);
        connect(queue, &TransferQueue::jobChanged, &m_later, qOverload<>(&QTimer::start));
        connect(queue, &TransferQueue::jobsAdded, &m_later, qOverload<>(&QTimer::start));
    }
    update();
}

QueueStatus::~QueueStatus() = default;

void QueueStatus::onTitleChanged(const QString &title)
{
    if (title == m_shown)
        return;
    m_baseTitle = title; // someone else's new title: ours goes in front of it
    m_shown = title;
    update();
}

QString QueueStatus::statusText(const QueueProgress &p, bool started, qint64 waiting)
{
    if (p.running > 0) {
        const qint64 current = qMin(p.filesTotal, p.filesDone + p.filesFailed + p.filesSkipped + 1);
        const QString rate = Format::size(qint64(p.bytesPerSecond));
        if (p.etaSeconds < 0)
            return tr("Transferring %L1 of %L2 files, %3 %, %4/s")
                .arg(current)
                .arg(p.filesTotal)
                .arg(percentOf(p))
                .arg(rate);
        return tr("Transferring %L1 of %L2 files, %3 %, %4/s, %5 left")
            .arg(current)
            .arg(p.filesTotal)
            .arg(percentOf(p))
            .arg(rate, eta(p.etaSeconds));
    }
    if (waiting <= 0)
        return tr("Queue: empty");
    return started
               ? tr("Queue: %n transfer(s) waiting", nullptr, int(qMin<qint64>(waiting, INT_MAX)))
               : tr("Queue stopped: %n transfer(s) waiting", nullptr, int(qMin<qint64>(waiting, INT_MAX)));
}

QString QueueStatus::titlePrefix(const QueueProgress &p)
{
    if (p.running == 0)
        return {};
    return tr("%1 % · %2/s").arg(percentOf(p)).arg(Format::size(qint64(p.bytesPerSecond)));
}

void QueueStatus::update()
{
    if (!m_queue)
        return;
    const QueueProgress p = m_queue->progress();
    if (m_label) {
        const qint64 waiting =
            p.running > 0 ? 0 : m_queue->countJobs({TransferJob::State::Queued, TransferJob::State::Paused});
        m_label->setText(statusText(p, m_queue->isStarted(), waiting));
    }
    if (!m_window)
        return;
    const QString prefix = titlePrefix(p);
    const QString title = prefix.isEmpty() ? m_baseTitle : prefix + QStringLiteral(" — ") + m_baseTitle;
    if (title != m_shown) {
        m_shown = title;
        m_window->setWindowTitle(title);
    }
}

} // namespace ferry
