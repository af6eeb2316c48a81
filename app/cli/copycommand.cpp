// cp: a file or (-r) a folder from one server to another, each file through core's
// ServerCopy (as the queue's copies): server to server (FTP's FXP) when both servers allow
// it, else through ferry-cli: a download streamed into an upload through a bounded pipe,
// never the whole file in memory.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "interrupts.h"
#include "remote/remotepath.h"
#include "transfer/servercopy.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <optional>

namespace ferry::cli {

namespace {

QString withoutSlash(QString path)
{
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

QString baseName(const QString &path)
{
    const QString trimmed = withoutSlash(path);
    return trimmed.mid(trimmed.lastIndexOf(QLatin1Char('/')) + 1);
}

// Whether a failure ends the whole copy (the connection, the login, a cancel) or only the
// file or folder it was about (refused, missing, unreadable): -r then goes on with the rest.
bool endsTheCopy(const RemoteError &error)
{
    switch (error.kind()) {
    case RemoteError::Kind::Network:
    case RemoteError::Kind::Timeout:
    case RemoteError::Kind::Tls:
    case RemoteError::Kind::Auth:
    case RemoteError::Kind::Cancelled:
        return true;
    default:
        return false;
    }
}

// One copy run: the two logged-in sessions, whether FXP is still worth trying, the counts.
class Copier {
public:
    Copier(RemoteSession *source, RemoteSession *target, const Options &options)
        : m_source(source)
        , m_target(target)
        , m_options(options)
        , m_fxp(!options.noFxp && source->features().testFlag(RemoteSession::Feature::ServerToServer) &&
                target->features().testFlag(RemoteSession::Feature::ServerToServer))
    {
        if (!options.noFxp && !m_fxp)
            note(CopyCommands::tr("The servers cannot copy to each other (FXP over TLS needs SSCN or CPSV); "
                                  "copying through ferry-cli."));
    }

    RemoteError copyFile(const QString &from, const QString &to, qint64 size);
    RemoteError copyTree(const QString &from, const QString &to);
    // The folders above `path` on the target, made when missing (as put does).
    RemoteError makeParents(const QString &path);
    void printSummary(qint64 elapsedMs) const;
    // -r: the files and folders that could not be copied (the copy went on without them).
    const QStringList &failed() const { return m_failed; }
    const RemoteError &firstFailure() const { return m_firstFailure; }

private:
    // A file or folder of a tree that failed: said, counted, and the copy goes on; false
    // when the failure ends the whole copy.
    bool skip(const QString &path, const RemoteError &error);
    static RemoteError run(ServerCopy &copy, const QString &from, const QString &to, qint64 offset,
                           qint64 size, bool direct);
    RemoteError makeFolder(const QString &path);

    RemoteSession *m_source;
    RemoteSession *m_target;
    const Options &m_options;
    bool m_fxp;
    int m_direct = 0;
    int m_through = 0;
    int m_complete = 0; // --resume: already whole
    qint64 m_bytes = 0;
    QStringList m_failed;
    RemoteError m_firstFailure;
};

qint64 sizeOf(RemoteSession *session, const QString &path, RemoteError *error)
{
    qint64 size = -1;
    *error = await<RemoteCall>(session->stat(path, RemoteSession::StatDetail::Size),
                               [&size](RemoteCall *call) { size = call->entry().size; });
    return size;
}

RemoteError Copier::copyFile(const QString &from, const QString &to, qint64 size)
{
    RemoteError error;
    if (size < 0) {
        size = sizeOf(m_source, from, &error);
        if (error)
            return error;
    }
    // --resume: continue after what the target has (asked again after a refused direct
    // copy, which may have written some of it); nullopt: the target is whole, left alone.
    const auto resumeOffset = [&]() -> std::optional<qint64> {
        if (!m_options.resume || size <= 0)
            return 0;
        RemoteError missing;
        const qint64 have = sizeOf(m_target, to, &missing);
        if (!missing && have == size)
            return std::nullopt;
        return !missing && have > 0 && have < size ? have : 0;
    };
    std::optional<qint64> offset = resumeOffset();
    if (offset && m_fxp) {
        ServerCopy direct(m_source, m_target);
        direct.setStreamAfterRefusal(false); // said here, and --resume asks the target again
        error = run(direct, from, to, *offset, size, true);
        if (!direct.refused()) {
            if (!error) {
                ++m_direct;
                m_bytes += size - *offset;
            }
            return error;
        }
        m_fxp = false; // the same two servers will refuse the next file too
        note(CopyCommands::tr("The servers refused a direct copy (%1); copying through ferry-cli.")
                 .arg(direct.refusal().toString()));
        offset = resumeOffset();
    }
    if (!offset) {
        ++m_complete;
        return {};
    }
    ServerCopy through(m_source, m_target);
    error = run(through, from, to, *offset, size, false);
    if (!error) {
        ++m_through;
        m_bytes += size - *offset;
    }
    return error;
}

// One file through ServerCopy, the event loop running until it ends; SIGINT/SIGTERM cancel
// it (ABOR on both sides), and it then ends as cancelled (exit status 7).
RemoteError Copier::run(ServerCopy &copy, const QString &from, const QString &to, qint64 offset, qint64 size,
                        bool direct)
{
    QEventLoop loop;
    QObject::connect(&copy, &ServerCopy::finished, &loop, &QEventLoop::quit);
    const Interrupts::Scope interrupt([&copy] { copy.cancel(); });
    copy.start(from, to, offset, size, direct);
    if (!copy.isFinished())
        loop.exec();
    return copy.error();
}

RemoteError Copier::makeFolder(const QString &path)
{
    const RemoteError made = await(m_target->mkdir(path));
    if (!made)
        return {};
    // Refused, but it may exist already: entering it says so.
    return await(m_target->resolveFolder(path)).isError() ? made : RemoteError();
}

RemoteError Copier::makeParents(const QString &path)
{
    const QString parent = withoutSlash(path).section(QLatin1Char('/'), 0, -2);
    if (parent.isEmpty() || !await(m_target->resolveFolder(parent)).isError())
        return {};
    if (RemoteError error = makeParents(parent))
        return error;
    return makeFolder(parent);
}

bool Copier::skip(const QString &path, const RemoteError &error)
{
    if (endsTheCopy(error))
        return false;
    note(CopyCommands::tr("%1: not copied (%2)").arg(path, error.toString()));
    m_failed.append(path);
    if (!m_firstFailure)
        m_firstFailure = error;
    return true;
}

// Depth first, one folder's listing in memory at a time (plus the folders still to visit).
// A file or folder that fails alone is skipped (failed()); the root folder, a lost
// connection or a cancel end the copy.
RemoteError Copier::copyTree(const QString &from, const QString &to)
{
    QList<std::pair<QString, QString>> folders{{from, to}};
    for (int guard = 0; !folders.isEmpty() && guard < 10'000'000; ++guard) {
        const auto [source, target] = folders.takeLast();
        const bool root = source == from;
        if (RemoteError error = makeFolder(target)) {
            if (root || !skip(source, error))
                return error;
            continue;
        }
        QList<DirEntry> entries;
        RemoteError error = await<RemoteCall>(m_source->list(source),
                                              [&entries](RemoteCall *call) { entries = call->entries(); });
        if (error) {
            if (root || !skip(source, error))
                return error;
            continue;
        }
        for (const DirEntry &entry : std::as_const(entries)) {
            if (entry.hasUnsafeName())
                continue;
            const QString childSource = joinRemotePath(source, entry.name);
            const QString childTarget = joinRemotePath(target, entry.name);
            if (entry.isLink) {
                note(CopyCommands::tr("warning: %1 is a link; not copied.").arg(childSource));
                continue;
            }
            if (entry.isDir) {
                folders.append({childSource, childTarget});
                continue;
            }
            if (RemoteError failed = copyFile(childSource, childTarget, entry.size);
                failed && !skip(childSource, failed))
                return failed;
        }
    }
    return {};
}

void Copier::printSummary(qint64 elapsedMs) const
{
    const int files = m_direct + m_through;
    QString line = m_direct > 0 && m_through > 0
                       ? CopyCommands::tr("%n file(s) copied (%1 server to server, %2 through ferry-cli)",
                                          nullptr, files)
                             .arg(m_direct)
                             .arg(m_through)
                   : m_direct > 0
                       ? CopyCommands::tr("%n file(s) copied server to server (FXP)", nullptr, files)
                   : m_through > 0 ? CopyCommands::tr("%n file(s) copied through ferry-cli", nullptr, files)
                                   : CopyCommands::tr("%n file(s) copied", nullptr, files);
    line = CopyCommands::tr("%1, %2 bytes in %3 s")
               .arg(line)
               .arg(m_bytes)
               .arg(double(elapsedMs) / 1000.0, 0, 'f', 1);
    if (m_complete > 0)
        line = CopyCommands::tr("%1; %n already complete", nullptr, m_complete).arg(line);
    out() << line << '\n';
}

} // namespace

int CopyCommands::cp(const Invocation &call)
{
    FtpUrl from;
    FtpUrl to;
    if (int rc = call.parseUrl(call.args.at(0), &from))
        return rc;
    if (int rc = call.parseUrl(call.args.at(1), &to))
        return rc;
    if (from.protocol == Protocol::Sftp || to.protocol == Protocol::Sftp)
        return fail(ExitUsage,
                    tr("cp copies between FTP servers (ftp://, ftpes://, ftps://); for sftp:// use "
                       "get and put."));
    Client source(from, call.options);
    Client target(to, call.options);
    if (int rc = source.report(await(source.session()->connectToHost())))
        return rc;
    if (int rc = target.report(await(target.session()->connectToHost())))
        return rc;

    Copier copier(source.session(), target.session(), call.options);
    QElapsedTimer clock;
    clock.start();
    const QString sourcePath = withoutSlash(from.path);
    RemoteError error;
    if (call.options.recursive) {
        // As get -r: a folder NAME goes to TARGET/NAME when TARGET names a folder ("/.../").
        const QString targetPath = to.namesFolder() ? joinRemotePath(to.path, baseName(sourcePath)) : to.path;
        error = copier.makeParents(targetPath);
        if (!error)
            error = copier.copyTree(sourcePath, withoutSlash(targetPath));
    } else {
        if (from.namesFolder())
            return fail(ExitUsage, tr("%1 names a folder: use cp -r.").arg(from.path));
        const QString targetPath = to.namesFolder() ? joinRemotePath(to.path, baseName(sourcePath)) : to.path;
        error = copier.makeParents(targetPath);
        if (!error)
            error = copier.copyFile(sourcePath, targetPath, -1);
    }
    if (error) {
        return fail(exitCodeFor(error),
                    error.toString() + QLatin1Char(' ') +
                        tr("A partial target file stays as it is: cp --resume continues it, "
                           "cp without --resume replaces it."));
    }
    copier.printSummary(clock.elapsed());
    if (!copier.failed().isEmpty()) {
        const QStringList &failed = copier.failed();
        QString names = failed.mid(0, 10).join(QStringLiteral(", "));
        if (failed.size() > 10)
            names += QStringLiteral(", …");
        note(tr("%n file(s) or folder(s) could not be copied: %1", nullptr, int(failed.size())).arg(names));
        return exitCodeFor(copier.firstFailure());
    }
    return ExitOk;
}

} // namespace ferry::cli
