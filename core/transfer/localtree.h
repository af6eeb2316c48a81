#pragma once

#include <QFileInfo>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace ferry {

// What an upload does with each entry of a local folder it reads (issue #13 §2): send a
// file, read a folder, or skip the entry and say why. The link policy:
//  - a link whose target lies inside the tree being uploaded is followed (sent as what it
//    points to), unless it points to a folder on its own path from the top of the tree
//    (a loop);
//  - a link leaving the tree, a link to nothing, and (with followLinks off) every link is
//    skipped; so are named pipes, sockets and devices.
// Nothing is skipped silently: the caller turns each skip into a row with its reason.
class LocalTree {
public:
    struct Plan {
        enum class Action { File, Folder, Skip };
        Action action = Action::Skip;
        QString reason; // Skip: why, for the user
    };

    // `folder`: the folder being read, a path below the tree's top (through the links
    // followed so far); `top()` gives the top when a link needs it (it may cost lookups).
    LocalTree(QString folder, bool followLinks, std::function<QString()> top);

    Plan plan(const QFileInfo &entry);

private:
    Plan planLink(const QFileInfo &entry);
    const QStringList &pathToFolder(); // canonical paths from the top down to `folder`

    QString m_folder;
    bool m_followLinks;
    std::function<QString()> m_top;
    std::optional<QStringList> m_pathToFolder;
};

} // namespace ferry
