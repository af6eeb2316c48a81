#include "desktopprogress.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QWidget>

namespace ferry {

namespace {

const QString kLauncherPath = QStringLiteral("/com/canonical/unity/launcherentry/ferry");
const QString kLauncherInterface = QStringLiteral("com.canonical.Unity.LauncherEntry");

QString appUri()
{
    return QStringLiteral("application://") + QLatin1String(DesktopProgress::kDesktopId);
}

} // namespace

DesktopProgress::DesktopProgress(TransferQueue *queue, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_window(window)
{
    setObjectName(QStringLiteral("desktopProgress"));
    if (!queue)
        return;
    connect(queue, &TransferQueue::jobChanged, this, &DesktopProgress::onJobChanged);
    connect(queue, &TransferQueue::progressChanged, this, &DesktopProgress::onProgress);
    connect(queue, &TransferQueue::drained, this, &DesktopProgress::onDrained);
}

DesktopProgress::~DesktopProgress()
{
    if (m_running) // the taskbar entry keeps no bar of a closed window
        sendLauncherUpdate(
            {{QStringLiteral("progress-visible"), false}, {QStringLiteral("count-visible"), false}});
}

void DesktopProgress::onJobChanged(const TransferJob &job)
{
    if (!job.isFile())
        return;
    if (job.state == TransferJob::State::Running && !m_running) {
        m_running = true;
        m_run.start();
        m_done = m_failed = 0;
    }
    if (!m_running)
        return;
    if (job.state == TransferJob::State::Done)
        ++m_done;
    else if (job.state == TransferJob::State::Failed)
        ++m_failed;
}

void DesktopProgress::onProgress(const QueueProgress &p)
{
    if (p.running == 0 || (m_lastUpdate.isValid() && m_lastUpdate.elapsed() < kUpdateMs))
        return;
    m_lastUpdate.start();
    const double fraction =
        p.bytesTotal > 0 ? qBound(0.0, double(p.bytesDone) / double(p.bytesTotal), 1.0) : 0.0;
    const qint64 left = qMax<qint64>(0, p.filesTotal - p.filesDone - p.filesFailed - p.filesSkipped);
    sendLauncherUpdate({{QStringLiteral("progress"), fraction},
                        {QStringLiteral("progress-visible"), true},
                        {QStringLiteral("count"), left},
                        {QStringLiteral("count-visible"), left > 0}});
}

void DesktopProgress::onDrained()
{
    m_lastUpdate.invalidate();
    sendLauncherUpdate(
        {{QStringLiteral("progress-visible"), false}, {QStringLiteral("count-visible"), false}});
    if (!m_running)
        return;
    m_running = false;
    const bool looked = m_window && m_window->isActiveWindow();
    if (m_run.elapsed() >= m_longRunMs && !looked && (m_done > 0 || m_failed > 0))
        notifyFinished(m_done, m_failed);
}

void DesktopProgress::sendLauncherUpdate(const QVariantMap &properties)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    QDBusMessage signal =
        QDBusMessage::createSignal(kLauncherPath, kLauncherInterface, QStringLiteral("Update"));
    signal << appUri() << properties;
    bus.send(signal);
}

void DesktopProgress::notifyFinished(qint64 done, qint64 failed)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    const QString summary = failed > 0 ? tr("Transfers finished with failures") : tr("Transfers finished");
    QString body = tr("%n file(s) transferred", nullptr, int(qMin<qint64>(done, INT_MAX)));
    if (failed > 0)
        body += QStringLiteral(", ") + tr("%n failed", nullptr, int(qMin<qint64>(failed, INT_MAX)));
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("/org/freedesktop/Notifications"),
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("desktop-entry"), QStringLiteral("ferry")},
                            {QStringLiteral("category"), QStringLiteral("transfer.complete")}};
    call << QStringLiteral("Ferry") << uint(0) << QStringLiteral("ferry") << summary << body << QStringList()
         << hints << int(-1);
    // Not waited for: a notification server that hangs never holds the window.
    bus.asyncCall(call);
}

} // namespace ferry
