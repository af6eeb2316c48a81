#pragma once

#include "direntry.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

namespace ferry {

// Which dialect a listing is in. Auto detects per line; the others force one (and only
// that one: a forced dialect also accepts lines too ambiguous for detection, such as an
// MVS member listed by name alone).
enum class ServerType {
    Auto,
    Unix,    // ls -l, in its many variants (and servers imitating it)
    Mlsd,    // RFC 3659 MLSD/MLST facts
    Dos,     // IIS / Windows: "01-02-20  01:04PM  <DIR>  name"
    Vms,     // OpenVMS: "NAME.EXT;1  12/16  1-JAN-2020 10:00:00  [GRP,OWNER]  (RWED,RWED,RE,)"
    Eplf,    // Easily Parsed LIST Format: "+i8388621.48594,m825718503,r,s280,\tname"
    Mvs,     // z/OS datasets, PDS members, migrated and tape datasets
    Zvm,     // z/VM CMS file lists
    Os400,   // IBM i: "OWNER  1234  05/11/20 12:00:00 *STMF  name"
    Os2,     // OS/2: "  0 DIR  05-12-97  14:00  name"
    Netware, // "d [RWCEAFMS] owner  512 Jan 01 10:00 name"
    NonStop, // HP NonStop (Tandem) Guardian
    Os9,     // Microware OS-9
    Other,   // rarer servers: VShell, VxWorks, Nortel wfFtp, numeric Unix
};

// Pure parser for directory listings: fed bytes in any chunking, never reads the clock
// (the caller says what "today" is, which decides the year of "Mon DD HH:MM" dates),
// never touches a socket. Lines may end in LF, CRLF or CR.
class ListingParser final {
public:
    struct Options {
        ServerType serverType = ServerType::Auto;
        // With Auto: the dialect the server probably speaks (from hintFromSyst()). It is
        // tried first and may claim ambiguous lines; every other dialect is still detected.
        ServerType hint = ServerType::Auto;
        QDate today;                  // decides the year of "Mon DD HH:MM" dates (invalid: left unknown)
        QByteArray charset;           // fallback for names that are not valid UTF-8 (empty: Latin-1)
        bool keepUnsafeNames = false; // parse-listing shows them (flagged); transfers never do
    };

    explicit ListingParser(const Options &options);
    ~ListingParser();
    ListingParser(const ListingParser &) = delete;
    ListingParser &operator=(const ListingParser &) = delete;

    void addData(const QByteArray &bytes); // any chunking; bounded memory per line
    void finish();                         // flush the last line (no trailing newline)
    QList<DirEntry> takeEntries();         // entries parsed so far, in listing order

    // Convenience: parse a whole listing at once.
    static QList<DirEntry> parse(const QByteArray &listing, const Options &options);

    // "auto", "unix", "mlsd", "dos", "vms", "eplf", "mvs", "zvm", "os400", "os2",
    // "netware", "nonstop", "os9", "other" (any case; a few aliases such as "windows",
    // "zos", "as400" too).
    static bool parseServerType(const QString &text, ServerType *out);
    static QString serverTypeName(ServerType type);
    static QStringList serverTypeNames(); // every name parseServerType accepts first-hand

    // What a SYST reply ("215 UNIX Type: L8", "215 Windows_NT", "215 MVS is the operating
    // system of this server...") says about the listing dialect, for Options::hint. Auto
    // when it says nothing useful. The reply code may be included or not.
    static ServerType hintFromSyst(const QString &systReply);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ferry
