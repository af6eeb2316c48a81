#include "sftpops.h"

#include "listing/namedecoder.h"
#include "sftpentry.h"
#include "sftptransfers.h"

#include <QCoreApplication>
#include <optional>

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::Sftp)
};
} // namespace

using sftp::StatusCode;
using Kind = SftpRequest::Kind;

QByteArray SftpContext::encode(const QString &path) const
{
    return charset.encode(path);
}

QString resolveHomePath(const QString &path, const QString &home)
{
    if (home.isEmpty() || !path.startsWith(QLatin1Char('~')))
        return path;
    if (path == QLatin1String("~"))
        return home;
    if (path.startsWith(QLatin1String("~/")))
        return (home == QLatin1String("/") ? QString() : home) + path.mid(1);
    return path;
}

// --- Replies ---

namespace {

RemoteError::Kind kindOf(StatusCode code)
{
    switch (code) {
    case StatusCode::NoSuchFile:
        return RemoteError::Kind::NotFound;
    case StatusCode::PermissionDenied:
        return RemoteError::Kind::Permission;
    case StatusCode::BadMessage:
        return RemoteError::Kind::Protocol;
    case StatusCode::NoConnection:
    case StatusCode::ConnectionLost:
        return RemoteError::Kind::Network;
    default:
        return RemoteError::Kind::Server;
    }
}

QString reasonOf(StatusCode code)
{
    switch (code) {
    case StatusCode::NoSuchFile:
        return Text::tr("no such file or folder");
    case StatusCode::PermissionDenied:
        return Text::tr("permission denied");
    case StatusCode::OpUnsupported:
        return Text::tr("the server does not support this");
    case StatusCode::Eof:
        return Text::tr("unexpected end of file");
    case StatusCode::BadMessage:
        return Text::tr("the server did not understand the request");
    case StatusCode::NoConnection:
    case StatusCode::ConnectionLost:
        return Text::tr("the server lost its connection");
    default:
        return Text::tr("the server refused");
    }
}

RemoteError unexpected(const SftpChannel::Reply &reply, const QString &what)
{
    return RemoteError(RemoteError::Kind::Protocol,
                       Text::tr("%1: unexpected reply (packet type %2)").arg(what).arg(reply.type));
}

} // namespace

RemoteError sftpStatusError(const SftpChannel::Reply &reply, const QString &what)
{
    if (reply.error)
        return RemoteError(reply.error.kind(), what + QLatin1String(": ") + reply.error.message());
    if (reply.type != sftp::Status)
        return unexpected(reply, what);
    sftp::Reader reader(reply.payload);
    sftp::StatusReply status;
    if (!sftp::readStatus(reader, &status))
        return unexpected(reply, what);
    if (status.code == StatusCode::Ok)
        return {};
    const QString serverText = status.message.trimmed().left(500);
    const QString message =
        !serverText.isEmpty() && serverText.compare(reasonOf(status.code), Qt::CaseInsensitive) != 0
            ? Text::tr("%1: %2 (server: %3)").arg(what, reasonOf(status.code), serverText)
            : Text::tr("%1: %2").arg(what, reasonOf(status.code));
    return RemoteError(kindOf(status.code), message, 0, status.message);
}

bool sftpIsStatus(const SftpChannel::Reply &reply, StatusCode code)
{
    if (reply.error || reply.type != sftp::Status)
        return false;
    sftp::Reader reader(reply.payload);
    return StatusCode(reader.u32()) == code && reader.ok();
}

bool sftpReadHandle(const SftpChannel::Reply &reply, QByteArray *handle, RemoteError *error,
                    const QString &what)
{
    if (reply.error || reply.type != sftp::Handle) {
        *error = reply.type == sftp::Handle ? unexpected(reply, what) : sftpStatusError(reply, what);
        return false;
    }
    sftp::Reader reader(reply.payload);
    *handle = reader.string();
    if (!reader.ok() || handle->isEmpty() || handle->size() > 256) {
        *error = unexpected(reply, what);
        return false;
    }
    return true;
}

bool sftpReadAttributes(const SftpChannel::Reply &reply, sftp::Attributes *attributes, RemoteError *error,
                        const QString &what)
{
    if (reply.error || reply.type != sftp::Attrs) {
        *error = sftpStatusError(reply, what);
        return false;
    }
    sftp::Reader reader(reply.payload);
    *attributes = reader.attributes();
    if (!reader.ok()) {
        *error = unexpected(reply, what);
        return false;
    }
    return true;
}

bool sftpReadSingleName(const SftpChannel::Reply &reply, QByteArray *name, RemoteError *error,
                        const QString &what)
{
    if (reply.error || reply.type != sftp::Name) {
        *error = sftpStatusError(reply, what);
        return false;
    }
    sftp::Reader reader(reply.payload);
    QList<sftp::NameEntry> names;
    if (!sftp::readNames(reader, &names, 1) || names.size() != 1) {
        *error = unexpected(reply, what);
        return false;
    }
    *name = names.first().name;
    return true;
}

// --- WorkerOp ---

WorkerOp::WorkerOp(quint64 id, SftpRequest request, SftpContext *context, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_request(std::move(request))
    , m_context(context)
{
}

void WorkerOp::cancel()
{
    finish(RemoteError(RemoteError::Kind::Cancelled, WorkerOp::tr("Cancelled")));
}

void WorkerOp::call(SftpChannel::Request &&request, Handler handler)
{
    QPointer<WorkerOp> self(this);
    m_context->channel->send(std::move(request),
                             [self, handler = std::move(handler)](const SftpChannel::Reply &reply) {
                                 if (self && !self->m_finished)
                                     handler(reply);
                             });
}

void WorkerOp::sendAndForget(SftpChannel::Request &&request)
{
    m_context->channel->send(std::move(request), [](const SftpChannel::Reply &) {});
}

void WorkerOp::closeHandle(const QByteArray &handle)
{
    if (handle.isEmpty() || !m_context->channel->isOpen())
        return;
    SftpChannel::Request close = request(sftp::Close);
    close.writer.string(handle);
    sendAndForget(std::move(close));
}

void WorkerOp::resolveLink(const QString &path, DirEntry *entry, std::function<void()> done)
{
    const bool follow = m_request.followLinks;
    auto pending = std::make_shared<int>(follow ? 2 : 1);
    auto oneDone = [pending, done] {
        if (--*pending == 0)
            done();
    };
    SftpChannel::Request readlink = request(sftp::Readlink);
    readlink.writer.string(encode(path));
    call(std::move(readlink), [this, entry, oneDone](const SftpChannel::Reply &reply) {
        QByteArray target;
        RemoteError ignored;
        if (sftpReadSingleName(reply, &target, &ignored, {}))
            entry->target = m_context->decoder->decode(target);
        oneDone();
    });
    if (!follow)
        return;
    SftpChannel::Request stat = request(sftp::Stat);
    stat.writer.string(encode(path));
    call(std::move(stat), [this, entry, oneDone](const SftpChannel::Reply &reply) {
        sftp::Attributes followed;
        RemoteError ignored; // a dangling link keeps its own attributes
        if (sftpReadAttributes(reply, &followed, &ignored, {})) {
            DirEntry target = sftpEntry(entry->rawName, followed, *m_context->decoder);
            target.name = entry->name;
            target.line = entry->line;
            target.owner = entry->owner;
            target.group = entry->group;
            target.isLink = true;
            target.target = entry->target;
            *entry = std::move(target);
        }
        oneDone();
    });
}

void WorkerOp::finish(const RemoteError &error, const SftpResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (error)
        log(TranscriptLine::Kind::Error, error.message());
    Q_EMIT finished(m_id, error, result);
    deleteLater();
}

void WorkerOp::log(TranscriptLine::Kind kind, const QString &text) const
{
    if (m_context->log)
        m_context->log(kind, text);
}

namespace {

QString lastComponent(const QString &path)
{
    QString p = path;
    while (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    const qsizetype slash = p.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? p : p.mid(slash + 1);
}

QString parentOf(const QString &path)
{
    QString p = path;
    while (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    const qsizetype slash = p.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return {};
    return slash == 0 ? QStringLiteral("/") : p.left(slash);
}

// --- Stat: LSTAT, then READLINK (and STAT when following) for a link ---

class StatOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;
    void start() override
    {
        log(TranscriptLine::Kind::Command, QLatin1String("LSTAT ") + req().path);
        SftpChannel::Request lstat = request(sftp::Lstat);
        lstat.writer.string(encode(req().path));
        call(std::move(lstat), [this](const SftpChannel::Reply &reply) { onLstat(reply); });
    }

private:
    void onLstat(const SftpChannel::Reply &reply)
    {
        RemoteError error;
        if (!sftpReadAttributes(reply, &m_attributes, &error,
                                WorkerOp::tr("Could not get information on %1").arg(req().path))) {
            finish(error);
            return;
        }
        m_result.entry = sftpEntry(encode(lastComponent(req().path)), m_attributes, *context()->decoder);
        if (!m_attributes.isLink()) {
            finish({}, m_result);
            return;
        }
        resolveLink(req().path, &m_result.entry, [this] { finish({}, m_result); });
    }

    sftp::Attributes m_attributes;
    SftpResult m_result;
};

// --- List: OPENDIR, READDIRs (a few in flight), CLOSE; then links resolved ---

class ListOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;
    void start() override
    {
        log(TranscriptLine::Kind::Command, QLatin1String("OPENDIR ") + req().path);
        SftpChannel::Request opendir = request(sftp::Opendir);
        opendir.writer.string(encode(req().path));
        call(std::move(opendir), [this](const SftpChannel::Reply &reply) {
            RemoteError error;
            if (!sftpReadHandle(reply, &m_handle, &error,
                                WorkerOp::tr("Could not list %1").arg(req().path))) {
                finish(error);
                return;
            }
            for (int i = 0; i < ReaddirsInFlight; ++i)
                readMore();
        });
    }
    void cancel() override
    {
        closeHandle(std::exchange(m_handle, {}));
        WorkerOp::cancel();
    }

private:
    // OpenSSH's server sends up to 100 names per READDIR: a few in flight keep a big
    // folder from costing a round trip per hundred names on a slow link.
    static constexpr int ReaddirsInFlight = 4;
    static constexpr qsizetype MaxEntries = 10'000'000;
    // Entries reach the owner in batches as they come (a pane shows the first rows of a big
    // folder before the listing ends), never one signal per entry.
    static constexpr qsizetype BatchSize = 1000;

    void readMore()
    {
        if (m_eof)
            return;
        ++m_inFlight;
        SftpChannel::Request readdir = request(sftp::Readdir);
        readdir.writer.string(m_handle);
        call(std::move(readdir), [this](const SftpChannel::Reply &reply) { onNames(reply); });
    }

    void onNames(const SftpChannel::Reply &reply)
    {
        --m_inFlight;
        if (sftpIsStatus(reply, StatusCode::Eof)) {
            m_eof = true;
        } else if (reply.type == sftp::Name && !reply.error) {
            sftp::Reader reader(reply.payload);
            QList<sftp::NameEntry> names;
            if (!sftp::readNames(reader, &names) || m_entries.size() + names.size() > MaxEntries) {
                fail(RemoteError(
                    RemoteError::Kind::Protocol,
                    WorkerOp::tr("Could not list %1: malformed or oversized listing").arg(req().path)));
                return;
            }
            for (const sftp::NameEntry &name : std::as_const(names)) {
                if (name.name == "." || name.name == "..")
                    continue;
                DirEntry entry = sftpEntry(name, *context()->decoder);
                if (entry.hasUnsafeName() && !req().keepUnsafeNames) {
                    log(TranscriptLine::Kind::Error,
                        WorkerOp::tr("Ignored an unsafe name in the listing: %1").arg(entry.name));
                    continue;
                }
                entry.line = int(m_entries.size() + 1);
                if (!entry.isLink) // links go out once resolved
                    m_batch.append(entry);
                m_entries.append(std::move(entry));
            }
            if (m_batch.size() >= BatchSize)
                Q_EMIT entries(id(), std::exchange(m_batch, {}));
            readMore();
        } else {
            fail(sftpStatusError(reply, WorkerOp::tr("Could not list %1").arg(req().path)));
            return;
        }
        if (m_eof && m_inFlight == 0) {
            closeHandle(std::exchange(m_handle, {}));
            log(TranscriptLine::Kind::Reply, WorkerOp::tr("%n entries", nullptr, int(m_entries.size())));
            resolveLinks();
        }
    }

    void fail(const RemoteError &error)
    {
        closeHandle(std::exchange(m_handle, {}));
        finish(error);
    }

    QString childPath(const DirEntry &entry) const
    {
        const QString &dir = req().path;
        return dir.endsWith(QLatin1Char('/')) ? QString(dir + entry.name)
                                              : QString(dir + QLatin1Char('/') + entry.name);
    }

    // Links show their target and, when following, what it is: all asked at once.
    void resolveLinks()
    {
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            if (!m_entries[i].isLink)
                continue;
            ++m_waiting;
            resolveLink(childPath(m_entries[i]), &m_entries[i], [this] {
                if (--m_waiting == 0)
                    done();
            });
        }
        if (m_waiting == 0)
            done();
    }

    void done()
    {
        for (const DirEntry &entry : std::as_const(m_entries)) {
            if (entry.isLink)
                m_batch.append(entry);
        }
        if (!m_batch.isEmpty())
            Q_EMIT entries(id(), std::exchange(m_batch, {}));
        SftpResult result;
        result.entries = std::move(m_entries);
        finish({}, result);
    }

    QByteArray m_handle;
    QList<DirEntry> m_entries;
    QList<DirEntry> m_batch; // entries not yet sent to the owner
    int m_inFlight = 0;
    int m_waiting = 0;
    bool m_eof = false;
};

// --- mkdir (-p) ---

class MakeDirectoryOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;
    void start() override
    {
        makeDirectory(req().path, [this](const RemoteError &error) {
            SftpResult result;
            result.path = req().path;
            finish(error, result);
        });
    }

private:
    using Done = std::function<void(const RemoteError &)>;

    void makeDirectory(const QString &path, Done done, int depth = 0)
    {
        log(TranscriptLine::Kind::Command, QLatin1String("MKDIR ") + path);
        SftpChannel::Request mkdir = request(sftp::Mkdir);
        mkdir.writer.string(encode(path)).attributes({});
        call(std::move(mkdir), [this, path, done, depth](const SftpChannel::Reply &reply) {
            const RemoteError error =
                sftpStatusError(reply, WorkerOp::tr("Could not create the folder %1").arg(path));
            if (!error || !req().parents || reply.error) {
                done(error);
                return;
            }
            // -p: an existing folder is fine; a missing parent is made first.
            SftpChannel::Request stat = request(sftp::Stat);
            stat.writer.string(encode(path));
            call(std::move(stat), [this, path, done, depth, error](const SftpChannel::Reply &statReply) {
                sftp::Attributes attributes;
                RemoteError ignored;
                if (sftpReadAttributes(statReply, &attributes, &ignored, {})) {
                    if (attributes.isDirectory())
                        done({});
                    else
                        done(RemoteError(
                            RemoteError::Kind::Server,
                            WorkerOp::tr("Could not create the folder %1: a file has that name").arg(path)));
                    return;
                }
                const QString parent = parentOf(path);
                if (parent.isEmpty() || parent == path || depth > 256) {
                    done(error);
                    return;
                }
                makeDirectory(
                    parent,
                    [this, path, done](const RemoteError &parentError) {
                        if (parentError) {
                            done(parentError);
                            return;
                        }
                        SftpChannel::Request again = request(sftp::Mkdir);
                        again.writer.string(encode(path)).attributes({});
                        call(std::move(again), [path, done](const SftpChannel::Reply &r) {
                            done(
                                sftpStatusError(r, WorkerOp::tr("Could not create the folder %1").arg(path)));
                        });
                    },
                    depth + 1);
            });
        });
    }
};

// --- One request answered by a STATUS: remove, rmdir, rename, setstat, symlink ---

class StatusOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;
    void start() override
    {
        const SftpRequest &r = req();
        QString what;
        QString command;
        std::optional<SftpChannel::Request> out;
        switch (r.kind) {
        case Kind::RemoveFile:
            out = request(sftp::Remove);
            out->writer.string(encode(r.path));
            command = QLatin1String("REMOVE ") + r.path;
            what = WorkerOp::tr("Could not delete %1").arg(r.path);
            break;
        case Kind::RemoveDirectory:
            out = request(sftp::Rmdir);
            out->writer.string(encode(r.path));
            command = QLatin1String("RMDIR ") + r.path;
            what = WorkerOp::tr("Could not delete the folder %1").arg(r.path);
            break;
        case Kind::Rename:
            if (r.overwrite && context()->posixRename) {
                out = request(sftp::Extended);
                out->writer.string("posix-rename@openssh.com");
                command = QLatin1String("posix-rename ") + r.path + QLatin1Char(' ') + r.target;
            } else {
                out = request(sftp::Rename);
                command = QLatin1String("RENAME ") + r.path + QLatin1Char(' ') + r.target;
            }
            out->writer.string(encode(r.path)).string(encode(r.target));
            what = WorkerOp::tr("Could not rename %1 to %2").arg(r.path, r.target);
            break;
        case Kind::SetTime: {
            sftp::Attributes a;
            a.flags = sftp::Attributes::HasTimes;
            const qint64 seconds = qBound<qint64>(0, r.time.toSecsSinceEpoch(), 0xffffffffLL);
            a.atime = a.mtime = quint32(seconds);
            out = request(sftp::Setstat);
            out->writer.string(encode(r.path)).attributes(a);
            command = QLatin1String("SETSTAT ") + r.path + QLatin1String(" mtime=") +
                      r.time.toUTC().toString(Qt::ISODate);
            what = WorkerOp::tr("Could not set the time of %1").arg(r.path);
            break;
        }
        case Kind::Chmod: {
            sftp::Attributes a;
            a.flags = sftp::Attributes::HasPermissions;
            a.permissions = r.mode & 07777;
            out = request(sftp::Setstat);
            out->writer.string(encode(r.path)).attributes(a);
            command = QLatin1String("SETSTAT ") + r.path + QLatin1String(" mode=") +
                      QString::number(a.permissions, 8);
            what = WorkerOp::tr("Could not change the permissions of %1").arg(r.path);
            break;
        }
        case Kind::Symlink:
            // OpenSSH reversed the two arguments (its PROTOCOL file, §3.1) and every common
            // server follows it: target first, then the link.
            out = request(sftp::Symlink);
            out->writer.string(encode(r.target)).string(encode(r.path));
            command = QLatin1String("SYMLINK ") + r.path + QLatin1String(" -> ") + r.target;
            what = WorkerOp::tr("Could not create the link %1").arg(r.path);
            break;
        default:
            finish(RemoteError(RemoteError::Kind::InvalidArgument, WorkerOp::tr("Unknown request")));
            return;
        }
        log(TranscriptLine::Kind::Command, command);
        call(std::move(*out),
             [this, what](const SftpChannel::Reply &reply) { finish(sftpStatusError(reply, what)); });
    }
};

// --- One request answered by a single NAME: realpath, readlink ---

class PathOp final : public WorkerOp {
public:
    using WorkerOp::WorkerOp;
    void start() override
    {
        const bool realpath = req().kind == Kind::RealPath;
        log(TranscriptLine::Kind::Command,
            (realpath ? QLatin1String("REALPATH ") : QLatin1String("READLINK ")) + req().path);
        SftpChannel::Request out = request(realpath ? sftp::Realpath : sftp::Readlink);
        out.writer.string(encode(req().path));
        const QString what = realpath ? WorkerOp::tr("Could not resolve %1").arg(req().path)
                                      : WorkerOp::tr("Could not read the link %1").arg(req().path);
        call(std::move(out), [this, what](const SftpChannel::Reply &reply) {
            QByteArray name;
            RemoteError error;
            if (!sftpReadSingleName(reply, &name, &error, what)) {
                finish(error);
                return;
            }
            SftpResult result;
            result.path = context()->decoder->decode(name);
            log(TranscriptLine::Kind::Reply, result.path);
            finish({}, result);
        });
    }
};

} // namespace

WorkerOp *WorkerOp::create(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent)
{
    switch (request.kind) {
    case Kind::List:
        return new ListOp(id, request, context, parent);
    case Kind::Stat:
        return new StatOp(id, request, context, parent);
    case Kind::MakeDirectory:
        return new MakeDirectoryOp(id, request, context, parent);
    case Kind::RemoveFile:
    case Kind::RemoveDirectory:
    case Kind::Rename:
    case Kind::SetTime:
    case Kind::Chmod:
    case Kind::Symlink:
        return new StatusOp(id, request, context, parent);
    case Kind::ReadLink:
    case Kind::RealPath:
        return new PathOp(id, request, context, parent);
    case Kind::Download:
        return newDownloadOp(id, request, context, parent);
    case Kind::Upload:
        return newUploadOp(id, request, context, parent);
    }
    return nullptr;
}

} // namespace ferry
