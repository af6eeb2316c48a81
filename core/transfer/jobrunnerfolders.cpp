// JobRunner's folder jobs: an upload's folder (MKD, its parents, the local folder read in
// batches), a download's (and a copy's) listing with its links probed and loops found, and
// a delete's (children first, then RMD).
#include "jobrunner_p.h"

#include "folderidentity.h"
#include "localfile.h"
#include "remote/remotepath.h"
#include "remote/remotesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>

namespace ferry {

using namespace jobrunner;

void JobRunner::uploadFolder()
{
    const QFileInfo info(m_job.localPath);
    if (!info.isDir()) {
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("%1 is not a folder.").arg(m_job.localPath)));
        return;
    }
    // A folder that cannot be read fails here, before its remote copy is made: it used to
    // arrive empty, as if it were.
    if (DIR *dir = ::opendir(QFile::encodeName(m_job.localPath).constData())) {
        ::closedir(dir);
    } else {
        fail(RemoteError(RemoteError::Kind::LocalIo,
                         tr("Cannot read the folder %1: %2")
                             .arg(m_job.localPath, QString::fromLocal8Bit(std::strerror(errno)))));
        return;
    }
    then(m_session->mkdir(m_job.remotePath), [this](RemoteCall *mkd) {
        if (!mkd->error().isError()) {
            expandLocalFolder({}, true);
            return;
        }
        const RemoteError mkdError = mkd->error();
        if (mkdError.isTransient()) {
            fail(mkdError);
            return;
        }
        // Refused: most often it exists. Its listing says what is there already.
        then(m_session->list(m_job.remotePath), [this, mkdError](RemoteCall *list) {
            if (list->error().isError()) {
                // Not there: a parent is missing (`put -r src ftp://h/new/deeper/`).
                makeRemoteFolder(remoteParent(m_job.remotePath), 0,
                                 [this, mkdError](const RemoteError &error, bool created) {
                                     if (error.isError() || !created) {
                                         fail(error.isError() ? error : mkdError); // the parent was there
                                         return;
                                     }
                                     then(m_session->mkdir(m_job.remotePath), [this](RemoteCall *again) {
                                         if (again->error().isError())
                                             fail(again->error());
                                         else
                                             expandLocalFolder({}, true);
                                     });
                                 });
                return;
            }
            QHash<QString, std::pair<qint64, ListedTime>> existing;
            for (const DirEntry &entry : list->entries()) {
                if (!entry.isDir)
                    existing.insert(entry.name, {entry.size, listedTime(entry)});
            }
            expandLocalFolder(existing, false);
        });
    });
}

QString JobRunner::remoteParent(const QString &path)
{
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const qsizetype slash = trimmed.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QString() : trimmed.left(slash);
}

void JobRunner::makeRemoteFolder(const QString &path, int depth,
                                 const std::function<void(const RemoteError &, bool)> &done)
{
    if (path.isEmpty() || depth > 256) {
        done({}, false); // the root: there is nothing above it to make
        return;
    }
    then(writeSession()->mkdir(path), [this, path, depth, done](RemoteCall *mkd) {
        const RemoteError mkdError = mkd->error();
        if (!mkdError.isError() || mkdError.isTransient()) {
            done(mkdError, !mkdError.isError());
            return;
        }
        then(writeSession()->resolveFolder(path), [this, path, depth, done](RemoteCall *cwd) {
            if (!cwd->error().isError()) {
                done({}, false); // it exists: that is what the refusal meant
                return;
            }
            makeRemoteFolder(
                remoteParent(path), depth + 1, [this, path, done](const RemoteError &error, bool) {
                    if (error.isError()) {
                        done(error, false);
                        return;
                    }
                    then(writeSession()->mkdir(path),
                         [done](RemoteCall *again) { done(again->error(), !again->error().isError()); });
                });
        });
    });
}

void JobRunner::expandLocalFolder(const QHash<QString, std::pair<qint64, ListedTime>> &existing,
                                  bool remoteWasCreated)
{
    m_expansion = std::make_unique<LocalExpansion>(
        m_job.localPath, m_context->followLinks, [this] { return treeTop().localPath; }, existing,
        remoteWasCreated);
    expandLocalBatch();
}

void JobRunner::expandLocalBatch()
{
    if (m_finished || !m_expansion)
        return;
    LocalExpansion &x = *m_expansion;
    QList<TransferJob> batch;
    batch.reserve(ChildBatch);
    QElapsedTimer clock;
    clock.start();
    // At most ChildBatch entries, and reading stops after LocalBatchMs (a slow disk, a
    // loaded machine): the turn, with the batch's storing, stays short for the window.
    while (batch.size() < ChildBatch && x.it.hasNext() &&
           (batch.size() % 32 != 0 || clock.elapsed() < LocalBatchMs)) {
        x.it.next();
        const QFileInfo child = x.it.fileInfo();
        const LocalTree::Plan plan = x.tree.plan(child);
        TransferJob job;
        switch (plan.action) {
        case LocalTree::Plan::Action::Skip:
            job = skippedChild(child.isDir() ? TransferJob::Kind::UploadFolder : TransferJob::Kind::Upload,
                               child.fileName(), plan.reason);
            break;
        case LocalTree::Plan::Action::Folder:
            job = childJob(TransferJob::Kind::UploadFolder, child.fileName());
            break;
        case LocalTree::Plan::Action::File: {
            job = childJob(TransferJob::Kind::Upload, child.fileName());
            job.size = child.size();
            job.mtimeMs = child.lastModified().toMSecsSinceEpoch();
            const auto found =
                x.remoteWasCreated ? x.existing.cend() : x.existing.constFind(child.fileName());
            if (found == x.existing.cend()) {
                job.targetSize = TransferJob::Absent;
            } else {
                job.targetSize = found->first;
                job.targetMtimeMs = uploadTargetTime(found->second, job.mtimeMs);
            }
            break;
        }
        }
        if (child.isSymLink())
            job.removeSource = false; // a move never deletes through a link: it stays, and so does its folder
        batch.append(job);
    }
    if (!batch.isEmpty() && !m_context->addChildren(m_job, batch)) {
        m_expansion.reset();
        fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
        return;
    }
    if (x.it.hasNext()) {
        QTimer::singleShot(0, this, &JobRunner::expandLocalBatch);
        return;
    }
    m_expansion.reset();
    finishExpanded();
}

// A job for `name` in this folder, with this job's settings.
TransferJob JobRunner::childJob(TransferJob::Kind kind, const QString &name) const
{
    // A copy's folder reads its source as a download's does; its children are copies.
    if (m_job.isCopy() && kind == TransferJob::Kind::Download)
        kind = TransferJob::Kind::Copy;
    else if (m_job.isCopy() && kind == TransferJob::Kind::DownloadFolder)
        kind = TransferJob::Kind::CopyFolder;
    return TransferJob::childOf(m_job, kind, name);
}

// An entry that is not sent (a link leaving the tree, a loop, a FIFO): a finished row with
// its reason, which the queue reports and counts as skipped.
TransferJob JobRunner::skippedChild(TransferJob::Kind kind, const QString &name, const QString &reason) const
{
    TransferJob job = childJob(kind, name);
    const bool upload = kind == TransferJob::Kind::Upload || kind == TransferJob::Kind::UploadFolder;
    job.state = TransferJob::State::Skipped;
    job.error = upload         ? tr("%1 not sent: %2.").arg(job.localPath, reason)
                : job.isCopy() ? tr("%1 not copied: %2.").arg(job.remotePath, reason)
                               : tr("%1 not downloaded: %2.").arg(job.remotePath, reason);
    job.errorKind = int(upload ? RemoteError::Kind::LocalIo : RemoteError::Kind::Server);
    return job;
}

// The job the user queued, at the top of this one's tree.
TransferJob JobRunner::treeTop() const
{
    const QList<TransferJob> above =
        m_context->ancestors ? m_context->ancestors(m_job) : QList<TransferJob>();
    return above.isEmpty() ? m_job : above.constLast();
}

void JobRunner::downloadFolder()
{
    if (!QDir().mkpath(m_job.localPath) || !QFileInfo(m_job.localPath).isDir()) {
        fail(
            RemoteError(RemoteError::Kind::LocalIo, tr("Cannot create the folder %1.").arg(m_job.localPath)));
        return;
    }
    listRemoteFolder();
}

void JobRunner::listRemoteFolder()
{
    ListOptions options;
    options.keepUnsafeNames = true; // refused below, and counted in the note
    // A move deletes what it downloads: LIST, where links show as links (MLSD may describe
    // a link by its target), so that nothing is deleted through one.
    if (m_job.removeSource)
        options.mode = ListMode::List;
    then(m_session->list(m_job.remotePath, options), [this](RemoteCall *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        const QList<DirEntry> entries = list->entries();
        const bool uniques = std::any_of(entries.cbegin(), entries.cend(),
                                         [](const DirEntry &e) { return e.isDir && !e.unique.isEmpty(); });
        if (uniques && m_job.identity.isEmpty() && m_job.parentId == 0) {
            learnFolderIdentity([this, entries] { expandRemoteFolder(entries); });
            return;
        }
        expandRemoteFolder(entries);
    });
}

// This folder's unique fact (FTP: MLST), so that a link back to it is a loop at once.
void JobRunner::learnFolderIdentity(const std::function<void()> &next)
{
    then(m_session->resolveFolder(m_job.remotePath), [this, next](RemoteCall *folder) {
        if (folder->succeeded() && !folder->entry().unique.isEmpty())
            m_job.identity = folderidentity::withUnique(m_job, QString::fromUtf8(folder->entry().unique));
        next();
    });
}

void JobRunner::expandRemoteFolder(const QList<DirEntry> &entries)
{
    m_children.clear();
    QList<DirEntry> links;
    QSet<QString> seen;
    int unsafe = 0;
    // "x.part" listed beside a file "x" is the name of x's part file: downloading x
    // would truncate the downloaded "x.part" and rename it over x (both jobs Done, one
    // good file gone; in parallel, worse). The one named like a part file is refused.
    QSet<QString> partNames;
    for (const DirEntry &entry : entries) {
        if (!entry.isDir && !m_job.isCopy()) // a copy writes no part file
            partNames.insert(PartFile::partPathFor(entry.name));
    }
    for (const DirEntry &entry : entries) {
        if (entry.name == QLatin1String(".") || entry.name == QLatin1String(".."))
            continue; // "ls -a" lists them in every folder: no news
        // Never a local path from a hostile name ("../x", "a/b", CR/LF, NUL), and one
        // job per name even if the server lists it twice.
        if (entry.hasUnsafeName() || seen.contains(entry.name) ||
            (!entry.isDir && partNames.contains(entry.name))) {
            ++unsafe;
            continue;
        }
        seen.insert(entry.name);
        if (entry.isLink && !entry.isDir) {
            // `l…` in LIST, a symlink type in MLSD: a file or a folder, the server will say.
            if (m_context->followLinks)
                links.append(entry);
            else
                m_children.append(skippedChild(TransferJob::Kind::Download, entry.name,
                                               tr("a link to %1; links are not followed").arg(entry.target)));
        } else if (entry.isDir) {
            addRemoteFolder(entry.name, folderidentity::ofChild(m_job, entry.name, entry.unique));
        } else {
            TransferJob job = childJob(TransferJob::Kind::Download, entry.name);
            job.size = entry.size;
            job.mtimeMs = downloadSourceTime(listedTime(entry), job.localPath);
            m_children.append(job);
        }
    }
    if (unsafe > 0 && m_context->note)
        m_context->note(m_job,
                        tr("%n listed name(s) in %1 refused: unsafe, listed twice, or the part file name "
                           "of another listed file.",
                           nullptr, unsafe)
                            .arg(m_job.remotePath));
    probeRemoteLinks(links, 0);
}

// This folder, then every folder above it.
const QList<TransferJob> &JobRunner::folderChain()
{
    if (!m_folderChain) {
        m_folderChain.emplace(QList<TransferJob>{m_job});
        if (m_context->ancestors)
            m_folderChain->append(m_context->ancestors(m_job));
    }
    return *m_folderChain;
}

// A folder below this one, unless it is one of the folders it is in (a link back up: a loop),
// or the tree is deeper than any real one (a loop the server cannot show).
void JobRunner::addRemoteFolder(const QString &name, const QString &identity)
{
    constexpr int MaxDepth = 100;
    const qsizetype at = folderidentity::findIn(folderChain(), identity);
    if (at >= 0) {
        m_children.append(
            skippedChild(TransferJob::Kind::DownloadFolder, name,
                         tr("a link to %1, a folder it is in: a loop").arg(folderChain().at(at).remotePath)));
        return;
    }
    if (folderChain().size() >= MaxDepth) {
        m_children.append(skippedChild(TransferJob::Kind::DownloadFolder, name,
                                       tr("more than %1 folders deep (a loop of links?)").arg(MaxDepth)));
        return;
    }
    TransferJob job = childJob(TransferJob::Kind::DownloadFolder, name);
    job.identity = identity;
    m_children.append(job);
}

// Links in a listing say not what they point to: CWD tells a folder (and PWD its real
// path, or the link's target read from the listing), SIZE a file; neither, a link to
// nothing. Never a RETR of a folder.
void JobRunner::probeRemoteLinks(const QList<DirEntry> &links, qsizetype index)
{
    if (index >= links.size()) {
        storeRemoteChildren();
        return;
    }
    const DirEntry entry = links.at(index);
    const QString path = joinRemotePath(m_job.remotePath, entry.name);
    const auto next = [this, links, index] { probeRemoteLinks(links, index + 1); };
    then(m_session->resolveFolder(path), [this, entry, path, next](RemoteCall *folder) {
        if (folder->error().isTransient()) {
            fail(folder->error());
            return;
        }
        if (!folder->error().isError()) {
            QString real = folder->text();
            if (real.isEmpty() || real == path)
                real = linkTargetPath(entry.target); // a server that shows the logical path
            addRemoteFolder(entry.name, real);
            m_children.last().removeSource = false; // a move never deletes through a link
            next();
            return;
        }
        then(m_session->stat(path, RemoteSession::StatDetail::Size), [this, entry, next](RemoteCall *size) {
            if (size->error().isTransient()) {
                fail(size->error());
                return;
            }
            if (size->error().isError()) {
                m_children.append(
                    skippedChild(TransferJob::Kind::Download, entry.name,
                                 tr("a link to %1, which the server cannot open (it may point to nothing)")
                                     .arg(entry.target)));
            } else {
                TransferJob job = childJob(TransferJob::Kind::Download, entry.name);
                job.size = size->entry().size; // the listed size and time are the link's own
                job.removeSource = false;      // a move never deletes through a link
                m_children.append(job);
            }
            next();
        });
    });
}

// A link's target as a path on the server, from the listing ("x -> ../y"), or empty.
QString JobRunner::linkTargetPath(const QString &target) const
{
    if (target.isEmpty())
        return {};
    if (target.startsWith(QLatin1Char('/')))
        return QDir::cleanPath(target);
    return QDir::cleanPath(folderidentity::realPath(m_job) + QLatin1Char('/') + target);
}

void JobRunner::storeRemoteChildren()
{
    for (qsizetype i = 0; i < m_children.size(); i += ChildBatch) {
        QList<TransferJob> part = m_children.mid(i, ChildBatch);
        if (!m_context->addChildren(m_job, part)) {
            fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
            return;
        }
    }
    m_children.clear();
    finishExpanded();
}

void JobRunner::deleteFolder()
{
    const auto removeSelf = [this]() {
        then(m_session->remove(m_job.remotePath, RemoteSession::EntryType::Folder),
             [this](RemoteCall *op) { op->error().isError() ? fail(op->error()) : finishDone(); });
    };
    if (m_job.phase == 1) {
        removeSelf();
        return;
    }
    // LIST, not MLSD: MLSD describes a link by its target (pyftpdlib says "type=dir" for a
    // link to a folder), and a delete must remove the link, never what it points to. Every
    // server's LIST shows a link as one ('l', lstat).
    ListOptions options;
    options.mode = ListMode::List;
    then(m_session->list(m_job.remotePath, options), [this, removeSelf](RemoteCall *list) {
        if (list->error().isError()) {
            fail(list->error());
            return;
        }
        QList<TransferJob> children;
        for (const DirEntry &entry : list->entries()) {
            if (entry.hasUnsafeName())
                continue;
            TransferJob job =
                TransferJob::childOf(m_job,
                                     entry.isDir && !entry.isLink ? TransferJob::Kind::DeleteFolder
                                                                  : TransferJob::Kind::DeleteFile,
                                     entry.name);
            job.priority = m_job.priority + 1; // children first
            children.append(job);
        }
        if (children.isEmpty()) {
            removeSelf();
            return;
        }
        m_job.phase = 1;
        m_job.pendingChildren = int(children.size());
        if (!m_context->addChildren(m_job, children)) {
            fail(RemoteError(RemoteError::Kind::LocalIo, tr("Could not store the queue.")));
            return;
        }
        finishWith(Outcome::Waiting);
    });
}

// A move's folder once its children are finished (phase 1): removed when empty; when
// something is left (a file that failed, was skipped or is a link), kept and skipped.
void JobRunner::removeSourceFolder()
{
    if (m_job.kind == TransferJob::Kind::UploadFolder) {
        if (QDir().rmdir(m_job.localPath)) {
            finishDone();
            return;
        }
        const qsizetype left =
            QDir(m_job.localPath)
                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)
                .size();
        if (left > 0) {
            keepSourceFolder(left);
            return;
        }
        fail(RemoteError(RemoteError::Kind::LocalIo,
                         tr("Could not delete the folder %1: %2")
                             .arg(m_job.localPath, QString::fromLocal8Bit(std::strerror(errno)))));
        return;
    }
    then(m_session->remove(m_job.remotePath, RemoteSession::EntryType::Folder), [this](RemoteCall *rmd) {
        const RemoteError rmdError = rmd->error();
        if (!rmdError.isError() || rmdError.isTransient()) {
            rmdError.isError() ? fail(rmdError) : finishDone();
            return;
        }
        // Refused: most often because something is left in it. Its listing says.
        ListOptions options;
        options.mode = ListMode::List;
        then(m_session->list(m_job.remotePath, options), [this, rmdError](RemoteCall *list) {
            qsizetype left = 0;
            for (const DirEntry &entry : list->entries()) {
                if (entry.name != QLatin1String(".") && entry.name != QLatin1String(".."))
                    ++left;
            }
            if (list->error().isError() || left == 0) {
                fail(RemoteError(rmdError.kind(),
                                 tr("%1 was downloaded, but the server did not delete the folder: %2")
                                     .arg(m_job.remotePath, rmdError.message()),
                                 rmdError.replyCode(), rmdError.replyText()));
                return;
            }
            keepSourceFolder(left);
        });
    });
}

// Skipped, not failed: the files went; the folder's removal is what did not happen. The
// reason shows as an entry not sent does (the CLI's warning, the queue pane's status).
void JobRunner::keepSourceFolder(qsizetype entries)
{
    const bool upload = m_job.kind == TransferJob::Kind::UploadFolder;
    m_job.errorKind = int(upload ? RemoteError::Kind::LocalIo : RemoteError::Kind::Server);
    finishSkipped(tr("%1 was kept: %n entry(ies) in it were not moved.", nullptr, int(entries))
                      .arg(upload ? m_job.localPath : m_job.remotePath));
}

} // namespace ferry
