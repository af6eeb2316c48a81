#pragma once

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
constexpr bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool isUpperAscii(char c)
{
    return c >= 'A' && c <= 'Z';
}
constexpr bool isHighByte(char c)
{
    return static_cast<unsigned char>(c) >= 0x80;
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

inline bool endsWithIgnoringCase(QByteArrayView text, QByteArrayView lower)
{
    return text.size() >= lower.size() && equalsIgnoringCase(text.last(lower.size()), lower);
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

// Where the run of blanks (or of non-blanks) starting at `pos` ends. Listings are mostly
// short tokens between runs of padding, scanned for every line: with SSE2 (every x86-64)
// sixteen bytes are looked at at once, which finds most token ends in one step.
inline qsizetype skipBlanks(QByteArrayView text, qsizetype pos)
{
    const qsizetype n = text.size();
#if defined(__SSE2__)
    const char *data = text.data();
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i tab = _mm_set1_epi8('\t');
    for (; pos + 16 <= n; pos += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + pos));
        const int blanks = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)));
        if (blanks != 0xffff)
            return pos + __builtin_ctz(unsigned(~blanks) & 0xffffu);
    }
#endif
    while (pos < n && isBlank(text[pos]))
        ++pos;
    return pos;
}

inline qsizetype skipNonBlanks(QByteArrayView text, qsizetype pos)
{
    const qsizetype n = text.size();
#if defined(__SSE2__)
    const char *data = text.data();
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i tab = _mm_set1_epi8('\t');
    for (; pos + 16 <= n; pos += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + pos));
        const int blanks = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)));
        if (blanks != 0)
            return pos + __builtin_ctz(unsigned(blanks));
    }
#endif
    while (pos < n && !isBlank(text[pos]))
        ++pos;
    return pos;
}

// The first CR or LF in [p, end), or end.
inline const char *findLineEnd(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (; end - p >= 16; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        if (hits != 0)
            return p + __builtin_ctz(unsigned(hits));
    }
#endif
    while (p < end && *p != '\r' && *p != '\n')
        ++p;
    return p;
}

// Leading decimal digits of `text` (possibly none).
inline qsizetype digitPrefix(QByteArrayView text)
{
    qsizetype n = 0;
    while (n < text.size() && isDigit(text[n]))
        ++n;
    return n;
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

// Small non-negative decimal (at most 9 digits), or -1.
inline int smallNumber(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 9)
        return -1;
    int value = 0;
    for (const char c : text) {
        if (!isDigit(c))
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Exactly `n` digits starting at `pos` (no bounds beyond the caller's check); -1 if not.
inline int fixedDigits(QByteArrayView text, qsizetype pos, int n)
{
    if (pos < 0 || pos + n > text.size())
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

// value * factor + add, false on overflow of qint64 (all operands non-negative).
inline bool mulAdd(qint64 value, qint64 factor, qint64 add, qint64 *out)
{
    if (factor != 0 && value > (std::numeric_limits<qint64>::max() - add) / factor)
        return false;
    *out = value * factor + add;
    return true;
}

// Hexadecimal (MVS load-module sizes); false when empty, not all hex digits, or too big.
bool parseHex(QByteArrayView text, qint64 *out);

// Decimal with thousands separators, as Windows prints sizes: "9,730", "1.234.567".
// Separators must split the digits into groups of three.
bool parseGroupedDecimal(QByteArrayView text, qint64 *out);

// A size with a unit suffix, 1024-based: "33.5k", "2KB", "1.5M", "3G", "12B". The
// fraction is applied exactly and truncated ("33.5k" is 34304). Plain digits are not
// accepted here (callers try parseDecimal first, which is cheaper).
bool parseSuffixedSize(QByteArrayView text, qint64 *out);

// "rwxr-xr-x" rendering of a Unix mode (12 permission bits; setuid/setgid/sticky shown
// ls-style), after the given type character ('-', 'd', 'l', ...).
QString renderUnixMode(uint mode, char typeChar);

// A line split at blanks (space, tab) into at most kMax tokens; the rest of the line stays
// one piece, which is where names (that may hold any number of spaces) live. Tokens are
// found on demand (has()), so a format that knows where the name starts never scans the
// name for blanks; count() finds them all.
class LineTokens final {
public:
    static constexpr int kMax = 24;

    explicit LineTokens(QByteArrayView line, int max = kMax)
        : m_line(line)
        , m_max(max > kMax ? kMax : max)
    {
    }

    // Whether token i exists, finding the tokens up to it.
    bool has(int i) const
    {
        while (m_count <= i && !m_done)
            scanOne();
        return i < m_count;
    }
    int count() const
    {
        while (!m_done)
            scanOne();
        return m_count;
    }
    // true when every token of the line is in the list (nothing was left untokenised).
    bool complete() const
    {
        count();
        return m_complete;
    }
    // The tokens below must exist (has(i) or i < count()).
    QByteArrayView at(int i) const
    {
        return m_line.sliced(m_tokens[i].begin, m_tokens[i].end - m_tokens[i].begin);
    }
    qsizetype begin(int i) const { return m_tokens[i].begin; }
    qsizetype end(int i) const { return m_tokens[i].end; }
    // From token i's first byte to the end of the line (trailing blanks kept).
    QByteArrayView from(int i) const { return m_line.sliced(m_tokens[i].begin); }
    // From token i to token j, inclusive, as they stand in the line (inner blanks kept).
    QByteArrayView span(int i, int j) const
    {
        return m_line.sliced(m_tokens[i].begin, m_tokens[j].end - m_tokens[i].begin);
    }
    bool startsWithBlank() const { return !m_line.isEmpty() && isBlank(m_line[0]); }

private:
    void scanOne() const
    {
        const qsizetype n = m_line.size();
        qsizetype pos = skipBlanks(m_line, m_pos);
        if (pos >= n) {
            m_done = true;
            m_complete = true;
            m_pos = pos;
            return;
        }
        if (m_count == m_max) {
            m_done = true; // more follows, untokenised
            m_pos = pos;
            return;
        }
        const qsizetype begin = pos;
        pos = skipNonBlanks(m_line, pos);
        m_tokens[m_count++] = {begin, pos};
        m_pos = pos;
    }

    struct Token {
        qsizetype begin;
        qsizetype end;
    };
    QByteArrayView m_line;
    int m_max;
    mutable Token m_tokens[kMax];
    mutable int m_count = 0;
    mutable qsizetype m_pos = 0;
    mutable bool m_done = false;
    mutable bool m_complete = false;
};

// What follows `pos` after skipping blanks (names in column-aligned formats: DOS, OS/2,
// AS/400, Netware, whose padding is not part of the name).
inline QByteArrayView restAfterBlanks(QByteArrayView line, qsizetype pos)
{
    while (pos < line.size() && isBlank(line[pos]))
        ++pos;
    return line.sliced(qMin(pos, line.size()));
}

inline QByteArrayView stripTrailing(QByteArrayView text, char c)
{
    return !text.isEmpty() && text.back() == c ? text.chopped(1) : text;
}

} // namespace ferry::parsehelpers
