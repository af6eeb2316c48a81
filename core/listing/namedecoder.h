#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>
#include <QStringEncoder>
#include <cstring>

namespace ferry {

// Turns the bytes of a listed name into a QString.
//
// RFC 3659 §2.2 says pathnames are UTF-8, and most servers now send UTF-8 in LIST too,
// so valid UTF-8 is taken as such. Anything else comes from a server with a legacy
// charset: the configured one is tried (any name Qt knows, ICU ones included), and
// Latin-1 is the last resort because it maps every byte and never fails.
//
// Two different byte strings that both fail UTF-8 never decode to the same QString: the
// charset result is only used when it encodes back to exactly the same bytes, and
// Latin-1 is one-to-one. (A valid UTF-8 name and a non-UTF-8 name can still look alike,
// e.g. "\xc3\xa9" and Latin-1 "\xe9" are both "é"; that is why DirEntry keeps rawName.)
class NameDecoder final {
public:
    explicit NameDecoder(const QByteArray &charset);
    NameDecoder(const NameDecoder &) = delete;
    NameDecoder &operator=(const NameDecoder &) = delete;

    QString decode(QByteArrayView bytes);

private:
    QString decodeLegacy(QByteArrayView bytes);

    QStringDecoder m_decoder; // invalid when no charset was given or Qt does not know it
    QStringEncoder m_encoder;
};

// Owner, group and permissions repeat on almost every line of a listing, though not
// always on consecutive lines (a few users share a folder): handing out a recent QString
// (implicitly shared) spares an allocation and a decode per field per line, and the memory
// of a million copies of "www-data".
class RepeatCache final {
public:
    template<typename Decode>
    const QString &get(QByteArrayView bytes, Decode &&decode)
    {
        // The last hit first: most listings repeat one value line after line.
        int index = m_last;
        for (int i = 0; i < m_used; ++i) {
            Slot &slot = m_slots[index];
            if (slot.key.size() == bytes.size() &&
                (bytes.isEmpty() || memcmp(slot.key.constData(), bytes.data(), size_t(bytes.size())) == 0)) {
                m_last = index;
                return slot.value;
            }
            if (++index == m_used) // no modulo: a division per probe shows in profiles
                index = 0;
        }
        // A miss fills a free slot, or replaces the one filled longest ago.
        if (m_used < kSlots) {
            index = m_used++;
        } else {
            index = m_evict;
            m_evict = (m_evict + 1) & (kSlots - 1);
        }
        Slot &slot = m_slots[index];
        slot.key.resize(bytes.size());
        if (!bytes.isEmpty())
            memcpy(slot.key.data(), bytes.data(), size_t(bytes.size()));
        slot.value = decode(bytes);
        m_last = index;
        return slot.value;
    }

private:
    static constexpr int kSlots = 8; // a power of two
    struct Slot {
        QByteArray key;
        QString value;
    };
    Slot m_slots[kSlots];
    int m_used = 0;
    int m_last = 0;  // the slot of the last hit or insertion
    int m_evict = 0; // the slot to replace next once all are used
};

} // namespace ferry
