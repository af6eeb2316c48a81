#include "localtree.h"

#include <QCoreApplication>
#include <QDir>
#include <sys/stat.h>

namespace ferry {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ferry::LocalTree", text);
}

// Why a file that is neither a regular file nor a folder is not sent (lstat's type).
QString specialFileReason(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return tr("it cannot be read");
    if (S_ISFIFO(st.st_mode))
        return tr("a named pipe (FIFO)");
    if (S_ISSOCK(st.st_mode))
        return tr("a socket");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        return tr("a device");
    return tr("not a regular file");
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder ||
           path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

} // namespace

LocalTree::LocalTree(QString folder, bool followLinks, std::function<QString()> top)
    : m_folder(std::move(folder))
    , m_followLinks(followLinks)
    , m_top(std::move(top))
{
}

LocalTree::Plan LocalTree::plan(const QFileInfo &entry)
{
    if (entry.isSymLink())
        return planLink(entry);
    if (entry.isDir())
        return {Plan::Action::Folder, {}};
    if (entry.isFile())
        return {Plan::Action::File, {}};
    return {Plan::Action::Skip, specialFileReason(entry.filePath())};
}

LocalTree::Plan LocalTree::planLink(const QFileInfo &entry)
{
    const QString target = entry.symLinkTarget();
    if (!m_followLinks)
        return {Plan::Action::Skip, tr("a link to %1; links are not followed").arg(target)};
    const QString real = entry.canonicalFilePath(); // empty: nothing there (or a loop of links)
    if (real.isEmpty())
        return {Plan::Action::Skip, tr("a link to %1, which does not exist").arg(target)};
    const QStringList &path = pathToFolder();
    if (path.isEmpty() || !isInside(real, path.first()))
        return {Plan::Action::Skip, tr("a link to %1, outside the folder being uploaded").arg(real)};
    if (entry.isDir()) {
        if (path.contains(real))
            return {Plan::Action::Skip, tr("a link to %1, a folder it is in: a loop").arg(real)};
        return {Plan::Action::Folder, {}};
    }
    if (entry.isFile())
        return {Plan::Action::File, {}};
    return {Plan::Action::Skip, tr("a link to %1, %2").arg(real, specialFileReason(real))};
}

const QStringList &LocalTree::pathToFolder()
{
    if (m_pathToFolder)
        return *m_pathToFolder;
    m_pathToFolder.emplace();
    const QString top = QDir::cleanPath(m_top());
    const QString folder = QDir::cleanPath(m_folder);
    if (!isInside(folder, top))
        return *m_pathToFolder;
    // The top, then each folder below it on the way to this one, as the file system sees
    // them (through the links followed so far).
    QString logical = top;
    m_pathToFolder->append(QFileInfo(top).canonicalFilePath());
    const QStringList below = folder.mid(top.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &name : below) {
        logical += QLatin1Char('/') + name;
        m_pathToFolder->append(QFileInfo(logical).canonicalFilePath());
    }
    return *m_pathToFolder;
}

} // namespace ferry
