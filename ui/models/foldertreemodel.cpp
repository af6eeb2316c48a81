#include "foldertreemodel.h"

#include <QIcon>

namespace ferry {

namespace {
// Case-insensitive first ("bin" beside "Boot"), then exact, so that the order is total.
bool nameLess(const QString &a, const QString &b)
{
    const int c = a.compare(b, Qt::CaseInsensitive);
    return c != 0 ? c < 0 : a < b;
}
} // namespace

int FolderTreeModel::Node::row() const
{
    if (!parent)
        return 0;
    const auto &siblings = parent->children;
    for (size_t i = 0; i < siblings.size(); ++i) {
        if (siblings[i].get() == this)
            return int(i);
    }
    return 0;
}

FolderTreeModel::FolderTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    clear();
}

FolderTreeModel::~FolderTreeModel() = default;

void FolderTreeModel::clear()
{
    beginResetModel();
    m_invisible = std::make_unique<Node>();
    auto root = std::make_unique<Node>();
    root->name = QStringLiteral("/");
    root->parent = m_invisible.get();
    m_invisible->children.push_back(std::move(root));
    m_invisible->listed = true;
    endResetModel();
}

void FolderTreeModel::setFolderIcon(const QIcon &icon)
{
    m_icon = QVariant::fromValue(icon);
}

QStringList FolderTreeModel::split(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

FolderTreeModel::Node *FolderTreeModel::child(Node *node, const QString &name, bool create)
{
    auto &children = node->children;
    const auto at = std::lower_bound(
        children.begin(), children.end(), name,
        [](const std::unique_ptr<Node> &n, const QString &key) { return nameLess(n->name, key); });
    if (at != children.end() && (*at)->name == name)
        return at->get();
    if (!create)
        return nullptr;
    const int row = int(at - children.begin());
    beginInsertRows(indexFor(node), row, row);
    auto fresh = std::make_unique<Node>();
    fresh->name = name;
    fresh->parent = node;
    Node *result = fresh.get();
    children.insert(children.begin() + row, std::move(fresh));
    endInsertRows();
    return result;
}

QModelIndex FolderTreeModel::ensurePath(const QString &path)
{
    Node *node = m_invisible->children.front().get();
    for (const QString &part : split(path))
        node = child(node, part, true);
    return indexFor(node);
}

void FolderTreeModel::setChildren(const QString &path, QStringList names)
{
    Node *node = find(path);
    if (!node) {
        ensurePath(path);
        node = find(path);
    }
    std::sort(names.begin(), names.end(), nameLess);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const QModelIndex parentIndex = indexFor(node);
    // Gone: removed one by one (folders are few); new: inserted in order.
    for (int row = int(node->children.size()) - 1; row >= 0; --row) {
        if (!std::binary_search(names.cbegin(), names.cend(), node->children[row]->name, nameLess)) {
            beginRemoveRows(parentIndex, row, row);
            node->children.erase(node->children.begin() + row);
            endRemoveRows();
        }
    }
    if (node->children.empty() && !names.isEmpty()) {
        // A first listing: one insertion for all of them.
        beginInsertRows(parentIndex, 0, int(names.size()) - 1);
        for (const QString &name : std::as_const(names)) {
            auto fresh = std::make_unique<Node>();
            fresh->name = name;
            fresh->parent = node;
            node->children.push_back(std::move(fresh));
        }
        endInsertRows();
    } else {
        for (const QString &name : std::as_const(names))
            child(node, name, true);
    }
    const bool wasListed = node->listed;
    node->listed = true;
    node->requested = false;
    if (!wasListed && node->children.empty())
        Q_EMIT dataChanged(parentIndex, parentIndex); // no expander any more
}

FolderTreeModel::Node *FolderTreeModel::find(const QString &path) const
{
    Node *node = m_invisible->children.front().get();
    for (const QString &part : split(path)) {
        node = const_cast<FolderTreeModel *>(this)->child(node, part, false);
        if (!node)
            return nullptr;
    }
    return node;
}

QModelIndex FolderTreeModel::indexOf(const QString &path) const
{
    Node *node = find(path);
    return node ? indexFor(node) : QModelIndex();
}

QString FolderTreeModel::pathOf(const QModelIndex &index) const
{
    QStringList parts;
    for (Node *node = nodeFor(index); node && node->parent; node = node->parent) {
        if (node->parent != m_invisible.get())
            parts.prepend(node->name);
    }
    return QLatin1Char('/') + parts.join(QLatin1Char('/'));
}

FolderTreeModel::Node *FolderTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_invisible.get();
}

QModelIndex FolderTreeModel::indexFor(Node *node) const
{
    if (!node || node == m_invisible.get())
        return {};
    return createIndex(node->row(), 0, node);
}

QModelIndex FolderTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    Node *node = nodeFor(parent);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, 0, node->children[row].get());
}

QModelIndex FolderTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int FolderTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int FolderTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool FolderTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return !node->children.empty() || !node->listed;
}

QVariant FolderTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return role == Qt::ToolTipRole ? pathOf(index) : nodeFor(index)->name;
    case Qt::DecorationRole:
        return m_icon;
    case PathRole:
        return pathOf(index);
    }
    return {};
}

bool FolderTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return !node->listed && !node->requested;
}

void FolderTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *node = nodeFor(parent);
    if (node->listed || node->requested)
        return;
    node->requested = true;
    Q_EMIT fetchRequested(pathOf(parent));
}

} // namespace ferry
