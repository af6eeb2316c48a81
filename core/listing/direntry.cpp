#include "direntry.h"

#include <cstdio>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ferry {

namespace {

// Whether any of the n UTF-16 units is '/', '\\', NUL, CR or LF.
bool hasUnsafeChar(const char16_t *c, qsizetype n)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    // Eight units at a time: this runs once per entry of every listing.
    const __m128i slash = _mm_set1_epi16('/');
    const __m128i backslash = _mm_set1_epi16('\\');
    const __m128i nul = _mm_setzero_si128();
    const __m128i cr = _mm_set1_epi16('\r');
    const __m128i lf = _mm_set1_epi16('\n');
    for (; i + 8 <= n; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(c + i));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, slash), _mm_cmpeq_epi16(v, backslash)),
                                      _mm_or_si128(_mm_cmpeq_epi16(v, nul), _mm_cmpeq_epi16(v, cr))),
                         _mm_cmpeq_epi16(v, lf));
        if (_mm_movemask_epi8(hit))
            return true;
    }
#endif
    for (; i < n; ++i) {
        if (c[i] == u'/' || c[i] == u'\\' || c[i] == 0 || c[i] == u'\r' || c[i] == u'\n')
            return true;
    }
    return false;
}

// Whether any of the n bytes is '/', NUL, CR or LF.
bool hasUnsafeByte(const char *c, qsizetype n)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i nul = _mm_setzero_si128();
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(c + i));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, slash), _mm_cmpeq_epi8(v, nul)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        if (_mm_movemask_epi8(hit))
            return true;
    }
#endif
    for (; i < n; ++i) {
        if (c[i] == '/' || c[i] == 0 || c[i] == '\r' || c[i] == '\n')
            return true;
    }
    return false;
}

} // namespace

bool DirEntry::hasUnsafeName() const
{
    const qsizetype n = name.size();
    if (n == 0 || (n <= 2 && (name == u"." || name == u"..")))
        return true;
    if (hasUnsafeChar(reinterpret_cast<const char16_t *>(name.constData()), n))
        return true;
    // rawName is what goes back to the server in commands, so it is checked too: a
    // non-UTF-8 charset could decode these bytes into harmless characters, and a raw
    // CR/LF would still inject a command. Backslash is left out here on purpose: it is a
    // legal trail byte of Shift_JIS/Big5 characters (the "5C problem"), and those names
    // are only unsafe if their decoded form contains one, which is checked above.
    return hasUnsafeByte(rawName.constData(), rawName.size());
}

// Formatted by hand: QDate::toString(Qt::ISODate) gives up outside years 0-9999, and the
// precision must be exactly what the listing gave, never padded with zeros.
int DirEntry::writeTimeText(char (&buf)[40]) const
{
    int n = 0;
    switch (timePrecision) {
    case TimePrecision::None:
        break;
    case TimePrecision::Day:
        if (date.isValid())
            n = snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year(), date.month(), date.day());
        break;
    case TimePrecision::Minute:
        if (date.isValid() && time.isValid())
            n = snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", date.year(), date.month(), date.day(),
                         time.hour(), time.minute());
        break;
    case TimePrecision::Second:
        if (date.isValid() && time.isValid())
            n = snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", date.year(), date.month(),
                         date.day(), time.hour(), time.minute(), time.second());
        break;
    }
    return n > 0 && n < int(sizeof buf) ? n : 0;
}

QString DirEntry::timeText() const
{
    char buf[40];
    return QString::fromLatin1(buf, writeTimeText(buf));
}

} // namespace ferry
