// mkdir, rm, rmdir, mv, chmod and quote: one command on one session; rm -r and rmdir -r
// delete a tree through the transfer queue.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "ftp/commandoperation.h"
#include "ftp/listoperation.h"
#include "queuerun.h"

#include <QRegularExpression>

namespace ferry::cli {

namespace {

using MakeCommand = std::function<CommandOperation *(FtpSession *)>;

// Runs the operation `make` starts on a session for `url` and reports it.
int runOn(const FtpUrl &url, const Options &options, const MakeCommand &make)
{
    Client client(url, options);
    return client.report(await<CommandOperation>(make(client.session())));
}

// The URL's path without a trailing '/' (a folder named as a folder).
QString withoutSlash(const FtpUrl &url)
{
    QString path = url.path;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

// rm -r / rmdir -r: the folder and everything in it, through the queue (DELE and RMD from
// the bottom up, links deleted as links), with the summary.
int deleteTree(const FtpUrl &url, const QString &path, const Options &options)
{
    if (path == QLatin1String("/") && !options.force)
        return fail(ExitUsage,
                    FileCommands::tr("Refusing to delete / (everything on the server) without --force."));
    TransferItem item;
    item.remove = true;
    item.folder = true;
    item.remote = path;
    return QueueRun::transfer(url, {item}, options, true);
}

// After a failed DELE: is the path a folder (CWD works)?
bool isFolder(FtpSession *session, const QString &path)
{
    return !await<CommandOperation>(session->changeDirectory(path)).isError();
}

// After a failed RMD: does the folder have entries?
bool hasEntries(FtpSession *session, const QString &path)
{
    bool any = false;
    await<ListOperation>(session->list(path, ListMode::Nlst), [&any](ListOperation *list) {
        any = !list->names().isEmpty() || !list->entries().isEmpty();
    });
    return any;
}

} // namespace

int FileCommands::mkdir(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    return runOn(url, call.options, [&](FtpSession *s) { return s->makeDirectory(withoutSlash(url)); });
}

int FileCommands::rm(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    const QString path = withoutSlash(url);
    if (call.options.recursive && url.namesFolder())
        return deleteTree(url, path, call.options);
    if (!call.options.recursive && url.namesFolder())
        return fail(
            ExitUsage,
            tr("%1 names a folder: rm -r deletes it with everything in it.").arg(url.toDisplayString()));
    if (call.options.recursive && path == QLatin1String("/"))
        return deleteTree(url, path, call.options);
    RemoteError error;
    {
        Client client(url, call.options);
        error = await<CommandOperation>(client.session()->removeFile(path));
        if (!error.isError())
            return ExitOk;
        if (!isFolder(client.session(), path))
            return client.report(error);
    }
    if (call.options.recursive)
        return deleteTree(url, path, call.options);
    return fail(ExitUsage,
                tr("%1 is a folder: rm -r deletes it with everything in it.").arg(url.toDisplayString()));
}

int FileCommands::rmdir(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    const QString path = withoutSlash(url);
    if (call.options.recursive)
        return deleteTree(url, path, call.options);
    Client client(url, call.options);
    const RemoteError error = await<CommandOperation>(client.session()->removeDirectory(path));
    if (!error.isError())
        return ExitOk;
    if (!hasEntries(client.session(), path))
        return client.report(error);
    return fail(
        exitCodeFor(error),
        tr("%1 (the folder is not empty: rmdir -r deletes it with everything in it)").arg(error.toString()));
}

int FileCommands::mv(const Invocation &call)
{
    FtpUrl from;
    if (int rc = call.parseUrl(call.args.at(0), &from))
        return rc;
    QString target = call.args.at(1);
    if (target.contains(QLatin1String("://"))) {
        FtpUrl other;
        if (int rc = call.parseUrl(target, &other, false))
            return rc;
        target = other.path;
    } else if (!target.startsWith(QLatin1Char('/'))) {
        target = from.folder() + target;
    }
    return runOn(from, call.options, [&](FtpSession *s) { return s->rename(from.path, target); });
}

int FileCommands::chmod(const Invocation &call)
{
    // SITE CHMOD takes octal digits; vsftpd sets 000 for "999" or "u+x".
    const QString mode = call.args.at(0);
    static const QRegularExpression octal(QStringLiteral("^[0-7]{1,4}$"));
    if (!octal.match(mode).hasMatch())
        return fail(ExitUsage,
                    tr("chmod takes an octal MODE of 1 to 4 digits (e.g. 644), not \"%1\".").arg(mode));
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(1), &url))
        return rc;
    return runOn(url, call.options, [&](FtpSession *s) { return s->chmod(mode, url.path); });
}

int FileCommands::quote(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    const QString line = call.args.mid(1).join(QLatin1Char(' '));
    Client client(url, call.options);
    FtpReply reply;
    auto *op = client.session()->raw(line);
    QObject::connect(op, &FtpOperation::finished, op, [&reply, op] { reply = op->lastReply(); });
    const RemoteError error = await(op);
    if (reply.code != 0) {
        const qsizetype n = reply.lines.size();
        for (qsizetype i = 0; i < n; ++i) {
            // Like the server sent it: "ddd-" first, "ddd " last (RFC 959 §4.2).
            if (i == 0 || i + 1 == n)
                out() << reply.code << (i + 1 == n ? ' ' : '-');
            out() << reply.lines.at(i) << '\n';
        }
        out().flush();
    }
    return client.report(error);
}

} // namespace ferry::cli
