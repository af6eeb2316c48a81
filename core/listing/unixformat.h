#pragma once

#include "lineformat.h"
#include "namedecoder.h"

#include <QDate>

#include <array>

namespace ferry {

// `ls -l` style lines, as sent by LIST on vsftpd, ProFTPD, pure-ftpd, pyftpdlib,
// FileZilla Server, busybox and macOS. LIST output is not standardised (RFC 959 §4.1.3
// only says it is "a list of files"), so this follows what `ls` and those servers print:
//
//     drwxr-xr-x+  2 owner group  4096 Mar  3 12:15 name
//     -rw-r--r--   1 owner        4096 Mar  3  2024 name          (no group column)
//     crw-rw-rw-   1 root  root   1,  3 Jan  1  2020 null         (device: no size)
//     -rw-r--r--   1 owner group  4096 2024-03-03 12:15 name      (--time-style=long-iso)
//     lrwxrwxrwx   1 owner group     6 Mar  3 12:15 name -> target
//
// The line is tokenised up to the date; the date is the first place where a size (or a
// device's "major, minor") is followed by a recognised date. Owner and group are whatever
// lies between the link count and the size, so a group with a space in it survives. The
// name begins exactly one character after the date, so leading spaces in names survive
// too; it runs to the end of the line.
//
// "Mon DD HH:MM" has no year: `ls` prints it for recent files, so the year is the one
// that puts the date no later than a couple of days after `today` (allowing for clock
// skew between client and server). Without a valid `today` such dates are unknown.
class UnixFormat final : public LineFormat {
public:
    UnixFormat(QDate today, NameDecoder *names);

    ServerType type() const override { return ServerType::Unix; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

    // 1..12, 0 when not a month name. English abbreviations in any case for now;
    // localized names (servers running `ls` under a non-C locale) belong in its table.
    static int monthFromName(QByteArrayView name);

    // How far after "today" a yearless date may lie and still be this year.
    static constexpr int kFutureSlackDays = 2;

private:
    struct Token {
        qsizetype begin;
        qsizetype end;
    };
    struct DateMatch {
        QDate date;
        QTime time;
        DirEntry::TimePrecision precision = DirEntry::TimePrecision::None;
        bool utc = false;
        int lastToken = 0;
    };
    bool matchDate(QByteArrayView line, const Token *tokens, int count, int index, DateMatch *match) const;

    QDate inferYear(int month, int day) const;

    QDate m_today;
    QDate m_latest; // m_today + kFutureSlackDays
    // inferYear() per (month, day): the answer never changes within a listing, and
    // listings repeat a few dates over and over.
    mutable std::array<QDate, 12 * 31> m_inferred;
    NameDecoder *m_names;
    RepeatCache m_permissions;
    RepeatCache m_owner;
    RepeatCache m_group;
};

} // namespace ferry
