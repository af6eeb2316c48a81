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

namespace ferry {

namespace {

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
        else if (QFileInfo::exists(target) || QFileInfo(target).isSymLink())
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
        if (QFileInfo::exists(path))
            r.changed.append(LocalLister::entryFor(path));
        return r;
    });
}

} // namespace ferry
