#include "eplfformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

EplfFormat::EplfFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result EplfFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    if (line[0] != '+')
        return Result::NoMatch;
    const qsizetype tab = line.indexOf('\t');
    if (tab < 1)
        return Result::NoMatch;
    const QByteArrayView facts = line.sliced(1, tab - 1);
    const QByteArrayView name = line.sliced(tab + 1);

    bool isDir = false;
    bool hasMode = false;
    uint mode = 0;
    qint64 size = -1;
    qint64 mtime = -1;
    qsizetype pos = 0;
    while (pos < facts.size()) {
        qsizetype comma = facts.indexOf(',', pos);
        if (comma < 0)
            comma = facts.size();
        const QByteArrayView fact = facts.sliced(pos, comma - pos);
        pos = comma + 1;
        if (fact.isEmpty())
            continue;
        // A fact is one byte of kind and its value; bytes that no fact may hold mean this
        // is not EPLF.
        for (const char c : fact) {
            if (c < 0x21 || c > 0x7e)
                return Result::NoMatch;
        }
        const QByteArrayView value = fact.sliced(1);
        switch (fact[0]) {
        case '/':
            isDir = true;
            break;
        case 's':
            if (!parseDecimal(value, &size))
                return Result::NoMatch;
            break;
        case 'm':
            if (!parseDecimal(value, &mtime))
                return Result::NoMatch;
            break;
        case 'u':
            if (value.size() >= 2 && value[0] == 'p') {
                uint m = 0;
                for (const char c : value.sliced(1)) {
                    if (c < '0' || c > '7' || m > 07777)
                        return Result::NoMatch;
                    m = m * 8 + uint(c - '0');
                }
                mode = m & 07777;
                hasMode = true;
            }
            break;
        default: // 'r', 'i' and facts from the future
            break;
        }
    }

    out->line = lineNo;
    m_context.setName(out, name);
    out->isDir = isDir;
    out->size = size;
    if (mtime >= 0 && !dateparsing::setEpochTimestamp(out, mtime))
        return Result::NoMatch;
    if (hasMode) {
        const char typeChar = isDir ? 'd' : '-';
        const char key[] = {typeChar, char('0' + ((mode >> 9) & 7)), char('0' + ((mode >> 6) & 7)),
                            char('0' + ((mode >> 3) & 7)), char('0' + (mode & 7))};
        out->permissions = m_permissions.get(QByteArrayView(key, sizeof key),
                                             [&](QByteArrayView) { return renderUnixMode(mode, typeChar); });
    }
    return Result::Entry;
}

} // namespace ferry
