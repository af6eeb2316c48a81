#pragma once

#include "transfer/transferqueue.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QWidget;

namespace ferry {

// The queue on the desktop, over the session bus (QtDBus; nothing when there is none):
// - the taskbar entry's progress: the Unity LauncherEntry API's Update signal
//   (com.canonical.Unity.LauncherEntry, read by Plasma's task manager, Dash to Dock, Plank…)
//   for "application://io.github.ferry.Ferry.desktop", with progress (0…1), progress-visible, and count
//   (files left), at most twice a second, hidden again when the queue drains;
// - a notification (org.freedesktop.Notifications.Notify) when a run of the queue that
//   took longer than longRunMs() ends while the window is not the active one, with the
//   numbers of files done and failed in that run, as other clients do.
class DesktopProgress final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopProgress)
public:
    // The desktop file packaging installs (the Unity API names the application by it).
    static constexpr char kDesktopId[] = "io.github.ferry.Ferry.desktop"; // packaging/
    static constexpr int kLongRunMs = 10000;
    static constexpr int kUpdateMs = 500;

    DesktopProgress(TransferQueue *queue, QWidget *window, QObject *parent = nullptr);
    ~DesktopProgress() override;

    // For tests: how long a run must take to be notified.
    void setLongRunMs(int ms) { m_longRunMs = ms; }
    int longRunMs() const { return m_longRunMs; }

private:
    void onJobChanged(const TransferJob &job);
    void onProgress(const QueueProgress &progress);
    void onDrained();
    void sendLauncherUpdate(const QVariantMap &properties);
    void notifyFinished(qint64 done, qint64 failed);

    QPointer<TransferQueue> m_queue;
    QPointer<QWidget> m_window;
    int m_longRunMs = kLongRunMs;
    bool m_running = false; // a run: from the first job that starts to drained()
    QElapsedTimer m_run;
    qint64 m_done = 0;
    qint64 m_failed = 0;
    QElapsedTimer m_lastUpdate; // the launcher's last Update
};

} // namespace ferry
