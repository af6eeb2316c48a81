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

// Owner, group and permissions repeat on almost every line of a listing: handing out the
// previous QString (implicitly shared) spares an allocation per field per line.
class RepeatCache final {
public:
    template<typename Decode>
    const QString &get(QByteArrayView bytes, Decode &&decode)
    {
        if (m_filled && QByteArrayView(m_key) == bytes)
            return m_value;
        m_key.resize(bytes.size());
        if (!bytes.isEmpty())
            memcpy(m_key.data(), bytes.data(), size_t(bytes.size()));
        m_value = decode(bytes);
        m_filled = true;
        return m_value;
    }

private:
    QByteArray m_key;
    QString m_value;
    bool m_filled = false;
};

} // namespace ferry
