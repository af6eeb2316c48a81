#pragma once

#include <QByteArrayView>
#include <QtGlobal>
#include <limits>

// Small byte-level helpers shared by the line formats. Listings are ASCII where it
// matters (facts, permissions, numbers, dates), so these avoid locale-aware and
// allocating APIs on purpose: they run several times per line.
namespace ferry::parsehelpers {

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
constexpr bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

// ASCII case folding that only ever matters for letters: callers compare the result with
// lowercase letters, which no other byte can fold to.
constexpr char foldCase(char c)
{
    return char(c | 0x20);
}

// true when `text` equals `lower` (an all-lowercase ASCII literal) ignoring ASCII case.
inline bool equalsIgnoringCase(QByteArrayView text, QByteArrayView lower)
{
    if (text.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (foldCase(text[i]) != lower[i])
            return false;
    }
    return true;
}

inline bool startsWithIgnoringCase(QByteArrayView text, QByteArrayView lower)
{
    return text.size() >= lower.size() && equalsIgnoringCase(text.first(lower.size()), lower);
}

inline bool allDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

// Non-negative decimal; false when empty, not all digits, or beyond qint64.
inline bool parseDecimal(QByteArrayView text, qint64 *out)
{
    if (text.isEmpty() || text.size() > 19)
        return false;
    quint64 value = 0;
    for (const char c : text) {
        if (!isDigit(c))
            return false;
        value = value * 10 + quint64(c - '0');
    }
    if (value > quint64(std::numeric_limits<qint64>::max()))
        return false;
    *out = qint64(value);
    return true;
}

// Exactly `n` digits starting at `pos` (no bounds beyond the caller's check); -1 if not.
inline int fixedDigits(QByteArrayView text, qsizetype pos, int n)
{
    if (pos + n > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (!isDigit(c))
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace ferry::parsehelpers
