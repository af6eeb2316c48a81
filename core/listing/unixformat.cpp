#include "unixformat.h"

#include "parsehelpers.h"

#include <QDateTime>

namespace ferry {

using namespace parsehelpers;

namespace {

// Enough for permissions, link count, owner, a group of a few words, "major, minor",
// and a three-token date; the name (which may hold any number of spaces) is never
// tokenised.
constexpr int kMaxTokens = 16;

// drwxr-xr-x, optionally followed by an ACL/xattr marker: '+' (POSIX ACL, GNU ls),
// '@' (extended attributes, macOS), '.' (SELinux context, GNU ls).
bool isPermissions(QByteArrayView p)
{
    if (p.size() != 10 && p.size() != 11)
        return false;
    switch (p[0]) {
    case '-': // regular file
    case 'd': // directory
    case 'l': // symbolic link
    case 'c': // character device
    case 'b': // block device
    case 'p': // FIFO
    case 's': // socket
        break;
    default:
        return false;
    }
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

// "H:MM" or "HH:MM".
bool parseHourMinute(QByteArrayView t, int *hour, int *minute)
{
    if ((t.size() != 4 && t.size() != 5) || t[t.size() - 3] != ':')
        return false;
    const int h = fixedDigits(t, 0, int(t.size()) - 3);
    const int m = fixedDigits(t, t.size() - 2, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *hour = h;
    *minute = m;
    return true;
}

int parseDay(QByteArrayView t)
{
    if (t.isEmpty() || t.size() > 2)
        return 0;
    const int d = fixedDigits(t, 0, int(t.size()));
    return d >= 1 && d <= 31 ? d : 0;
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

// A "major," token of a device's "major, minor".
bool isDeviceMajor(QByteArrayView t)
{
    return t.size() >= 2 && t.back() == ',' && allDigits(t.chopped(1));
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

struct MonthName {
    QByteArrayView lower;
    int month;
};

// Names beyond the three-letter English ones go here (full English names are seen from
// some Windows servers); a localized table would be added the same way. Lowercase.
constexpr MonthName kLongMonthNames[] = {
    {"january", 1}, {"february", 2},  {"march", 3},    {"april", 4},     {"june", 6},      {"july", 7},
    {"august", 8},  {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
};

// Days in each month of a leap year: a "Mon DD" without a year may be Feb 29.
constexpr int kLongestMonth[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

constexpr quint32 packMonth(const char (&s)[4])
{
    return quint32(quint8(s[0])) << 16 | quint32(quint8(s[1])) << 8 | quint32(quint8(s[2]));
}

} // namespace

UnixFormat::UnixFormat(QDate today, NameDecoder *names)
    : m_today(today)
    , m_latest(today.isValid() ? today.addDays(kFutureSlackDays) : QDate())
    , m_names(names)
{
}

int UnixFormat::monthFromName(QByteArrayView name)
{
    if (name.size() == 3) {
        // The common case, one switch instead of a table walk.
        switch (packMonth({foldCase(name[0]), foldCase(name[1]), foldCase(name[2]), '\0'})) {
        case packMonth("jan"):
            return 1;
        case packMonth("feb"):
            return 2;
        case packMonth("mar"):
            return 3;
        case packMonth("apr"):
            return 4;
        case packMonth("may"):
            return 5;
        case packMonth("jun"):
            return 6;
        case packMonth("jul"):
            return 7;
        case packMonth("aug"):
            return 8;
        case packMonth("sep"):
            return 9;
        case packMonth("oct"):
            return 10;
        case packMonth("nov"):
            return 11;
        case packMonth("dec"):
            return 12;
        default:
            return 0;
        }
    }
    for (const MonthName &m : kLongMonthNames) {
        if (equalsIgnoringCase(name, m.lower))
            return m.month;
    }
    return 0;
}

QDate UnixFormat::inferYear(int month, int day) const
{
    if (!m_today.isValid())
        return {};
    QDate &cached = m_inferred[size_t((month - 1) * 31 + (day - 1))];
    if (cached.isValid())
        return cached;
    // The latest year that does not put the date in the future (beyond the slack). The
    // loop only runs past last year for Feb 29, which needs a leap year.
    for (int year = m_today.year(); year >= m_today.year() - 8; --year) {
        const QDate date(year, month, day);
        if (date.isValid() && date <= m_latest) {
            cached = date;
            break;
        }
    }
    return cached;
}

bool UnixFormat::matchDate(QByteArrayView line, const Token *tokens, int count, int index,
                           DateMatch *match) const
{
    const auto text = [&](int i) { return line.sliced(tokens[i].begin, tokens[i].end - tokens[i].begin); };
    const QByteArrayView first = text(index);

    if (const int month = monthFromName(first)) {
        // "Mon DD HH:MM" or "Mon DD  YYYY"
        if (index + 2 >= count)
            return false;
        const int day = parseDay(text(index + 1));
        if (day == 0 || day > kLongestMonth[month - 1])
            return false;
        const QByteArrayView third = text(index + 2);
        int hour = 0;
        int minute = 0;
        if (parseHourMinute(third, &hour, &minute)) {
            match->date = inferYear(month, day);
            if (match->date.isValid()) {
                match->time = QTime(hour, minute);
                match->precision = DirEntry::TimePrecision::Minute;
            }
        } else if (third.size() == 4) {
            const int year = fixedDigits(third, 0, 4);
            const QDate date(year, month, day);
            if (year <= 0 || !date.isValid())
                return false;
            match->date = date;
            match->precision = DirEntry::TimePrecision::Day;
        } else {
            return false;
        }
        match->lastToken = index + 2;
        return true;
    }

    // "YYYY-MM-DD HH:MM" (long-iso) or "YYYY-MM-DD HH:MM:SS.fffffffff +hhmm" (full-iso)
    if (first.size() != 10 || first[4] != '-' || first[7] != '-' || index + 1 >= count)
        return false;
    const QDate date(fixedDigits(first, 0, 4), fixedDigits(first, 5, 2), fixedDigits(first, 8, 2));
    if (!date.isValid() || date.year() <= 0)
        return false;
    const QByteArrayView clock = text(index + 1);
    int hour = 0;
    int minute = 0;
    if (clock.size() == 5) {
        if (!parseHourMinute(clock, &hour, &minute))
            return false;
        match->date = date;
        match->time = QTime(hour, minute);
        match->precision = DirEntry::TimePrecision::Minute;
        match->lastToken = index + 1;
        return true;
    }
    if (clock.size() < 8 || clock[5] != ':' || !parseHourMinute(clock.first(5), &hour, &minute))
        return false;
    const int second = fixedDigits(clock, 6, 2);
    const bool hasFraction = clock.size() > 8;
    if (second < 0 || second > 59 ||
        (hasFraction && (clock[8] != '.' || clock.size() == 9 || !allDigits(clock.sliced(9)))))
        return false;
    match->date = date;
    match->time = QTime(hour, minute, second);
    match->precision = DirEntry::TimePrecision::Second;
    match->lastToken = index + 1;
    // full-iso always prints a fraction and then the zone; only then is a "+hhmm" token
    // taken as the zone rather than as the start of the name. With it, the time is
    // known in UTC.
    int offset = 0;
    if (hasFraction && index + 2 < count && parseZone(text(index + 2), &offset)) {
        const QDateTime utc = QDateTime(date, match->time, Qt::UTC).addSecs(-offset);
        match->date = utc.date();
        match->time = utc.time();
        match->utc = true;
        match->lastToken = index + 2;
    }
    return true;
}

LineFormat::Result UnixFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const qsizetype n = line.size();
    Token tokens[kMaxTokens];
    int count = 0;

    // Permissions first: the cheapest way to turn away other dialects and "total 12".
    qsizetype pos = 0;
    while (pos < n && !isBlank(line[pos]))
        ++pos;
    const QByteArrayView perms = line.first(pos);
    if (!isPermissions(perms))
        return Result::NoMatch;
    tokens[count++] = {0, pos};
    while (count < kMaxTokens) {
        while (pos < n && isBlank(line[pos]))
            ++pos;
        if (pos >= n)
            break;
        const qsizetype begin = pos;
        while (pos < n && !isBlank(line[pos]))
            ++pos;
        tokens[count++] = {begin, pos};
    }
    const auto text = [&](int i) { return line.sliced(tokens[i].begin, tokens[i].end - tokens[i].begin); };

    // The date is the first token run that follows a size (or "major, minor") and reads
    // as a date. Scanning from the left means a name that looks like a date cannot
    // confuse it; owner and group names that look like sizes followed by dates would,
    // but no real listing has those.
    DateMatch date;
    qint64 size = -1;
    int sizeFirst = -1;
    for (int i = 2; i + 1 < count && sizeFirst < 0; ++i) {
        const QByteArrayView prev = text(i - 1);
        int candidateFirst = -1;
        qint64 candidateSize = -1;
        if (allDigits(prev)) {
            if (i - 2 >= 1 && isDeviceMajor(text(i - 2)))
                candidateFirst = i - 2; // "1, 3": devices have no size
            else if (parseDecimal(prev, &candidateSize))
                candidateFirst = i - 1;
        } else if (const qsizetype comma = prev.indexOf(',');
                   comma > 0 && allDigits(prev.first(comma)) && allDigits(prev.sliced(comma + 1))) {
            candidateFirst = i - 1; // "1,3"
        }
        if (candidateFirst < 0)
            continue;
        DateMatch candidate;
        if (matchDate(line, tokens, count, i, &candidate)) {
            date = candidate;
            size = candidateSize;
            sizeFirst = candidateFirst;
        }
    }
    if (sizeFirst < 0)
        return Result::NoMatch;

    // Between the permissions and the size: [links] [owner [group...]]. A leading number
    // is the link count (ls -l always prints it; with only one column after it, that is
    // the owner of a group-less listing such as `ls -o`).
    int middle = 1;
    if (middle < sizeFirst && allDigits(text(middle)))
        ++middle;
    QByteArrayView owner;
    QByteArrayView group;
    if (middle < sizeFirst)
        owner = text(middle++);
    if (middle < sizeFirst)
        group = line.sliced(tokens[middle].begin, tokens[sizeFirst - 1].end - tokens[middle].begin);

    // Exactly one separator after the date: the rest, spaces and all, is the name.
    const qsizetype nameStart = qMin(tokens[date.lastToken].end + 1, n);
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
    // `ls -la` lists the directory itself and its parent; they are not entries of it.
    if (name == QByteArrayView(".") || name == QByteArrayView(".."))
        return Result::Skip;

    out->line = lineNo;
    out->rawName = name.toByteArray();
    out->name = m_names->decode(name);
    out->size = size;
    out->isDir = typeChar == 'd';
    out->isLink = typeChar == 'l';
    if (!target.isEmpty())
        out->target = m_names->decode(target);
    out->date = date.date;
    out->time = date.time;
    out->timePrecision = date.precision;
    out->timeIsUtc = date.utc;
    out->permissions = m_permissions.get(perms, latin1);
    const auto decodeName = [this](QByteArrayView bytes) { return m_names->decode(bytes); };
    if (!owner.isEmpty())
        out->owner = m_owner.get(owner, decodeName);
    if (!group.isEmpty())
        out->group = m_group.get(group, decodeName);
    return Result::Entry;
}

} // namespace ferry
