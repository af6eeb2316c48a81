#pragma once

#include <QByteArray>
#include <QLocale>
#include <QStringView>

struct UCollator;

namespace ferry {

// Sort keys for file names in the user's language, with numbers in natural order ("file2"
// before "file10") and case as a last resort ("a" before "A" before "b").
//
// ICU directly rather than QCollator (which is ICU underneath on Debian): QCollator hands out
// one QCollatorSortKey per name, a heap object compared out of line; sorting 100,000 names
// by them cost 215 ms of CPU, against about 40 ms for ICU's byte keys kept in one array and
// compared with memcmp (bench/RESULTS.md, "The window"). The order is the same: the same
// collator, with numeric collation on.
class NameCollator final {
public:
    explicit NameCollator(const QLocale &locale = QLocale());
    ~NameCollator();
    NameCollator(const NameCollator &) = delete;
    NameCollator &operator=(const NameCollator &) = delete;

    // Appends the key of `name` to `arena`, NUL-terminated (ICU keys contain no other NUL),
    // and returns where it starts. Keys compare with strcmp() in the collation order.
    qsizetype appendKey(QStringView name, QByteArray &arena) const;
    // < 0, 0, > 0 as a sorts before, with, or after b.
    int compare(QStringView a, QStringView b) const;

    // The first eight bytes of a key as a number, for a comparison that seldom needs the
    // arena: equal prefixes mean "compare the rest" unless the key ended inside them.
    static quint64 prefixOf(const char *key);
    static bool endsInPrefix(quint64 prefix) { return (prefix & 0xff) == 0; }

private:
    UCollator *m_collator = nullptr;
};

} // namespace ferry
