#pragma once

#include "listing/direntry.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QToolButton;
class QTreeView;

namespace ferry {

class MessageBanner;
class PaneController;
class PaneView;

// One side of the window, local or remote: the same class twice (Dolphin's view
// container). Top to bottom: a location bar (back, forward, up, the editable path with
// completion), the message banner, the filter field (Ctrl+F), the folder tree above the
// file list, and a footer with the counts and sizes (the selection's too) and, for the
// local side, the volume's free space. It shows what its PaneController has and passes on
// what the user asks; it starts nothing itself.
class Pane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pane)
public:
    explicit Pane(PaneController *controller, QWidget *parent = nullptr);
    ~Pane() override;

    PaneController *controller() const { return m_controller; }
    PaneView *view() const { return m_view; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *locationEdit() const { return m_location; }
    QLineEdit *filterEdit() const { return m_filter; }
    MessageBanner *banner() const { return m_banner; }
    QSplitter *splitter() const { return m_splitter; }
    QLabel *footer() const { return m_footer; }

    // The entries the user selected (the current one when none is).
    QList<DirEntry> selectedEntries() const;
    // What is selected, counted from the model's fields (no entry made: Ctrl+A selects
    // 100,000); with `currentWhenNone`, the current entry when nothing is selected.
    struct SelectionCounts {
        int files = 0;
        int folders = 0;
        qint64 bytes = 0;
        int selected() const { return files + folders; }
    };
    SelectionCounts selectionCounts(bool currentWhenNone) const;
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setTreeVisible(bool visible);
    // What the empty list says when there is nothing to show ("Not connected…").
    void setIdleText(const QString &text);

    void editLocation();
    void showFilter();
    void showProblem(const QString &message);
    void showWarning(const QString &message);
    // Another banner below the pane's own (the edited files' questions on the remote side).
    void addBanner(QWidget *banner);

Q_SIGNALS:
    void activated(const QList<ferry::DirEntry> &entries);
    void contextMenuRequested(const QPoint &globalPos);
    void focused();
    void switchPaneRequested();
    void selectionChanged();

private:
    QWidget *makeLocationBar();
    QWidget *makeFooter();
    void connectController();
    void onActivated(const QModelIndex &index);
    void updateFooter();
    void updatePlaceholder();
    void updateFreeSpace();
    DirEntry entryAt(const QModelIndex &proxyIndex) const;

    PaneController *m_controller;
    QToolButton *m_back = nullptr;
    QToolButton *m_forward = nullptr;
    QToolButton *m_up = nullptr;
    QLineEdit *m_location = nullptr;
    MessageBanner *m_banner;
    QLineEdit *m_filter;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    PaneView *m_view;
    QLabel *m_footer = nullptr;
    QLabel *m_space = nullptr;
    QString m_idleText;
    bool m_active = false;
    bool m_footerQueued = false;
};

} // namespace ferry
