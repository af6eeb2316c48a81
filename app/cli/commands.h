#pragma once

#include "clicommands.h"
#include "clioptions.h"
#include "sitecommands.h"
#include "sites/ftpurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>
#include <optional>

namespace ferry::cli {

// One command line, parsed: what a command's handler gets.
struct Invocation {
    QString command;
    QStringList args;      // after the command word
    QStringList arguments; // the whole command line (sites parses its own options)
    Options options;
    std::optional<SiteTarget> site;             // --site NAME
    const QCommandLineParser *parser = nullptr; // the command's own flags (queue clear --failed)

    // A URL argument, or with --site a remote path: ExitOk with *url, else the error is
    // printed and its exit status returned. A URL to connect to also gets its password
    // (Credentials::resolve: stdin, the URL, $FERRY_PASSWORD or a prompt at a TTY).
    int parseUrl(const QString &text, FtpUrl *url, bool connects = true) const;
};

using Handler = int (*)(const Invocation &);

// The handlers, one class (and one translation context) per command family, each in
// its own file. clicommands.cpp's table says which command calls which.

class ListingCommands { // listingcommands.cpp
    Q_DECLARE_TR_FUNCTIONS(ListingCommands)
public:
    static int ls(const Invocation &call);
    static int parseListing(const Invocation &call);
};

class TransferCommands { // transfercommands.cpp
    Q_DECLARE_TR_FUNCTIONS(TransferCommands)
public:
    static int get(const Invocation &call);
    static int put(const Invocation &call);
};

class FileCommands { // filecommands.cpp
    Q_DECLARE_TR_FUNCTIONS(FileCommands)
public:
    static int mkdir(const Invocation &call);
    static int rm(const Invocation &call);
    static int rmdir(const Invocation &call);
    static int mv(const Invocation &call);
    static int chmod(const Invocation &call);
    static int quote(const Invocation &call);
};

class SyncCommands { // synccommand.cpp
    Q_DECLARE_TR_FUNCTIONS(SyncCommands)
public:
    static int sync(const Invocation &call);
};

class CopyCommands { // copycommand.cpp
    Q_DECLARE_TR_FUNCTIONS(CopyCommands)
public:
    static int cp(const Invocation &call);
};

class QueueCommands { // queuecommands.cpp
    Q_DECLARE_TR_FUNCTIONS(QueueCommands)
public:
    static int queue(const Invocation &call);
};

} // namespace ferry::cli
