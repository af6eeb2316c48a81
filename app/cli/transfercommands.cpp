// get and put: every transfer goes through the transfer queue (core/transfer).
#include "clioutput.h"
#include "commands.h"
#include "queuerun.h"
#include "transfer/localfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ferry::cli {

int TransferCommands::get(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    const QString localArg = call.args.value(1);
    const Options &options = call.options;
    TransferItem item;
    item.remote = url.path;
    if (url.namesFolder() && !options.recursive)
        return fail(ExitUsage, tr("get needs a file URL, not a folder: %1 (folders come with get -r)")
                                   .arg(url.toDisplayString()));
    QString remote = url.path;
    while (remote.size() > 1 && remote.endsWith(QLatin1Char('/')))
        remote.chop(1);
    const QString name = remote.section(QLatin1Char('/'), -1);
    // get -r of a root (or a folder named by an empty last segment or "."): its contents
    // go into LOCAL itself, as `lftp mirror` does.
    const bool contentsOnly = options.recursive && (name.isEmpty() || name == QLatin1String("."));
    if (!contentsOnly && (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..")))
        return fail(ExitUsage, tr("Refusing to download to the local name \"%1\".").arg(name));
    QString local = localArg.isEmpty() ? name : localArg;
    if (contentsOnly) {
        local = localArg.isEmpty() ? QStringLiteral(".") : localArg;
        item.folder = true;
        item.remote = remote;
    } else if (options.recursive) {
        // get -r URL/folder/ DIR: creates DIR/folder (like cp -r into a folder).
        if (localArg.isEmpty() || localArg.endsWith(QLatin1Char('/')) || QFileInfo(localArg).isDir())
            local = QDir(localArg.isEmpty() ? QStringLiteral(".") : localArg).filePath(name);
        item.folder = true;
        item.remote = remote;
    } else if (local.endsWith(QLatin1Char('/')) || QFileInfo(local).isDir()) {
        // LOCAL ending in '/' always names a folder, existing or not (like a remote URL).
        local = QDir(local).filePath(name);
    }
    item.local = QFileInfo(local).absoluteFilePath();
    if (!item.folder) {
        // Check the local side before connecting, so that a bad target costs no transfer.
        PartFile probe(item.local);
        const RemoteError openError = probe.open(true);
        if (openError.isError())
            return fail(ExitLocal, openError.toString());
        probe.abandon();
    }
    return QueueRun::transfer(url, {item}, options, options.recursive);
}

int TransferCommands::put(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.constLast(), &url))
        return rc;
    const QStringList locals = call.args.mid(0, call.args.size() - 1);
    const Options &options = call.options;
    if (locals.size() > 1 && !url.namesFolder())
        return fail(ExitUsage, tr("Several files go to a folder: end the URL with '/'."));
    QList<TransferItem> items;
    // Check every local file before connecting, so that a typo costs no transfer.
    for (const QString &local : locals) {
        const QFileInfo info(local);
        if (!info.exists())
            return fail(ExitLocal, tr("No such local file: %1").arg(local));
        if (info.isDir() && !options.recursive)
            return fail(ExitLocal, tr("Not a regular file: %1 (folders come with put -r)").arg(local));
        if (!info.isDir() && !info.isFile())
            return fail(ExitLocal, tr("Not a regular file: %1").arg(local));
        if (info.isFile()) {
            QFile file(local);
            if (!file.open(QIODevice::ReadOnly))
                return fail(ExitLocal, tr("Cannot read %1: %2").arg(local, file.errorString()));
        }
        TransferItem item;
        item.upload = true;
        item.folder = info.isDir();
        item.local = info.absoluteFilePath();
        const QString name = QDir::cleanPath(item.local).section(QLatin1Char('/'), -1);
        item.remote = url.namesFolder() ? url.path + name : url.path;
        items.append(item);
    }
    return QueueRun::transfer(url, items, options, options.recursive || locals.size() > 1);
}

} // namespace ferry::cli
