#include "localfileops.h"

#include "remote/directorylister.h"
#include "remote/locallister.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThreadPool>

#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

namespace {

// Something is at `path`, a dangling link included (QFileInfo::exists follows links).
bool taken(const QString &path)
{
    return QFileInfo::exists(path) || QFileInfo(path).isSymLink();
}

int modeOf(const QString &path)
{
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

bool setMode(const QString &path, int mode)
{
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

QString reason()
{
    return QString::fromLocal8Bit(strerror(errno));
}

// `source` copied to `target` (which does not exist): folders with what they hold, links as
// links (never what they point to). The first failure stops it and is returned.
QString copyTree(const QString &source, const QString &target, int depth)
{
    const QFileInfo info(source);
    if (depth > 256)
        return LocalFileOps::tr("Could not copy %1: too deep.").arg(source);
    if (info.isSymLink()) {
        const QByteArray to = QFile::encodeName(source);
        QByteArray link(4096, '\0');
        const ssize_t n = ::readlink(to.constData(), link.data(), size_t(link.size()));
        if (n < 0 || ::symlink(link.left(n).constData(), QFile::encodeName(target).constData()) != 0)
            return LocalFileOps::tr("Could not copy %1: %2.").arg(source, reason());
        return {};
    }
    if (!info.isDir()) {
        QFile file(source);
        return file.copy(target) ? QString()
                                 : LocalFileOps::tr("Could not copy %1: %2.").arg(source, file.errorString());
    }
    if (!QDir().mkdir(target))
        return LocalFileOps::tr("Could not copy %1: %2.").arg(source, reason());
    const QStringList names =
        QDir(source).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    for (const QString &name : names) {
        const QString error =
            copyTree(source + QLatin1Char('/') + name, target + QLatin1Char('/') + name, depth + 1);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

} // namespace

LocalFileOps::LocalFileOps(QObject *parent)
    : FileOps(parent)
{
}

void LocalFileOps::run(const QString &folder, std::function<Result()> work)
{
    begin();
    QPointer<LocalFileOps> self(this);
    QThreadPool::globalInstance()->start([self, folder, work] {
        Result result = work();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, folder, result] {
                if (!self)
                    return;
                if (DirectoryLister *lister = self->m_lister) {
                    if (!result.renamedFrom.isEmpty())
                        lister->applyRenamed(folder, result.renamedFrom, result.renamedTo);
                    for (const QString &name : result.removed)
                        lister->applyRemoved(folder, name);
                    for (const DirEntry &entry : result.otherChanged)
                        lister->applyAdded(result.otherFolder, entry);
                    for (const DirEntry &entry : result.changed)
                        lister->applyAdded(folder, entry);
                }
                for (const QString &error : result.errors)
                    Q_EMIT self->failed(error);
                if (!result.note.isEmpty())
                    Q_EMIT self->done(result.note);
                self->end();
            },
            Qt::QueuedConnection);
    });
}

void LocalFileOps::makeFolder(const QString &folder, const QString &name)
{
    run(folder, [folder, name] {
        Result r;
        const QString path = DirectoryLister::childPath(folder, name);
        if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
            r.errors.append(tr("Could not create %1: it already exists.").arg(path));
        else if (!QDir().mkdir(path))
            r.errors.append(tr("Could not create %1: %2.").arg(path, reason()));
        else {
            r.changed.append(LocalLister::entryFor(path));
            r.note = tr("Created folder %1").arg(path);
        }
        return r;
    });
}

void LocalFileOps::makeFile(const QString &folder, const QString &name)
{
    run(folder, [folder, name] {
        Result r;
        const QString path = DirectoryLister::childPath(folder, name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            r.errors.append(QFileInfo::exists(path)
                                ? tr("Could not create %1: it already exists.").arg(path)
                                : tr("Could not create %1: %2.").arg(path, file.errorString()));
        } else {
            file.close();
            r.changed.append(LocalLister::entryFor(path));
            r.note = tr("Created file %1").arg(path);
        }
        return r;
    });
}

void LocalFileOps::rename(const QString &folder, const QString &from, const QString &to)
{
    run(folder, [folder, from, to] {
        Result r;
        const QString source = DirectoryLister::childPath(folder, from);
        const QString target = DirectoryLister::childPath(folder, to);
        if (to.contains(QLatin1Char('/')) || to == QLatin1String(".") || to == QLatin1String(".."))
            r.errors.append(tr("Could not rename %1: \"%2\" is not a valid name.").arg(source, to));
        else if (taken(target))
            r.errors.append(tr("Could not rename %1 to %2: it already exists.").arg(source, to));
        else if (!QDir().rename(source, target))
            r.errors.append(tr("Could not rename %1 to %2: %3.").arg(source, to, reason()));
        else {
            r.renamedFrom = from;
            r.renamedTo = to;
            r.note = tr("Renamed %1 to %2").arg(source, to);
        }
        return r;
    });
}

void LocalFileOps::move(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder)
{
    run(fromFolder, [fromFolder, entries, toFolder] {
        Result r;
        r.otherFolder = toFolder;
        for (const DirEntry &entry : entries) {
            const QString source = DirectoryLister::childPath(fromFolder, entry.name);
            const QString target = DirectoryLister::childPath(toFolder, entry.name);
            if (taken(target)) {
                r.errors.append(tr("Could not move %1: %2 exists already.").arg(source, target));
            } else if (!QDir().rename(source, target)) {
                r.errors.append(tr("Could not move %1 to %2: %3.").arg(source, toFolder, reason()));
            } else {
                r.removed.append(entry.name);
                r.otherChanged.append(LocalLister::entryFor(target));
            }
        }
        if (!r.removed.isEmpty())
            r.note = tr("Moved %n item(s) to %1", nullptr, int(r.removed.size())).arg(toFolder);
        return r;
    });
}

void LocalFileOps::copy(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder)
{
    run(fromFolder, [fromFolder, entries, toFolder] {
        Result r;
        r.otherFolder = toFolder;
        for (const DirEntry &entry : entries) {
            const QString source = DirectoryLister::childPath(fromFolder, entry.name);
            const QString target = DirectoryLister::childPath(toFolder, entry.name);
            QString error;
            if (taken(target))
                error = tr("Could not copy %1: %2 exists already.").arg(source, target);
            else
                error = copyTree(source, target, 0);
            if (!error.isEmpty())
                r.errors.append(error);
            if (taken(target))
                r.otherChanged.append(LocalLister::entryFor(target)); // also a part copied
        }
        const int copied = int(entries.size() - r.errors.size());
        if (copied > 0)
            r.note = tr("Copied %n item(s) to %1", nullptr, copied).arg(toFolder);
        return r;
    });
}

void LocalFileOps::remove(const QString &folder, const QList<DirEntry> &entries, bool permanently)
{
    run(folder, [folder, entries, permanently] {
        Result r;
        for (const DirEntry &entry : entries) {
            const QString path = DirectoryLister::childPath(folder, entry.name);
            bool ok = false;
            QString why;
            if (!permanently) {
                // Qt 6.4 trashes into the current folder when the data folder is missing.
                QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
                ok = QFile::moveToTrash(path);
                why = tr("it could not be moved to the trash (Shift+Del deletes it for good)");
            } else if (entry.isDir && !entry.isLink) {
                ok = QDir(path).removeRecursively();
                why = tr("some of its contents could not be deleted");
            } else {
                QFile file(path);
                ok = file.remove();
                why = file.errorString();
            }
            if (ok)
                r.removed.append(entry.name);
            else
                r.errors.append(tr("Could not delete %1: %2.").arg(path, why));
        }
        if (!r.removed.isEmpty())
            r.note =
                permanently
                    ? tr("Deleted %n item(s) in %1", nullptr, int(r.removed.size())).arg(folder)
                    : tr("Moved %n item(s) from %1 to the trash", nullptr, int(r.removed.size())).arg(folder);
        return r;
    });
}

void LocalFileOps::changePermissions(const QString &folder, const QList<DirEntry> &entries,
                                     const PermissionChange &change)
{
    run(folder, [folder, entries, change] {
        Result r;
        int count = 0;
        const auto apply = [&](const QString &path) {
            const int mode = change.apply(modeOf(path));
            if (setMode(path, mode))
                ++count;
            else
                r.errors.append(tr("Could not change the permissions of %1: %2.").arg(path, reason()));
        };
        for (const DirEntry &entry : entries) {
            const QString path = DirectoryLister::childPath(folder, entry.name);
            if (entry.isLink)
                continue; // chmod follows links: never change what a link points to by accident
            if (!change.recursive || change.appliesTo(entry.isDir))
                apply(path);
            if (change.recursive && entry.isDir) {
                QDirIterator it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                                QDirIterator::Subdirectories);
                while (it.hasNext()) {
                    it.next();
                    const QFileInfo info = it.fileInfo();
                    if (!info.isSymLink() && change.appliesTo(info.isDir()))
                        apply(info.filePath());
                }
            }
            r.changed.append(LocalLister::entryFor(path));
        }
        if (count > 0)
            r.note = tr("Changed the permissions of %n item(s)", nullptr, count);
        return r;
    });
}

void LocalFileOps::refreshEntry(const QString &path)
{
    const QString folder = DirectoryLister::parentPath(path);
    run(folder, [path] {
        Result r;
        if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
            r.changed.append(LocalLister::entryFor(path));
        else
            r.removed.append(QFileInfo(path).fileName());
        return r;
    });
}

} // namespace ferry
