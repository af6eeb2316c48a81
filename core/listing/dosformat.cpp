#include "dosformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

DosFormat::DosFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result DosFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    if (!isDigit(line[0]))
        return Result::NoMatch; // the date comes first, at the start of the line
    const LineTokens tokens(line, 5);
    if (tokens.count() < 4)
        return Result::NoMatch;
    QDate date;
    dateparsing::Clock clock;
    if (!dateparsing::parseDate(tokens.at(0), dateparsing::Order::MonthDayYear, &date) ||
        !dateparsing::parseClock(tokens.at(1), &clock))
        return Result::NoMatch;
    int kind = 2;
    if (dateparsing::applyMeridiem(tokens.at(2), &clock)) // "01:04 PM", as `dir` prints it
        kind = 3;
    if (kind + 1 >= tokens.count())
        return Result::NoMatch;

    const QByteArrayView column = tokens.at(kind);
    bool isDir = false;
    bool isLink = false;
    qint64 size = -1;
    if (equalsIgnoringCase(column, "<dir>")) {
        isDir = true;
    } else if (equalsIgnoringCase(column, "<junction>") || equalsIgnoringCase(column, "<symlinkd>")) {
        isDir = true;
        isLink = true;
    } else if (equalsIgnoringCase(column, "<symlink>")) {
        isLink = true;
    } else if (!parseDecimal(column, &size) && !parseGroupedDecimal(column, &size)) {
        return Result::NoMatch;
    }

    QByteArrayView name = restAfterBlanks(line, tokens.end(kind));
    QByteArrayView target;
    if (isLink && name.endsWith(']')) {
        // `dir` shows a link's target after the name: "docs [C:\data\docs]".
        const qsizetype open = name.lastIndexOf(QByteArrayView(" ["));
        if (open > 0) {
            target = name.sliced(open + 2, name.size() - open - 3);
            name = name.first(open);
        }
    }
    if (name == QByteArrayView(".") || name == QByteArrayView(".."))
        return Result::Skip; // `dir` lists the folder itself and its parent

    out->line = lineNo;
    m_context.setName(out, name);
    out->size = size;
    out->isDir = isDir;
    out->isLink = isLink;
    if (!target.isEmpty())
        out->target = m_context.names->decode(target);
    dateparsing::setTimestamp(out, date, &clock);
    return Result::Entry;
}

} // namespace ferry
