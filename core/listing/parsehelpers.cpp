#include "parsehelpers.h"

namespace ferry::parsehelpers {

bool parseHex(QByteArrayView text, qint64 *out)
{
    if (text.isEmpty() || text.size() > 15) // 15 hex digits always fit in qint64
        return false;
    qint64 value = 0;
    for (const char c : text) {
        int digit;
        if (isDigit(c))
            digit = c - '0';
        else if (foldCase(c) >= 'a' && foldCase(c) <= 'f')
            digit = foldCase(c) - 'a' + 10;
        else
            return false;
        value = value * 16 + digit;
    }
    *out = value;
    return true;
}

bool parseGroupedDecimal(QByteArrayView text, qint64 *out)
{
    if (text.isEmpty() || !isDigit(text[0]) || !isDigit(text.back()))
        return false;
    char separator = 0;
    qint64 value = 0;
    int groupDigits = 0; // digits since the last separator
    bool sawSeparator = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (isDigit(c)) {
            if (!mulAdd(value, 10, c - '0', &value))
                return false;
            ++groupDigits;
            continue;
        }
        if (c != ',' && c != '.')
            return false;
        if (separator == 0)
            separator = c;
        // One kind of separator only; the first group has 1-3 digits, the others exactly 3.
        if (c != separator || groupDigits == 0 || groupDigits > 3 || (sawSeparator && groupDigits != 3))
            return false;
        sawSeparator = true;
        groupDigits = 0;
    }
    if (sawSeparator && groupDigits != 3)
        return false;
    *out = value;
    return true;
}

bool parseSuffixedSize(QByteArrayView text, qint64 *out)
{
    // digits [ "." digits ] unit [ "B" ] | digits "B"
    qsizetype n = text.size();
    if (n < 2)
        return false;
    qint64 multiplier = 1;
    bool hasUnit = false;
    if (foldCase(text[n - 1]) == 'b') {
        --n; // "2KB", "12B"
        hasUnit = true;
    }
    if (n >= 1 && !isDigit(text[n - 1])) {
        switch (foldCase(text[n - 1])) {
        case 'k':
            multiplier = qint64(1) << 10;
            break;
        case 'm':
            multiplier = qint64(1) << 20;
            break;
        case 'g':
            multiplier = qint64(1) << 30;
            break;
        case 't':
            multiplier = qint64(1) << 40;
            break;
        default:
            return false;
        }
        --n;
        hasUnit = true;
    }
    if (!hasUnit || n == 0)
        return false;
    const QByteArrayView number = text.first(n);
    const qsizetype dot = number.indexOf('.');
    const QByteArrayView whole = dot < 0 ? number : number.first(dot);
    const QByteArrayView fraction = dot < 0 ? QByteArrayView() : number.sliced(dot + 1);
    qint64 value = 0;
    if (!parseDecimal(whole, &value) || (dot >= 0 && (!allDigits(fraction) || fraction.size() > 6)))
        return false;
    if (dot >= 0 && multiplier == 1)
        return false; // "1.5B" is not a byte count
    qint64 total = 0;
    if (!mulAdd(value, multiplier, 0, &total))
        return false;
    if (!fraction.isEmpty()) {
        qint64 digits = 0;
        qint64 scale = 1;
        for (const char c : fraction) {
            digits = digits * 10 + (c - '0');
            scale *= 10;
        }
        // digits < scale <= 10^6 and multiplier <= 2^40: the product fits in qint64.
        if (!mulAdd(1, total, digits * multiplier / scale, &total))
            return false;
    }
    *out = total;
    return true;
}

QString renderUnixMode(uint mode, char typeChar)
{
    char buf[10];
    buf[0] = typeChar;
    static constexpr char rwx[] = {'r', 'w', 'x'};
    for (int i = 0; i < 9; ++i)
        buf[1 + i] = (mode & (0400u >> i)) ? rwx[i % 3] : '-';
    // setuid/setgid/sticky take the x slot: lowercase when x is also set (ls convention).
    if (mode & 04000)
        buf[3] = buf[3] == 'x' ? 's' : 'S';
    if (mode & 02000)
        buf[6] = buf[6] == 'x' ? 's' : 'S';
    if (mode & 01000)
        buf[9] = buf[9] == 'x' ? 't' : 'T';
    return QString::fromLatin1(buf, 10);
}

} // namespace ferry::parsehelpers
