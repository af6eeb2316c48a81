// ls and parse-listing.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "ftp/listoperation.h"
#include "listing/direntryjson.h"
#include "listing/listingparser.h"

#include <QFile>

namespace ferry::cli {

namespace {

QString formatEntry(const DirEntry &e)
{
    const QString time = e.timeText();
    const QChar type = e.isLink ? QLatin1Char('l') : e.isDir ? QLatin1Char('d') : QLatin1Char('-');
    QString line = QString(type) + QLatin1String("  ") +
                   (e.size >= 0 ? QString::number(e.size) : QStringLiteral("-")).rightJustified(12) +
                   QLatin1String("  ") + time.leftJustified(19) + QLatin1String("  ") + e.name;
    if (e.isDir)
        line += QLatin1Char('/');
    if (e.isLink && !e.target.isEmpty())
        line += QLatin1String(" -> ") + e.target;
    return line;
}

void printEntries(const ListOperation *list, bool json)
{
    if (list->usedMode() == ListMode::Nlst) {
        for (const QString &name : list->names()) {
            if (!json) {
                out() << name << '\n';
                continue;
            }
            DirEntry entry; // NLST says nothing but the name
            entry.name = name;
            out() << QString::fromUtf8(direntryToJsonLine(entry)) << '\n';
        }
        return;
    }
    for (const DirEntry &entry : list->entries()) {
        if (json)
            out() << QString::fromUtf8(direntryToJsonLine(entry)) << '\n';
        else
            out() << formatEntry(entry) << '\n';
    }
}

} // namespace

int ListingCommands::ls(const Invocation &call)
{
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(0), &url))
        return rc;
    Client client(url, call.options);
    auto *op = client.session()->list(url.path, call.options.listMode);
    const RemoteError error =
        await<ListOperation>(op, [&](ListOperation *list) { printEntries(list, call.options.json); });
    out().flush();
    return client.report(error);
}

int ListingCommands::parseListing(const Invocation &call)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(ExitLocal, tr("Cannot read standard input."));
    const Options &options = call.options;
    ListingParser::Options parserOptions;
    parserOptions.serverType = options.serverType;
    parserOptions.today = options.today.isValid() ? options.today : QDate::currentDate();
    parserOptions.charset = options.config.charset.fallbackName();
    parserOptions.keepUnsafeNames = true;
    ListingParser parser(parserOptions);
    while (true) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty())
            break;
        parser.addData(chunk);
        for (const DirEntry &entry : parser.takeEntries())
            out() << QString::fromUtf8(direntryToJsonLine(entry, true)) << '\n';
    }
    parser.finish();
    for (const DirEntry &entry : parser.takeEntries())
        out() << QString::fromUtf8(direntryToJsonLine(entry, true)) << '\n';
    out().flush();
    return ExitOk;
}

} // namespace ferry::cli
