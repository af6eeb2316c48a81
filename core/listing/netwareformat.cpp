#include "netwareformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

NetwareFormat::NetwareFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result NetwareFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    if (line.size() < 4 || (line[0] != 'd' && line[0] != '-') || !isBlank(line[1]))
        return Result::NoMatch;
    const LineTokens tokens(line, 8);
    if (tokens.count() < 8)
        return Result::NoMatch;
    const QByteArrayView rights = tokens.at(1);
    if (rights.size() < 3 || rights[0] != '[' || rights.back() != ']')
        return Result::NoMatch;
    for (const char c : rights.sliced(1, rights.size() - 2)) {
        if (!isUpperAscii(c) && c != '-')
            return Result::NoMatch;
    }
    qint64 size = -1;
    const int month = dateparsing::monthFromNameToken(tokens.at(4));
    const int day = smallNumber(tokens.at(5));
    if (!parseDecimal(tokens.at(3), &size) || month == 0 || day < 1 || day > 31)
        return Result::NoMatch;
    QDate date;
    dateparsing::Clock clock;
    const QByteArrayView last = tokens.at(6);
    const bool hasClock = dateparsing::parseClock(last, &clock);
    if (hasClock) {
        date = m_context.years->infer(month, day);
    } else if (last.size() == 4 && allDigits(last)) {
        date = QDate(smallNumber(last), month, day);
        if (!date.isValid())
            return Result::NoMatch;
    } else {
        return Result::NoMatch;
    }
    const QByteArrayView name = restAfterBlanks(line, tokens.end(6));

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = line[0] == 'd';
    out->size = size;
    dateparsing::setTimestamp(out, date, hasClock ? &clock : nullptr);
    out->permissions = m_permissions.get(tokens.span(0, 1), latin1);
    out->owner = m_owner.get(tokens.at(2), [this](QByteArrayView b) { return m_context.names->decode(b); });
    return Result::Entry;
}

} // namespace ferry
