#include "vmsformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

constexpr qint64 kBlockSize = 512;

// NAME.TYPE;VERSION: the version is what tells a VMS file name from anything else.
bool isVmsFileName(QByteArrayView t)
{
    const qsizetype semi = t.lastIndexOf(';');
    if (semi < 1 || semi + 1 == t.size() || t.size() - semi - 1 > 5)
        return false;
    return allDigits(t.sliced(semi + 1));
}

// "155" or "2/8" (used/allocated blocks; the used ones count) or "2KB".
bool parseVmsSize(QByteArrayView t, qint64 *out)
{
    const qsizetype slash = t.indexOf('/');
    qint64 blocks = 0;
    qint64 allocated = 0;
    if (slash > 0) {
        if (!parseDecimal(t.first(slash), &blocks) || !parseDecimal(t.sliced(slash + 1), &allocated))
            return false;
        return mulAdd(blocks, kBlockSize, 0, out);
    }
    if (parseDecimal(t, &blocks))
        return mulAdd(blocks, kBlockSize, 0, out);
    return parseSuffixedSize(t, out);
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

VmsFormat::VmsFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result VmsFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    if (isBlank(line[0]))
        return Result::NoMatch; // the name starts the line
    const LineTokens tokens(line, 12);
    if (tokens.count() == 0)
        return Result::NoMatch;
    const QByteArrayView fileName = tokens.at(0);
    if (!isVmsFileName(fileName))
        return Result::NoMatch;
    if (tokens.count() == 1)
        return Result::NeedMore; // a long name alone; the details follow on the next line

    qint64 size = -1;
    QDate date;
    dateparsing::Clock clock;
    bool hasClock = false;
    QByteArrayView owner;
    QByteArrayView group;
    QByteArrayView protection;
    for (int i = 1; i < tokens.count(); ++i) {
        const QByteArrayView t = tokens.at(i);
        if (t.size() >= 2 && t[0] == '[') {
            if (!owner.isEmpty() || !group.isEmpty())
                return Result::NoMatch;
            // [GROUP,MEMBER]: the member owns the file. [IDENTIFIER] is the owner itself. A
            // long one loses its "]" to the column width.
            const QByteArrayView uic = t.back() == ']' ? t.sliced(1, t.size() - 2) : t.sliced(1);
            const qsizetype comma = uic.indexOf(',');
            if (comma >= 0) {
                group = uic.first(comma);
                owner = uic.sliced(comma + 1);
            } else {
                owner = uic;
            }
        } else if (t.size() >= 2 && t[0] == '(' && t.back() == ')') {
            if (!protection.isEmpty())
                return Result::NoMatch;
            protection = t.sliced(1, t.size() - 2);
        } else if (!date.isValid() && isDigit(t[0]) && t.indexOf('-') > 0) {
            if (!dateparsing::parseDate(t, dateparsing::Order::MonthDayYear, &date))
                return Result::NoMatch;
            if (i + 1 < tokens.count() && dateparsing::parseClock(tokens.at(i + 1), &clock)) {
                hasClock = true;
                ++i;
            }
        } else if (size < 0 && isDigit(t[0])) {
            if (!parseVmsSize(t, &size))
                return Result::NoMatch;
        } else if (date.isValid() && owner.isEmpty() && group.isEmpty() && isAsciiLetter(t[0])) {
            owner = t; // some servers print the owner without brackets after the date
        } else {
            return Result::NoMatch;
        }
    }
    if (!date.isValid() || !tokens.complete())
        return Result::NoMatch;

    // NAME.DIR;1 is the directory NAME.
    QByteArrayView name = fileName;
    bool isDir = false;
    const qsizetype semi = fileName.lastIndexOf(';');
    if (semi >= 4 && endsWithIgnoringCase(fileName.first(semi), ".dir")) {
        isDir = true;
        if (fileName.sliced(semi) == QByteArrayView(";1"))
            name = fileName.first(semi - 4);
    }

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = isDir;
    out->size = size;
    dateparsing::setTimestamp(out, date, hasClock ? &clock : nullptr);
    if (!protection.isEmpty())
        out->permissions = m_permissions.get(protection, latin1);
    const auto decodeName = [this](QByteArrayView bytes) { return m_context.names->decode(bytes); };
    if (!owner.isEmpty())
        out->owner = m_owner.get(owner, decodeName);
    if (!group.isEmpty())
        out->group = m_group.get(group, decodeName);
    return Result::Entry;
}

} // namespace ferry
