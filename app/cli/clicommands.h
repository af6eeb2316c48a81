#pragma once

#include <QString>
#include <QStringList>

namespace ferry::cli {

// Exit statuses of ferry-cli, for scripts.
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1, // the server refused, or another failure
    ExitUsage = 2,   // bad command line
    ExitNetwork = 3, // connection refused/lost, timeout, protocol error
    ExitAuth = 4,    // login failed
    ExitRemote = 5,  // remote file: not found, permission denied
    ExitLocal = 6,   // local file: cannot read/write
    ExitCancelled = 7,
    ExitTls = 8, // TLS refused or failed, certificate not accepted
};

// Runs one ferry-cli command line (arguments[0] is the program name).
int run(const QStringList &arguments);

// `ferry-cli --help`: every command and option, from the tables the parser uses.
QString helpText();
// `ferry-cli --help-man` (hidden): the man page, from the same tables as helpText().
QString manPage();
// `ferry-cli COMMAND --help` (empty for an unknown command).
QString commandHelp(const QString &command);

} // namespace ferry::cli
