#include "entrystore.h"

#include <cstring>

namespace ferry {

namespace {

constexpr qint64 kMsPerDay = 86400000;

void appendBlob(QByteArray &bytes, const QByteArray &blob)
{
    const quint32 length = quint32(blob.size());
    bytes.append(reinterpret_cast<const char *>(&length), sizeof length);
    bytes.append(blob);
}

QByteArray readBlob(const QByteArray &bytes, qsizetype *at)
{
    quint32 length = 0;
    std::memcpy(&length, bytes.constData() + *at, sizeof length);
    *at += qsizetype(sizeof length);
    const QByteArray blob = bytes.mid(*at, length);
    *at += length;
    return blob;
}

// A record's `when` and its DateValid/TimeValid flags for `entry`'s date and time.
qint64 whenOf(const DirEntry &entry, quint8 dateValid, quint8 timeValid, quint8 *flags)
{
    qint64 when = 0;
    if (entry.date.isValid()) {
        *flags |= dateValid;
        when = entry.date.toJulianDay() * kMsPerDay;
    }
    if (entry.time.isValid()) {
        *flags |= timeValid;
        when += entry.time.msecsSinceStartOfDay();
    }
    return when;
}

// Whether `raw` is exactly `name`'s UTF-8 (then it is not kept); without an allocation for
// ASCII names, most of a listing.
bool rawIsUtf8Of(const QByteArray &raw, const QString &name)
{
    if (raw.size() == name.size()) {
        bool ascii = true;
        for (qsizetype i = 0; i < raw.size() && ascii; ++i) {
            const char16_t c = name.at(i).unicode();
            if (c >= 0x80)
                ascii = false;
            else if (c != char16_t(uchar(raw.at(i))))
                return false;
        }
        if (ascii)
            return true;
    }
    return raw == name.toUtf8();
}

// Seeded per process, as QHash is: a server cannot choose names that all collide.
size_t slotHash(QStringView name)
{
    return qHash(name, QHashSeed::globalSeed());
}

} // namespace

EntryStore EntryStore::fromList(const QList<DirEntry> &entries)
{
    EntryStore store;
    store.m_records.reserve(entries.size());
    for (const DirEntry &entry : entries) {
        if (!store.contains(entry.name)) // a name listed twice keeps its first entry
            store.append(entry);
    }
    return store;
}

quint32 EntryStore::stringId(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const auto it = m_stringIds.constFind(text);
    if (it != m_stringIds.cend())
        return *it;
    const auto id = quint32(m_strings.size());
    m_strings.append(text);
    m_stringIds.insert(text, id);
    return id;
}

EntryStore::Record EntryStore::pack(const DirEntry &entry)
{
    Record r;
    r.size = entry.size;
    r.line = entry.line;
    r.precision = entry.timePrecision;
    r.permissions = stringId(entry.permissions);
    r.owner = stringId(entry.owner);
    r.group = stringId(entry.group);
    r.flags = (entry.isDir ? IsDir : 0) | (entry.isLink ? IsLink : 0) | (entry.timeIsUtc ? TimeIsUtc : 0);
    r.when = whenOf(entry, DateValid, TimeValid, &r.flags);
    const bool rawIsName = rawIsUtf8Of(entry.rawName, entry.name);
    if (rawIsName)
        r.flags |= RawIsName;
    if (!rawIsName || !entry.unique.isEmpty() || !entry.target.isEmpty()) {
        r.extrasAt = quint32(m_bytes.size());
        appendBlob(m_bytes, rawIsName ? QByteArray() : entry.rawName);
        appendBlob(m_bytes, entry.unique);
        appendBlob(m_bytes, entry.target.toUtf8());
    }
    r.nameAt = quint32(m_names.size());
    r.nameLength = quint32(entry.name.size());
    m_names.append(entry.name);
    return r;
}

EntryStore::Extras EntryStore::extras(const Record &r) const
{
    Extras e;
    if (r.extrasAt == kNone)
        return e;
    qsizetype at = r.extrasAt;
    e.raw = readBlob(m_bytes, &at);
    e.unique = readBlob(m_bytes, &at);
    e.target = readBlob(m_bytes, &at);
    return e;
}

DirEntry EntryStore::at(qsizetype i) const
{
    const Record &r = m_records.at(i);
    DirEntry e;
    e.name = name(i).toString();
    Extras x = extras(r);
    e.rawName = (r.flags & RawIsName) ? e.name.toUtf8() : std::move(x.raw);
    e.unique = std::move(x.unique);
    e.target = QString::fromUtf8(x.target);
    e.permissions = m_strings.at(r.permissions);
    e.owner = m_strings.at(r.owner);
    e.group = m_strings.at(r.group);
    e.size = r.size;
    e.line = r.line;
    e.timePrecision = r.precision;
    e.timeIsUtc = r.flags & TimeIsUtc;
    e.isDir = r.flags & IsDir;
    e.isLink = r.flags & IsLink;
    e.date = date(i);
    e.time = time(i);
    return e;
}

// `when` is the day's milliseconds plus the time's: split again by floor division (days
// before the epoch).
QDate EntryStore::date(qsizetype i) const
{
    const Record &r = m_records.at(i);
    if (!(r.flags & DateValid))
        return {};
    qint64 day = r.when / kMsPerDay;
    if (r.when % kMsPerDay < 0)
        --day;
    return QDate::fromJulianDay(day);
}

QTime EntryStore::time(qsizetype i) const
{
    const Record &r = m_records.at(i);
    if (!(r.flags & TimeValid))
        return {};
    if (!(r.flags & DateValid))
        return QTime::fromMSecsSinceStartOfDay(int(r.when));
    qint64 ms = r.when % kMsPerDay;
    if (ms < 0)
        ms += kMsPerDay;
    return QTime::fromMSecsSinceStartOfDay(int(ms));
}

QList<DirEntry> EntryStore::toList() const
{
    QList<DirEntry> list;
    list.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        list.append(at(i));
    return list;
}

QString EntryStore::target(qsizetype i) const
{
    const Record &r = m_records.at(i);
    return r.extrasAt == kNone ? QString() : QString::fromUtf8(extras(r).target);
}

bool EntryStore::sameAttributes(qsizetype i, const DirEntry &entry) const
{
    // Field by field, without making a DirEntry: a refresh compares every entry.
    const Record &r = m_records.at(i);
    quint8 timeFlags = 0;
    const qint64 when = whenOf(entry, DateValid, TimeValid, &timeFlags);
    return r.size == entry.size && r.precision == entry.timePrecision && r.when == when &&
           (r.flags & (DateValid | TimeValid)) == timeFlags && bool(r.flags & IsDir) == entry.isDir &&
           bool(r.flags & IsLink) == entry.isLink && permissions(i) == entry.permissions &&
           owner(i) == entry.owner && group(i) == entry.group && target(i) == entry.target;
}

bool EntryStore::sameAttributes(qsizetype i, const EntryStore &other, qsizetype j) const
{
    const Record &r = m_records.at(i);
    const Record &o = other.m_records.at(j);
    constexpr quint8 compared = IsDir | IsLink | DateValid | TimeValid;
    return r.size == o.size && r.when == o.when && r.precision == o.precision &&
           (r.flags & compared) == (o.flags & compared) && permissions(i) == other.permissions(j) &&
           owner(i) == other.owner(j) && group(i) == other.group(j) &&
           (r.extrasAt == kNone && o.extrasAt == kNone ? true : target(i) == other.target(j));
}

void EntryStore::append(const DirEntry &entry)
{
    m_records.append(pack(entry));
    addToIndex(m_records.size() - 1);
}

void EntryStore::replace(qsizetype i, const DirEntry &entry)
{
    const bool renamed = name(i) != entry.name;
    m_garbage += m_records.at(i).nameLength;
    m_records[i] = pack(entry);
    if (renamed)
        rebuildIndex();
    else if (m_garbage > 4096 && m_garbage * 2 > m_names.size())
        compact();
}

void EntryStore::remove(qsizetype i)
{
    m_garbage += m_records.at(i).nameLength;
    m_records.remove(i);
    afterRemoval();
}

void EntryStore::afterRemoval()
{
    if (m_records.isEmpty()) {
        clear();
        return;
    }
    if (m_garbage > 4096 && m_garbage * 2 > m_names.size())
        compact();
    rebuildIndex();
}

// Drops the names and extras no record points to any more.
void EntryStore::compact()
{
    QString names;
    names.reserve(m_names.size() - m_garbage);
    QByteArray bytes;
    for (Record &r : m_records) {
        const auto at = quint32(names.size());
        names.append(QStringView(m_names).mid(r.nameAt, r.nameLength));
        r.nameAt = at;
        if (r.extrasAt != kNone) {
            const Extras x = extras(r);
            r.extrasAt = quint32(bytes.size());
            appendBlob(bytes, x.raw);
            appendBlob(bytes, x.unique);
            appendBlob(bytes, x.target);
        }
    }
    m_names = std::move(names);
    m_bytes = std::move(bytes);
    m_garbage = 0;
}

qsizetype EntryStore::indexOf(QStringView name) const
{
    if (m_slots.isEmpty())
        return -1;
    const size_t mask = size_t(m_slots.size() - 1);
    for (size_t slot = slotHash(name) & mask;; slot = (slot + 1) & mask) {
        const qint32 pos = m_slots.at(qsizetype(slot));
        if (pos < 0)
            return -1; // the table is never full: this ends
        if (this->name(pos) == name)
            return pos;
    }
}

void EntryStore::addToIndex(qsizetype pos)
{
    if ((m_indexed + 1) * 2 > m_slots.size()) {
        rebuildIndex(); // the new entry is indexed there
        return;
    }
    const size_t mask = size_t(m_slots.size() - 1);
    size_t slot = slotHash(name(pos)) & mask;
    while (m_slots.at(qsizetype(slot)) >= 0)
        slot = (slot + 1) & mask;
    m_slots[qsizetype(slot)] = qint32(pos);
    ++m_indexed;
}

void EntryStore::rebuildIndex()
{
    // A power of two over twice the entries: at most half full, so a probe ends soon.
    qsizetype size = 64;
    while (size < (m_records.size() + 1) * 2)
        size *= 2;
    m_slots.fill(-1, size);
    m_indexed = 0;
    const size_t mask = size_t(size - 1);
    for (qsizetype pos = 0; pos < m_records.size(); ++pos) {
        size_t slot = slotHash(name(pos)) & mask;
        while (m_slots.at(qsizetype(slot)) >= 0)
            slot = (slot + 1) & mask;
        m_slots[qsizetype(slot)] = qint32(pos);
        ++m_indexed;
    }
}

} // namespace ferry
