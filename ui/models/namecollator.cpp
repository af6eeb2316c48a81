#include "namecollator.h"

#include <QVarLengthArray>

#include <unicode/ucol.h>

namespace ferry {

NameCollator::NameCollator(const QLocale &locale)
{
    UErrorCode status = U_ZERO_ERROR;
    const QByteArray name = locale.name().toLatin1(); // "fr_FR"; "C" falls back to ICU's root
    m_collator = ucol_open(name.constData(), &status);
    if (U_FAILURE(status)) {
        status = U_ZERO_ERROR;
        m_collator = ucol_open("", &status); // the root collation: still natural and Unicode-aware
    }
    ucol_setAttribute(m_collator, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
    ucol_setAttribute(m_collator, UCOL_STRENGTH, UCOL_TERTIARY, &status);
}

NameCollator::~NameCollator()
{
    if (m_collator)
        ucol_close(m_collator);
}

qsizetype NameCollator::appendKey(QStringView name, QByteArray &arena) const
{
    const qsizetype at = arena.size();
    const auto *text = reinterpret_cast<const UChar *>(name.utf16());
    const int length = int(qMin<qsizetype>(name.size(), 1 << 20));
    QVarLengthArray<uint8_t, 256> key(256);
    int needed = ucol_getSortKey(m_collator, text, length, key.data(), int(key.size()));
    if (needed > key.size()) {
        key.resize(needed);
        needed = ucol_getSortKey(m_collator, text, length, key.data(), int(key.size()));
    }
    if (needed <= 0) { // ICU failed: an empty key (sorts first) keeps the arena well formed
        arena.append('\0');
        return at;
    }
    arena.append(reinterpret_cast<const char *>(key.constData()), needed); // includes the NUL
    return at;
}

int NameCollator::compare(QStringView a, QStringView b) const
{
    return ucol_strcoll(m_collator, reinterpret_cast<const UChar *>(a.utf16()), int(a.size()),
                        reinterpret_cast<const UChar *>(b.utf16()), int(b.size()));
}

quint64 NameCollator::prefixOf(const char *key)
{
    quint64 prefix = 0;
    int i = 0;
    for (; i < 8 && key[i]; ++i)
        prefix = (prefix << 8) | quint8(key[i]);
    return prefix << (8 * (8 - i)); // padded with zeros: a shorter key sorts first
}

} // namespace ferry
