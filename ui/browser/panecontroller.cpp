#include "panecontroller.h"

#include "directorymodel.h"
#include "directorysortproxy.h"
#include "fileops.h"
#include "foldertreemodel.h"
#include "remote/directorylister.h"

#include <QSet>

namespace ferry {

PaneController::PaneController(Side side, QObject *parent)
    : QObject(parent)
    , m_side(side)
    , m_model(new DirectoryModel(this))
    , m_proxy(new DirectorySortProxy(this))
    , m_tree(new FolderTreeModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_model->setRenamable(true);
    connect(m_model, &DirectoryModel::renameRequested, this, &PaneController::rename);
    connect(m_model, &DirectoryModel::folderFailed, this, &PaneController::onFailed);
    connect(m_model, &DirectoryModel::folderCompleted, this, [this](const QString &path) {
        if (path != m_path)
            return;
        m_navigating = false;
        updateTree();
        Q_EMIT loaded(path);
    });
    connect(m_tree, &FolderTreeModel::fetchRequested, this, [this](const QString &path) {
        m_treeWanted.append(path);
        listNextTreeFolder();
    });
}

PaneController::~PaneController() = default;

void PaneController::attach(DirectoryLister *lister, DirectoryLister *treeLister, FileOps *ops)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_lister = lister;
    m_treeLister = treeLister;
    m_ops = ops;
    m_back.clear();
    m_forward.clear();
    m_treeWanted.clear();
    m_path.clear();
    m_tree->clear();
    m_model->setLister(lister);
    if (ops) {
        ops->setLister(lister);
        m_connections.append(connect(ops, &FileOps::failed, this, &PaneController::problem));
        m_connections.append(connect(ops, &FileOps::done, this, &PaneController::note));
    }
    if (lister) {
        // Our own changes (a new folder) reach the tree too, once a listing is complete.
        const auto own = [this] {
            if (m_lister && !m_lister->isLoading())
                updateTree();
        };
        m_connections.append(connect(lister, &DirectoryLister::itemsAdded, this, own));
        m_connections.append(connect(lister, &DirectoryLister::itemsRemoved, this, own));
    }
    if (treeLister) {
        m_connections.append(
            connect(treeLister, &DirectoryLister::completed, this, [this](const QString &path) {
                if (m_treeLister && m_treeListing == path) {
                    m_tree->setChildren(path, folderNames(m_treeLister->items()));
                    m_treeListing.clear();
                    listNextTreeFolder();
                }
            }));
        m_connections.append(
            connect(treeLister, &DirectoryLister::errorOccurred, this, [this](const QString &path) {
                if (m_treeListing == path) {
                    m_tree->setChildren(path, {});
                    m_treeListing.clear();
                    listNextTreeFolder();
                }
            }));
    }
    Q_EMIT historyChanged();
    Q_EMIT attachedChanged(lister != nullptr);
}

QStringList PaneController::folderNames(const EntryStore &entries) const
{
    QStringList names;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (entries.isDir(i) && (m_showHidden || !entries.name(i).startsWith(QLatin1Char('.'))))
            names.append(entries.name(i).toString());
    }
    return names;
}

void PaneController::updateTree()
{
    if (!m_lister || m_path.isEmpty())
        return;
    // The shown folder's folders, found through the model's compact flags rather than by
    // reading every entry (100,000 entries are 20 MB to walk through at the end of a listing).
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (!m_model->isFolder(row))
            continue;
        const QStringView name = m_model->name(row);
        if (m_showHidden || !name.startsWith(QLatin1Char('.')))
            names.append(name.toString());
    }
    m_tree->setChildren(m_path, names);
}

void PaneController::listNextTreeFolder()
{
    // One at a time: the tree's lister opens one folder, the next waits for it.
    if (!m_treeLister || !m_treeListing.isEmpty() || m_treeWanted.isEmpty())
        return;
    m_treeListing = m_treeWanted.takeFirst();
    m_treeLister->openPath(m_treeListing);
    if (!m_treeLister->isLoading() && m_treeListing == m_treeLister->path()) {
        // Served from the cache, complete already (the refresh behind it comes later).
        m_tree->setChildren(m_treeListing, folderNames(m_treeLister->items()));
        m_treeListing.clear();
        listNextTreeFolder();
    }
}

void PaneController::setShowHidden(bool show)
{
    m_showHidden = show;
    m_proxy->setShowHidden(show);
    updateTree();
}

// --- Navigation ---

QString PaneController::resolve(const QString &text) const
{
    QString path = text.trimmed();
    if (path.isEmpty())
        return m_path.isEmpty() ? QStringLiteral("/") : m_path;
    if (!path.startsWith(QLatin1Char('/')))
        path = DirectoryLister::childPath(m_path.isEmpty() ? QStringLiteral("/") : m_path, path);
    QStringList parts;
    for (const QString &part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            if (!parts.isEmpty())
                parts.removeLast();
            continue;
        }
        parts.append(part);
    }
    return QLatin1Char('/') + parts.join(QLatin1Char('/'));
}

void PaneController::open(const QString &path)
{
    setPath(resolve(path), true);
}

void PaneController::openChild(const QString &name)
{
    open(DirectoryLister::childPath(m_path, name));
}

void PaneController::up()
{
    if (canGoUp())
        open(DirectoryLister::parentPath(m_path));
}

void PaneController::back()
{
    if (m_back.isEmpty() || !m_lister)
        return;
    m_forward.prepend(m_path);
    setPath(m_back.takeLast(), false);
}

void PaneController::forward()
{
    if (m_forward.isEmpty() || !m_lister)
        return;
    m_back.append(m_path);
    setPath(m_forward.takeFirst(), false);
}

void PaneController::refresh()
{
    if (m_lister && !m_path.isEmpty())
        m_lister->refresh();
}

void PaneController::setPath(const QString &path, bool record)
{
    if (!m_lister)
        return;
    if (record && !m_path.isEmpty() && m_path != path) {
        m_back.append(m_path);
        m_forward.clear();
    }
    m_previous = m_path;
    m_path = path;
    m_navigating = true;
    m_tree->ensurePath(path);
    Q_EMIT pathChanged(path);
    Q_EMIT historyChanged();
    m_lister->openPath(path);
}

void PaneController::onFailed(const QString &path, const RemoteError &error)
{
    if (path != m_path)
        return;
    const QString message = tr("Could not open %1: %2").arg(path, error.toString());
    // A folder that cannot be opened: back to where the user was (it is cached, so it
    // shows at once), unless that is what failed. The problem is told after the way back:
    // a pane clears its banner when its path changes.
    const bool navigating = std::exchange(m_navigating, false);
    if (navigating && !m_recovering && !m_previous.isEmpty() && m_previous != path) {
        if (!m_back.isEmpty() && m_back.last() == m_previous)
            m_back.removeLast();
        m_recovering = true;
        setPath(QString(m_previous), false); // a copy: setPath() changes m_previous
        m_recovering = false;
    }
    Q_EMIT problem(message);
}

// --- File operations ---

void PaneController::makeFolder(const QString &name)
{
    if (m_ops && !m_path.isEmpty())
        m_ops->makeFolder(m_path, name);
}

void PaneController::makeFile(const QString &name)
{
    if (m_ops && !m_path.isEmpty())
        m_ops->makeFile(m_path, name);
}

void PaneController::rename(const QString &from, const QString &to)
{
    if (m_ops && !m_path.isEmpty() && from != to)
        m_ops->rename(m_path, from, to);
}

void PaneController::remove(const QList<DirEntry> &entries, bool permanently)
{
    if (m_ops && !m_path.isEmpty() && !entries.isEmpty())
        m_ops->remove(m_path, entries, permanently);
}

void PaneController::changePermissions(const QList<DirEntry> &entries, const PermissionChange &change)
{
    if (m_ops && !m_path.isEmpty() && !entries.isEmpty())
        m_ops->changePermissions(m_path, entries, change);
}

QString PaneController::freeName(const QString &base) const
{
    const auto used = [this](const QString &name) { return m_lister && m_lister->items().contains(name); };
    if (!used(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(base).arg(i);
        if (!used(candidate))
            return candidate;
    }
}

} // namespace ferry
