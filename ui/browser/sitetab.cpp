#include "sitetab.h"

#include "directorymodel.h"
#include "dragout.h"
#include "foldercomparison.h"
#include "localfileops.h"
#include "remote/certificatestore.h"
#include "remote/listingcache.h"
#include "remote/locallister.h"
#include "remote/question.h"
#include "remote/remotelister.h"
#include "remote/sessionfactory.h"
#include "remotefileops.h"
#include "settings/appsettings.h"
#include "sites/credentialstore.h"
#include "sites/ftpurl.h"
#include "syncbrowsing.h"
#include "synchroniser.h"
#include "transfer/transferqueue.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMimeData>
#include <QSignalBlocker>
#include <QTimer>
#include <QUrl>

namespace ferry {

namespace {

qint64 mtimeMs(const DirEntry &e)
{
    if (!e.timeIsUtc || e.timePrecision < DirEntry::TimePrecision::Minute)
        return -1; // a server-local time would shift the file's time: leave it to the queue
    return QDateTime(e.date, e.time, Qt::UTC).toMSecsSinceEpoch();
}

DirEntry entryFromJob(const TransferJob &job, bool folder)
{
    DirEntry e;
    e.name = job.remotePath.mid(job.remotePath.lastIndexOf(QLatin1Char('/')) + 1);
    e.isDir = folder;
    e.size = folder ? -1 : job.size;
    const QDateTime when = job.preserveTime && job.mtimeMs >= 0
                               ? QDateTime::fromMSecsSinceEpoch(job.mtimeMs, Qt::UTC)
                               : QDateTime::currentDateTimeUtc();
    e.date = when.date();
    e.time = QTime(when.time().hour(), when.time().minute(), when.time().second());
    e.timePrecision = DirEntry::TimePrecision::Second;
    e.timeIsUtc = true;
    return e;
}

} // namespace

SiteTab::SiteTab(const AppContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_local(new PaneController(Side::Local, this))
    , m_remote(new PaneController(Side::Remote, this))
    , m_localLister(new LocalLister(context.cache, this))
    , m_localTreeLister(new LocalLister(context.cache, this))
    , m_localOps(new LocalFileOps(this))
    , m_editor(new RemoteEditor(context.queue, context.settings, context.viewFolder, context.openFile, this))
    , m_comparison(new FolderComparison(m_local->proxy(), m_remote->proxy(), this))
    , m_sync(new SyncBrowsing(m_local, m_remote, this))
    , m_dragOut(new DragOut(this))
    , m_relist(new QTimer(this))
{
    m_relist->setSingleShot(true);
    m_relist->setInterval(1000);
    connect(m_relist, &QTimer::timeout, this, [this] {
        // Not while the pane lists (that listing has the facts), nor for a folder left since.
        if (m_remoteLister && !m_remoteLister->isLoading() && m_remoteLister->path() == m_relistFolder)
            m_remoteLister->refresh();
    });
    // Hidden files are listed, and shown or not by the pane's filter: switching is instant
    // and the cache holds one version of each folder.
    m_localLister->setShowHidden(true);
    m_localTreeLister->setShowHidden(true);
    m_local->attach(m_localLister, m_localTreeLister, m_localOps);
    m_local->model()->setDragOrigin(EntryMime::localOrigin());
    m_local->model()->setCopiesWithin(true);
    m_remote->model()->setMovableFrom(EntryMime::localOrigin());
    m_local->model()->setDropHandler(
        [this](const QMimeData *data, const QString &folder, Qt::DropAction action) {
            return drop(Side::Local, data, folder, action);
        });
    m_remote->model()->setAcceptsFiles(true);
    m_remote->model()->setDropHandler(
        [this](const QMimeData *data, const QString &folder, Qt::DropAction action) {
            return drop(Side::Remote, data, folder, action);
        });
    m_remote->model()->setDragDecorator([this](QMimeData *data) { m_dragOut->offer(data); });
    m_local->model()->setDragDecorator([this](QMimeData *data) {
        m_localDrag = EntryMime::decode(data);
        m_dropSeen = false;
    });
    connect(m_dragOut, &DragOut::requested, this, &SiteTab::dropOutside);
    if (queue())
        connect(queue(), &TransferQueue::jobChanged, this, &SiteTab::onJobChanged);
    connect(m_editor, &RemoteEditor::note, this, &SiteTab::note);
    connect(m_editor, &RemoteEditor::problem, this, &SiteTab::problem);
}

SiteTab::~SiteTab()
{
    // Quietly: the window listening to the panes may be half destroyed already.
    const QSignalBlocker quiet(m_remote);
    m_remote->attach(nullptr, nullptr, nullptr);
}

// --- The connection ---

bool SiteTab::connectTo(const SessionConfig &config, const QString &remotePath, QString *error,
                        const SiteKey &key, int connectionLimit, const OwnSecret &secret)
{
    disconnectFromServer();
    m_config = config;
    m_ownSecret = secret;
    setTimeOffsetMinutes(0);
    m_connectionLimit = connectionLimit;
    m_givenSecret.reset();
    if (!m_config.trust)
        m_config.trust = m_context.trust;
    if (!m_config.certificateStore)
        m_config.certificateStore = m_context.certificates;
    QString problem;
    RemoteSession *session = createRemoteSession(m_config, nullptr, &problem);
    if (!session) {
        if (error)
            *error = problem;
        return false;
    }
    m_session.reset(session);
    connect(session, &RemoteSession::questionAsked, this, &SiteTab::questionAsked);
    connect(session, &RemoteSession::transcript, this, &SiteTab::transcript);
    connect(session, &RemoteSession::stateChanged, this, &SiteTab::onSessionState);

    FtpUrl site;
    site.protocol = config.protocol;
    site.user = config.user;
    site.host = config.host;
    site.port = config.port;
    m_siteKey = key.isNull() ? SiteKey::forUrl(site) : key;
    m_remoteLister = new RemoteLister(session, m_siteKey.toString(), m_context.cache, this);
    m_remoteTreeLister = new RemoteLister(session, m_siteKey.toString(), m_context.cache, this);
    m_remoteOps = new RemoteFileOps(session, this);
    m_remote->attach(m_remoteLister, m_remoteTreeLister, m_remoteOps);
    m_editor->setSession(m_siteKey, session);
    m_remote->model()->setDragOrigin(EntryMime::remoteOrigin(m_siteKey.toString()));
    m_local->model()->setMovableFrom(EntryMime::remoteOrigin(m_siteKey.toString()));
    if (queue())
        queue()->setSite(m_siteKey, m_config, m_connectionLimit);
    Q_EMIT connectionChanged(true);
    m_remote->open(remotePath.isEmpty() ? QStringLiteral("/") : remotePath);
    return true;
}

void SiteTab::disconnectFromServer()
{
    if (!m_session)
        return;
    m_sync->stop();
    m_relist->stop();
    m_remote->attach(nullptr, nullptr, nullptr);
    delete m_remoteLister;
    delete m_remoteTreeLister;
    delete m_remoteOps;
    m_remoteLister = m_remoteTreeLister = nullptr;
    m_remoteOps = nullptr;
    m_editor->setSession({}, nullptr);
    // QUIT after whatever is queued, then the session goes (bounded by its timeout).
    RemoteSession *session = m_session.release();
    disconnect(session, nullptr, this, nullptr);
    RemoteCall *bye = session->close();
    connect(bye, &RemoteCall::finished, session, &QObject::deleteLater);
    Q_EMIT connectionChanged(false);
    Q_EMIT stateChanged(RemoteSession::State::Disconnected);
    Q_EMIT securityChanged();
}

void SiteTab::reconnect()
{
    if (!m_session)
        return;
    m_session->abortConnection();
    m_remote->refresh(); // the listing connects again
}

SecretKeeping SiteTab::secretKeeping(const Question *question)
{
    const auto *request = qobject_cast<const SecretRequest *>(question);
    if (!request || !m_session || request->kind() != m_ownSecret.kind ||
        (m_ownSecret.kind == SecretRequest::Kind::Passphrase &&
         request->details().keyFile != m_ownSecret.keyFile))
        return {};
    SecretKeeping keeping;
    keeping.offerKeychain =
        !m_ownSecret.siteId.isNull() && m_context.credentials && m_context.credentials->isAvailable();
    const QPointer<RemoteSession> session(m_session.get());
    keeping.taken = [this, guard = QPointer<SiteTab>(this), session](const QString &text, bool keep) {
        if (guard && session && session == m_session.get())
            m_givenSecret = GivenSecret{text, keep};
    };
    return keeping;
}

void SiteTab::adoptGivenSecret()
{
    if (!m_givenSecret)
        return;
    GivenSecret given = *std::exchange(m_givenSecret, std::nullopt);
    if (m_ownSecret.kind == SecretRequest::Kind::Passphrase)
        m_config.ssh.keyPassphrase = given.text.toUtf8();
    else
        m_config.password = given.text;
    if (queue())
        queue()->setSite(m_siteKey, m_config, m_connectionLimit);
    if (given.keep && m_context.credentials && !m_ownSecret.siteId.isNull()) {
        m_context.credentials->writePassword(
            m_ownSecret.siteId, given.text, this, [this](CredentialStore::Result result, const QString &why) {
                if (result != CredentialStore::Result::Ok)
                    Q_EMIT problem(tr("Not saved in the keychain: %1").arg(why));
            });
    }
    given.text.fill(QChar(0));
}

void SiteTab::onSessionState(RemoteSession::State state)
{
    Q_EMIT stateChanged(state);
    if (state == RemoteSession::State::Disconnected)
        m_givenSecret.reset(); // the login failed: a wrong answer is neither reused nor kept
    if (state != RemoteSession::State::Ready)
        return;
    adoptGivenSecret();
    Q_EMIT securityChanged();
    if (!m_session->isEncrypted() && !m_warnedPlain.contains(m_siteKey.toString())) {
        m_warnedPlain.insert(m_siteKey.toString());
        Q_EMIT insecure(tr("%1 uses plain FTP: your password and your files cross the network unencrypted.")
                            .arg(m_config.host));
    }
}

QString SiteTab::urlOf(Side side, const QString &path) const
{
    if (side == Side::Local)
        return QUrl::fromLocalFile(path).toString();
    FtpUrl url;
    url.protocol = m_config.protocol;
    url.user = m_config.user;
    url.host = m_config.host;
    url.port = m_config.port;
    url.path = path;
    return url.toDisplayString();
}

// --- Across the two sides ---

void SiteTab::activate(Side side, const QList<DirEntry> &entries)
{
    if (entries.size() == 1 && entries.first().isDir) {
        pane(side)->openChild(entries.first().name);
        return;
    }
    QList<DirEntry> files;
    for (const DirEntry &e : entries) {
        if (!e.isDir)
            files.append(e);
    }
    if (files.isEmpty())
        return;
    if (m_activation == Activation::Open)
        openEntries(side, files);
    else
        transfer(side, files, Start::Now);
}

void SiteTab::transfer(Side from, const QList<DirEntry> &entries, Start start, Mode mode)
{
    PaneController *source = pane(from);
    PaneController *target = otherPane(from);
    if (!m_session || !queue() || source->path().isEmpty() || target->path().isEmpty()) {
        Q_EMIT problem(tr("Connect to a server first: files go between this computer and a server."));
        return;
    }
    QList<EntryMime::Entry> list;
    for (const DirEntry &e : entries) {
        if (!e.hasUnsafeName())
            list.append({e.name, e.isDir, e.isDir ? -1 : e.size, mtimeMs(e)});
    }
    queued(from, enqueue(from, source->path(), list, target->path(), mode), start, mode);
}

bool SiteTab::drop(Side target, const QMimeData *data, const QString &targetFolder, Qt::DropAction action)
{
    m_dropSeen = true;
    if (!m_session || !queue() || targetFolder.isEmpty())
        return false;
    const EntryMime::Payload payload = EntryMime::decode(data);
    const QString remoteOrigin = EntryMime::remoteOrigin(m_siteKey.toString());
    const QString remotePrefix = EntryMime::remoteOrigin(QString());
    if (target == Side::Remote && payload.origin.startsWith(remotePrefix) && payload.origin != remoteOrigin)
        return copyFrom(SiteKey::fromString(payload.origin.mid(remotePrefix.size())), payload, targetFolder);
    if (!payload.isNull()) {
        const bool fromLocal = payload.origin == EntryMime::localOrigin();
        const bool fromRemote = payload.origin == remoteOrigin;
        const bool samePane = target == Side::Local ? fromLocal : fromRemote;
        if (samePane)
            return moveOrCopy(target, payload, targetFolder, action);
        if ((target == Side::Remote && !fromLocal) || (target == Side::Local && !fromRemote))
            return false;
        const Side from = fromLocal ? Side::Local : Side::Remote;
        const Mode mode = action == Qt::MoveAction ? Mode::Move : Mode::Copy;
        queued(from, enqueue(from, payload.folder, payload.entries, targetFolder, mode), Start::Now, mode);
        return true;
    }
    // Files from a file manager: uploads (each file or folder where it is).
    const QStringList files = EntryMime::localFiles(data);
    if (target != Side::Remote || files.isEmpty())
        return false;
    int count = 0;
    for (const QString &path : files) {
        const QFileInfo info(path);
        if (!info.exists())
            continue;
        count += enqueue(Side::Local, info.absolutePath(), {{info.fileName(), info.isDir(), info.size(), -1}},
                         targetFolder);
    }
    queued(Side::Local, count, Start::Now);
    return count > 0;
}

bool SiteTab::moveOrCopy(Side side, const EntryMime::Payload &payload, const QString &targetFolder,
                         Qt::DropAction action)
{
    FileOps *ops = pane(side)->ops();
    const bool copy = action == Qt::CopyAction;
    if (!ops || payload.folder == targetFolder || (copy && side != Side::Local) ||
        (!copy && action != Qt::MoveAction))
        return false;
    QList<DirEntry> entries;
    for (const EntryMime::Entry &e : payload.entries) {
        const QString path = DirectoryLister::childPath(payload.folder, e.name);
        if (e.isDir && (targetFolder == path || targetFolder.startsWith(path + QLatin1Char('/'))))
            continue; // never into itself
        DirEntry entry;
        entry.name = e.name;
        entry.isDir = e.isDir;
        entry.size = e.size;
        if (e.mtimeMs >= 0) {
            const QDateTime when = QDateTime::fromMSecsSinceEpoch(e.mtimeMs, Qt::UTC);
            entry.date = when.date();
            entry.time = when.time();
            entry.timePrecision = DirEntry::TimePrecision::Second;
            entry.timeIsUtc = true;
        }
        entries.append(entry);
    }
    if (entries.isEmpty())
        return false;
    if (copy)
        m_localOps->copy(payload.folder, entries, targetFolder);
    else
        ops->move(payload.folder, entries, targetFolder);
    return true;
}

void SiteTab::dropOutside(const EntryMime::Payload &payload, const QString &folder)
{
    if (!m_session || !queue() || payload.origin != EntryMime::remoteOrigin(m_siteKey.toString())) {
        Q_EMIT problem(
            tr("Not downloaded to %1: the server those files came from is no longer connected.").arg(folder));
        return;
    }
    queued(Side::Remote, enqueue(Side::Remote, payload.folder, payload.entries, folder), Start::Now);
}

void SiteTab::dragEnded(Side side)
{
    const EntryMime::Payload drag = std::exchange(m_localDrag, {});
    if (side != Side::Local || m_dropSeen || drag.isNull())
        return;
    // The file manager moves them on its own time, after the drop: its folder is watched a while.
    const auto look = [this, drag] {
        for (const EntryMime::Entry &e : drag.entries)
            m_localOps->refreshEntry(DirectoryLister::childPath(drag.folder, e.name));
    };
    auto *watcher = new QFileSystemWatcher({drag.folder}, this);
    connect(watcher, &QFileSystemWatcher::directoryChanged, this, look);
    QTimer::singleShot(kWatchAfterDragMs, watcher, &QObject::deleteLater);
    look();
}

bool SiteTab::copyFrom(const SiteKey &source, const EntryMime::Payload &payload, const QString &targetFolder)
{
    QList<TransferQueue::Copy> copies;
    for (const EntryMime::Entry &e : payload.entries) {
        copies.append({DirectoryLister::childPath(payload.folder, e.name),
                       DirectoryLister::childPath(targetFolder, e.name), e.isDir, e.isDir ? -1 : e.size});
    }
    const int count =
        queue()->enqueueCopies(source, m_siteKey, copies, AppSettings::load(m_context.settings).jobOptions());
    if (count == 0)
        return false;
    queue()->start();
    Q_EMIT note(tr("%n copy(ies) between servers queued", nullptr, count));
    return true;
}

QMimeData *SiteTab::copy(Side side, const QList<DirEntry> &entries) const
{
    const QString origin =
        side == Side::Local ? EntryMime::localOrigin() : EntryMime::remoteOrigin(m_siteKey.toString());
    return EntryMime::encode(origin, pane(side)->path(), entries);
}

int SiteTab::enqueue(Side from, const QString &sourceFolder, const QList<EntryMime::Entry> &entries,
                     const QString &targetFolder, Mode mode)
{
    // One batch for the queue, whatever the number: 10,000 dropped files are one insert.
    using Kind = TransferJob::Kind;
    QList<TransferQueue::Transfer> transfers;
    transfers.reserve(entries.size());
    for (const EntryMime::Entry &e : entries) {
        const QString sourcePath = DirectoryLister::childPath(sourceFolder, e.name);
        const QString targetPath = DirectoryLister::childPath(targetFolder, e.name);
        if (from == Side::Local)
            transfers.append({e.isDir ? Kind::UploadFolder : Kind::Upload, sourcePath, targetPath});
        else
            transfers.append(
                {e.isDir ? Kind::DownloadFolder : Kind::Download, targetPath, sourcePath, e.size, e.mtimeMs});
    }
    // Edit > Settings' overwrite policy, transfer type and times, read for each batch.
    TransferQueue::JobOptions options = AppSettings::load(m_context.settings).jobOptions();
    options.removeSource = mode == Mode::Move;
    return enqueueInSlices(m_siteKey, transfers, options);
}

// A big selection goes to the queue a slice at a time, one slice per turn of the event loop
// (each slice one transaction), so that dropping 10,000 files never holds the window long.
int SiteTab::enqueueInSlices(const SiteKey &site, const QList<TransferQueue::Transfer> &transfers,
                             const TransferQueue::JobOptions &options, qsizetype from)
{
    constexpr qsizetype kSlice = 500;
    const qsizetype end = qMin(from + kSlice, transfers.size());
    if (queue()->enqueueTransfers(site, transfers.mid(from, end - from), options) == 0)
        return 0;
    if (end < transfers.size()) {
        // The list is shared, not copied: each turn takes its next slice.
        QTimer::singleShot(0, this, [this, site, transfers, options, end] {
            if (queue())
                enqueueInSlices(site, transfers, options, end);
        });
    }
    return int(transfers.size() - from);
}

void SiteTab::queued(Side from, int count, Start start, Mode mode)
{
    if (count == 0)
        return;
    if (start == Start::Now)
        queue()->start();
    if (mode == Mode::Move)
        Q_EMIT note(from == Side::Local ? tr("%n move(s) to the server queued", nullptr, count)
                                        : tr("%n move(s) from the server queued", nullptr, count));
    else
        Q_EMIT note(from == Side::Local ? tr("%n upload(s) queued", nullptr, count)
                                        : tr("%n download(s) queued", nullptr, count));
}

void SiteTab::openEntries(Side side, const QList<DirEntry> &entries, RemoteEditor::Mode mode,
                          const QString &command)
{
    const QString folder = pane(side)->path();
    for (const DirEntry &e : entries) {
        if (e.isDir || e.hasUnsafeName() || folder.isEmpty())
            continue;
        const QString path = DirectoryLister::childPath(folder, e.name);
        if (side == Side::Local && !command.isEmpty())
            m_editor->launch(command, path);
        else if (side == Side::Local && m_context.openFile)
            m_context.openFile(path);
        else if (side == Side::Remote && m_session)
            m_editor->open(m_siteKey, path, mode, command);
    }
}

void SiteTab::setTimeOffsetMinutes(int minutes)
{
    m_timeOffsetMinutes = minutes;
    CompareCriteria criteria;
    criteria.serverOffsetMs = qint64(minutes) * 60000;
    m_comparison->setCriteria(criteria);
}

Synchroniser *SiteTab::synchronise()
{
    if (!m_session || !queue() || m_local->path().isEmpty() || m_remote->path().isEmpty()) {
        Q_EMIT problem(tr("Connect to a server first: a sync brings a local folder and a server's in step."));
        return nullptr;
    }
    auto *sync = new Synchroniser(queue(), m_config, m_siteKey, m_local->path(), m_remote->path(),
                                  AppSettings::load(m_context.settings).jobOptions(), this);
    connect(sync, &Synchroniser::questionAsked, this, &SiteTab::questionAsked);
    return sync;
}

void SiteTab::onJobChanged(const TransferJob &job)
{
    if (job.isCopy() && job.targetSite == m_siteKey.toString() && job.state == TransferJob::State::Done &&
        m_remoteLister) {
        // A copy from another site arrived here: this side's folder learns it, without a listing.
        TransferJob arrived = job;
        arrived.remotePath = job.targetPath;
        arrived.preserveTime = false;
        m_remoteLister->applyAdded(DirectoryLister::parentPath(job.targetPath),
                                   entryFromJob(arrived, job.kind == TransferJob::Kind::CopyFolder));
    }
    if (job.site != m_siteKey.toString())
        return;
    // The editor's copies and uploads: it says what happened (an upload still updates the
    // remote folder below).
    const bool edited = m_editor->owns(job.id);
    if (job.state == TransferJob::State::Failed) {
        if (!edited)
            Q_EMIT note(tr("Transfer failed: %1").arg(job.error));
        return;
    }
    if (job.state != TransferJob::State::Done)
        return;
    // A move's source went: its side's folder forgets it (the local one is looked at again).
    const bool upload = job.kind == TransferJob::Kind::Upload || job.kind == TransferJob::Kind::UploadFolder;
    if (job.removeSource && upload)
        m_localOps->refreshEntry(job.localPath);
    else if (job.removeSource && m_remoteLister)
        m_remoteLister->applyRemoved(DirectoryLister::parentPath(job.remotePath),
                                     job.remotePath.section(QLatin1Char('/'), -1));
    // The target side's folder learns what arrived (shown or cached), without a listing.
    switch (job.kind) {
    case TransferJob::Kind::Download:
    case TransferJob::Kind::DownloadFolder:
        if (!edited)
            m_localOps->refreshEntry(job.localPath);
        break;
    case TransferJob::Kind::Upload:
    case TransferJob::Kind::UploadFolder:
        if (m_remoteLister) {
            const QString folder = DirectoryLister::parentPath(job.remotePath);
            m_remoteLister->applyAdded(folder,
                                       entryFromJob(job, job.kind == TransferJob::Kind::UploadFolder));
            relistSoon(folder);
        }
        break;
    default:
        break;
    }
}

// The row an upload added carries what the queue knows (name, size, time); the server's own
// facts (its time, permissions, owner) come from listing the folder again, which the lister
// applies as a diff (selection and scrolling stay): one listing for a burst of uploads.
void SiteTab::relistSoon(const QString &folder)
{
    if (!m_remoteLister || m_remoteLister->path() != folder)
        return;
    if (!m_relist->isActive() || m_relistFolder != folder) {
        m_relistFolder = folder;
        m_relistSince.start();
    }
    if (m_relistSince.elapsed() < 10000)
        m_relist->start(); // (again): a second after the last upload of a burst
}

} // namespace ferry
