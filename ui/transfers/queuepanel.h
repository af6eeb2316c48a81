#pragma once

#include "queuecontroller.h"

#include <QHash>
#include <QWidget>

class QAction;
class QMenu;
class QTabWidget;
class QTableView;

namespace ferry {

// The queue pane below the file lists (FileZilla's): tabs Queued (running first), Failed
// and Successful, each a table with its count in the tab's title; a context menu and keys
// (Del cancels) for the selected rows. Says what the user asked; QueueController does it.
class QueuePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueuePanel)
public:
    using View = QueueModel::View;
    enum class Command {
        Pause,
        Resume,
        Cancel,
        Retry,
        RetryAllFailed,
        RemoveFinished,
        OpenFolder,
        CopyReason,
        PriorityHighest,
        PriorityHigh,
        PriorityNormal,
        PriorityLow,
        PriorityLowest
    };
    Q_ENUM(Command)

    explicit QueuePanel(QueueController *controller, QWidget *parent = nullptr);
    ~QueuePanel() override;

    QueueController *controller() const { return m_controller; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *view(View view) const { return m_views[int(view)]; }
    View currentView() const;
    QAction *action(Command command) const { return m_actions.value(command); }
    // The selected rows' job ids in the current tab.
    QList<qint64> selectedIds() const;
    // The context menu for the current selection (tests look at it without opening it).
    QMenu *makeContextMenu();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTableView *makeView(View view);
    static void fetchAtEnd(QTableView *table);
    void makeActions();
    void updateTitles();
    void updateActions();
    void run(Command command);

    QueueController *m_controller;
    QTabWidget *m_tabs;
    QTableView *m_views[3] = {};
    QHash<Command, QAction *> m_actions;
};

inline size_t qHash(QueuePanel::Command command, size_t seed = 0)
{
    return ::qHash(int(command), seed);
}

} // namespace ferry
