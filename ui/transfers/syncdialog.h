#pragma once

#include "browser/synchroniser.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeView;

namespace ferry {

class MessageBanner;
class SyncPlanModel;

// Transfer > Synchronise… (issue #18 §3): the plan of `ferry-cli sync` for the two panes'
// folders before anything is done. The settings (direction, what tells files apart, the
// server's time offset, deleting what is only on the target side, excluded names) plan
// again when changed; while planning, a busy bar, what has been compared so far and Stop;
// then the counts per action and the list. "Synchronise" asks first when the plan deletes,
// hands the plan to the Synchroniser (the window's queue runs it) and closes. Opened with
// open(); it discards its Synchroniser when it goes.
class SyncDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncDialog)
public:
    static constexpr int kReplanDelayMs = 300;

    // `serverFolder`: the remote folder as the user knows it (its URL).
    SyncDialog(Synchroniser *sync, const QString &serverFolder, int timeOffsetMinutes,
               QWidget *parent = nullptr);
    ~SyncDialog() override;

    SyncSettings settings() const;
    Synchroniser *synchroniser() const { return m_sync; }
    SyncPlanModel *planModel() const { return m_model; }
    QString countsText() const;
    QPushButton *synchroniseButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QComboBox *directionBox() const { return m_direction; }
    QCheckBox *deleteBox() const { return m_delete; }
    QSpinBox *offsetBox() const { return m_offset; }

private:
    QWidget *makeSettings(const QString &serverFolder, int timeOffsetMinutes);
    void plan();
    void settingsChanged();
    void update();
    void confirmAndRun();

    QPointer<Synchroniser> m_sync;
    SyncPlanModel *m_model;
    QComboBox *m_direction;
    QComboBox *m_compare;
    QSpinBox *m_offset;
    QCheckBox *m_delete;
    QLineEdit *m_excludes;
    QProgressBar *m_busy;
    QLabel *m_status;
    QPushButton *m_stop;
    QLabel *m_counts;
    MessageBanner *m_banner;
    QTreeView *m_list;
    QDialogButtonBox *m_buttons;
    QPushButton *m_run;
    QPushButton *m_again;
    QTimer m_replan;
};

} // namespace ferry
