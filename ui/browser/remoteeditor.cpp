#include "remoteeditor.h"

#include "formatting.h"
#include "remote/directorylister.h"
#include "remote/remotecall.h"
#include "remote/remotesession.h"
#include "transfer/transferqueue.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <algorithm>

namespace ferry {

namespace {

const QString kAutoKey = QStringLiteral("edit/uploadAutomatically");
const QString kCommandKey = QStringLiteral("edit/command");
constexpr auto kPrivate = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

// The server's time as stat() said it, only to compare with a later stat() of the same
// server: -1 when it said none.
qint64 stamp(const DirEntry &e)
{
    if (e.timePrecision == DirEntry::TimePrecision::None || !e.date.isValid())
        return -1;
    return QDateTime(e.date, e.time.isValid() ? e.time : QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

QString describe(qint64 size, qint64 time)
{
    const QString text = size >= 0 ? RemoteEditor::tr("%n byte(s)", nullptr, int(qMin<qint64>(size, 1 << 30)))
                                   : RemoteEditor::tr("size unknown");
    if (time < 0)
        return text;
    return RemoteEditor::tr("%1, %2").arg(
        text, Format::dateTime(QDateTime::fromMSecsSinceEpoch(time, Qt::UTC).toLocalTime(), true));
}

} // namespace

QString RemoteEditor::File::name() const
{
    return remotePath.mid(remotePath.lastIndexOf(QLatin1Char('/')) + 1);
}

RemoteEditor::RemoteEditor(TransferQueue *queue, QSettings *settings, const QString &baseFolder,
                           std::function<void(const QString &)> opener, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_settings(settings)
    , m_base(baseFolder)
    , m_opener(std::move(opener))
    , m_watcher(new QFileSystemWatcher(this))
    , m_debounce(new QTimer(this))
{
    if (!m_opener)
        m_opener = [](const QString &path) { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); };
    m_launcher = [](const QString &program, const QStringList &arguments) {
        return QProcess::startDetached(program, arguments);
    };
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    const auto touched = [this](const QString &path) {
        for (const File &f : std::as_const(m_files)) {
            if (f.mode == Mode::Edit && (f.localPath == path || QFileInfo(f.localPath).path() == path))
                m_dirty.insert(f.id);
        }
        m_debounce->start();
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, touched);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, touched);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        const QSet<int> dirty = std::exchange(m_dirty, {});
        for (int id : dirty)
            look(id);
    });
    if (queue)
        connect(queue, &TransferQueue::jobChanged, this, &RemoteEditor::onJobChanged);
}

RemoteEditor::~RemoteEditor()
{
    closeAll();
}

void RemoteEditor::setLauncher(std::function<bool(const QString &, const QStringList &)> launcher)
{
    m_launcher = std::move(launcher);
}

QString RemoteEditor::lastCommand() const
{
    return m_settings ? m_settings->value(kCommandKey).toString() : QString();
}

bool RemoteEditor::launch(const QString &command, const QString &path)
{
    QStringList arguments = QProcess::splitCommand(command);
    if (arguments.isEmpty())
        return false;
    if (m_settings)
        m_settings->setValue(kCommandKey, command);
    const QString program = arguments.takeFirst();
    arguments.append(path);
    if (m_launcher(program, arguments))
        return true;
    Q_EMIT problem(tr("Cannot start %1 to open %2.").arg(program, path));
    return false;
}

void RemoteEditor::setSession(const SiteKey &site, RemoteSession *session)
{
    m_site = site;
    m_session = session;
}

bool RemoteEditor::uploadsAutomatically() const
{
    return m_settings && m_settings->value(kAutoKey, false).toBool();
}

void RemoteEditor::setUploadsAutomatically(bool on)
{
    if (m_settings)
        m_settings->setValue(kAutoKey, on);
}

RemoteEditor::File *RemoteEditor::find(int id)
{
    auto it = m_files.find(id);
    return it == m_files.end() ? nullptr : &it.value();
}

const RemoteEditor::File *RemoteEditor::file(int id) const
{
    auto it = m_files.constFind(id);
    return it == m_files.cend() ? nullptr : &it.value();
}

QList<int> RemoteEditor::ids() const
{
    QList<int> ids = m_files.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<int> RemoteEditor::unsent() const
{
    QList<int> list;
    for (int id : ids()) {
        const State s = m_files.value(id).state;
        if (s == State::Changed || s == State::Checking || s == State::Conflict || s == State::Uploading)
            list.append(id);
    }
    return list;
}

bool RemoteEditor::isUploading() const
{
    return std::any_of(m_files.cbegin(), m_files.cend(), [](const File &f) {
        return f.state == State::Checking || f.state == State::Uploading;
    });
}

bool RemoteEditor::owns(qint64 job) const
{
    return m_jobs.contains(job);
}

QString RemoteEditor::folder() const
{
    return m_dir ? m_dir->path() : QString();
}

void RemoteEditor::setState(File &file, State state, const QString &reason)
{
    file.state = state;
    file.reason = reason;
    Q_EMIT fileChanged(file.id);
}

QString RemoteEditor::makeFolder()
{
    if (!m_dir) {
        // mkdtemp: a new folder, mode 0700, that no other process chose.
        QDir().mkpath(m_base);
        auto dir = std::make_unique<QTemporaryDir>(m_base + QLatin1String("/edit-XXXXXX"));
        if (!dir->isValid()) {
            Q_EMIT problem(tr("Cannot make a temporary folder in %1: %2").arg(m_base, dir->errorString()));
            return {};
        }
        QFile::setPermissions(dir->path(), kPrivate);
        m_dir = std::move(dir);
    }
    const QString sub = m_dir->filePath(QString::number(m_nextId));
    if (!QDir().mkpath(sub))
        return {};
    QFile::setPermissions(sub, kPrivate);
    return sub;
}

int RemoteEditor::open(const SiteKey &site, const QString &remotePath, Mode mode, const QString &command)
{
    if (!m_queue)
        return 0;
    for (const File &f : std::as_const(m_files)) {
        if (f.site == site && f.remotePath == remotePath && f.mode == mode && f.state != State::Failed) {
            if (f.state != State::Downloading && command.isEmpty())
                m_opener(f.localPath);
            else if (f.state != State::Downloading)
                launch(command, f.localPath);
            return f.id;
        }
    }
    const QString sub = makeFolder();
    if (sub.isEmpty())
        return 0;
    File f;
    f.id = m_nextId++;
    f.mode = mode;
    f.site = site;
    f.remotePath = remotePath;
    f.localPath = sub + QLatin1Char('/') + f.name();
    f.command = command;
    m_files.insert(f.id, f);
    Q_EMIT fileChanged(f.id);
    const int id = f.id;
    // The server's size and time first: what a later upload compares with. Asked before the
    // download, so that a change in between is reported rather than missed.
    statRemote(f, [this, id](RemoteCall *call) {
        File *file = find(id);
        if (!file)
            return;
        if (!call || !call->succeeded()) {
            const QString why = call ? call->error().message() : tr("not connected");
            setState(*file, State::Failed, why);
            Q_EMIT problem(tr("Cannot open %1: %2").arg(file->remotePath, why));
            return;
        }
        file->remoteSize = call->entry().size;
        file->remoteTime = stamp(call->entry());
        TransferQueue::JobOptions options;
        options.overwrite = TransferJob::Overwrite::Overwrite;
        options.priority = 1; // ahead of queued transfers
        file->job = m_queue->enqueueDownload(file->site, file->remotePath, file->localPath, options,
                                             file->remoteSize);
        if (file->job <= 0) {
            setState(*file, State::Failed, m_queue->errorString());
            return;
        }
        m_jobs.insert(file->job, id);
        m_queue->start();
        Q_EMIT note(file->mode == Mode::View ? tr("Downloading %1 to view it").arg(file->name())
                                             : tr("Downloading %1 to edit it").arg(file->name()));
    });
    return id;
}

void RemoteEditor::statRemote(const File &file, const std::function<void(RemoteCall *)> &then)
{
    if (!m_session || m_site != file.site) {
        then(nullptr);
        return;
    }
    RemoteCall *call = m_session->stat(file.remotePath);
    connect(call, &RemoteCall::finished, this, [call, then] { then(call); });
}

void RemoteEditor::onJobChanged(const TransferJob &job)
{
    const int id = m_jobs.value(job.id);
    File *file = id ? find(id) : nullptr;
    if (!file || file->job != job.id)
        return;
    using S = TransferJob::State;
    if (job.state != S::Done && job.state != S::Failed && job.state != S::Cancelled &&
        job.state != S::Skipped)
        return;
    file->job = 0; // the id stays in m_jobs: owns() still knows it
    const bool done = job.state == S::Done;
    if (job.kind == TransferJob::Kind::Download) {
        if (done) {
            downloaded(*file);
        } else {
            setState(*file, State::Failed, job.error);
            Q_EMIT problem(tr("Cannot open %1: %2").arg(file->remotePath, job.error));
        }
    } else if (done) {
        uploaded(*file);
    } else {
        setState(*file, State::Changed, job.error); // still not on the server: asked again
        Q_EMIT problem(tr("%1 was not uploaded: %2").arg(file->name(), job.error));
    }
}

void RemoteEditor::downloaded(File &file)
{
    const QFileInfo info(file.localPath);
    if (file.mode == Mode::View) {
        // Read-only: an application says so, and nothing the user types goes back.
        QFile::setPermissions(file.localPath, QFile::ReadOwner);
    }
    file.savedSize = info.size();
    file.savedTime = info.lastModified().toMSecsSinceEpoch();
    setState(file, State::Open);
    if (file.mode == Mode::Edit)
        watch(file);
    if (file.command.isEmpty())
        m_opener(file.localPath);
    else
        launch(file.command, file.localPath);
}

void RemoteEditor::uploaded(File &file)
{
    Q_EMIT note(tr("%1 uploaded to %2").arg(file.name(), file.remotePath));
    const int id = file.id;
    // What the server has now is what a next upload compares with.
    statRemote(file, [this, id](RemoteCall *call) {
        File *f = find(id);
        if (!f)
            return;
        if (call && call->succeeded()) {
            f->remoteSize = call->entry().size;
            f->remoteTime = stamp(call->entry());
        } else {
            f->remoteSize = f->savedSize;
            f->remoteTime = -1;
        }
        setState(*f, State::Open);
        if (std::exchange(f->checkAgain, false))
            look(id);
    });
}

void RemoteEditor::watch(const File &file)
{
    const QString folder = QFileInfo(file.localPath).path();
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    if (QFileInfo::exists(file.localPath) && !m_watcher->files().contains(file.localPath))
        m_watcher->addPath(file.localPath);
}

void RemoteEditor::look(int id)
{
    File *file = find(id);
    if (!file || file->mode != Mode::Edit)
        return;
    watch(*file); // saved by a rename: the watcher had let the old file go
    const QFileInfo info(file->localPath);
    if (!info.exists())
        return; // between the editor's delete and its rename: the folder's next event
    const qint64 size = info.size();
    const qint64 time = info.lastModified().toMSecsSinceEpoch();
    switch (file->state) {
    case State::Open:
        if (size == file->savedSize && time == file->savedTime)
            return;
        break;
    case State::Checking:
    case State::Uploading:
        file->checkAgain = true; // once this upload is done
        return;
    case State::Changed:
    case State::Conflict:
        break; // asked already: a new save keeps the question
    case State::Downloading:
    case State::Failed:
        return;
    }
    if (uploadsAutomatically() && file->state != State::Conflict)
        upload(id);
    else if (file->state == State::Open)
        setState(*file, State::Changed);
}

void RemoteEditor::upload(int id)
{
    File *file = find(id);
    if (!file || file->mode != Mode::Edit || file->state == State::Downloading ||
        file->state == State::Failed || file->state == State::Checking || file->state == State::Uploading)
        return;
    setState(*file, State::Checking);
    statRemote(*file, [this, id](RemoteCall *call) {
        File *f = find(id);
        if (!f || f->state != State::Checking)
            return;
        if (!call) {
            setState(*f, State::Changed, tr("Connect to the server again to upload it."));
            Q_EMIT problem(
                tr("%1 was not uploaded: connect to %2 again first.").arg(f->name(), f->site.toString()));
            return;
        }
        const bool gone = !call->succeeded() && call->error().kind() == RemoteError::Kind::NotFound;
        if (!call->succeeded() && !gone) {
            setState(*f, State::Changed, call->error().message());
            Q_EMIT problem(tr("%1 was not uploaded: %2").arg(f->name(), call->error().message()));
            return;
        }
        const QString conflict = gone ? tr("it is not there any more") : changedOnServer(*f, call->entry());
        if (!conflict.isEmpty()) {
            setState(*f, State::Conflict,
                     tr("%1 was changed on the server since you opened it (then: %2; now: %3).")
                         .arg(f->name(), describe(f->remoteSize, f->remoteTime), conflict));
            return;
        }
        startUpload(*f);
    });
}

QString RemoteEditor::changedOnServer(const File &file, const DirEntry &now)
{
    // Only what both stat() calls told is compared (a server without MDTM: the size alone).
    const qint64 time = stamp(now);
    const bool sizeDiffers = now.size >= 0 && file.remoteSize >= 0 && now.size != file.remoteSize;
    const bool timeDiffers = time >= 0 && file.remoteTime >= 0 && time != file.remoteTime;
    return sizeDiffers || timeDiffers ? describe(now.size, time) : QString();
}

void RemoteEditor::uploadAnyway(int id)
{
    File *file = find(id);
    if (file && file->state == State::Conflict)
        startUpload(*file);
}

void RemoteEditor::ignore(int id)
{
    File *file = find(id);
    if (!file || (file->state != State::Changed && file->state != State::Conflict))
        return;
    // This version stays here; a later save is offered again.
    const QFileInfo info(file->localPath);
    file->savedSize = info.size();
    file->savedTime = info.lastModified().toMSecsSinceEpoch();
    setState(*file, State::Open);
}

void RemoteEditor::uploadAllChanged()
{
    for (int id : unsent()) {
        if (const File *f = file(id); f && f->state == State::Changed)
            upload(id);
    }
}

void RemoteEditor::startUpload(File &file)
{
    const QFileInfo info(file.localPath);
    file.savedSize = info.size();
    file.savedTime = info.lastModified().toMSecsSinceEpoch();
    TransferQueue::JobOptions options;
    options.overwrite = TransferJob::Overwrite::Overwrite; // this one file, checked just before
    options.priority = 1;
    options.preserveTime = false; // the server's time says when it was changed
    file.job = m_queue ? m_queue->enqueueUpload(file.site, file.localPath, file.remotePath, options) : 0;
    if (file.job <= 0) {
        setState(file, State::Changed, tr("The queue refused the upload."));
        return;
    }
    m_jobs.insert(file.job, file.id);
    setState(file, State::Uploading);
    m_queue->start();
}

void RemoteEditor::closeAll()
{
    for (const File &f : std::as_const(m_files)) {
        if (m_queue && f.job > 0)
            m_queue->cancel(f.job); // nothing more is written to (or read from) the folder
    }
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_debounce->stop();
    m_dirty.clear();
    m_files.clear();
    m_jobs.clear();
    m_dir.reset(); // removes the folder with every copy
}

} // namespace ferry
