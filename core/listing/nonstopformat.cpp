#include "nonstopformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

// "255,0" or "255," followed by "0".
bool isGuardianUserPart(QByteArrayView t)
{
    const qsizetype comma = t.indexOf(',');
    if (comma < 0)
        return false;
    return allDigits(t.first(comma)) && (comma + 1 == t.size() || allDigits(t.sliced(comma + 1)));
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

NonStopFormat::NonStopFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result NonStopFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 9);
    const int count = tokens.count();
    if ((count != 7 && count != 8) || !tokens.complete() || isBlank(line[0]))
        return Result::NoMatch;
    qint64 size = -1;
    QDate date;
    dateparsing::Clock clock;
    if (!allDigits(tokens.at(1)) || !parseDecimal(tokens.at(2), &size) ||
        !dateparsing::parseDate(tokens.at(3), dateparsing::Order::MonthDayYear, &date) ||
        !dateparsing::parseClock(tokens.at(4), &clock) || !clock.hasSeconds)
        return Result::NoMatch;
    // Owner "255,0", or "255," and "0" when the server aligns the user number.
    const QByteArrayView ownerFirst = tokens.at(5);
    if (!isGuardianUserPart(ownerFirst))
        return Result::NoMatch;
    int securityIndex = 6;
    QByteArrayView owner = ownerFirst;
    if (ownerFirst.back() == ',') {
        if (count != 8 || !allDigits(tokens.at(6)))
            return Result::NoMatch;
        owner = tokens.span(5, 6);
        securityIndex = 7;
    } else if (count != 7) {
        return Result::NoMatch;
    }
    QByteArrayView security = tokens.at(securityIndex);
    if (security.size() >= 2 && security[0] == '"' && security.back() == '"')
        security = security.sliced(1, security.size() - 2);
    if (security.isEmpty() || security.size() > 4)
        return Result::NoMatch;

    out->line = lineNo;
    m_context.setName(out, tokens.at(0));
    out->size = size;
    dateparsing::setTimestamp(out, date, &clock);
    out->permissions = m_permissions.get(security, latin1);
    out->owner = m_owner.get(owner, latin1);
    return Result::Entry;
}

} // namespace ferry
