#include "os9format.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

// "20.20": group.user
bool isOs9Owner(QByteArrayView t)
{
    const qsizetype dot = t.indexOf('.');
    return dot > 0 && allDigits(t.first(dot)) && allDigits(t.sliced(dot + 1));
}

// "d-ewrewr": d(irectory) s(hareable) e(xec) w r for the public, then e w r for the owner.
bool isOs9Attributes(QByteArrayView t)
{
    if (t.size() != 8)
        return false;
    static constexpr char kLetters[] = "dsewrewr";
    for (int i = 0; i < 8; ++i) {
        if (t[i] != '-' && t[i] != kLetters[i])
            return false;
    }
    return true;
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

Os9Format::Os9Format(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result Os9Format::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 7);
    if (tokens.count() < 7 || !isOs9Owner(tokens.at(0)))
        return Result::NoMatch;
    QDate date;
    const QByteArrayView hhmm = tokens.at(2);
    const int hour = fixedDigits(hhmm, 0, 2);
    const int minute = fixedDigits(hhmm, 2, 2);
    qint64 size = -1;
    qint64 sector = 0;
    if (!dateparsing::parseDate(tokens.at(1), dateparsing::Order::YearMonthDay, &date) || hhmm.size() != 4 ||
        hour < 0 || hour > 23 || minute < 0 || minute > 59 || !isOs9Attributes(tokens.at(3)) ||
        !parseHex(tokens.at(4), &sector) || !parseDecimal(tokens.at(5), &size))
        return Result::NoMatch;
    const QByteArrayView name = restAfterBlanks(line, tokens.end(5));

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = tokens.at(3)[0] == 'd';
    out->size = size;
    dateparsing::Clock clock;
    clock.hour = hour;
    clock.minute = minute;
    dateparsing::setTimestamp(out, date, &clock);
    out->permissions = m_permissions.get(tokens.at(3), latin1);
    out->owner = m_owner.get(tokens.at(0), latin1);
    return Result::Entry;
}

} // namespace ferry
