#pragma once

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QTime>

namespace ferry {

// One entry of a remote directory listing, as the server described it.
// Times are kept broken-down with the precision the listing gave: a Unix `ls -l`
// line says "Mar 03 12:15" in the server's local time, an MLSD fact is UTC to the
// second, a DOS line has no seconds. Converting early would invent precision.
struct DirEntry {
    enum class TimePrecision : quint8 { None, Day, Minute, Second };

    // Ordered by size so that the struct has no padding: a listing of a million entries
    // holds a million of these.
    QString name;        // decoded name, exactly as listed (leading/trailing spaces kept)
    QByteArray rawName;  // the bytes the server sent; what must be sent back in commands
    QString target;      // symlink target, empty when none/unknown
    QByteArray unique;   // MLSD's "unique" fact (RFC 3659 §7.5.2: same value, same object), or empty
    QString permissions; // as listed: "drwxr-xr-x" for Unix, the MLSD perm fact ("elr") otherwise
    QString owner;
    QString group;
    qint64 size = -1; // -1 when unknown
    QDate date;       // valid when timePrecision != None
    QTime time;       // valid when timePrecision is Minute or Second
    int line = 0;     // 1-based number of the entry's first line in the listing
    TimePrecision timePrecision = TimePrecision::None;
    bool timeIsUtc = false; // MLSD/MLST facts are UTC (RFC 3659 §2.3); ls-style times are server-local
    bool isDir = false;
    bool isLink = false;

    // A name that must never become a local path component: ".", "..", empty,
    // or containing '/', '\\', NUL, CR or LF. See DESIGN.md, "Never trust the server".
    // rawName is checked too (for '/', NUL, CR, LF), since it is what goes back in commands.
    bool hasUnsafeName() const;

    // The time as listed, to its precision and never padded: "2024-03-05",
    // "2024-03-05 14:07" or "2024-03-05 14:07:09" (any year); empty when none was listed.
    QString timeText() const;
    // The same into `buf` (no terminating quote or NUL counted); the length, 0 when none.
    int writeTimeText(char (&buf)[40]) const;
};

} // namespace ferry

// Every member is relocatable (Qt's implicitly shared types, QDate, QTime, scalars), so a
// QList<DirEntry> of a large listing grows by realloc instead of moving entries one by one.
Q_DECLARE_TYPEINFO(ferry::DirEntry, Q_RELOCATABLE_TYPE);
