#pragma once

#include "dateparsing.h"
#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"
#include "parsehelpers.h"

namespace ferry {

// `ls -l` style lines, as sent by LIST on vsftpd, ProFTPD, pure-ftpd, pyftpdlib,
// FileZilla Server, busybox, macOS and many embedded servers. LIST output is not
// standardised (RFC 959 §4.1.3 only says it is "a list of files"), so this follows what
// `ls` and those servers print:
//
//     drwxr-xr-x+  2 owner group  4096 Mar  3 12:15 name
//     -rw-r--r--   1 owner        4096 Mar  3  2024 name          (no group column)
//     crw-rw-rw-   1 root  root   1,  3 Jan  1  2020 null         (device: no size)
//     -rw-r--r--   1 owner group  4096 2024-03-03 12:15 name      (--time-style=long-iso)
//     lrwxrwxrwx   1 owner group     6 Mar  3 12:15 name -> target
//     -rw-r--r--   1 owner group  33.5k Oct  5 21:22 name         (sizes with a unit, 1024-based)
//     -rw-r--r--   1 owner group   531 févr. 15 10:00 name        (localized: `ls` under LANG=fr_FR)
//     -rw-r--r--   1 owner group   531 15. Mär 10:00 name         (day first: de, es, nl, sv, ru...)
//     -rw-r--r--   1 owner group   531 3月 15 10:00 name           (CJK: 月/日/年, 월/일/년)
//
// plus the oddities FileZilla users met over the years: "Oct 08, 2002 09:47" (VShell),
// "Nov 20 14:03:05 2024" (BSD ls -T), "09-26 2000", "1999/10/12 17:12", "2004.07.15",
// "01-jun-99", a group glued to the size ("longgroup123456"), Connect:Enterprise
// permissions ("-C--E-----FTP"), an inode or block-count column in front, "24:00", and
// lines without any date at all.
//
// The line is tokenised up to the date; the date is the first place where a size (or a
// device's "major, minor") is followed by a recognised date. Owner and group are whatever
// lies between the link count and the size, so a group with a space in it survives. The
// name begins exactly one character after the date, so leading spaces in names survive
// too (column-padded dates without a time, such as "2004.07.15   name", are the
// exception); it runs to the end of the line.
//
// A date without a year takes it from YearInference ("today"); without a valid today such
// dates are unknown.
class UnixFormat final : public LineFormat {
public:
    explicit UnixFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Unix; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    struct DateMatch {
        QDate date;
        dateparsing::Clock clock;
        bool hasClock = false;
        bool utc = false;
        bool skipBlanks = false; // the name starts after any number of blanks
        int lastToken = 0;
    };
    bool matchDate(const parsehelpers::LineTokens &tokens, int index, DateMatch *match) const;
    bool matchMonthFirst(const parsehelpers::LineTokens &tokens, int index, int month,
                         DateMatch *match) const;
    bool matchDayFirst(const parsehelpers::LineTokens &tokens, int index, DateMatch *match) const;
    bool matchNumericMonth(const parsehelpers::LineTokens &tokens, int index, DateMatch *match) const;
    bool matchCjk(const parsehelpers::LineTokens &tokens, int index, DateMatch *match) const;
    bool matchNumeric(const parsehelpers::LineTokens &tokens, int index, DateMatch *match) const;
    bool yearOrClock(QByteArrayView token, int month, int day, bool allowDot, DateMatch *match) const;

    const FormatContext &m_context;
    RepeatCache m_permissions;
    RepeatCache m_owner;
    RepeatCache m_group;
};

} // namespace ferry
