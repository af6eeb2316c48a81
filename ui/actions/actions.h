#pragma once

#include <QHash>
#include <QKeySequence>
#include <QObject>

class QAction;
class QMenu;
class QMenuBar;
class QToolBar;

namespace ferry {

// Every command of the window in one place (KDE's KStandardAction + KActionCollection,
// small): its text, icon, shortcut, tooltip and the rule that enables it. Menus, the tool
// bar and the context menus are made of these actions; the window connects what they do.
class Actions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Actions)
public:
    enum class Id {
        // File / Server
        SiteManager,
        QuickConnect,
        Disconnect,
        Reconnect,
        ShowCertificate,
        Quit,
        // Transfer
        Transfer,
        AddToQueue,
        MoveToOtherSide, // a transfer that deletes each source once its copy is complete
        Open,
        Edit,
        EditWith,
        Synchronise,
        ProcessQueue,
        EnterOpens,
        // Edit
        NewFolder,
        NewFile,
        Rename,
        Delete,
        DeletePermanently,
        Permissions,
        Copy,
        Paste,
        CopyUrl,
        CopyPath,
        SelectAll,
        Filter,
        Settings,
        // View / Go
        Refresh,
        ShowHidden,
        ShowTree,
        ShowLog,
        CompareFolders,
        ShowOnlyDifferences,
        SyncBrowsing,
        Back,
        Forward,
        Up,
        EditLocation,
        SwitchPane,
        NextArea,
        ColoursDesktop,
        ColoursLight,
        ColoursDark,
        // Bookmarks
        AddBookmark,
        ManageBookmarks,
        // Help
        About,
        // File: another window for a second site (drag between the two remote panes: a copy)
        NewWindow,
        Count
    };
    Q_ENUM(Id)

    // What the enable rules look at: the active pane and its selection, the connection.
    struct State {
        bool remote = false;    // the active pane is the server's
        bool available = false; // the active pane shows a folder (the remote one: connected)
        bool connected = false; // a server is connected (for transfers, either pane)
        bool encrypted = false; // its connection is TLS
        bool canChmod = true;   // the active side can change permissions
        int selected = 0;       // entries selected in the active pane
        int selectedFiles = 0;
        bool canGoBack = false;
        bool canGoForward = false;
        bool canGoUp = false;
        bool queueStarted = false;
        bool siteConnected = false; // the connection is a site of the site manager
    };

    explicit Actions(QObject *parent = nullptr);
    ~Actions() override;

    QAction *get(Id id) const { return m_actions.value(id); }
    // Enables (and names: Download or Upload) the actions for this state.
    void update(const State &state);
    const State &state() const { return m_state; }
    // The menus (File, Edit, View, Transfer, Server, Bookmarks, Help), the tool bar, and the file
    // list's context menu for the active pane.
    void fillMenuBar(QMenuBar *bar) const;
    void fillToolBar(QToolBar *bar) const;
    void fillContextMenu(QMenu *menu) const;

private:
    void fill(QWidget *menuOrBar, std::initializer_list<Id> ids) const; // Id::Count: a separator
    QAction *make(Id id, const QString &text, const QString &icon = {}, const QKeySequence &key = {},
                  const QString &tip = {});
    QHash<Id, QAction *> m_actions;
    State m_state;
};

inline size_t qHash(Actions::Id id, size_t seed = 0)
{
    return ::qHash(int(id), seed);
}

} // namespace ferry
