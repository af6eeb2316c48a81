#pragma once

#include "appcontext.h"
#include "sites/bookmarksdialog.h"
#include "sites/sitemanagerdialog.h"
#include "sites/siteprofile.h"

#include <QObject>
#include <QPointer>
#include <QUuid>

class QMenu;
class QMenuBar;
class QWidget;

namespace ferry {

class Actions;
class SiteStoreWatcher;
class SiteTab;

// The window's site manager side: the Site Manager dialog (Ctrl+S), the Server menu's
// recent connections and site tree, the Bookmarks menu of the connected site (Ctrl+D adds
// the current folders, "Manage" edits them), and the watch on sites.json that keeps all of
// these in step with other writers. Asks the window to connect (connectSiteRequested);
// opens a bookmark itself in the SiteTab's panes.
class SiteMenus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteMenus)
public:
    SiteMenus(const AppContext &context, Actions *actions, SiteTab *tab, QWidget *window);

    // Adds the recent connections and sites to the Server menu, bookmarks to the Bookmarks
    // menu (found by object name in the bar Actions filled).
    void fillMenuBar(QMenuBar *bar);
    SiteStoreWatcher *watcher() const { return m_watcher; }
    SiteManagerDialog *openSiteManager();
    SiteManagerDialog *siteManager() const { return m_dialog; }
    // Adds a bookmark of the connected site for the panes' current folders.
    bool addBookmark(const QString &name, QString *error = nullptr);
    BookmarksDialog *manageBookmarks();
    void openBookmark(const QString &localFolder, const QString &remoteFolder);
    // A recent site: by id (it may have been renamed since), else by the path it had.
    void connectRecent(const QUuid &id, const QString &pathWhenUsed);
    // The site the tab is connected to, if it is one of the site manager's.
    std::optional<SiteProfile> connectedSite() const;

Q_SIGNALS:
    void connectSiteRequested(const QString &path);
    void connectAddressRequested(const QString &address);
    void problem(const QString &message);

private:
    void fillServerMenu(QMenu *menu);
    void fillBookmarksMenu(QMenu *menu);
    void addSiteTree(QMenu *menu);

    AppContext m_context;
    Actions *m_actions;
    SiteTab *m_tab;
    QWidget *m_window;
    SiteStoreWatcher *m_watcher = nullptr;
    QPointer<SiteManagerDialog> m_dialog;
    QPointer<BookmarksDialog> m_bookmarks;
    QList<QAction *> m_serverEntries; // what fillServerMenu added, replaced on each show
    QList<QMenu *> m_serverMenus;
    QList<QAction *> m_bookmarkEntries; // the same for the Bookmarks menu
};

} // namespace ferry
