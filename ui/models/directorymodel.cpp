#include "directorymodel.h"

#include "entrymime.h"
#include "formatting.h"
#include "remote/directorylister.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QMimeData>
#include <QSet>

#include <cstring>

namespace ferry {

DirectoryModel::DirectoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flush.setSingleShot(true);
    connect(&m_flush, &QTimer::timeout, this, [this] { insertPending(kSliceRows); });
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
                    insertPending(INT_MAX);
                    Q_EMIT folderFailed(path, error);
                }),
        connect(lister, &QObject::destroyed, this, [this] { setLister(nullptr); }),
    };
    insertPending(INT_MAX);
}

bool DirectoryModel::isLoading() const
{
    return m_lister && (m_lister->isLoading() || pendingRows() > 0);
}

int DirectoryModel::rowOf(QStringView name) const
{
    // Rows are the lister's first entries, in its order (outside onItemsRemoved()).
    const qsizetype at = m_lister ? store().indexOf(name) : -1;
    return at >= 0 && at < m_meta.size() ? int(at) : -1;
}

qsizetype DirectoryModel::listerIndex(int row) const
{
    if (m_removing.isEmpty())
        return row;
    return row - (std::lower_bound(m_removing.cbegin(), m_removing.cend(), row) - m_removing.cbegin());
}

int DirectoryModel::pendingRows() const
{
    return m_lister ? int(m_lister->items().size() - m_meta.size()) : 0;
}

// --- From the lister ---

void DirectoryModel::onStarted(const QString &path)
{
    m_flush.stop();
    m_completedPending = false;
    beginResetModel();
    m_path = path;
    m_meta.clear();
    m_keys.clear();
    m_totals = {};
    endResetModel();
    Q_EMIT totalsChanged();
    Q_EMIT folderStarted(path);
}

void DirectoryModel::onItemsAdded()
{
    // The first rows of a folder show at once; while a listing streams in, later batches
    // are gathered for a moment, so that a 100,000-entry folder is a few dozen insertions,
    // not hundreds. Anything else (a refresh's diff, our own changes, a cached folder) shows
    // at once, kSliceRows rows per turn (the rest follows on the next turns).
    if (m_meta.isEmpty())
        insertPending(kSliceRows);
    else if (m_lister->isLoading() && !m_flush.isActive())
        m_flush.start(kCoalesceMs);
    else if (!m_lister->isLoading() && m_flush.isActive())
        m_flush.start(0); // rows are being handed over already: these follow them
    else if (!m_lister->isLoading())
        insertPending(kSliceRows);
}

void DirectoryModel::insertPending(int limit)
{
    const int pending = pendingRows();
    if (pending <= 0)
        return;
    const int count = qMin(pending, limit);
    const int first = int(m_meta.size());
    const EntryStore &items = store();
    beginInsertRows({}, first, first + count - 1);
    for (int i = first; i < first + count; ++i) {
        Meta meta;
        meta.keyOffset = quint32(m_collator.appendKey(items.name(i), m_keys));
        meta.keyPrefix = NameCollator::prefixOf(m_keys.constData() + meta.keyOffset);
        meta.folder = items.isDir(i);
        m_meta.append(meta);
        if (items.isDir(i)) {
            ++m_totals.folders;
        } else {
            ++m_totals.files;
            m_totals.bytes += qMax<qint64>(0, items.fileSize(i));
        }
    }
    endInsertRows();
    Q_EMIT totalsChanged();
    // The rest on the next turns, so that the window keeps answering.
    if (pendingRows() > 0) {
        if (!m_flush.isActive())
            m_flush.start(0);
    } else if (std::exchange(m_completedPending, false)) {
        Q_EMIT folderCompleted(m_path);
    }
}

void DirectoryModel::onItemsRemoved()
{
    // Where the removed entries were: the rows among them (the lister's first entries are
    // the rows; entries not handed over yet are just not there any more).
    for (qsizetype at : m_lister->removedPositions()) {
        if (at < m_meta.size())
            m_removing.append(int(at));
    }
    // Contiguous runs of rows, removed from the last one so that row numbers hold. A run
    // stays in m_removing until it is gone, so that entry() maps the rows around it right
    // while the views are told. (Rows the lister had not handed over yet just are not there
    // any more.)
    while (!m_removing.isEmpty()) {
        const int last = m_removing.last();
        qsizetype at = m_removing.size() - 1;
        while (at > 0 && m_removing.at(at - 1) == m_removing.at(at) - 1)
            --at;
        const int first = m_removing.at(at);
        beginRemoveRows({}, first, last);
        m_meta.remove(first, last - first + 1);
        endRemoveRows();
        m_removing.resize(at);
    }
    recount();
}

void DirectoryModel::onItemsChanged(const QList<DirEntry> &batch)
{
    int low = INT_MAX;
    int high = -1;
    for (const DirEntry &entry : batch) {
        const int row = rowOf(entry.name);
        if (row < 0)
            continue;
        m_meta[row].folder = store().isDir(row);
        m_meta[row].type = -1;
        low = qMin(low, row);
        high = qMax(high, row);
    }
    if (high >= 0)
        Q_EMIT dataChanged(index(low, 0), index(high, ColumnCount - 1));
    recount();
}

void DirectoryModel::onCompleted(const QString &path)
{
    if (pendingRows() == 0) {
        Q_EMIT folderCompleted(path);
    } else {
        m_completedPending = true; // announced once the last rows are in (see insertPending)
        m_flush.start(0);
    }
}

void DirectoryModel::recount()
{
    m_totals = {};
    for (int row = 0; row < m_meta.size(); ++row) {
        if (m_meta.at(row).folder) {
            ++m_totals.folders;
        } else {
            ++m_totals.files;
            m_totals.bytes += qMax<qint64>(0, size(row));
        }
    }
    Q_EMIT totalsChanged();
}

// --- Keys ---

int DirectoryModel::compareNames(int a, int b) const
{
    const Meta &x = m_meta.at(a);
    const Meta &y = m_meta.at(b);
    if (x.keyPrefix != y.keyPrefix)
        return x.keyPrefix < y.keyPrefix ? -1 : 1;
    if (NameCollator::endsInPrefix(x.keyPrefix))
        return 0;
    return std::strcmp(m_keys.constData() + x.keyOffset + 8, m_keys.constData() + y.keyOffset + 8);
}

int DirectoryModel::typeIndex(int row) const
{
    const Meta &meta = m_meta.at(row);
    if (meta.type < 0)
        meta.type = m_types.typeOf(name(row), meta.folder, store().isLink(listerIndex(row)));
    return meta.type;
}

// --- QAbstractItemModel ---

int DirectoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_meta.size());
}

int DirectoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

DirectoryModel::Comparison DirectoryModel::comparison(int row) const
{
    if (!m_comparing)
        return Comparison::None;
    return m_comparison.value(name(row).toString(), Comparison::Same);
}

void DirectoryModel::setComparison(const QHash<QString, Comparison> &states, bool comparing)
{
    if (!comparing && !m_comparing)
        return;
    m_comparison = comparing ? states : QHash<QString, Comparison>();
    m_comparing = comparing;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::BackgroundRole, Qt::ToolTipRole, ComparisonRole});
}

QVariant DirectoryModel::comparisonTint(Comparison state)
{
    // FileZilla's yellow, green and red, translucent: over a light or a dark base the
    // text keeps the palette's colour and stays readable.
    switch (state) {
    case Comparison::OnlyHere:
        return QBrush(QColor(255, 200, 0, 90));
    case Comparison::Newer:
        return QBrush(QColor(40, 190, 40, 80));
    case Comparison::SizeDiffers:
        return QBrush(QColor(230, 40, 40, 80));
    case Comparison::None:
    case Comparison::Same:
        break;
    }
    return {};
}

QString DirectoryModel::comparisonText(Comparison state)
{
    switch (state) {
    case Comparison::OnlyHere:
        return tr("Only on this side");
    case Comparison::Newer:
        return tr("Newer on this side");
    case Comparison::SizeDiffers:
        return tr("The size differs from the other side");
    case Comparison::None:
    case Comparison::Same:
        break;
    }
    return {};
}

QVariant DirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const EntryStore &items = store();
    const qsizetype i = listerIndex(row);
    // A row being removed is gone from the lister already: a view that asks about it while
    // it is told (a size hint for the selected rows) gets nothing, not a read past the end.
    if (i >= items.size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return items.name(i).toString();
        case SizeColumn:
            return items.isDir(i) ? QString() : Format::size(items.fileSize(i));
        case TypeColumn:
            return m_types.type(typeIndex(row)).description;
        case ModifiedColumn:
            return Format::time(items.date(i), items.time(i), items.timePrecision(i), items.timeIsUtc(i));
        case PermissionsColumn:
            return items.permissions(i);
        case OwnerColumn:
            return items.group(i).isEmpty() ? items.owner(i)
                                            : items.owner(i) + QLatin1Char(' ') + items.group(i);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return m_types.icon(typeIndex(row));
        return {};
    case Qt::BackgroundRole:
        return comparisonTint(comparison(row));
    case ComparisonRole:
        return QVariant::fromValue(comparison(row));
    case Qt::ToolTipRole:
        if (const QString why = comparisonText(comparison(row)); !why.isEmpty())
            return why;
        if (index.column() == NameColumn && items.isLink(i)) {
            if (const QString target = items.target(i); !target.isEmpty())
                return tr("%1 → %2").arg(items.name(i), target);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (items.isLink(i)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case NameRole:
        return items.name(i).toString();
    case IsFolderRole:
        return items.isDir(i);
    case IsLinkRole:
        return items.isLink(i);
    case SizeRole:
        return items.fileSize(i);
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
    // Folders take drops; the list itself (an invalid index) takes them for its folder.
    if (m_dropHandler && m_lister && (!index.isValid() || m_meta.at(index.row()).folder))
        f |= Qt::ItemIsDropEnabled;
    return f;
}

QString DirectoryModel::dropFolder(const QModelIndex &parent) const
{
    if (!m_lister || m_path.isEmpty())
        return {};
    if (!parent.isValid())
        return m_path;
    if (!checkIndex(parent, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringView folder = name(parent.row());
    if (!m_meta.at(parent.row()).folder || folder == QLatin1String("..") || folder == QLatin1String("."))
        return {};
    return DirectoryLister::childPath(m_path, folder.toString());
}

QStringList DirectoryModel::mimeTypes() const
{
    return {QLatin1String(EntryMime::kType), QStringLiteral("text/uri-list")};
}

QMimeData *DirectoryModel::mimeData(const QModelIndexList &indexes) const
{
    if (m_origin.isEmpty() || !m_lister)
        return nullptr;
    // One index per row and column: each row marked once, then taken in order (a search per
    // index made a drag of 10,000 rows quadratic).
    QList<bool> marked(rowCount(), false);
    qsizetype count = 0;
    for (const QModelIndex &i : indexes) {
        if (checkIndex(i, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) &&
            !marked.at(i.row())) {
            marked[i.row()] = true;
            ++count;
        }
    }
    QList<DirEntry> entries;
    entries.reserve(count);
    for (int row = 0; row < marked.size(); ++row) {
        if (marked.at(row))
            entries.append(entry(row));
    }
    QMimeData *data = EntryMime::encode(m_origin, m_path, entries);
    if (m_decorator)
        m_decorator(data);
    return data;
}

Qt::DropActions DirectoryModel::supportedDragActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

Qt::DropAction DirectoryModel::dropActionFor(const QMimeData *data, Qt::KeyboardModifiers modifiers) const
{
    const EntryMime::Payload payload = EntryMime::decode(data);
    if (payload.isNull() || payload.origin != m_origin)
        return Qt::CopyAction;
    return modifiers.testFlag(Qt::ControlModifier) && !modifiers.testFlag(Qt::ShiftModifier) ? Qt::CopyAction
                                                                                             : Qt::MoveAction;
}

Qt::DropActions DirectoryModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

bool DirectoryModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                     const QModelIndex &parent) const
{
    const QString folder = dropFolder(parent);
    if (!m_dropHandler || !data || folder.isEmpty())
        return false;
    const EntryMime::Payload payload = EntryMime::decode(data);
    if (payload.isNull())
        return m_acceptsFiles && !EntryMime::localFiles(data).isEmpty();
    if (payload.origin != m_origin)
        return true; // between the panes: a copy, whatever the action asked
    // Within this pane: a move (or a copy, where this side makes them) into another folder,
    // never into itself or below itself.
    const bool possible = action == Qt::MoveAction || (action == Qt::CopyAction && m_copiesWithin);
    if (!possible || folder == payload.folder)
        return false;
    return std::none_of(payload.entries.cbegin(), payload.entries.cend(), [&](const EntryMime::Entry &e) {
        const QString moved = DirectoryLister::childPath(payload.folder, e.name);
        return e.isDir && (folder == moved || folder.startsWith(moved + QLatin1Char('/')));
    });
}

bool DirectoryModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                  const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const EntryMime::Payload payload = EntryMime::decode(data);
    const bool here = !payload.isNull() && payload.origin == m_origin;
    return m_dropHandler(data, dropFolder(parent), here ? action : Qt::CopyAction);
}

bool DirectoryModel::canMoveAcross(const QMimeData *data) const
{
    const EntryMime::Payload payload = EntryMime::decode(data);
    return !payload.isNull() && !m_movableFrom.isEmpty() && payload.origin == m_movableFrom;
}

bool DirectoryModel::dropAcross(const QMimeData *data, Qt::DropAction action, const QModelIndex &parent)
{
    if ((action != Qt::CopyAction && action != Qt::MoveAction) || !canMoveAcross(data) ||
        !canDropMimeData(data, Qt::CopyAction, -1, -1, parent))
        return false;
    return m_dropHandler(data, dropFolder(parent), action);
}

bool DirectoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn || !m_renamable ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString from = name(index.row()).toString();
    const QString to = value.toString();
    if (to.isEmpty() || to == from)
        return false;
    // The row changes when the rename is done (DirectoryLister::applyRenamed).
    Q_EMIT renameRequested(from, to);
    return false;
}

} // namespace ferry
