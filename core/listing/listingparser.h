#pragma once

#include "direntry.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <memory>

namespace ferry {

// Which dialect a listing is in. Auto detects per line; the others force one.
// More formats arrive with the listings issue; each is a LineFormat behind this enum.
enum class ServerType { Auto, Unix, Mlsd };

// Pure parser for directory listings: fed bytes in any chunking, never reads the clock
// (the caller says what "today" is, which decides the year of "Mon DD HH:MM" dates),
// never touches a socket. Lines may end in LF, CRLF or CR.
class ListingParser final {
public:
    struct Options {
        ServerType serverType = ServerType::Auto;
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

    static bool parseServerType(const QString &text, ServerType *out);
    static QString serverTypeName(ServerType type);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ferry
