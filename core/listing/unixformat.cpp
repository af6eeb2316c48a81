#include "unixformat.h"

#include <QDateTime>

namespace ferry {

using namespace parsehelpers;
using dateparsing::Clock;

namespace {

// Enough for an inode column, permissions, link count, owner, a group of a few words,
// "major, minor" and a four-token date; the name (which may hold any number of spaces)
// is never tokenised.
constexpr int kMaxTokens = 16;

// Days in each month of a leap year: a "Mon DD" without a year may be Feb 29.
constexpr int kLongestMonth[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool isTypeChar(char c)
{
    switch (c) {
    case '-': // regular file
    case 'd': // directory
    case 'l': // symbolic link
    case 'c': // character device
    case 'b': // block device
    case 'p': // FIFO
    case 's': // socket
        return true;
    default:
        return false;
    }
}

// drwxr-xr-x, optionally followed by an ACL/xattr marker: '+' (POSIX ACL, GNU ls),
// '@' (extended attributes, macOS), '.' (SELinux context, GNU ls).
bool isPermissions(QByteArrayView p)
{
    if ((p.size() != 10 && p.size() != 11) || !isTypeChar(p[0]))
        return false;
    for (int i = 1; i < 10; i += 3) {
        if ((p[i] != 'r' && p[i] != '-') || (p[i + 1] != 'w' && p[i + 1] != '-'))
            return false;
        const char x = p[i + 2];
        const bool ok = x == 'x' || x == '-' || (i < 7 ? (x == 's' || x == 'S') : (x == 't' || x == 'T')) ||
                        (i == 4 && (x == 'l' || x == 'L')); // mandatory locking (old Linux, Solaris)
        if (!ok)
            return false;
    }
    return p.size() == 10 || p[10] == '+' || p[10] == '@' || p[10] == '.';
}

// Permission strings of servers that only imitate ls, such as Sterling Connect:Enterprise
// ("-C--E-----FTP"): a type character, then letters and dashes, mostly dashes.
bool isLoosePermissions(QByteArrayView p)
{
    if (p.size() < 10 || p.size() > 16 || !isTypeChar(p[0]))
        return false;
    int dashes = 0;
    for (const char c : p.sliced(1)) {
        if (c == '-')
            ++dashes;
        else if (!isAsciiLetter(c))
            return false;
    }
    return dashes >= 4;
}

// A "major," token of a device's "major, minor".
bool isDeviceMajor(QByteArrayView t)
{
    return t.size() >= 2 && t.back() == ',' && allDigits(t.chopped(1));
}

// "+0100" / "-0530" → seconds east of UTC, or false.
bool parseZone(QByteArrayView t, int *offsetSeconds)
{
    if (t.size() != 5 || (t[0] != '+' && t[0] != '-'))
        return false;
    const int h = fixedDigits(t, 1, 2);
    const int m = fixedDigits(t, 3, 2);
    if (h < 0 || h > 14 || m < 0 || m > 59)
        return false;
    *offsetSeconds = (t[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return true;
}

int parseDay(QByteArrayView t)
{
    if (t.isEmpty() || t.size() > 2)
        return 0;
    const int d = fixedDigits(t, 0, int(t.size()));
    return d >= 1 && d <= 31 ? d : 0;
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

UnixFormat::UnixFormat(const FormatContext &context)
    : m_context(context)
{
}

// The rest of a date after month and day: a clock (yearless: the year is inferred) or a
// year.
bool UnixFormat::yearOrClock(QByteArrayView token, int month, int day, bool allowDot, DateMatch *match) const
{
    if (day < 1 || day > kLongestMonth[month - 1])
        return false;
    if (dateparsing::parseClock(token, &match->clock, allowDot)) {
        match->hasClock = true;
        match->date = m_context.years->infer(month, day);
        return true;
    }
    if (token.size() == 4) {
        const QDate date = dateparsing::makeDate(fixedDigits(token, 0, 4), month, day);
        if (!date.isValid())
            return false;
        match->date = date;
        return true;
    }
    return false;
}

// "Nov 20 14:03", "Nov 20  2024", "févr. 15 10:00", "Oct 08, 2002 09:47",
// "Nov 20 14:03:05 2024".
bool UnixFormat::matchMonthFirst(const LineTokens &tokens, int index, int month, DateMatch *match) const
{
    if (!tokens.has(index + 2))
        return false;
    QByteArrayView dayToken = tokens.at(index + 1);
    const bool comma = dayToken.size() > 1 && dayToken.back() == ',';
    if (comma)
        dayToken.chop(1);
    const int day = parseDay(dayToken);
    if (day == 0)
        return false;
    const QByteArrayView third = tokens.at(index + 2);
    if (!yearOrClock(third, month, day, false, match))
        return false;
    match->lastToken = index + 2;
    if (tokens.has(index + 3)) {
        const QByteArrayView fourth = tokens.at(index + 3);
        if (match->hasClock && match->clock.hasSeconds && fourth.size() == 4 && allDigits(fourth)) {
            // BSD `ls -lT`: the full time, then the year.
            const QDate date(fixedDigits(fourth, 0, 4), month, day);
            if (date.isValid()) {
                match->date = date;
                match->lastToken = index + 3;
            }
        } else if (comma && !match->hasClock && dateparsing::parseClock(fourth, &match->clock)) {
            // VShell: "Oct 08, 2002 09:47" has both.
            match->hasClock = true;
            match->lastToken = index + 3;
        }
    }
    return true;
}

// "15 mars 10:00", "01 oct 2004", "29 Jul 02:27", "26. Juli, 20:10", "2.   Okt.  2003",
// "30. Jan., 12:40": `ls` under locales that put the day first.
bool UnixFormat::matchDayFirst(const LineTokens &tokens, int index, DateMatch *match) const
{
    if (!tokens.has(index + 2))
        return false;
    const int day = parseDay(stripTrailing(tokens.at(index), '.'));
    const int month = dateparsing::monthFromNameToken(tokens.at(index + 1));
    if (day == 0 || month == 0)
        return false;
    QByteArrayView third = tokens.at(index + 2);
    if (!yearOrClock(third, month, day, true, match))
        return false;
    match->lastToken = index + 2;
    return true;
}

// "3 29 03:26": a month number where `ls` would print its name. Only with a clock: with a
// year, "5 12 2024" could as well be a numeric owner and group and a size.
bool UnixFormat::matchNumericMonth(const LineTokens &tokens, int index, DateMatch *match) const
{
    if (!tokens.has(index + 2))
        return false;
    const int month = smallNumber(tokens.at(index));
    const int day = parseDay(tokens.at(index + 1));
    if (month < 1 || month > 12 || day == 0 ||
        !dateparsing::parseClock(tokens.at(index + 2), &match->clock) || day > kLongestMonth[month - 1])
        return false;
    match->hasClock = true;
    match->date = m_context.years->infer(month, day);
    match->lastToken = index + 2;
    return true;
}

// `ls` under Chinese, Japanese and Korean locales: "3月 15 10:00", "10月 1日 2020",
// "3월 15일 10:00", "2005년 1월 6일", "2003 3月 20", in whatever charset the server uses.
bool UnixFormat::matchCjk(const LineTokens &tokens, int index, DateMatch *match) const
{
    using dateparsing::CjkRole;
    if (!tokens.has(index + 2))
        return false;
    int value = 0;
    CjkRole role = CjkRole::Unknown;
    const QByteArrayView first = tokens.at(index);
    const bool firstIsCjk = dateparsing::parseCjkPart(first, &value, &role);
    const auto dayOf = [](QByteArrayView t) {
        int day = 0;
        CjkRole r = CjkRole::Unknown;
        if (dateparsing::parseCjkPart(t, &day, &r))
            return (r == CjkRole::Day || r == CjkRole::Unknown) && day >= 1 && day <= 31 ? day : 0;
        return parseDay(t);
    };

    if (firstIsCjk && (role == CjkRole::Month || role == CjkRole::Unknown) && value >= 1 && value <= 12) {
        // Month first: then the day, then a clock or a year (maybe with its own suffix).
        const int month = value;
        const int day = dayOf(tokens.at(index + 1));
        if (day == 0)
            return false;
        QByteArrayView third = tokens.at(index + 2);
        int year = 0;
        CjkRole yearRole = CjkRole::Unknown;
        if (dateparsing::parseCjkPart(third, &year, &yearRole)) {
            if ((yearRole != CjkRole::Year && yearRole != CjkRole::Unknown) || year < 1000)
                return false;
            third = third.first(4);
        }
        if (!yearOrClock(third, month, day, false, match))
            return false;
        match->lastToken = index + 2;
        return true;
    }

    // Year first: "2005년 1월 6일", "2003 3月 20"; maybe followed by a clock.
    if (firstIsCjk ? (role != CjkRole::Year && role != CjkRole::Unknown) || value < 1000
                   : first.size() != 4 || !allDigits(first))
        return false;
    const int year = firstIsCjk ? value : smallNumber(first);
    int month = 0;
    CjkRole monthRole = CjkRole::Unknown;
    if (!dateparsing::parseCjkPart(tokens.at(index + 1), &month, &monthRole) ||
        (monthRole != CjkRole::Month && monthRole != CjkRole::Unknown))
        return false;
    const int day = dayOf(tokens.at(index + 2));
    const QDate date(year, month, day);
    if (day == 0 || !date.isValid())
        return false;
    match->date = date;
    match->lastToken = index + 2;
    if (tokens.has(index + 3) && dateparsing::parseClock(tokens.at(index + 3), &match->clock)) {
        match->hasClock = true;
        match->lastToken = index + 3;
    }
    return true;
}

// Dates made of numbers: "2024-03-05 12:15" (long-iso), "2024-03-05 12:15:30.123 +0100"
// (full-iso), "09-26 2000", "09-26 13:45", "1999/10/12 17:12", "24-04-2003 17:12",
// "2004.07.15", "01-jun-99".
bool UnixFormat::matchNumeric(const LineTokens &tokens, int index, DateMatch *match) const
{
    const QByteArrayView first = tokens.at(index);
    const bool hasNext = tokens.has(index + 1);
    const QByteArrayView next = hasNext ? tokens.at(index + 1) : QByteArrayView();

    if (first.size() == 5 && first[2] == '-') {
        // MM-DD, then a year or a clock.
        const int month = fixedDigits(first, 0, 2);
        const int day = fixedDigits(first, 3, 2);
        if (!hasNext || month < 1 || month > 12 || day < 1 || !yearOrClock(next, month, day, false, match))
            return false;
        match->lastToken = index + 1;
        return true;
    }

    QDate date;
    if (!dateparsing::parseDate(first, dateparsing::Order::MonthDayYear, &date))
        return false;
    match->date = date;
    match->lastToken = index;
    const bool iso = first.size() == 10 && first[4] == '-' && first[7] == '-';
    if (!hasNext || !dateparsing::parseClock(next, &match->clock)) {
        // A date alone; the columns after it may be padded.
        match->skipBlanks = true;
        return true;
    }
    match->hasClock = true;
    match->lastToken = index + 1;
    // full-iso prints a fraction and then the zone; only then is a "+hhmm" token taken as
    // the zone rather than as the start of the name. With it, the time is known in UTC.
    int offset = 0;
    const bool hasFraction = next.size() > 8 && next[8] == '.';
    if (iso && hasFraction && tokens.has(index + 2) && parseZone(tokens.at(index + 2), &offset)) {
        const QDateTime utc =
            QDateTime(date, QTime(match->clock.hour, match->clock.minute, match->clock.second), Qt::UTC)
                .addSecs(-offset);
        match->date = utc.date();
        match->clock.hour = utc.time().hour();
        match->clock.minute = utc.time().minute();
        match->clock.second = utc.time().second();
        match->utc = true;
        match->lastToken = index + 2;
    }
    return true;
}

bool UnixFormat::matchDate(const LineTokens &tokens, int index, DateMatch *match) const
{
    const QByteArrayView first = tokens.at(index);
    const char c = first[0];
    if (!isDigit(c)) {
        // The common case first: an English (or localized) month name.
        const int month = dateparsing::monthFromNameToken(first);
        return month != 0 && matchMonthFirst(tokens, index, month, match);
    }
    const qsizetype digits = digitPrefix(first);
    if (digits == first.size()) {
        // "15 mars", "2003 3月"
        if (digits <= 2)
            return matchDayFirst(tokens, index, match) || matchNumericMonth(tokens, index, match);
        return digits == 4 && matchCjk(tokens, index, match);
    }
    if (isHighByte(first[digits]))
        return matchCjk(tokens, index, match);
    if (digits <= 2 && first[digits] == '.' && digits + 1 == first.size())
        return matchDayFirst(tokens, index, match); // "26."
    return matchNumeric(tokens, index, match);
}

LineFormat::Result UnixFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    // Permissions first: the cheapest way to turn away other dialects and "total 12".
    const qsizetype n = line.size();
    qsizetype start = 0;
    while (start < n && isBlank(line[start])) // `ls -i` right-aligns its inode column
        ++start;
    const qsizetype pos = skipNonBlanks(line, start);
    const QByteArrayView firstWord = line.sliced(start, pos - start);
    int first = 0; // the permissions token
    if (!isPermissions(firstWord)) {
        if (isLoosePermissions(firstWord)) {
            // Connect:Enterprise and friends
        } else if (allDigits(firstWord)) {
            // `ls -i` / `ls -s`: an inode number or block count in front.
            qsizetype next = pos;
            while (next < n && isBlank(line[next]))
                ++next;
            qsizetype end = next;
            while (end < n && !isBlank(line[end]))
                ++end;
            if (!isPermissions(line.sliced(next, end - next)))
                return Result::NoMatch;
            first = 1;
        } else {
            return Result::NoMatch;
        }
    }
    const LineTokens tokens(line, kMaxTokens);
    if (!tokens.has(first))
        return Result::NoMatch;
    const QByteArrayView perms = tokens.at(first);

    // The date is the first token run that follows a size (or "major, minor") and reads
    // as a date. Scanning from the left means a name that looks like a date cannot
    // confuse it; owner and group names that look like sizes followed by dates would,
    // but no real listing has those.
    DateMatch date;
    qint64 size = -1;
    int sizeFirst = -1;
    for (int i = first + 2; sizeFirst < 0 && tokens.has(i + 1); ++i) {
        const QByteArrayView prev = tokens.at(i - 1);
        int candidateFirst = -1;
        qint64 candidateSize = -1;
        if (allDigits(prev)) {
            if (i - 2 > first && isDeviceMajor(tokens.at(i - 2)))
                candidateFirst = i - 2; // "1, 3": devices have no size
            else if (parseDecimal(prev, &candidateSize))
                candidateFirst = i - 1;
        } else if (!isDigit(prev[0])) {
            continue; // neither a size nor a device
        } else if (const qsizetype comma = prev.indexOf(',');
                   comma > 0 && allDigits(prev.first(comma)) && allDigits(prev.sliced(comma + 1))) {
            candidateFirst = i - 1; // "1,3"
        } else if (parseSuffixedSize(prev, &candidateSize)) {
            candidateFirst = i - 1; // "33.5k"
        }
        if (candidateFirst < 0)
            continue;
        DateMatch candidate;
        if (matchDate(tokens, i, &candidate)) {
            date = candidate;
            size = candidateSize;
            sizeFirst = candidateFirst;
        }
    }

    QByteArrayView gluedGroup; // "longgroup123456": a group name run into the size
    if (sizeFirst < 0) {
        for (int i = first + 3; sizeFirst < 0 && tokens.has(i + 1); ++i) {
            const QByteArrayView prev = tokens.at(i - 1);
            const qsizetype digitsFrom = [&] {
                qsizetype k = prev.size();
                while (k > 0 && isDigit(prev[k - 1]))
                    --k;
                return k;
            }();
            qint64 candidateSize = -1;
            if (digitsFrom == 0 || digitsFrom == prev.size() || isDigit(prev[0]) ||
                !parseDecimal(prev.sliced(digitsFrom), &candidateSize))
                continue;
            DateMatch candidate;
            if (matchDate(tokens, i, &candidate)) {
                date = candidate;
                size = candidateSize;
                sizeFirst = i - 1;
                gluedGroup = prev.first(digitsFrom);
            }
        }
    }

    qsizetype nameStart = 0;
    if (sizeFirst >= 0) {
        // Exactly one separator after the date: the rest, spaces and all, is the name.
        nameStart = qMin(tokens.end(date.lastToken) + 1, n);
        if (date.skipBlanks) {
            while (nameStart < n && isBlank(line[nameStart]))
                ++nameStart;
        }
    } else {
        // No date at all: perms [links] owner [group] size name.
        const int owner = tokens.has(first + 1) && allDigits(tokens.at(first + 1)) ? first + 2 : first + 1;
        for (int i = owner + 1; i <= owner + 2 && tokens.has(i + 1); ++i) {
            if (parseDecimal(tokens.at(i), &size)) {
                sizeFirst = i;
                break;
            }
        }
        if (sizeFirst < 0)
            return Result::NoMatch;
        nameStart = tokens.begin(sizeFirst + 1);
        date.lastToken = sizeFirst;
    }

    // Between the permissions and the size: [links] [owner [group...]]. A leading number
    // is the link count (ls -l always prints it; with only one column after it, that is
    // the owner of a group-less listing such as `ls -o`).
    int middle = first + 1;
    if (middle < sizeFirst && allDigits(tokens.at(middle)))
        ++middle;
    QByteArrayView owner;
    QByteArrayView group;
    if (middle < sizeFirst)
        owner = tokens.at(middle++);
    if (middle < sizeFirst)
        group = tokens.span(middle, sizeFirst - 1); // "domain users": a group with a space
    if (!gluedGroup.isEmpty()) {
        // "owner longgroup123456": the letters before the size end the group column.
        const qsizetype from = tokens.begin(qMin(middle, sizeFirst));
        group = line.sliced(from, tokens.begin(sizeFirst) + gluedGroup.size() - from);
    }

    QByteArrayView name = line.sliced(nameStart);
    QByteArrayView target;
    const char typeChar = perms[0];
    if (typeChar == 'l') {
        // "name -> target"; a name containing " -> " cannot be told apart, and the first
        // arrow is the likelier split.
        const qsizetype arrow = name.indexOf(QByteArrayView(" -> "));
        if (arrow >= 0) {
            target = name.sliced(arrow + 4);
            name = name.first(arrow);
        }
    }
    // `ls -F` marks directories with a trailing '/', which no name can contain.
    if (name.size() > 1 && name.back() == '/')
        name.chop(1);
    // `ls -la` lists the directory itself and its parent; they are not entries of it.
    if (name == QByteArrayView(".") || name == QByteArrayView(".."))
        return Result::Skip;

    out->line = lineNo;
    m_context.setName(out, name);
    out->size = size;
    out->isDir = typeChar == 'd';
    out->isLink = typeChar == 'l';
    if (!target.isEmpty())
        out->target = m_context.names->decode(target);
    if (date.date.isValid())
        dateparsing::setTimestamp(out, date.date, date.hasClock ? &date.clock : nullptr, date.utc);
    out->permissions = m_permissions.get(perms, latin1);
    const auto decodeName = [this](QByteArrayView bytes) { return m_context.names->decode(bytes); };
    if (!owner.isEmpty())
        out->owner = m_owner.get(owner, decodeName);
    if (!group.isEmpty()) {
        // A group of several words keeps one space between them, whatever the padding.
        QByteArray collapsed;
        if (middle + 1 < sizeFirst && (group.indexOf("  ") >= 0 || group.indexOf('\t') >= 0)) {
            const LineTokens words(group);
            for (int i = 0; i < words.count(); ++i)
                collapsed.append(i ? " " : "").append(words.at(i));
            group = collapsed;
        }
        out->group = m_group.get(group, decodeName);
    }
    return Result::Entry;
}

} // namespace ferry
