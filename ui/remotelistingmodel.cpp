#include "remotelistingmodel.h"

#include <QLocale>
#include <algorithm>

namespace ferry {

RemoteListingModel::RemoteListingModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RemoteListingModel::setEntries(QList<DirEntry> entries)
{
    std::stable_sort(entries.begin(), entries.end(), [](const DirEntry &a, const DirEntry &b) {
        if (a.isDir != b.isDir)
            return a.isDir;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

const DirEntry *RemoteListingModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

int RemoteListingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RemoteListingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RemoteListingModel::data(const QModelIndex &index, int role) const
{
    const DirEntry *entry = index.isValid() ? entryAt(index.row()) : nullptr;
    if (!entry)
        return {};
    if (role == IsDirRole)
        return entry->isDir;
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case NameColumn:
        if (entry->isLink && !entry->target.isEmpty())
            return tr("%1 → %2").arg(entry->name, entry->target);
        return entry->isDir ? entry->name + QLatin1Char('/') : entry->name;
    case SizeColumn:
        if (entry->isDir || entry->size < 0)
            return QString();
        return QLocale().formattedDataSize(entry->size);
    case ModifiedColumn:
        return entry->timeText();
    case PermissionsColumn:
        return entry->permissions;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RemoteListingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Modified");
    case PermissionsColumn:
        return tr("Permissions");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace ferry
