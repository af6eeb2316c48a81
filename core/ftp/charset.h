#pragma once

#include <QByteArray>
#include <QString>

namespace ferry {

// The character set of a site's file names and replies. "auto" means UTF-8 (RFC 2640)
// when bytes are valid UTF-8, else Latin-1; a named one (e.g. "windows-1252") is used for
// servers that don't speak UTF-8. Names the system (ICU) does not know are rejected.
class Charset final {
public:
    Charset() = default; // auto
    static bool isKnown(const QString &name);
    // Returns false and leaves *this unchanged for an unknown name.
    bool setName(const QString &name);
    QString name() const { return m_name.isEmpty() ? QStringLiteral("auto") : m_name; }
    bool isAuto() const { return m_name.isEmpty(); }
    bool isUtf8() const { return m_name.isEmpty() || m_utf8; }

    QString decode(const QByteArray &bytes) const;
    QByteArray encode(const QString &text) const;
    QByteArray fallbackName() const; // for the listing parser's invalid-UTF-8 fallback

private:
    QString m_name;
    bool m_utf8 = true;
};

} // namespace ferry
