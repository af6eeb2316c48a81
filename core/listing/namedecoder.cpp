#include "namedecoder.h"

namespace ferry {

namespace {

bool isAscii(QByteArrayView bytes)
{
    // One OR per byte and a single test at the end: the compiler vectorises this.
    unsigned char acc = 0;
    for (const char c : bytes)
        acc |= static_cast<unsigned char>(c);
    return acc < 0x80;
}

} // namespace

NameDecoder::NameDecoder(const QByteArray &charset)
{
    if (charset.isEmpty())
        return;
    // Stateless: every name is decoded on its own; a truncated sequence at the end of one
    // name must not leak into the next.
    m_decoder = QStringDecoder(charset.constData(), QStringConverter::Flag::Stateless);
    m_encoder = QStringEncoder(charset.constData(), QStringConverter::Flag::Stateless);
}

QString NameDecoder::decode(QByteArrayView bytes)
{
    if (isAscii(bytes))
        return QString::fromLatin1(bytes);
    if (bytes.isValidUtf8())
        return QString::fromUtf8(bytes);
    return decodeLegacy(bytes);
}

QString NameDecoder::decodeLegacy(QByteArrayView bytes)
{
    if (m_decoder.isValid() && m_encoder.isValid()) {
        m_decoder.resetState();
        QString decoded = m_decoder.decode(bytes);
        if (!m_decoder.hasError()) {
            // Round trip: converters may map several byte sequences to one character (or
            // substitute silently); only a result that encodes back to the very same bytes
            // is one-to-one, which keeps two different names from colliding.
            m_encoder.resetState();
            const QByteArray back = m_encoder.encode(decoded);
            if (!m_encoder.hasError() && QByteArrayView(back) == bytes)
                return decoded;
        }
    }
    return QString::fromLatin1(bytes);
}

} // namespace ferry
