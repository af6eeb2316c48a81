#pragma once

#include <QObject>
#include <QPointer>

class QActionGroup;
class QMenu;
class QSettings;
class QToolButton;
class QWidget;

namespace ferry {

class TransferQueue;

// Download and upload speed limits: the Transfer menu's "Speed Limits" and a status-bar
// button showing them (a click opens the same menu). Applied to the queue at once (running
// transfers slow down or speed up) and remembered in the window's settings.
class SpeedLimits final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpeedLimits)
public:
    SpeedLimits(TransferQueue *queue, QSettings *settings, QWidget *parent);
    ~SpeedLimits() override;

    QMenu *menu() const { return m_menu; }
    QToolButton *indicator() const { return m_indicator; }
    // Bytes per second, 0: no limit.
    void setLimits(qint64 download, qint64 upload);
    qint64 downloadLimit() const { return m_download; }
    qint64 uploadLimit() const { return m_upload; }
    static QList<qint64> presets();

private:
    QActionGroup *makeChoices(QMenu *menu, bool download);
    void apply();

    QPointer<TransferQueue> m_queue;
    QSettings *m_settings;
    QMenu *m_menu;
    QToolButton *m_indicator;
    QActionGroup *m_downloadChoices;
    QActionGroup *m_uploadChoices;
    qint64 m_download = 0;
    qint64 m_upload = 0;
};

} // namespace ferry
