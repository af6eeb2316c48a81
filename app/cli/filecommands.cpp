// mkdir, rm, rmdir, mv, chmod and quote: one command on one session.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"

namespace ferry::cli {

namespace {

using MakeCommand = std::function<RemoteCall *(RemoteSession *, const FtpUrl &)>;

// Connects for the URL argument `urlIndex`, runs the operation `make` starts, reports.
int runOne(const Invocation &call, int urlIndex, const MakeCommand &make)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(urlIndex), &url))
        return rc;
    Client client(url, call.options);
    return client.report(await(make(client.session(), url)));
}

// The URL's path without a trailing '/' (a folder named as a folder).
QString withoutSlash(const FtpUrl &url)
{
    QString path = url.path;
    if (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

} // namespace

int FileCommands::mkdir(const Invocation &call)
{
    return runOne(call, 0, [](RemoteSession *s, const FtpUrl &url) { return s->mkdir(withoutSlash(url)); });
}

int FileCommands::rm(const Invocation &call)
{
    return runOne(call, 0, [](RemoteSession *s, const FtpUrl &url) {
        return s->remove(withoutSlash(url), RemoteSession::EntryType::File);
    });
}

int FileCommands::rmdir(const Invocation &call)
{
    return runOne(call, 0, [](RemoteSession *s, const FtpUrl &url) {
        return s->remove(withoutSlash(url), RemoteSession::EntryType::Folder);
    });
}

int FileCommands::mv(const Invocation &call)
{
    FtpUrl from;
    if (int rc = call.parseUrl(call.args.at(0), &from))
        return rc;
    QString target = call.args.at(1);
    if (target.contains(QLatin1String("://"))) {
        FtpUrl other;
        if (int rc = call.parseUrl(target, &other))
            return rc;
        target = other.path;
    } else if (!target.startsWith(QLatin1Char('/')) && !target.startsWith(QLatin1Char('~'))) {
        target = from.folder() + target;
    }
    return runOne(call, 0, [&](RemoteSession *s, const FtpUrl &url) { return s->rename(url.path, target); });
}

int FileCommands::chmod(const Invocation &call)
{
    const QString text = call.args.at(0);
    if (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')) || text.contains(QChar(0)))
        return fail(ExitUsage, tr("The mode contains a line break or NUL character; nothing was sent."));
    bool ok = false;
    const int mode = text.toInt(&ok, 8);
    if (!ok || mode < 0 || mode > 07777)
        return fail(ExitUsage, tr("chmod takes an octal mode such as 644: %1").arg(call.args.at(0)));
    return runOne(call, 1, [&](RemoteSession *s, const FtpUrl &url) { return s->chmod(url.path, mode); });
}

int FileCommands::quote(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    const QString line = call.args.mid(1).join(QLatin1Char(' '));
    Client client(url, call.options);
    if (!client.ftp())
        return fail(ExitUsage,
                    tr("quote sends FTP commands; %1 is not an FTP server.").arg(url.toDisplayString()));
    FtpReply reply;
    auto *op = client.ftp()->raw(line);
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
