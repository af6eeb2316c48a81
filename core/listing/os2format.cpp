#include "os2format.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

Os2Format::Os2Format(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result Os2Format::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 8);
    qint64 size = -1;
    if (tokens.count() < 4 || !parseDecimal(tokens.at(0), &size))
        return Result::NoMatch;
    bool isDir = false;
    int i = 1;
    // Attribute columns: DIR, and the DOS attributes A(rchive), R(ead-only), H(idden),
    // S(ystem).
    for (; i < tokens.count() && i <= 4; ++i) {
        const QByteArrayView t = tokens.at(i);
        if (t == QByteArrayView("DIR")) {
            isDir = true;
        } else if (t.size() > 4 || t.isEmpty() || !isUpperAscii(t[0])) {
            break;
        } else {
            for (const char c : t) {
                if (c != 'A' && c != 'R' && c != 'H' && c != 'S')
                    return Result::NoMatch;
            }
        }
    }
    if (i + 2 >= tokens.count() || !isDigit(tokens.at(i)[0]))
        return Result::NoMatch;
    QDate date;
    dateparsing::Clock clock;
    if (!dateparsing::parseDate(tokens.at(i), dateparsing::Order::MonthDayYear, &date) ||
        !dateparsing::parseClock(tokens.at(i + 1), &clock) || clock.hasSeconds)
        return Result::NoMatch;
    const QByteArrayView name = restAfterBlanks(line, tokens.end(i + 1));
    if (name == QByteArrayView(".") || name == QByteArrayView(".."))
        return Result::Skip;

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = isDir;
    out->size = size;
    dateparsing::setTimestamp(out, date, &clock);
    return Result::Entry;
}

} // namespace ferry
