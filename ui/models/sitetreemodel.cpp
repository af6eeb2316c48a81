#include "sitetreemodel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>
#include <algorithm>

namespace ferry {

namespace {

// Folders first, then sites, each by name (case-insensitive, as the user reads them).
bool lessThan(const QStandardItem *a, const QStandardItem *b)
{
    const int ka = a->data(SiteTreeModel::KindRole).toInt();
    const int kb = b->data(SiteTreeModel::KindRole).toInt();
    if (ka != kb)
        return ka == SiteTreeModel::Folder;
    return a->text().compare(b->text(), Qt::CaseInsensitive) < 0;
}

void sortChildren(QStandardItem *parent)
{
    QList<QList<QStandardItem *>> rows;
    while (parent->rowCount() > 0)
        rows.append(parent->takeRow(0));
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return lessThan(a[0], b[0]); });
    for (const auto &row : rows) {
        parent->appendRow(row);
        sortChildren(row.first());
    }
}

} // namespace

SiteTreeModel::SiteTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
}

void SiteTreeModel::setIcons(const QIcon &folder, const QIcon &site)
{
    m_folderIcon = folder;
    m_siteIcon = site;
}

QStandardItem *SiteTreeModel::folderItem(const QString &path)
{
    if (path.isEmpty())
        return invisibleRootItem();
    if (QStandardItem *known = m_folders.value(path))
        return known;
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    QStandardItem *parent = folderItem(slash < 0 ? QString() : path.left(slash));
    auto *item = new QStandardItem(m_folderIcon, path.mid(slash + 1));
    item->setData(Folder, KindRole);
    item->setData(path, FolderRole);
    item->setData(path.mid(slash + 1), SearchRole);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled);
    parent->appendRow(item);
    m_folders.insert(path, item);
    return item;
}

void SiteTreeModel::setSites(const QList<SiteProfile> &sites, const QStringList &emptyFolders)
{
    clear();
    m_folders.clear();
    for (const QString &folder : emptyFolders)
        folderItem(SiteProfile::normalizeFolder(folder));
    for (const SiteProfile &site : sites) {
        auto *item = new QStandardItem(m_siteIcon, site.name);
        item->setData(Site, KindRole);
        item->setData(site.id, IdRole);
        item->setData(site.folder, FolderRole);
        item->setData(QStringList{site.name, site.host, site.user, site.comments}.join(QLatin1Char('\n')),
                      SearchRole);
        item->setToolTip(protocolScheme(site.protocol) + QLatin1String("://") + site.host + QLatin1Char(':') +
                         QString::number(site.port));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled |
                       Qt::ItemIsDropEnabled);
        folderItem(site.folder)->appendRow(item);
    }
    sortChildren(invisibleRootItem());
}

QModelIndex SiteTreeModel::indexOfSite(const QUuid &id) const
{
    const QModelIndexList found = match(index(0, 0), IdRole, id, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return found.value(0);
}

QModelIndex SiteTreeModel::indexOfFolder(const QString &path) const
{
    const QStandardItem *item = m_folders.value(path);
    return item ? item->index() : QModelIndex();
}

QString SiteTreeModel::folderAt(const QModelIndex &index)
{
    return index.isValid() ? index.data(FolderRole).toString() : QString();
}

QStringList SiteTreeModel::mimeTypes() const
{
    return {QString::fromLatin1(kMimeType)};
}

QMimeData *SiteTreeModel::mimeData(const QModelIndexList &indexes) const
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    for (const QModelIndex &index : indexes) {
        if (index.data(KindRole).toInt() == Site)
            stream << true << index.data(IdRole).toUuid().toString();
        else
            stream << false << index.data(FolderRole).toString();
    }
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), bytes);
    return data;
}

bool SiteTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                    const QModelIndex &) const
{
    return data && data->hasFormat(QString::fromLatin1(kMimeType));
}

bool SiteTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                 const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QList<QUuid> sites;
    QStringList folders;
    QDataStream stream(data->data(QString::fromLatin1(kMimeType)));
    for (int guard = 0; guard < 100000 && !stream.atEnd(); ++guard) {
        bool isSite = false;
        QString text;
        stream >> isSite >> text;
        if (stream.status() != QDataStream::Ok)
            break;
        if (isSite)
            sites.append(QUuid::fromString(text));
        else
            folders.append(text);
    }
    // On a site: into its folder; on a folder: into it; between rows: into their parent.
    Q_EMIT moveRequested(sites, folders, folderAt(parent));
    return true;
}

} // namespace ferry
