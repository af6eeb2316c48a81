#include "directorymodel.h"

#include "formatting.h"
#include "remote/directorylister.h"

#include <QFont>
#include <QSet>

#include <cstring>

namespace ferry {

DirectoryModel::DirectoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(kCoalesceMs);
    connect(&m_flush, &QTimer::timeout, this, &DirectoryModel::flushPending);
}

DirectoryModel::~DirectoryModel() = default;

void DirectoryModel::setLister(DirectoryLister *lister)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_lister = lister;
    onStarted(lister ? lister->path() : QString());
    if (!lister)
        return;
    m_connections = {
        connect(lister, &DirectoryLister::started, this, &DirectoryModel::onStarted),
        connect(lister, &DirectoryLister::itemsAdded, this, &DirectoryModel::onItemsAdded),
        connect(lister, &DirectoryLister::itemsRemoved, this, &DirectoryModel::onItemsRemoved),
        connect(lister, &DirectoryLister::itemsChanged, this, &DirectoryModel::onItemsChanged),
        connect(lister, &DirectoryLister::completed, this, &DirectoryModel::onCompleted),
        connect(lister, &DirectoryLister::errorOccurred, this,
                [this](const QString &path, const RemoteError &error) {
                    flushPending();
                    Q_EMIT folderFailed(path, error);
                }),
    };
    if (!lister->items().isEmpty())
        onItemsAdded(lister->items());
}

bool DirectoryModel::isLoading() const
{
    return m_lister && m_lister->isLoading();
}

int DirectoryModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).entry.name == name)
            return int(i);
    }
    return -1;
}

// --- From the lister ---

void DirectoryModel::onStarted(const QString &path)
{
    m_flush.stop();
    beginResetModel();
    m_path = path;
    m_rows.clear();
    m_pending.clear();
    m_keys.clear();
    m_totals = {};
    endResetModel();
    Q_EMIT totalsChanged();
    Q_EMIT folderStarted(path);
}

void DirectoryModel::onItemsAdded(const QList<DirEntry> &batch)
{
    m_pending.append(batch);
    // The first rows of a folder show at once; while a listing streams in, later batches
    // are gathered for a moment, so that a 100,000-entry folder is a few dozen insertions,
    // not hundreds. Anything else (a refresh's diff, our own changes) shows at once.
    if (m_rows.isEmpty() || !isLoading())
        flushPending();
    else if (!m_flush.isActive())
        m_flush.start();
}

void DirectoryModel::flushPending()
{
    m_flush.stop();
    if (m_pending.isEmpty())
        return;
    const QList<DirEntry> batch = std::exchange(m_pending, {});
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    m_rows.reserve(m_rows.size() + batch.size());
    for (const DirEntry &entry : batch) {
        m_rows.append(makeRow(entry));
        count(entry, 1);
    }
    endInsertRows();
    Q_EMIT totalsChanged();
}

void DirectoryModel::onItemsRemoved(const QStringList &names)
{
    flushPending();
    const QSet<QString> gone(names.cbegin(), names.cend());
    // Contiguous runs of rows, removed from the last one so that row numbers hold.
    int row = int(m_rows.size()) - 1;
    while (row >= 0) {
        if (!gone.contains(m_rows.at(row).entry.name)) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && gone.contains(m_rows.at(row - 1).entry.name))
            --row;
        beginRemoveRows({}, row, last);
        for (int i = row; i <= last; ++i)
            count(m_rows.at(i).entry, -1);
        m_rows.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
    Q_EMIT totalsChanged();
}

void DirectoryModel::onItemsChanged(const QList<DirEntry> &batch)
{
    flushPending();
    QHash<QString, const DirEntry *> byName;
    byName.reserve(batch.size());
    for (const DirEntry &entry : batch)
        byName.insert(entry.name, &entry);
    int low = -1;
    int high = -1;
    for (qsizetype i = 0; i < m_rows.size() && !byName.isEmpty(); ++i) {
        const auto it = byName.constFind(m_rows.at(i).entry.name);
        if (it == byName.cend())
            continue;
        Row &row = m_rows[i];
        count(row.entry, -1);
        row.entry = **it;
        row.timeKey = timeKeyOf(row.entry);
        row.type = -1;
        count(row.entry, 1);
        byName.erase(it);
        low = low < 0 ? int(i) : low;
        high = int(i);
    }
    if (low >= 0)
        Q_EMIT dataChanged(index(low, 0), index(high, ColumnCount - 1));
    Q_EMIT totalsChanged();
}

void DirectoryModel::onCompleted(const QString &path)
{
    flushPending();
    Q_EMIT folderCompleted(path);
}

// --- Rows and keys ---

DirectoryModel::Row DirectoryModel::makeRow(const DirEntry &entry)
{
    Row row;
    row.entry = entry;
    row.keyOffset = quint32(m_collator.appendKey(entry.name, m_keys));
    row.keyPrefix = NameCollator::prefixOf(m_keys.constData() + row.keyOffset);
    row.timeKey = timeKeyOf(entry);
    return row;
}

qint64 DirectoryModel::timeKeyOf(const DirEntry &entry)
{
    if (entry.timePrecision == DirEntry::TimePrecision::None || !entry.date.isValid())
        return std::numeric_limits<qint64>::min();
    const qint64 ms = entry.time.isValid() ? entry.time.msecsSinceStartOfDay() : 0;
    return entry.date.toJulianDay() * 86400000 + ms;
}

void DirectoryModel::count(const DirEntry &entry, int sign)
{
    if (entry.isDir) {
        m_totals.folders += sign;
    } else {
        m_totals.files += sign;
        m_totals.bytes += sign * qMax<qint64>(entry.size, 0);
    }
}

int DirectoryModel::compareNames(int a, int b) const
{
    const Row &x = m_rows.at(a);
    const Row &y = m_rows.at(b);
    if (x.keyPrefix != y.keyPrefix)
        return x.keyPrefix < y.keyPrefix ? -1 : 1;
    if (NameCollator::endsInPrefix(x.keyPrefix))
        return 0;
    return std::strcmp(m_keys.constData() + x.keyOffset + 8, m_keys.constData() + y.keyOffset + 8);
}

int DirectoryModel::typeIndex(int row) const
{
    const Row &r = m_rows.at(row);
    if (r.type < 0)
        r.type = m_types.typeOf(r.entry);
    return r.type;
}

// --- QAbstractItemModel ---

int DirectoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DirectoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DirEntry &e = m_rows.at(index.row()).entry;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return e.name;
        case SizeColumn:
            return e.isDir ? QString() : Format::size(e.size);
        case TypeColumn:
            return m_types.type(typeIndex(index.row())).description;
        case ModifiedColumn:
            return Format::time(e);
        case PermissionsColumn:
            return e.permissions;
        case OwnerColumn:
            return e.group.isEmpty() ? e.owner : e.owner + QLatin1Char(' ') + e.group;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return m_types.icon(typeIndex(index.row()));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && e.isLink && !e.target.isEmpty())
            return tr("%1 → %2").arg(e.name, e.target);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (e.isLink) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case NameRole:
        return e.name;
    case IsFolderRole:
        return e.isDir;
    case IsLinkRole:
        return e.isLink;
    case SizeRole:
        return e.size;
    }
    return {};
}

QVariant DirectoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section == SizeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case TypeColumn:
        return tr("Type");
    case ModifiedColumn:
        return tr("Modified");
    case PermissionsColumn:
        return tr("Permissions");
    case OwnerColumn:
        return tr("Owner/Group");
    }
    return {};
}

Qt::ItemFlags DirectoryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn && m_renamable)
        f |= Qt::ItemIsEditable;
    if (index.isValid())
        f |= Qt::ItemNeverHasChildren | Qt::ItemIsDragEnabled;
    return f;
}

bool DirectoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn || !m_renamable ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString from = m_rows.at(index.row()).entry.name;
    const QString to = value.toString();
    if (to.isEmpty() || to == from)
        return false;
    // The row changes when the rename is done (DirectoryLister::applyRenamed).
    Q_EMIT renameRequested(from, to);
    return false;
}

} // namespace ferry
