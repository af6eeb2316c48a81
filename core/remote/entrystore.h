#pragma once

#include "listing/direntry.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <iterator>
#include <limits>

namespace ferry {

// One folder's entries, packed (what a lister shows and the listing cache keeps): a
// 48-byte record per entry, every name back to back in one UTF-16 arena, the raw name bytes
// only when they are not the name's UTF-8, and permissions, owner and group as indexes into
// a table of the folder's distinct strings (a folder has few). No heap block per entry: a
// 100,000-entry folder is about 10 MB here, where a QList<DirEntry> held about 31 MB (the
// 200-byte DirEntry and its name and raw-name blocks; bench/RESULTS.md, "The window").
//
// Names are unique by the caller's choice (DirectoryLister keeps a name's first entry);
// indexOf() finds a name through an open-addressing table of positions.
//
// A value type, implicitly shared like Qt's containers: a copy (the cache's) costs nothing
// until one side changes. at() and iteration make DirEntry values on demand; the accessors
// (name(), fileSize(), ...) read the record without allocating. A name() view is valid
// until the store changes.
class EntryStore final {
public:
    EntryStore() = default;
    // A name listed twice keeps its first entry.
    static EntryStore fromList(const QList<DirEntry> &entries);

    qsizetype size() const { return m_records.size(); }
    bool isEmpty() const { return m_records.isEmpty(); }
    DirEntry at(qsizetype i) const;
    QList<DirEntry> toList() const;
    // The position of `name`, -1 when not there.
    qsizetype indexOf(QStringView name) const;
    bool contains(QStringView name) const { return indexOf(name) >= 0; }

    QStringView name(qsizetype i) const
    {
        const Record &r = m_records.at(i);
        return QStringView(m_names).mid(r.nameAt, r.nameLength);
    }
    qint64 fileSize(qsizetype i) const { return m_records.at(i).size; }
    bool isDir(qsizetype i) const { return m_records.at(i).flags & IsDir; }
    bool isLink(qsizetype i) const { return m_records.at(i).flags & IsLink; }
    DirEntry::TimePrecision timePrecision(qsizetype i) const { return m_records.at(i).precision; }
    // Milliseconds since the Julian day epoch, as listed (no time zone applied); the lowest
    // value when the entry has no time.
    qint64 timeKey(qsizetype i) const
    {
        const Record &r = m_records.at(i);
        return r.precision != DirEntry::TimePrecision::None && (r.flags & DateValid)
                   ? r.when
                   : std::numeric_limits<qint64>::min();
    }
    QDate date(qsizetype i) const;
    QTime time(qsizetype i) const;
    bool timeIsUtc(qsizetype i) const { return m_records.at(i).flags & TimeIsUtc; }
    const QString &permissions(qsizetype i) const { return m_strings.at(m_records.at(i).permissions); }
    const QString &owner(qsizetype i) const { return m_strings.at(m_records.at(i).owner); }
    const QString &group(qsizetype i) const { return m_strings.at(m_records.at(i).group); }
    QString target(qsizetype i) const;

    void append(const DirEntry &entry);
    void replace(qsizetype i, const DirEntry &entry);
    void remove(qsizetype i);
    // Removes the entries whose position `pred` accepts; returns how many.
    template<typename Pred>
    qsizetype removeIf(Pred pred)
    {
        qsizetype kept = 0;
        const qsizetype count = m_records.size();
        for (qsizetype i = 0; i < count; ++i) {
            if (pred(i)) {
                m_garbage += m_records.at(i).nameLength;
                continue;
            }
            if (kept != i)
                m_records[kept] = m_records.at(i);
            ++kept;
        }
        if (kept == count)
            return 0;
        m_records.resize(kept);
        afterRemoval();
        return count - kept;
    }
    void clear() { *this = EntryStore(); }
    // Whether entry i has the attributes of `entry` (size, times, type, link target,
    // permissions, owner, group); names and raw names are not compared.
    bool sameAttributes(qsizetype i, const DirEntry &entry) const;
    bool sameAttributes(qsizetype i, const EntryStore &other, qsizetype j) const;

    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = DirEntry;
        using difference_type = qsizetype;
        using pointer = void;
        using reference = DirEntry;
        const_iterator(const EntryStore *store, qsizetype at)
            : m_store(store)
            , m_at(at)
        {
        }
        DirEntry operator*() const { return m_store->at(m_at); }
        const_iterator &operator++()
        {
            ++m_at;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator before = *this;
            ++m_at;
            return before;
        }
        bool operator==(const const_iterator &other) const { return m_at == other.m_at; }
        bool operator!=(const const_iterator &other) const { return m_at != other.m_at; }

    private:
        const EntryStore *m_store;
        qsizetype m_at;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    const_iterator cbegin() const { return begin(); }
    const_iterator cend() const { return end(); }

private:
    enum Flag : quint8 {
        IsDir = 1,
        IsLink = 2,
        TimeIsUtc = 4,
        DateValid = 8,
        TimeValid = 16,
        RawIsName = 32, // the raw name is the name's UTF-8 (no copy kept)
    };
    static constexpr quint32 kNone = std::numeric_limits<quint32>::max();
    struct Record {
        qint64 size = -1;
        qint64 when = 0; // Julian day × 86,400,000 + milliseconds of the day (when valid)
        quint32 nameAt = 0;
        quint32 nameLength = 0;
        quint32 extrasAt = kNone; // in m_bytes: raw name, unique, target (each length-prefixed)
        qint32 line = 0;
        quint32 permissions = 0; // indexes into m_strings (0: the empty string)
        quint32 owner = 0;
        quint32 group = 0;
        DirEntry::TimePrecision precision = DirEntry::TimePrecision::None;
        quint8 flags = 0;
    };
    static_assert(sizeof(Record) == 48);

    Record pack(const DirEntry &entry);
    quint32 stringId(const QString &text);
    // The three extras of a record (raw name, unique, target); empty when not kept.
    struct Extras {
        QByteArray raw;
        QByteArray unique;
        QByteArray target;
    };
    Extras extras(const Record &r) const;
    void afterRemoval();
    void compact();
    void addToIndex(qsizetype pos);
    void rebuildIndex();

    QList<Record> m_records;
    QString m_names;    // every name, back to back (removed ones until the next compaction)
    QByteArray m_bytes; // the records' extras, for the few entries that have any
    QStringList m_strings{QString()};
    QHash<QString, quint32> m_stringIds;
    qsizetype m_garbage = 0; // characters of m_names no record points to
    // name -> position: an open-addressing table (-1: empty), at most half full.
    QList<qint32> m_slots;
    qsizetype m_indexed = 0;
};

} // namespace ferry

Q_DECLARE_TYPEINFO(ferry::EntryStore, Q_RELOCATABLE_TYPE);
