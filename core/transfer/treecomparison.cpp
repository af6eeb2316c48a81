#include "treecomparison.h"

#include "checksum.h"
#include "listedtime.h"
#include "listing/direntry.h"
#include "remote/remotecall.h"
#include "remote/remotepath.h"
#include "remote/remotesession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QThreadPool>
#include <QTimeZone>
#include <QTimer>
#include <algorithm>

namespace ferry {

namespace {

class Tr {
    Q_DECLARE_TR_FUNCTIONS(ferry::TreeComparison)
};

using Status = ComparedEntry::Status;
using Newer = ComparedEntry::Newer;

QString joinRelative(const QString &folder, const QString &name)
{
    return folder.isEmpty() ? name : folder + QLatin1Char('/') + name;
}

QRegularExpression globExpression(const QString &glob)
{
    // Qt's default conversion: '*' and '?' never match a '/', as in a shell.
    return QRegularExpression(QRegularExpression::wildcardToRegularExpression(glob));
}

// The local side of one entry: file, folder, or skipped with a reason.
void describeLocal(const QFileInfo &info, ComparedEntry *entry)
{
    if (info.isSymLink()) {
        entry->status = Status::Skipped;
        entry->reason = Tr::tr("%1: a local link (sync does not follow links)").arg(entry->path);
    } else if (info.isDir()) {
        entry->folder = true;
    } else if (info.isFile()) {
        entry->localSize = info.size();
        entry->localMtimeMs = info.lastModified().toMSecsSinceEpoch();
    } else {
        entry->status = Status::Skipped;
        entry->reason = Tr::tr("%1: not a regular file or folder").arg(entry->path);
    }
}

} // namespace

void describeRemoteSide(const DirEntry &remote, const CompareCriteria &criteria, ComparedEntry *entry)
{
    if (remote.isLink) {
        entry->status = Status::Skipped;
        entry->reason = Tr::tr("%1: a link on the server (sync does not follow links)").arg(entry->path);
        return;
    }
    entry->folder = remote.isDir;
    if (remote.isDir)
        return;
    entry->remoteSize = remote.size;
    const ListedTime listed = listedTime(remote);
    if (listed.isKnown()) {
        entry->remoteMtimeMs = listed.ms + (remote.timeIsUtc ? 0 : criteria.serverOffsetMs);
        entry->remoteTimeExact = !listed.isCoarse();
    }
}

TreeComparison::TreeComparison(RemoteSession *session, const QString &localRoot, const QString &remoteRoot,
                               const CompareCriteria &criteria, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_localRoot(QDir::cleanPath(localRoot))
    , m_remoteRoot(remoteRoot)
    , m_criteria(criteria)
{
    qRegisterMetaType<ferry::ComparedEntry>();
    m_pending.append(Folder{});
}

TreeComparison::~TreeComparison()
{
    if (m_call)
        m_call->cancel();
}

void TreeComparison::setExcludes(const QStringList &globs)
{
    for (const QString &glob : globs) {
        if (glob.contains(QLatin1Char('/')))
            m_pathExcludes.append(globExpression(glob.startsWith(QLatin1Char('/')) ? glob.mid(1) : glob));
        else
            m_nameExcludes.append(globExpression(glob));
    }
}

void TreeComparison::setDescendFilter(std::function<bool(const ComparedEntry &)> filter)
{
    m_descend = std::move(filter);
}

void TreeComparison::setRootsExist(bool local, bool remote)
{
    m_pending = {Folder{QString(), local, remote}};
}

bool TreeComparison::isExcluded(const QString &relativePath, const QString &name) const
{
    for (const QRegularExpression &re : m_nameExcludes) {
        if (re.match(name).hasMatch())
            return true;
    }
    for (const QRegularExpression &re : m_pathExcludes) {
        if (re.match(relativePath).hasMatch())
            return true;
    }
    return false;
}

QString TreeComparison::localPath(const QString &relative) const
{
    return relative.isEmpty() ? m_localRoot : m_localRoot + QLatin1Char('/') + relative;
}

QString TreeComparison::remotePath(const QString &relative) const
{
    return relative.isEmpty() ? m_remoteRoot : joinRemotePath(m_remoteRoot, relative);
}

void TreeComparison::start()
{
    if (m_running)
        return;
    m_running = true;
    // Signals only from the event loop, never from inside start().
    QTimer::singleShot(0, this, [this] {
        if (m_criteria.checksum &&
            (!m_session || !m_session->features().testFlag(RemoteSession::Feature::Checksums))) {
            finish(RemoteError(RemoteError::Kind::InvalidArgument,
                               Tr::tr("The server offers no checksum command (HASH, XSHA256, XSHA1, XMD5 "
                                      "or XCRC): compare by size and time instead.")));
            return;
        }
        next();
    });
}

void TreeComparison::cancel()
{
    if (m_call)
        m_call->cancel();
    finish(RemoteError(RemoteError::Kind::Cancelled, Tr::tr("The comparison was cancelled.")));
}

void TreeComparison::finish(const RemoteError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_pending.clear();
    Q_EMIT finished(error);
}

void TreeComparison::next()
{
    if (m_done)
        return;
    if (m_pending.isEmpty()) {
        finish({});
        return;
    }
    m_current = m_pending.takeLast();
    ++m_generation; // results of an earlier folder that still arrive are dropped
    m_remote.clear();
    m_local.clear();
    m_waiting = int(m_current.local) + int(m_current.remote);
    if (m_waiting == 0) {
        compareFolder();
        return;
    }
    // Both sides at once: the local folder on a worker thread, the remote one on the session.
    if (m_current.local)
        readLocal();
    if (m_current.remote)
        listRemote();
}

void TreeComparison::readLocal()
{
    const QString path = localPath(m_current.path);
    const quint64 generation = m_generation;
    QPointer<TreeComparison> self(this);
    QThreadPool::globalInstance()->start([self, generation, path] {
        const QDir dir(path);
        const bool readable = dir.isReadable();
        QFileInfoList infos;
        if (readable)
            infos = dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QFileInfo &info : infos)
            (void)info.lastModified(); // the stat here, on the worker; QFileInfo caches it
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, path, readable, infos] {
                if (!self || self->m_done || self->m_generation != generation)
                    return;
                if (!readable) {
                    self->failFolder(self->m_current.path,
                                     RemoteError(RemoteError::Kind::LocalIo,
                                                 Tr::tr("Cannot read the local folder %1.").arg(path)));
                    return;
                }
                self->m_local = infos;
                self->sideDone();
            },
            Qt::QueuedConnection);
    });
}

void TreeComparison::listRemote()
{
    if (!m_session) {
        finish(RemoteError(RemoteError::Kind::Network, Tr::tr("The connection is gone.")));
        return;
    }
    RemoteCall *call = m_session->list(remotePath(m_current.path));
    m_call = call;
    const quint64 generation = m_generation;
    connect(call, &RemoteCall::finished, this, [this, call, generation] {
        m_call.clear();
        if (m_done || generation != m_generation)
            return;
        const RemoteError error = call->error();
        if (error.isTransient() && !m_retried && error.kind() != RemoteError::Kind::Cancelled) {
            m_retried = true; // once more, on a new connection (the session reconnects)
            listRemote();
            return;
        }
        m_retried = false;
        if (error.isError()) {
            failFolder(m_current.path, error);
            return;
        }
        m_remote = call->entries();
        sideDone();
    });
}

void TreeComparison::sideDone()
{
    if (--m_waiting == 0)
        compareFolder();
}

// A root that cannot be listed ends the comparison; a folder below it is reported and left out.
void TreeComparison::failFolder(const QString &path, const RemoteError &error)
{
    if (path.isEmpty() || error.isTransient() || error.kind() == RemoteError::Kind::Cancelled) {
        finish(error);
        return;
    }
    ++m_generation; // the other side's listing of this folder, if still coming, is dropped
    Q_EMIT folderFailed(path, error);
    QTimer::singleShot(0, this, &TreeComparison::next);
}

void TreeComparison::compareFolder()
{
    const Folder folder = m_current;
    QHash<QString, QFileInfo> local;
    for (const QFileInfo &info : std::as_const(m_local))
        local.insert(info.fileName(), info);
    m_local.clear();
    const QList<DirEntry> remote = std::exchange(m_remote, {});
    QHash<QString, const DirEntry *> remoteByName;
    for (const DirEntry &entry : remote) {
        if (!entry.hasUnsafeName())
            remoteByName.insert(entry.name, &entry);
    }
    QStringList names = local.keys();
    for (auto it = remoteByName.cbegin(); it != remoteByName.cend(); ++it) {
        if (!local.contains(it.key()))
            names.append(it.key());
    }
    std::sort(names.begin(), names.end());

    m_batch.clear();
    m_unsettled.clear();
    QList<Folder> subfolders;
    for (const QString &name : names) {
        ComparedEntry entry;
        entry.path = joinRelative(folder.path, name);
        if (isExcluded(entry.path, name))
            continue;
        const auto l = local.constFind(name);
        const DirEntry *r = remoteByName.value(name);
        ComparedEntry remoteSide = entry;
        if (l != local.cend())
            describeLocal(*l, &entry);
        if (r)
            describeRemoteSide(*r, m_criteria, &remoteSide);
        if (remoteSide.status == Status::Skipped) {
            entry.status = Status::Skipped;
            entry.reason = remoteSide.reason;
        }
        entry.remoteSize = remoteSide.remoteSize;
        entry.remoteMtimeMs = remoteSide.remoteMtimeMs;
        entry.remoteTimeExact = remoteSide.remoteTimeExact;
        if (entry.status != Status::Skipped) {
            if (l == local.cend()) {
                entry.status = Status::OnlyRemote;
                entry.folder = remoteSide.folder;
            } else if (!r) {
                entry.status = Status::OnlyLocal;
            } else if (entry.folder != remoteSide.folder) {
                entry.status = Status::Skipped;
                entry.reason = entry.folder
                                   ? Tr::tr("%1: a folder here, a file on the server").arg(entry.path)
                                   : Tr::tr("%1: a file here, a folder on the server").arg(entry.path);
            } else if (!entry.folder) {
                entry.sizeDiffers = entry.localSize != entry.remoteSize && entry.remoteSize >= 0;
                entry.status = Status::Same; // refined below
                m_unsettled.append(int(m_batch.size()));
            }
        }
        const bool walk = entry.folder && entry.status != Status::Skipped &&
                          (entry.status == Status::Same || !m_descend || m_descend(entry));
        if (walk)
            subfolders.append(
                Folder{entry.path, entry.status != Status::OnlyRemote, entry.status != Status::OnlyLocal});
        m_batch.append(entry);
    }
    // Depth first, in name order: the last pushed is taken first.
    std::reverse(subfolders.begin(), subfolders.end());
    m_pending.append(subfolders);
    settle();
}

// Decides the files present on both sides, asking the server where the listing cannot tell
// (a checksum; a time of day), one call at a time; then emits the folder's batch.
void TreeComparison::settle()
{
    while (!m_unsettled.isEmpty()) {
        ComparedEntry &entry = m_batch[m_unsettled.first()];
        const bool needChecksum = m_criteria.checksum && !entry.sizeDiffers;
        const bool needTime = m_criteria.time && !m_criteria.checksum && entry.remoteMtimeMs < 0 &&
                              m_session && m_session->features().testFlag(RemoteSession::Feature::FileTimes);
        if (needChecksum || needTime) {
            const QString path = remotePath(entry.path);
            RemoteCall *call = needChecksum ? m_session->checksum(path)
                                            : m_session->stat(path, RemoteSession::StatDetail::Time);
            m_call = call;
            const int index = m_unsettled.first();
            connect(call, &RemoteCall::finished, this, [this, call, index, needChecksum] {
                m_call.clear();
                if (m_done)
                    return;
                ComparedEntry &e = m_batch[index];
                if (needChecksum) {
                    if (call->error().isError()) {
                        finish(call->error());
                        return;
                    }
                    const QString text = call->text();
                    const auto algorithm =
                        ChecksumMethod::parseAlgorithmName(text.section(QLatin1Char(':'), 0, 0));
                    QString error;
                    const QByteArray local =
                        algorithm ? ChecksumMethod::fileDigest(localPath(e.path), *algorithm, &error)
                                  : QByteArray();
                    if (local.isEmpty()) {
                        finish(RemoteError(
                            RemoteError::Kind::LocalIo,
                            error.isEmpty() ? Tr::tr("Cannot read the checksum of %1: %2").arg(e.path, text)
                                            : error));
                        return;
                    }
                    e.checksumDiffers = local != text.section(QLatin1Char(':'), 1).toLatin1().toLower();
                } else {
                    const DirEntry &stat = call->entry();
                    if (call->succeeded() && stat.timePrecision == DirEntry::TimePrecision::Second) {
                        const QDateTime when(stat.date, stat.time,
                                             stat.timeIsUtc ? QTimeZone::utc() : QTimeZone::systemTimeZone());
                        e.remoteMtimeMs = when.toMSecsSinceEpoch();
                        e.remoteTimeExact = true;
                    }
                }
                e.status = Status::Same; // marks the question answered
                m_unsettled.removeFirst();
                decideCompared(e, m_criteria);
                settle();
            });
            return;
        }
        m_unsettled.removeFirst();
        decideCompared(entry, m_criteria);
    }
    const QList<ComparedEntry> batch = std::exchange(m_batch, {});
    if (!batch.isEmpty())
        Q_EMIT compared(batch);
    if (!m_done)
        QTimer::singleShot(0, this, &TreeComparison::next);
}

void decideCompared(ComparedEntry &entry, const CompareCriteria &criteria)
{
    if (entry.localMtimeMs >= 0 && entry.remoteMtimeMs >= 0) {
        const qint64 span = entry.remoteTimeExact ? 1000 : 60000;
        const qint64 tolerance = criteria.toleranceMs;
        if (entry.localMtimeMs > entry.remoteMtimeMs + span - 1 + tolerance)
            entry.newer = Newer::Local;
        else if (entry.localMtimeMs < entry.remoteMtimeMs - tolerance)
            entry.newer = Newer::Remote;
        else
            entry.newer = Newer::Neither;
    }
    bool differs = false;
    if (criteria.checksum)
        differs = entry.sizeDiffers || entry.checksumDiffers;
    else
        differs = (criteria.size && entry.sizeDiffers) ||
                  (criteria.time && (entry.newer == Newer::Local || entry.newer == Newer::Remote));
    entry.status = differs ? Status::Different : Status::Same;
}

} // namespace ferry
