#include "os400format.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

// "*STMF", "*DIR", "*FILE", "*MEM", "*LIB", "*FLR", "*DOC", "*PGM"...
bool isObjectType(QByteArrayView t)
{
    if (t.size() < 3 || t.size() > 11 || t[0] != '*')
        return false;
    for (const char c : t.sliced(1)) {
        if (!isUpperAscii(c) && !isDigit(c))
            return false;
    }
    return true;
}

bool isDirectoryType(QByteArrayView t)
{
    return t == QByteArrayView("*DIR") || t == QByteArrayView("*LIB") || t == QByteArrayView("*FLR");
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

Os400Format::Os400Format(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result Os400Format::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 6);
    if (tokens.count() < 2)
        return Result::NoMatch;
    int typeIndex;
    QByteArrayView owner;
    qint64 size = -1;
    QDate date;
    dateparsing::Clock clock;
    if (tokens.startsWithBlank() && isObjectType(tokens.at(0))) {
        // A member: only its type and name, under the columns of the file before it.
        typeIndex = 0;
    } else {
        if (tokens.count() < 6 || isBlank(line[0]) || !parseDecimal(tokens.at(1), &size) ||
            !dateparsing::parseDate(tokens.at(2), m_dateOrder, &date, &m_dateOrder) ||
            !dateparsing::parseClock(tokens.at(3), &clock) || !isObjectType(tokens.at(4)))
            return Result::NoMatch;
        owner = tokens.at(0);
        typeIndex = 4;
    }
    const QByteArrayView type = tokens.at(typeIndex);
    QByteArrayView name = restAfterBlanks(line, tokens.end(typeIndex));
    bool isDir = isDirectoryType(type);
    if (name.size() > 1 && name.back() == '/') {
        name.chop(1);
        isDir = true;
    }
    // FILE.FILE/MEMBER.MBR: the member.
    if (const qsizetype slash = name.lastIndexOf('/'); slash >= 0)
        name = name.sliced(slash + 1);
    if (name.isEmpty())
        return Result::NoMatch;

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = isDir;
    out->size = size;
    if (date.isValid())
        dateparsing::setTimestamp(out, date, &clock);
    // The object type is what IBM i shows where Unix shows permissions; it says more about
    // the entry than anything else in the line.
    out->permissions = m_permissions.get(type, latin1);
    if (!owner.isEmpty())
        out->owner = m_owner.get(owner, [this](QByteArrayView b) { return m_context.names->decode(b); });
    return Result::Entry;
}

} // namespace ferry
