#include "sitemenus.h"

#include "actions/actions.h"
#include "actions/icons.h"
#include "bookmarksdialog.h"
#include "browser/panecontroller.h"
#include "browser/sitetab.h"
#include "settings/appsettings.h"
#include "sitemanagerdialog.h"
#include "sites/connectionhistory.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <functional>

namespace ferry {

using Id = Actions::Id;

SiteMenus::SiteMenus(const AppContext &context, Actions *actions, SiteTab *tab, QWidget *window)
    : QObject(window)
    , m_context(context)
    , m_actions(actions)
    , m_tab(tab)
    , m_window(window)
{
    if (m_context.sites) {
        m_watcher = new SiteStoreWatcher(m_context.sites, this);
        connect(m_watcher, &SiteStoreWatcher::problem, this, &SiteMenus::problem);
    }
    connect(actions->get(Id::SiteManager), &QAction::triggered, this, [this] { openSiteManager(); });
    connect(actions->get(Id::ManageBookmarks), &QAction::triggered, this, [this] { manageBookmarks(); });
    connect(actions->get(Id::AddBookmark), &QAction::triggered, this, [this] {
        auto *input = new QInputDialog(m_window);
        input->setObjectName(QStringLiteral("addBookmark"));
        input->setAttribute(Qt::WA_DeleteOnClose);
        input->setWindowTitle(tr("Add Bookmark"));
        input->setLabelText(
            tr("Name of the bookmark for %1 and %2:").arg(m_tab->local()->path(), m_tab->remote()->path()));
        input->setTextValue(m_tab->remote()->path().section(QLatin1Char('/'), -1));
        connect(input, &QInputDialog::textValueSelected, this, [this](const QString &name) {
            QString error;
            if (!addBookmark(name, &error))
                Q_EMIT problem(error);
        });
        input->open();
    });
}

void SiteMenus::fillMenuBar(QMenuBar *bar)
{
    if (auto *server = bar->findChild<QMenu *>(QStringLiteral("serverMenu")))
        connect(server, &QMenu::aboutToShow, this, [this, server] { fillServerMenu(server); });
    if (auto *bookmarks = bar->findChild<QMenu *>(QStringLiteral("bookmarksMenu")))
        connect(bookmarks, &QMenu::aboutToShow, this, [this, bookmarks] { fillBookmarksMenu(bookmarks); });
}

void SiteMenus::fillServerMenu(QMenu *menu)
{
    qDeleteAll(m_serverEntries);
    m_serverEntries.clear();
    qDeleteAll(m_serverMenus); // each takes its menu action along
    m_serverMenus.clear();
    m_serverEntries.append(menu->addSeparator());
    QMenu *recent =
        menu->addMenu(Icons::themed(QStringLiteral("document-open-recent"), QStringLiteral("document-open")),
                      tr("&Recent Connections"));
    m_serverMenus.append(recent);
    recent->setObjectName(QStringLiteral("recentMenu"));
    if (ConnectionHistory *history = m_context.history) {
        for (const ConnectionHistory::RecentSite &site : history->recentSites()) {
            const auto profile = m_context.sites ? m_context.sites->findById(site.id) : std::nullopt;
            if (!profile)
                continue; // removed since
            recent->addAction(Icons::themed(QStringLiteral("network-server")), profile->path(), this,
                              [this, path = profile->path()] { Q_EMIT connectSiteRequested(path); });
        }
        if (!history->recentSites().isEmpty() && !history->quickConnects().isEmpty())
            recent->addSeparator();
        for (const ConnectionHistory::QuickConnect &quick : history->quickConnects())
            recent->addAction(quick.url, this,
                              [this, url = quick.url] { Q_EMIT connectAddressRequested(url); });
    }
    recent->setEnabled(!recent->isEmpty());
    QMenu *sites = menu->addMenu(Icons::themed(QStringLiteral("network-server")), tr("&Sites"));
    m_serverMenus.append(sites);
    sites->setObjectName(QStringLiteral("sitesMenu"));
    addSiteTree(sites);
    sites->setEnabled(!sites->isEmpty());
}

void SiteMenus::addSiteTree(QMenu *menu)
{
    if (!m_context.sites)
        return;
    QList<SiteProfile> sites = m_context.sites->sites();
    std::sort(sites.begin(), sites.end(), [](const SiteProfile &a, const SiteProfile &b) {
        const int byFolder = a.folder.compare(b.folder, Qt::CaseInsensitive);
        return byFolder != 0 ? byFolder < 0 : a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    QHash<QString, QMenu *> folders{{QString(), menu}};
    std::function<QMenu *(const QString &)> folderMenu = [&](const QString &path) -> QMenu * {
        if (QMenu *known = folders.value(path))
            return known;
        const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
        QMenu *parent = folderMenu(slash < 0 ? QString() : path.left(slash));
        QMenu *sub = parent->addMenu(Icons::themed(QStringLiteral("folder")), path.mid(slash + 1));
        folders.insert(path, sub);
        return sub;
    };
    for (const SiteProfile &site : std::as_const(sites))
        folderMenu(site.folder)->addAction(site.name, this, [this, path = site.path()] {
            Q_EMIT connectSiteRequested(path);
        });
}

void SiteMenus::connectRecent(const QUuid &id, const QString &pathWhenUsed)
{
    const auto site = m_context.sites ? m_context.sites->findById(id) : std::nullopt;
    Q_EMIT connectSiteRequested(site ? site->path() : pathWhenUsed);
}

std::optional<SiteProfile> SiteMenus::connectedSite() const
{
    if (!m_context.sites || !m_tab->isConnected() || !m_tab->siteKey().isSite())
        return std::nullopt;
    return m_context.sites->findById(m_tab->siteKey().siteId());
}

void SiteMenus::fillBookmarksMenu(QMenu *menu)
{
    qDeleteAll(m_bookmarkEntries);
    m_bookmarkEntries.clear();
    const auto site = connectedSite();
    if (!site || site->bookmarks.isEmpty())
        return;
    m_bookmarkEntries.append(menu->addSeparator());
    for (const SiteBookmark &b : site->bookmarks) {
        QAction *a =
            menu->addAction(Icons::themed(QStringLiteral("bookmarks"), QStringLiteral("folder")), b.name,
                            this, [this, b] { openBookmark(b.localFolder, b.remoteFolder); });
        a->setToolTip(QStringLiteral("%1 ↔ %2").arg(b.localFolder, b.remoteFolder));
        m_bookmarkEntries.append(a);
    }
}

void SiteMenus::openBookmark(const QString &localFolder, const QString &remoteFolder)
{
    if (!localFolder.isEmpty())
        m_tab->local()->open(localFolder);
    if (!remoteFolder.isEmpty() && m_tab->isConnected())
        m_tab->remote()->open(remoteFolder);
}

bool SiteMenus::addBookmark(const QString &name, QString *error)
{
    auto site = connectedSite();
    if (!site || !m_watcher) {
        if (error)
            *error = tr("Bookmarks belong to sites of the site manager: connect to one first.");
        return false;
    }
    SiteBookmark bookmark{name.trimmed(), m_tab->local()->path(), m_tab->remote()->path()};
    if (bookmark.name.isEmpty())
        bookmark.name = bookmark.remoteFolder;
    site->bookmarks.removeIf([&](const SiteBookmark &b) { return b.name == bookmark.name; });
    site->bookmarks.append(bookmark);
    return m_context.sites->update(*site, error) && m_watcher->save(error);
}

BookmarksDialog *SiteMenus::manageBookmarks()
{
    const auto site = connectedSite();
    if (!site)
        return nullptr;
    delete m_bookmarks;
    m_bookmarks = new BookmarksDialog(*site, m_window);
    m_bookmarks->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_bookmarks, &BookmarksDialog::bookmarksChosen, this,
            [this](const QUuid &id, const QList<SiteBookmark> &bookmarks) {
                auto current = m_context.sites->findById(id); // as it is now, with others' edits
                QString error;
                if (!current)
                    return;
                current->bookmarks = bookmarks;
                if (!m_context.sites->update(*current, &error) || !m_watcher->save(&error))
                    Q_EMIT problem(error);
            });
    m_bookmarks->open();
    return m_bookmarks;
}

SiteManagerDialog *SiteMenus::openSiteManager()
{
    if (!m_watcher)
        return nullptr;
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    m_watcher->reload(); // what other writers saved, before the dialog copies the sites
    m_dialog = new SiteManagerDialog(m_watcher, m_context.credentials, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    SiteProfile prototype;
    AppSettings::load(m_context.settings).applyTo(prototype);
    m_dialog->setNewSitePrototype(prototype);
    if (const auto site = connectedSite())
        m_dialog->selectSite(site->id);
    connect(m_dialog, &SiteManagerDialog::connectRequested, this, [this](const QUuid &id) {
        if (const auto site = m_context.sites->findById(id))
            Q_EMIT connectSiteRequested(site->path());
    });
    m_dialog->open();
    return m_dialog;
}

} // namespace ferry
