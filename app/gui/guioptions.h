#pragma once

#include <QString>
#include <optional>

class QCommandLineParser;

namespace ferry {

// The window's command line: `ferry [--local PATH] [URL | --site NAME]`. One table
// makes the parser, --help and the man page (--help-man).
struct GuiCommandLine {
    QString local; // --local PATH
    QString site;  // --site NAME
    QString url;   // ftp://, ftpes://, ftps:// or sftp://
};

// --help, --version and --help-man answered before the window exists (no display
// needed): the exit status, or nullopt when the window is to start.
std::optional<int> answerWithoutWindow(int argc, char *argv[]);
// The command line after QApplication took its own options; nullopt when the program is
// to exit with *status (after --help, or a usage error, printed).
std::optional<GuiCommandLine> readGuiCommandLine(const QStringList &arguments, int *status);

} // namespace ferry
