#include "actions.h"

#include "icons.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMetaEnum>
#include <QToolBar>

namespace ferry {

Actions::Actions(QObject *parent)
    : QObject(parent)
{
    using K = QKeySequence;
    make(Id::SiteManager, tr("&Site Manager…"), QStringLiteral("network-server"), K(Qt::CTRL | Qt::Key_S),
         tr("Keep your servers, with their settings and passwords"));
    make(Id::QuickConnect, tr("&Connect to a Server…"), QStringLiteral("network-connect"),
         K(Qt::CTRL | Qt::Key_K), tr("Type a server or a URL in the connection bar"));
    make(Id::Disconnect, tr("&Disconnect"), QStringLiteral("network-disconnect"),
         K(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    make(Id::Reconnect, tr("&Reconnect"), QStringLiteral("view-refresh"), K(Qt::CTRL | Qt::Key_R),
         tr("Drop the connection to the server and connect again"));
    make(Id::ShowCertificate, tr("Show &Certificate"), QStringLiteral("lock"));
    make(Id::Quit, tr("&Quit"), QStringLiteral("application-exit"), K(K::Quit))
        ->setMenuRole(QAction::QuitRole);
    make(Id::NewWindow, tr("New &Window"), QStringLiteral("list-add"), K(K::New),
         tr("Another window for a second server: drag between the two servers' panes to copy"));

    make(Id::Transfer, tr("&Download"), QStringLiteral("download"), K(Qt::CTRL | Qt::Key_Return));
    make(Id::AddToQueue, tr("&Add to Queue"), QStringLiteral("list-add"),
         K(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), tr("Queue the selection without starting the queue"));
    // Shift+F6: the "move" key of two-pane file managers (F6) with Shift, F6 being Next Area.
    make(Id::MoveToOtherSide, tr("Download and De&lete From Server…"), QStringLiteral("go-jump"),
         K(Qt::SHIFT | Qt::Key_F6));
    make(Id::Open, tr("&Open"), QStringLiteral("document-open"), K(Qt::Key_F3),
         tr("Open with the default application (a server's file: a read-only copy)"));
    make(Id::Edit, tr("Ed&it"), {}, K(Qt::Key_F4),
         tr("Edit with the default application; a server's file is offered for upload when saved"))
        ->setIcon(Icons::themed(QStringLiteral("document-edit"), QStringLiteral("edit-rename")));
    make(Id::EditWith, tr("Edit &With…"), {}, {}, tr("Edit with an application you name (a command)"));
    make(Id::Synchronise, tr("S&ynchronise…"), {}, K(Qt::CTRL | Qt::SHIFT | Qt::Key_Y),
         tr("Compare the local and the server's folder, see the plan, then bring them in step"))
        ->setIcon(Icons::themed(QStringLiteral("folder-sync"), QStringLiteral("view-refresh")));
    make(Id::ProcessQueue, tr("&Process Queue"), QStringLiteral("media-playback-start"),
         K(Qt::CTRL | Qt::Key_P));
    get(Id::ProcessQueue)->setCheckable(true);
    make(Id::EnterOpens, tr("Enter and Double-Click &Open Files"), {}, {},
         tr("Off: Enter transfers a file to the other side's folder (as in FileZilla)"));
    get(Id::EnterOpens)->setCheckable(true);

    make(Id::NewFolder, tr("New &Folder…"), QStringLiteral("folder-new"), K(Qt::Key_F7));
    make(Id::NewFile, tr("New &Empty File…"), QStringLiteral("document-new"), K(Qt::SHIFT | Qt::Key_F4));
    make(Id::Rename, tr("&Rename"), QStringLiteral("edit-rename"), K(Qt::Key_F2));
    make(Id::Delete, tr("&Delete…"), QStringLiteral("edit-delete"), K(K::Delete));
    make(Id::DeletePermanently, tr("Delete &Permanently…"), QStringLiteral("edit-delete"),
         K(Qt::SHIFT | Qt::Key_Delete), tr("Delete without using the trash"));
    make(Id::Permissions, tr("Per&missions…"), QStringLiteral("document-properties"),
         K(Qt::ALT | Qt::Key_Return));
    make(Id::Copy, tr("&Copy"), QStringLiteral("edit-copy"), K(K::Copy),
         tr("Copy the selection; paste it in the other pane to transfer it"));
    make(Id::Paste, tr("&Paste"), {}, K(K::Paste),
         tr("Transfer what was copied in the other pane to this folder"))
        ->setIcon(Icons::themed(QStringLiteral("edit-paste"), QStringLiteral("edit-copy")));
    make(Id::CopyUrl, tr("Copy &URL"), QStringLiteral("edit-copy"), K(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    make(Id::CopyPath, tr("Copy Pat&h"), QStringLiteral("edit-copy"), K(Qt::CTRL | Qt::ALT | Qt::Key_C));
    make(Id::SelectAll, tr("Select &All"), QStringLiteral("edit-select-all"), K(K::SelectAll));
    make(Id::Filter, tr("&Filter…"), QStringLiteral("edit-find"), K(K::Find),
         tr("Show only the names that match"));
    make(Id::Settings, tr("&Settings…"), {}, K(Qt::CTRL | Qt::Key_Comma),
         tr("Transfers, connections and the interface"))
        ->setMenuRole(QAction::PreferencesRole);
    get(Id::Settings)
        ->setIcon(Icons::themed(QStringLiteral("preferences-system"), QStringLiteral("document-properties")));
    QList<K> settingsKeys{K(Qt::CTRL | Qt::Key_Comma)}; // and the desktop's own, if it has another
    for (const K &key : K::keyBindings(K::Preferences))
        if (!settingsKeys.contains(key))
            settingsKeys.append(key);
    get(Id::Settings)->setShortcuts(settingsKeys);

    make(Id::Refresh, tr("&Refresh"), QStringLiteral("view-refresh"), K(K::Refresh));
    make(Id::ShowHidden, tr("Show &Hidden Files"), QStringLiteral("view-hidden"), K(Qt::CTRL | Qt::Key_H));
    make(Id::ShowTree, tr("Folder &Trees"), QStringLiteral("view-list-tree"), K(Qt::Key_F9));
    make(Id::ShowLog, tr("Protocol &Log"), QStringLiteral("utilities-log-viewer"), K(Qt::Key_F8));
    make(Id::CompareFolders, tr("&Directory Comparison"), {}, K(Qt::CTRL | Qt::Key_O),
         tr("Tint the names that are only on one side, newer, or of another size than on the other side"));
    make(Id::ShowOnlyDifferences, tr("Show &Only Differences"), {}, {},
         tr("While comparing, hide what is the same on both sides"));
    get(Id::ShowOnlyDifferences)->setEnabled(false);
    make(Id::SyncBrowsing, tr("S&ynchronized Browsing"), {}, K(Qt::CTRL | Qt::Key_Y),
         tr("Opening a folder on one side opens the same relative folder on the other"));
    for (Id id : {Id::ShowHidden, Id::ShowTree, Id::ShowLog, Id::CompareFolders, Id::ShowOnlyDifferences,
                  Id::SyncBrowsing})
        get(id)->setCheckable(true);
    make(Id::Back, tr("&Back"), QStringLiteral("go-previous"), K(Qt::ALT | Qt::Key_Left));
    make(Id::Forward, tr("&Forward"), QStringLiteral("go-next"), K(Qt::ALT | Qt::Key_Right));
    make(Id::Up, tr("&Up"), QStringLiteral("go-up"), K(Qt::ALT | Qt::Key_Up),
         tr("Go to the parent folder (Backspace)"));
    make(Id::EditLocation, tr("&Edit Location"), QStringLiteral("go-jump"), K(Qt::CTRL | Qt::Key_L));
    // Tab is the file lists' own key (elsewhere it moves the focus): shown, not registered.
    make(Id::SwitchPane, tr("&Switch to the Other Pane") + QLatin1String("\tTab"));
    make(Id::NextArea, tr("Next &Area"), {}, K(Qt::Key_F6),
         tr("Move the focus to the next area: local files, server files, transfers, protocol log"));
    auto *colours = new QActionGroup(this);
    for (const auto &[id, text] :
         {std::pair{Id::ColoursDesktop, tr("The &Desktop's")}, std::pair{Id::ColoursLight, tr("&Light")},
          std::pair{Id::ColoursDark, tr("D&ark")}}) {
        QAction *a = make(id, text);
        a->setCheckable(true);
        colours->addAction(a);
    }
    get(Id::ColoursDesktop)->setChecked(true);
    make(Id::AddBookmark, tr("&Add Bookmark…"), QStringLiteral("bookmark-new"), K(Qt::CTRL | Qt::Key_D),
         tr("Keep the current local and remote folders as a bookmark of this site"));
    make(Id::ManageBookmarks, tr("&Manage Bookmarks…"), QStringLiteral("bookmarks-organize"));
    make(Id::About, tr("&About Ferry"), QStringLiteral("help-about"))->setMenuRole(QAction::AboutRole);
    update({});
}

Actions::~Actions() = default;

QAction *Actions::make(Id id, const QString &text, const QString &icon, const QKeySequence &key,
                       const QString &tip)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(QMetaEnum::fromType<Id>().valueToKey(int(id))));
    if (!icon.isEmpty())
        action->setIcon(Icons::themed(icon));
    if (!key.isEmpty())
        action->setShortcut(key);
    if (!tip.isEmpty())
        action->setToolTip(tip);
    m_actions.insert(id, action);
    return action;
}

void Actions::update(const State &s)
{
    m_state = s;
    const bool any = s.available && s.selected > 0;
    const auto enable = [this](Id id, bool on) { get(id)->setEnabled(on); };
    enable(Id::Disconnect, s.connected);
    enable(Id::Reconnect, s.connected);
    enable(Id::SyncBrowsing, s.connected);
    enable(Id::Synchronise, s.connected);
    enable(Id::ShowCertificate, s.connected && s.encrypted);
    enable(Id::AddBookmark, s.connected && s.siteConnected);
    enable(Id::ManageBookmarks, s.connected && s.siteConnected);
    get(Id::Transfer)->setText(s.remote ? tr("&Download") : tr("&Upload"));
    get(Id::Transfer)
        ->setIcon(Icons::themed(s.remote ? QStringLiteral("download") : QStringLiteral("upload")));
    get(Id::Transfer)
        ->setToolTip(s.remote ? tr("Download the selection to the local folder")
                              : tr("Upload the selection to the server's folder"));
    enable(Id::Transfer, any && s.connected);
    get(Id::MoveToOtherSide)
        ->setText(s.remote ? tr("Download and De&lete From Server…") : tr("Upload and De&lete Local Copy…"));
    get(Id::MoveToOtherSide)
        ->setToolTip(s.remote ? tr("Move the selection to the local folder: each file is deleted from the "
                                   "server once its download is complete and checked")
                              : tr("Move the selection to the server's folder: each local file is deleted "
                                   "once its upload is complete and checked"));
    enable(Id::MoveToOtherSide, any && s.connected);
    enable(Id::AddToQueue, any && s.connected);
    enable(Id::Open, s.available && s.selectedFiles > 0);
    enable(Id::Edit, s.available && s.selectedFiles > 0);
    enable(Id::EditWith, s.available && s.selectedFiles > 0);
    get(Id::ProcessQueue)->setChecked(s.queueStarted);
    for (Id id : {Id::NewFolder, Id::NewFile, Id::Refresh, Id::SelectAll, Id::Filter, Id::EditLocation})
        enable(id, s.available);
    enable(Id::Rename, s.available && s.selected == 1);
    enable(Id::Delete, any);
    enable(Id::DeletePermanently, any && !s.remote);
    enable(Id::Permissions, any && s.canChmod);
    enable(Id::CopyUrl, any);
    enable(Id::Copy, any);
    enable(Id::Paste, s.available && s.connected);
    enable(Id::CopyPath, s.available);
    enable(Id::Back, s.canGoBack);
    enable(Id::Forward, s.canGoForward);
    enable(Id::Up, s.canGoUp);
}

void Actions::fill(QWidget *target, std::initializer_list<Id> ids) const
{
    for (Id id : ids) {
        if (id == Id::Count) {
            auto *separator = new QAction(target);
            separator->setSeparator(true);
            target->addAction(separator);
        } else {
            target->addAction(get(id));
        }
    }
}

void Actions::fillMenuBar(QMenuBar *bar) const
{
    constexpr Id sep = Id::Count;
    fill(bar->addMenu(tr("&File")),
         {Id::SiteManager, Id::QuickConnect, Id::NewWindow, sep, Id::NewFolder, Id::NewFile, sep, Id::Quit});
    fill(bar->addMenu(tr("&Edit")),
         {Id::Copy, Id::Paste, sep, Id::Rename, Id::Delete, Id::DeletePermanently, Id::Permissions, sep,
          Id::CopyUrl, Id::CopyPath, sep, Id::SelectAll, Id::Filter, sep, Id::Settings});
    QMenu *view = bar->addMenu(tr("&View"));
    fill(view, {Id::Refresh, sep, Id::ShowHidden, Id::ShowTree, Id::ShowLog, sep, Id::CompareFolders,
                Id::ShowOnlyDifferences, Id::SyncBrowsing, sep, Id::Back, Id::Forward, Id::Up,
                Id::EditLocation, Id::SwitchPane, Id::NextArea, sep});
    fill(view->addMenu(tr("&Colours")), {Id::ColoursDesktop, Id::ColoursLight, Id::ColoursDark});
    fill(bar->addMenu(tr("&Transfer")),
         {Id::Transfer, Id::AddToQueue, Id::MoveToOtherSide, sep, Id::Open, Id::Edit, Id::EditWith, sep,
          Id::Synchronise, sep, Id::ProcessQueue, sep, Id::EnterOpens});
    QMenu *server = bar->addMenu(tr("&Server"));
    server->setObjectName(QStringLiteral("serverMenu")); // SiteMenus adds the sites
    fill(server, {Id::Disconnect, Id::Reconnect, sep, Id::ShowCertificate});
    QMenu *bookmarks = bar->addMenu(tr("&Bookmarks"));
    bookmarks->setObjectName(QStringLiteral("bookmarksMenu")); // SiteMenus adds the site's
    fill(bookmarks, {Id::AddBookmark, Id::ManageBookmarks});
    fill(bar->addMenu(tr("&Help")), {Id::About});
}

void Actions::fillToolBar(QToolBar *bar) const
{
    constexpr Id sep = Id::Count;
    fill(bar, {Id::SiteManager, sep, Id::Back, Id::Forward, Id::Up, Id::Refresh, sep, Id::NewFolder,
               Id::Delete, sep, Id::Transfer, Id::ProcessQueue, sep, Id::Filter, Id::ShowHidden, sep,
               Id::Disconnect, Id::Reconnect});
}

void Actions::fillContextMenu(QMenu *menu) const
{
    for (Id id : {Id::Transfer, Id::AddToQueue, Id::MoveToOtherSide, Id::Open, Id::Edit, Id::EditWith})
        menu->addAction(get(id));
    menu->addSeparator();
    for (Id id : {Id::NewFolder, Id::NewFile, Id::Refresh})
        menu->addAction(get(id));
    menu->addSeparator();
    menu->addAction(get(Id::Rename));
    menu->addAction(get(Id::Delete));
    if (!m_state.remote)
        menu->addAction(get(Id::DeletePermanently));
    menu->addAction(get(Id::Permissions));
    menu->addSeparator();
    menu->addAction(get(Id::Copy));
    menu->addAction(get(Id::Paste));
    menu->addAction(get(Id::CopyUrl));
    menu->addAction(get(Id::CopyPath));
}

} // namespace ferry
