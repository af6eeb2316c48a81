#include "miscformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

// "0100644": st_mode in octal, file type bits included.
bool parseOctalMode(QByteArrayView t, uint *mode)
{
    if (t.size() < 5 || t.size() > 7)
        return false;
    uint value = 0;
    for (const char c : t) {
        if (c < '0' || c > '7')
            return false;
        value = value * 8 + uint(c - '0');
    }
    *mode = value;
    return true;
}

} // namespace

MiscFormat::MiscFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result MiscFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 8);
    const int count = tokens.count();
    if (count < 4)
        return Result::NoMatch;
    qint64 size = -1;
    QDate date;
    dateparsing::Clock clock;

    if (isDigit(line[0]) || isBlank(line[0])) {
        uint mode = 0;
        qint64 uid = 0;
        qint64 gid = 0;
        qint64 mtime = 0;
        if (count >= 6 && parseOctalMode(tokens.at(0), &mode) && parseDecimal(tokens.at(1), &uid) &&
            parseDecimal(tokens.at(2), &gid) && parseDecimal(tokens.at(3), &size) &&
            parseDecimal(tokens.at(4), &mtime)) {
            // Numeric Unix: octal st_mode (file type bits included), uid, gid, size, mtime.
            const uint fileType = (mode >> 12) & 017;
            if (fileType != 004 && fileType != 010 && fileType != 012)
                return Result::NoMatch;
            const char typeChar = fileType == 004 ? 'd' : fileType == 012 ? 'l' : '-';
            out->line = lineNo;
            m_context.setName(out, restAfterBlanks(line, tokens.end(4)));
            out->isDir = typeChar == 'd';
            out->isLink = typeChar == 'l';
            out->size = size;
            if (!dateparsing::setEpochTimestamp(out, mtime))
                return Result::NoMatch;
            out->permissions = m_permissions.get(
                tokens.at(0), [&](QByteArrayView) { return renderUnixMode(mode & 07777, typeChar); });
            out->owner = m_owner.get(tokens.at(1), latin1);
            out->group = m_group.get(tokens.at(2), latin1);
            return Result::Entry;
        }
        if (!parseDecimal(tokens.at(0), &size))
            return parseWfFtp(tokens, lineNo, out);

        const QByteArrayView second = tokens.at(1);
        if (const int month = dateparsing::monthFromName(second)) {
            // VShell: size, "Apr 04, 2000 21:06", name
            const QByteArrayView day = tokens.at(2);
            if (day.size() < 2 || day.back() != ',' || count < 6)
                return Result::NoMatch;
            const int d = smallNumber(day.chopped(1));
            const int year = tokens.at(3).size() == 4 ? smallNumber(tokens.at(3)) : -1;
            date = QDate(year, month, d);
            if (year <= 0 || !date.isValid() || !dateparsing::parseClock(tokens.at(4), &clock))
                return Result::NoMatch;
            QByteArrayView name = restAfterBlanks(line, tokens.end(4));
            bool isDir = false;
            if (name.size() > 1 && (name.back() == '/' || name.back() == '\\')) {
                name.chop(1);
                isDir = true;
            }
            out->line = lineNo;
            m_context.setName(out, name);
            out->isDir = isDir;
            out->size = size;
            dateparsing::setTimestamp(out, date, &clock);
            return Result::Entry;
        }
        if (isAsciiLetter(second[0]) &&
            dateparsing::parseDate(second, dateparsing::Order::MonthDayYear, &date)) {
            // VxWorks: size, "Feb-28-1998", time, name, and "<DIR>" after a directory's name
            if (!dateparsing::parseClock(tokens.at(2), &clock))
                return Result::NoMatch;
            QByteArrayView name = restAfterBlanks(line, tokens.end(2));
            bool isDir = false;
            if (endsWithIgnoringCase(name, "<dir>")) {
                isDir = true;
                name.chop(5);
                while (!name.isEmpty() && isBlank(name.back()))
                    name.chop(1);
            }
            out->line = lineNo;
            m_context.setName(out, name);
            out->isDir = isDir;
            out->size = size;
            dateparsing::setTimestamp(out, date, &clock);
            return Result::Entry;
        }
    }
    return parseWfFtp(tokens, lineNo, out);
}

LineFormat::Result MiscFormat::parseWfFtp(const LineTokens &tokens, int lineNo, DirEntry *out)
{
    const int count = tokens.count();
    qint64 size = -1;
    QDate date;
    dateparsing::Clock clock;
    // Nortel wfFtp: name, size, MM/DD/YY, weekday with a dot, time; nothing else.
    if (count != 5 || !tokens.complete() || !parseDecimal(tokens.at(1), &size) ||
        !dateparsing::parseDate(tokens.at(2), dateparsing::Order::MonthDayYear, &date))
        return Result::NoMatch;
    const QByteArrayView weekday = tokens.at(3);
    if (weekday.size() < 3 || weekday.back() != '.' || !isAsciiLetter(weekday[0]) ||
        !dateparsing::parseClock(tokens.at(4), &clock))
        return Result::NoMatch;
    out->line = lineNo;
    m_context.setName(out, tokens.at(0));
    out->size = size;
    dateparsing::setTimestamp(out, date, &clock);
    return Result::Entry;
}

} // namespace ferry
