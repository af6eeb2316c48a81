#pragma once

#include "sitetab.h"

#include <QObject>

namespace ferry {

class BrowserPage;
class Pane;

// What the window's commands do to the active pane (the menus, the tool bar, the context
// menu and the keys all come here through Actions): the small dialogs they need (a new
// folder's name, the one confirmation before deleting, the permissions) are opened with
// open(), never exec(), and the work is the pane's controller's or the SiteTab's.
class PaneCommands final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaneCommands)
public:
    PaneCommands(BrowserPage *page, SiteTab *tab, QObject *parent = nullptr);

    void transfer(SiteTab::Start start);
    // Transfer > Move to Other Side (Shift+F6): one question for the whole selection, then
    // a transfer that deletes each source once its copy is complete (SiteTab::Mode::Move).
    void moveToOtherSide();
    void open();     // a server's file: a read-only copy
    void edit();     // a server's file: a copy uploaded again when saved
    void editWith(); // the same with a command the user types (the last one suggested)
    void newFolder();
    void newFile();
    void rename();
    void remove(bool permanently);
    void permissions();
    // Ctrl+C / Ctrl+V: the selection on the clipboard; a paste in the other pane transfers it.
    void copy();
    void paste();
    void copyUrl();
    void copyPath();
    void selectAll();
    void filter();
    void refresh();
    void back();
    void forward();
    void up();
    void editLocation();
    void switchPane();
    void setShowHidden(bool show);
    // Off: Delete deletes (or moves to the trash) without asking first (Edit > Settings).
    void setConfirmDeletes(bool confirm) { m_confirmDeletes = confirm; }

private:
    Pane *active() const;
    void askName(const QString &title, const QString &label, const QString &suggestion,
                 const std::function<void(const QString &)> &then);

    BrowserPage *m_page;
    SiteTab *m_tab;
    bool m_confirmDeletes = true;
};

} // namespace ferry
