#include "syncexecution.h"

#include "remote/remotecall.h"
#include "remote/remotepath.h"
#include "remote/remotesession.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>

namespace ferry {

namespace {

class Tr {
    Q_DECLARE_TR_FUNCTIONS(ferry::SyncExecutor)
};

using Kind = SyncAction::Kind;

bool removeTree(const QString &path, int depth, QString *error)
{
    const QFileInfo info(path);
    if (info.isSymLink() || !info.isDir()) {
        if (QFile::remove(path))
            return true;
        *error = Tr::tr("Cannot delete %1.").arg(path);
        return false;
    }
    if (depth > 256) {
        *error = Tr::tr("Cannot delete %1: too deep.").arg(path);
        return false;
    }
    const QFileInfoList children =
        QDir(path).entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &child : children) {
        if (!removeTree(child.filePath(), depth + 1, error))
            return false;
    }
    if (QDir().rmdir(path))
        return true;
    *error = Tr::tr("Cannot delete the folder %1.").arg(path);
    return false;
}

} // namespace

// --- SyncPlanning ---

SyncPlanning::SyncPlanning(RemoteSession *session, const QString &localRoot, const QString &remoteRoot,
                           const SyncSettings &settings, qint64 lastSyncMs, QObject *parent)
    : QObject(parent)
    , m_planner(settings.direction, settings.deleteExtra, lastSyncMs)
    , m_comparison(std::make_unique<TreeComparison>(session, localRoot, remoteRoot, settings.criteria))
{
    qRegisterMetaType<ferry::SyncAction>();
    m_comparison->setExcludes(settings.excludes);
    m_comparison->setDescendFilter([this](const ComparedEntry &entry) { return m_planner.descend(entry); });
    connect(m_comparison.get(), &TreeComparison::folderFailed, this, &SyncPlanning::folderFailed);
    connect(m_comparison.get(), &TreeComparison::finished, this, &SyncPlanning::finished);
    connect(m_comparison.get(), &TreeComparison::compared, this, [this](const QList<ComparedEntry> &batch) {
        ++m_folders;
        m_entries += batch.size();
        QList<SyncAction> actions;
        for (const ComparedEntry &entry : batch) {
            if (const std::optional<SyncAction> action = m_planner.plan(entry))
                actions.append(*action);
        }
        Q_EMIT planned(actions);
    });
}

SyncPlanning::~SyncPlanning() = default;

void SyncPlanning::setRootsExist(bool local, bool remote)
{
    m_comparison->setRootsExist(local, remote);
}

void SyncPlanning::start()
{
    m_comparison->start();
}

void SyncPlanning::cancel()
{
    m_comparison->cancel();
}

// --- SyncExecutor ---

SyncExecutor::SyncExecutor(TransferQueue *queue, const SiteKey &site, RemoteSession *session,
                           const QString &localRoot, const QString &remoteRoot,
                           const TransferQueue::JobOptions &options, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_site(site)
    , m_session(session)
    , m_localRoot(localRoot)
    , m_remoteRoot(remoteRoot)
    , m_options(options)
{
}

SyncExecutor::~SyncExecutor() = default;

QString SyncExecutor::localPath(const QString &relative) const
{
    return relative.isEmpty() ? m_localRoot : m_localRoot + QLatin1Char('/') + relative;
}

QString SyncExecutor::remotePath(const QString &relative) const
{
    return relative.isEmpty() ? m_remoteRoot : joinRemotePath(m_remoteRoot, relative);
}

bool SyncExecutor::removeLocal(const QString &path, QString *error)
{
    return removeTree(path, 0, error);
}

void SyncExecutor::fail(const RemoteError &error)
{
    ++m_failures;
    if (!m_firstError.isError())
        m_firstError = error;
    Q_EMIT failed(error.toString());
}

void SyncExecutor::done()
{
    if (--m_pending == 0)
        Q_EMIT settled();
}

void SyncExecutor::execute(const SyncAction &action)
{
    using Job = TransferJob::Kind;
    const QString local = localPath(action.path);
    const QString remote = remotePath(action.path);
    switch (action.kind) {
    case Kind::Upload:
        m_transfers.append({Job::Upload, local, remote, -1, -1});
        return;
    case Kind::Download:
        m_transfers.append({Job::Download, local, remote, action.size, action.mtimeMs});
        return;
    case Kind::DeleteRemote:
        m_deletes.append(action);
        return;
    case Kind::MakeLocalFolder:
        if (!QDir().mkpath(local))
            fail(RemoteError(RemoteError::Kind::LocalIo, Tr::tr("Cannot create the folder %1.").arg(local)));
        return;
    case Kind::Conflict:
        Q_EMIT conflict(action.reason);
        return;
    case Kind::MakeRemoteFolder: {
        if (!m_session) {
            fail(RemoteError(RemoteError::Kind::Network, Tr::tr("The connection is gone.")));
            return;
        }
        ++m_pending;
        RemoteCall *call = m_session->mkdir(remote);
        connect(call, &RemoteCall::finished, this, [this, call] {
            if (call->error().isError())
                fail(call->error());
            done();
        });
        return;
    }
    case Kind::DeleteLocal: {
        // On a worker thread: a large folder is never deleted on the caller's event loop.
        ++m_pending;
        QPointer<SyncExecutor> self(this);
        QThreadPool::globalInstance()->start([self, local] {
            QString error;
            const bool ok = removeTree(local, 0, &error);
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, ok, error] {
                    if (!self)
                        return;
                    if (!ok)
                        self->fail(RemoteError(RemoteError::Kind::LocalIo, error));
                    self->done();
                },
                Qt::QueuedConnection);
        });
        return;
    }
    }
}

int SyncExecutor::flush()
{
    if (!m_queue) {
        m_transfers.clear();
        m_deletes.clear();
        return 0;
    }
    int added = 0;
    if (!m_transfers.isEmpty()) {
        added = m_queue->enqueueTransfers(m_site, m_transfers, m_options);
        if (added < m_transfers.size())
            fail(RemoteError(RemoteError::Kind::LocalIo, m_queue->errorString()));
        m_transfers.clear();
    }
    for (const SyncAction &action : std::exchange(m_deletes, {})) {
        if (m_queue->enqueueDelete(m_site, remotePath(action.path), action.folder) == 0)
            fail(RemoteError(RemoteError::Kind::LocalIo, m_queue->errorString()));
        else
            ++added;
    }
    m_queued += added;
    return added;
}

} // namespace ferry
