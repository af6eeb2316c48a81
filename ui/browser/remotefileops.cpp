#include "remotefileops.h"

#include "remote/directorylister.h"
#include "remote/remotesession.h"

#include <QBuffer>
#include <QDateTime>

namespace ferry {

namespace {

bool isDrop(const RemoteError &error)
{
    return error.kind() == RemoteError::Kind::Network || error.kind() == RemoteError::Kind::Timeout;
}

DirEntry newEntry(const QString &name, bool folder)
{
    DirEntry e;
    e.name = name;
    e.isDir = folder;
    e.size = folder ? -1 : 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    e.date = now.date();
    e.time = QTime(now.time().hour(), now.time().minute(), now.time().second());
    e.timePrecision = DirEntry::TimePrecision::Second;
    e.timeIsUtc = true;
    return e;
}

} // namespace

RemoteFileOps::RemoteFileOps(RemoteSession *session, QObject *parent)
    : FileOps(parent)
    , m_session(session)
{
}

bool RemoteFileOps::canChangePermissions() const
{
    // Before the login the features are unknown: offer it, the server will say.
    return m_session &&
           (!m_session->isLoggedIn() || m_session->features().testFlag(RemoteSession::Feature::Chmod));
}

void RemoteFileOps::call(const std::function<RemoteCall *()> &make,
                         const std::function<void(RemoteCall *)> &then, bool retried)
{
    if (!m_session) {
        end();
        return;
    }
    const bool wasLoggedIn = m_session->isLoggedIn();
    RemoteCall *c = make();
    connect(c, &RemoteCall::finished, this, [this, c, make, then, retried, wasLoggedIn] {
        if (!c->succeeded() && !retried && wasLoggedIn && isDrop(c->error()) && m_session &&
            !m_session->isLoggedIn()) {
            call(make, then, true); // the connection had gone: once more, on a new one
            return;
        }
        then(c);
    });
}

void RemoteFileOps::makeFolder(const QString &folder, const QString &name)
{
    const QString path = DirectoryLister::childPath(folder, name);
    begin();
    call([this, path] { return m_session->mkdir(path); },
         [this, folder, name, path](RemoteCall *c) {
             if (c->succeeded()) {
                 if (m_lister)
                     m_lister->applyAdded(folder, newEntry(name, true));
                 Q_EMIT done(tr("Created folder %1").arg(path));
             } else {
                 Q_EMIT failed(c->error().toString());
             }
             end();
         });
}

void RemoteFileOps::makeFile(const QString &folder, const QString &name)
{
    const QString path = DirectoryLister::childPath(folder, name);
    begin();
    auto *empty = new QBuffer(this); // must outlive the upload
    empty->open(QIODevice::ReadOnly);
    call([this, path, empty] { return m_session->upload(empty, path, TransferOptions()); },
         [this, folder, name, path, empty](RemoteCall *c) {
             empty->deleteLater();
             if (c->succeeded()) {
                 if (m_lister)
                     m_lister->applyAdded(folder, newEntry(name, false));
                 Q_EMIT done(tr("Created file %1").arg(path));
             } else {
                 Q_EMIT failed(c->error().toString());
             }
             end();
         });
}

void RemoteFileOps::rename(const QString &folder, const QString &from, const QString &to)
{
    const QString source = DirectoryLister::childPath(folder, from);
    const QString target = DirectoryLister::childPath(folder, to);
    if (to.contains(QLatin1Char('/')) || to == QLatin1String(".") || to == QLatin1String("..")) {
        Q_EMIT failed(tr("Could not rename %1: \"%2\" is not a valid name.").arg(source, to));
        return;
    }
    if (m_lister && folder == m_lister->path()) {
        if (m_lister->items().contains(to)) {
            Q_EMIT failed(tr("Could not rename %1 to %2: it already exists.").arg(source, to));
            return;
        }
    }
    begin();
    call([this, source, target] { return m_session->rename(source, target); },
         [this, folder, from, to, source](RemoteCall *c) {
             if (c->succeeded()) {
                 if (m_lister)
                     m_lister->applyRenamed(folder, from, to);
                 Q_EMIT done(tr("Renamed %1 to %2").arg(source, to));
             } else {
                 Q_EMIT failed(c->error().toString());
             }
             end();
         });
}

void RemoteFileOps::move(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder)
{
    begin();
    moveEach(fromFolder, entries, toFolder, 0);
}

// One entry after the other: the target is looked up first (RNTO would replace a file on
// most servers), then RNFR/RNTO.
void RemoteFileOps::moveEach(const QString &fromFolder, QList<DirEntry> entries, const QString &toFolder,
                             int moved)
{
    if (entries.isEmpty()) {
        if (moved > 0)
            Q_EMIT done(tr("Moved %n item(s) to %1", nullptr, moved).arg(toFolder));
        end();
        return;
    }
    const DirEntry entry = entries.takeFirst();
    const QString source = DirectoryLister::childPath(fromFolder, entry.name);
    const QString target = DirectoryLister::childPath(toFolder, entry.name);
    const auto next = [this, fromFolder, entries, toFolder](int count) {
        moveEach(fromFolder, entries, toFolder, count);
    };
    call([this, target] { return m_session->stat(target, RemoteSession::StatDetail::Size); },
         [this, entry, source, target, fromFolder, toFolder, moved, next](RemoteCall *c) {
             if (c->succeeded() || c->error().kind() != RemoteError::Kind::NotFound) {
                 Q_EMIT failed(c->succeeded()
                                   ? tr("Could not move %1: %2 exists already.").arg(source, target)
                                   : c->error().toString());
                 next(moved);
                 return;
             }
             call([this, source, target] { return m_session->rename(source, target); },
                  [this, entry, fromFolder, toFolder, moved, next](RemoteCall *r) {
                      if (!r->succeeded()) {
                          Q_EMIT failed(r->error().toString());
                          next(moved);
                          return;
                      }
                      if (m_lister) {
                          m_lister->applyRemoved(fromFolder, entry.name);
                          m_lister->applyAdded(toFolder, entry);
                      }
                      next(moved + 1);
                  });
         });
}

void RemoteFileOps::remove(const QString &folder, const QList<DirEntry> &entries, bool)
{
    begin();
    removeEach(folder, entries, 0, [this, folder, count = entries.size()](const RemoteError &error) {
        if (error)
            Q_EMIT failed(error.toString());
        else
            Q_EMIT done(tr("Deleted %n item(s) in %1", nullptr, int(count)).arg(folder));
        end();
    });
}

// Deletes `entries` of `folder` one after another; the first failure stops the rest.
void RemoteFileOps::removeEach(const QString &folder, QList<DirEntry> entries, int depth, const Done &done)
{
    if (entries.isEmpty()) {
        done({});
        return;
    }
    const DirEntry entry = entries.takeFirst();
    const QString path = DirectoryLister::childPath(folder, entry.name);
    const auto next = [this, folder, entries, depth, done, name = entry.name](const RemoteError &error) {
        if (error) {
            done(error);
            return;
        }
        if (depth == 0 && m_lister)
            m_lister->applyRemoved(folder, name);
        removeEach(folder, entries, depth, done);
    };
    if (entry.isDir && !entry.isLink) {
        removeTree(path, depth + 1, next);
        return;
    }
    call([this, path] { return m_session->remove(path, RemoteSession::EntryType::File); },
         [next](RemoteCall *c) { next(c->error()); });
}

// A folder: its contents first, then the folder itself.
void RemoteFileOps::removeTree(const QString &path, int depth, const Done &done)
{
    if (depth > kMaxDepth) {
        done(RemoteError(RemoteError::Kind::InvalidArgument,
                         tr("%1 is nested too deeply to delete.").arg(path)));
        return;
    }
    call([this, path] { return m_session->list(path); },
         [this, path, depth, done](RemoteCall *c) {
             if (!c->succeeded()) {
                 done(c->error());
                 return;
             }
             removeEach(path, c->entries(), depth, [this, path, done](const RemoteError &error) {
                 if (error) {
                     done(error);
                     return;
                 }
                 call([this, path] { return m_session->remove(path, RemoteSession::EntryType::Folder); },
                      [done](RemoteCall *rmdir) { done(rmdir->error()); });
             });
         });
}

void RemoteFileOps::changePermissions(const QString &folder, const QList<DirEntry> &entries,
                                      const PermissionChange &change)
{
    begin();
    chmodEach(folder, entries, change, 0, [this, count = entries.size()](const RemoteError &error) {
        if (error)
            Q_EMIT failed(error.toString());
        else
            Q_EMIT done(tr("Changed the permissions of %n item(s)", nullptr, int(count)));
        end();
    });
}

void RemoteFileOps::chmodEach(const QString &folder, QList<DirEntry> entries, const PermissionChange &change,
                              int depth, const Done &done)
{
    if (entries.isEmpty()) {
        done({});
        return;
    }
    DirEntry entry = entries.takeFirst();
    const QString path = DirectoryLister::childPath(folder, entry.name);
    const auto next = [this, folder, entries, change, depth, done](const RemoteError &error) {
        if (error)
            done(error);
        else
            chmodEach(folder, entries, change, depth, done);
    };
    const auto descend = [this, path, change, depth, next, isDir = entry.isDir && !entry.isLink] {
        if (change.recursive && isDir)
            chmodTree(path, change, depth + 1, next);
        else
            next({});
    };
    const bool selected = depth == 0;
    if (entry.isLink || ((!selected || change.recursive) && !change.appliesTo(entry.isDir))) {
        descend();
        return;
    }
    const int mode = change.apply(Permissions::parse(entry.permissions));
    call([this, path, mode] { return m_session->chmod(path, mode); },
         [this, folder, entry, mode, selected, descend, next](RemoteCall *c) mutable {
             if (!c->succeeded()) {
                 next(c->error());
                 return;
             }
             if (selected && m_lister) {
                 const QChar type = entry.permissions.isEmpty()
                                        ? (entry.isDir ? QLatin1Char('d') : QLatin1Char('-'))
                                        : entry.permissions.at(0);
                 entry.permissions = type + Permissions::toString(mode);
                 m_lister->applyAdded(folder, entry);
             }
             descend();
         });
}

void RemoteFileOps::chmodTree(const QString &path, const PermissionChange &change, int depth,
                              const Done &done)
{
    if (depth > kMaxDepth) {
        done(RemoteError(RemoteError::Kind::InvalidArgument, tr("%1 is nested too deeply.").arg(path)));
        return;
    }
    call([this, path] { return m_session->list(path); },
         [this, path, change, depth, done](RemoteCall *c) {
             if (!c->succeeded())
                 done(c->error());
             else
                 chmodEach(path, c->entries(), change, depth, done);
         });
}

} // namespace ferry
