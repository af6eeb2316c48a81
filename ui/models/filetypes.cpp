#include "filetypes.h"

#include <QCoreApplication>
#include <QMimeDatabase>

namespace ferry {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(ferry::FileTypes)
};
} // namespace

FileTypes::FileTypes()
{
    add({Tr::tr("Folder"), QStringLiteral("folder"), QString()});
    add({Tr::tr("File"), QStringLiteral("text-x-generic"), QString()});
    add({Tr::tr("Link to folder"), QStringLiteral("folder"), QString()});
    add({Tr::tr("Link"), QStringLiteral("text-x-generic"), QString()});
}

int FileTypes::add(Type type)
{
    m_types.append(std::move(type));
    return int(m_types.size() - 1);
}

int FileTypes::typeOf(QStringView name, bool isDir, bool isLink)
{
    if (isDir)
        return isLink ? FolderLink : Folder;
    if (isLink)
        return FileLink;
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0 || dot == name.size() - 1 || name.size() - dot > 12)
        return File; // no extension, a dot file, or something that is not an extension
    const QString suffix = name.mid(dot + 1).toString().toLower();
    const auto it = m_bySuffix.constFind(suffix);
    if (it != m_bySuffix.cend())
        return *it;
    static const QMimeDatabase mimes;
    const QList<QMimeType> candidates = mimes.mimeTypesForFileName(name.toString());
    Type type;
    if (!candidates.isEmpty() && !candidates.first().isDefault()) {
        const QMimeType &mime = candidates.first();
        type = {mime.comment(), mime.iconName(), mime.genericIconName()};
        if (!type.description.isEmpty())
            type.description[0] = type.description.at(0).toUpper();
    } else {
        type = {Tr::tr("%1 file").arg(suffix.toUpper()), QStringLiteral("text-x-generic"), QString()};
    }
    const int index = add(std::move(type));
    m_bySuffix.insert(suffix, index);
    return index;
}

QIcon FileTypes::icon(int index)
{
    auto it = m_icons.constFind(index);
    if (it != m_icons.cend())
        return *it;
    const Type &t = m_types.at(index);
    const bool folder = index == Folder || index == FolderLink;
    QIcon icon = QIcon::fromTheme(t.iconName);
    if (icon.isNull() && !t.genericIconName.isEmpty())
        icon = QIcon::fromTheme(t.genericIconName);
    if (icon.isNull())
        icon = folder ? m_folderIcon : m_fileIcon;
    m_icons.insert(index, icon);
    return icon;
}

void FileTypes::setFallbackIcons(const QIcon &folder, const QIcon &file)
{
    m_folderIcon = folder;
    m_fileIcon = file;
    m_icons.clear();
}

} // namespace ferry
