#include "zvmformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

#include <cstring>

namespace ferry {

using namespace parsehelpers;

namespace {

bool isCmsWord(QByteArrayView t)
{
    // CMS file names and types have up to 8 characters; some servers (and SFS) allow
    // longer ones, so only absurd lengths are refused. No blanks (tokens have none).
    if (t.isEmpty() || t.size() > 20)
        return false;
    for (const char c : t) {
        if (static_cast<unsigned char>(c) < 0x21 || c == '.' || c == '/')
            return false;
    }
    return true;
}

} // namespace

ZvmFormat::ZvmFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result ZvmFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 10);
    if (tokens.count() != 9 || !tokens.complete())
        return Result::NoMatch;
    const QByteArrayView fn = tokens.at(0);
    const QByteArrayView ft = tokens.at(1);
    const QByteArrayView recfm = tokens.at(2);
    if (!isCmsWord(fn) || !isCmsWord(ft))
        return Result::NoMatch;
    QDate date;
    dateparsing::Clock clock;
    if (!dateparsing::parseDate(tokens.at(6), dateparsing::Order::MonthDayYear, &date) ||
        !dateparsing::parseClock(tokens.at(7), &clock))
        return Result::NoMatch;

    bool isDir = false;
    qint64 size = -1;
    if (ft == QByteArrayView("DIR") && recfm == QByteArrayView("-")) {
        // An SFS directory: no records, so dashes in their columns.
        for (int i = 3; i <= 5; ++i) {
            if (tokens.at(i) != QByteArrayView("-"))
                return Result::NoMatch;
        }
        isDir = true;
    } else {
        qint64 lrecl = 0;
        qint64 records = 0;
        if ((recfm != QByteArrayView("V") && recfm != QByteArrayView("F")) ||
            !parseDecimal(tokens.at(3), &lrecl) || !parseDecimal(tokens.at(4), &records) ||
            !allDigits(tokens.at(5)) || !mulAdd(lrecl, records, 0, &size))
            return Result::NoMatch;
    }

    out->line = lineNo;
    if (isDir) {
        m_context.setName(out, fn);
    } else {
        // FN.FT is how RETR names a CMS file.
        char buf[41];
        memcpy(buf, fn.data(), size_t(fn.size()));
        buf[fn.size()] = '.';
        memcpy(buf + fn.size() + 1, ft.data(), size_t(ft.size()));
        m_context.setName(out, QByteArrayView(buf, fn.size() + 1 + ft.size()));
    }
    out->isDir = isDir;
    out->size = size;
    dateparsing::setTimestamp(out, date, &clock);
    const QByteArrayView owner = tokens.at(8);
    if (owner != QByteArrayView("-"))
        out->owner = m_owner.get(owner, [this](QByteArrayView b) { return m_context.names->decode(b); });
    return Result::Entry;
}

} // namespace ferry
