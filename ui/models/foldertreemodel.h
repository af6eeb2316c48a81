#pragma once

#include <QAbstractItemModel>
#include <QStringList>
#include <memory>
#include <vector>

namespace ferry {

// The folder tree beside a pane's list, local or remote (FileZilla's tree above the list):
// "/" and below it the folders met so far. A folder's children are known once it was
// listed (the pane's own listings feed setChildren(); expanding an unlisted folder asks for
// one with fetchRequested(), which the pane's controller answers). Paths are absolute,
// '/'-separated; nothing here touches the disk or the network.
class FolderTreeModel final : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FolderTreeModel)
public:
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit FolderTreeModel(QObject *parent = nullptr);
    ~FolderTreeModel() override;

    // Forgets everything (a new connection).
    void clear();
    // Makes sure the folders of `path` exist as nodes; returns the last one's index.
    QModelIndex ensurePath(const QString &path);
    // The folders directly inside `path`, as a listing found them (the others go).
    void setChildren(const QString &path, QStringList names);
    QModelIndex indexOf(const QString &path) const;
    QString pathOf(const QModelIndex &index) const;
    void setFolderIcon(const QIcon &icon);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void fetchRequested(const QString &path);

private:
    struct Node {
        QString name;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children; // sorted by name
        bool listed = false;
        bool requested = false;
        int row() const;
    };
    Node *nodeFor(const QModelIndex &index) const;
    Node *find(const QString &path) const;
    QModelIndex indexFor(Node *node) const;
    Node *child(Node *node, const QString &name, bool create);
    static QStringList split(const QString &path);

    std::unique_ptr<Node> m_root; // "/": the one top-level row
    std::unique_ptr<Node> m_invisible;
    QVariant m_icon;
};

} // namespace ferry
