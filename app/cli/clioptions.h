#pragma once

#include "ftp/listoperation.h"
#include "remote/sessionconfig.h"
#include "transfer/transferjob.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <optional>

class QCommandLineParser;

namespace ferry::cli {

// Everything the command line says, read once by readOptions().
struct Options {
    bool verbose = false;
    bool json = false;
    bool resume = false;
    SessionConfig config;
    TransferType type = TransferType::Binary;
    ListMode listMode = ListMode::Auto;
    ServerType serverType = ServerType::Auto;
    QDate today;
    bool passwordFromStdin = false; // --password-stdin
    std::optional<QString> stdinPassword;
    std::optional<TlsPolicy> tlsPolicy; // --tls, for ftp:// URLs
    QByteArray trustFingerprint;        // --trust-fingerprint, a certificate's (hex SHA-256)
    QByteArray trustSshFingerprint;     // --trust-fingerprint, a host key's ("SHA256:" base64)
    bool insecure = false;              // --insecure
    // Transfers (get/put and the queue)
    bool recursive = false;
    int parallel = 4;
    int retries = 3;
    qint64 limitRate = 0;
    bool limitRateSet = false; // --limit-rate given (else a stored queue's limit applies)
    bool force = false;        // --force: rm -r / may delete everything
    TransferJob::Overwrite overwrite = TransferJob::Overwrite::Overwrite;
    TransferJob::Mode mode = TransferJob::Mode::Binary;
    bool preserveTime = true;
    bool removeSource = false; // --remove-source: a move (lftp's put -E)
    bool followLinks = true;   // --no-follow-links: every link in a folder skipped (and reported)
    bool progress = false;     // --progress: a progress bar even without a TTY
    bool progressAuto = true;  // a bar when stderr is a TTY
    QString queueDb;           // --queue-db: a queue that survives the process
    bool noFxp = false;        // cp --no-fxp: always copy through ferry-cli
};

// Which commands an option belongs to: a command lists the groups it takes, and the help
// shows each group under its own heading.
enum OptionGroup : unsigned {
    GeneralOptions = 1u << 0,    // every command
    ConnectionOptions = 1u << 1, // commands that connect
    SiteOption = 1u << 2,        // commands that take URLs (--site replaces them)
    ListingOptions = 1u << 3,    // ls
    ParseOptions = 1u << 4,      // parse-listing
    TransferOptions = 1u << 5,   // get, put and queue run
    JobOptions = 1u << 6,        // get, put: what each new job does
    RecursiveOption = 1u << 7,   // get, put, rm, rmdir: -r
    DeleteOptions = 1u << 8,     // rm, rmdir
    QueueOptions = 1u << 9,      // queue clear
    SitesAddOptions = 1u << 10,  // sites add (its own parser, sitecommands.cpp)
    SyncOptions = 1u << 11,      // sync
    CopyOptions = 1u << 12,      // cp
};

// One row of the option table: the parser and the help both come from it.
struct OptionSpec {
    const char *names;     // "r,recursive": short and long names, comma-separated
    const char *valueName; // nullptr: a flag
    const char *help;      // QT_TRANSLATE_NOOP("CliHelp", ...)
    unsigned groups;       // OptionGroup bits
};

const QList<OptionSpec> &optionTable();
QCommandLineOption parserOption(const OptionSpec &spec);
// Adds every option of the table in `groups` to `parser`.
void addOptions(QCommandLineParser *parser, unsigned groups);
// The options in `groups` under their group's heading: what --help and the man page show.
struct OptionSection {
    QString heading;                         // "Connection options:"
    QList<std::pair<QString, QString>> rows; // "--timeout S", its help
};
QList<OptionSection> optionSections(unsigned groups);
// The help of the options in `groups`, one heading per group.
QString optionsHelp(unsigned groups);
// One row of a help table: `left` at the margin, `text` wrapped in the second column.
QString helpRow(const QString &left, const QString &text);
// `text` wrapped at 79 columns, continuation lines indented by `indent`.
QString wrapped(const QString &text, int indent = 0);
// A QT_TRANSLATE_NOOP("CliHelp", ...) string of the tables, translated.
QString helpString(const char *text);

// Reads the parsed main command line into *options: ExitOk, or ExitUsage after printing
// the error.
int readOptions(const QCommandLineParser &parser, Options *options);
// Reads the first line of stdin (--password-stdin); nullopt when stdin cannot be read.
std::optional<QString> readStdinLine();

class CliOptions {
    Q_DECLARE_TR_FUNCTIONS(CliOptions)
public:
    // Messages said by more than one command, written (and translated) once.
    static QString badTlsPolicy() { return tr("--tls takes require, if-available or plain."); }
    static QString noStdinPassword() { return tr("Cannot read the password from stdin."); }
};

} // namespace ferry::cli
