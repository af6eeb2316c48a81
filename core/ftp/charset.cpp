#include "charset.h"

#include <QStringDecoder>
#include <QStringEncoder>

namespace ferry {

bool Charset::isKnown(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("auto"))
        return true;
    return QStringDecoder(n.toLatin1().constData()).isValid();
}

bool Charset::setName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n.isEmpty() || n == QLatin1String("auto")) {
        m_name.clear();
        m_utf8 = true;
        return true;
    }
    if (!isKnown(n))
        return false;
    m_name = n;
    m_utf8 = (n == QLatin1String("utf-8") || n == QLatin1String("utf8"));
    return true;
}

QString Charset::decode(const QByteArray &bytes) const
{
    if (m_name.isEmpty())
        return bytes.isValidUtf8() ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
    if (m_utf8)
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(m_name.toLatin1().constData());
    return decoder.decode(bytes);
}

QByteArray Charset::encode(const QString &text) const
{
    if (m_name.isEmpty() || m_utf8)
        return text.toUtf8();
    QStringEncoder encoder(m_name.toLatin1().constData());
    return encoder.encode(text);
}

QByteArray Charset::fallbackName() const
{
    return (m_name.isEmpty() || m_utf8) ? QByteArray() : m_name.toLatin1();
}

} // namespace ferry
