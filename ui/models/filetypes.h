#pragma once

#include "listing/direntry.h"

#include <QHash>
#include <QIcon>
#include <QList>
#include <QString>

namespace ferry {

// What kind of file an entry is, from its name only (never the disk or the network): a
// short description for the Type column and an icon from the desktop theme. Looked up once
// per distinct extension (QMimeDatabase), so 100,000 "*.dat" files cost one lookup.
class FileTypes final {
public:
    struct Type {
        QString description; // "PNG image", "Folder", "DAT file"
        QString iconName;    // the theme's name ("image-png"), then its generic one
        QString genericIconName;
    };
    enum Fixed { Folder, File, FolderLink, FileLink, FixedCount };

    FileTypes();

    int typeOf(QStringView name, bool isDir, bool isLink);
    int typeOf(const DirEntry &entry) { return typeOf(entry.name, entry.isDir, entry.isLink); }
    const Type &type(int index) const { return m_types.at(index); }
    // The theme's icon for the type, else the fallback for folders or files.
    QIcon icon(int index);
    // Icons for when the theme has none (set by the window from its resources).
    void setFallbackIcons(const QIcon &folder, const QIcon &file);

private:
    int add(Type type);
    QList<Type> m_types;
    QHash<QString, int> m_bySuffix; // lower-case suffix -> index
    QHash<int, QIcon> m_icons;
    QIcon m_folderIcon;
    QIcon m_fileIcon;
};

} // namespace ferry
