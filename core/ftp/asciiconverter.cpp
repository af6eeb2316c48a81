#include "asciiconverter.h"

namespace ferry {

QByteArray AsciiConverter::convert(const QByteArray &chunk)
{
    QByteArray out;
    if (m_direction == Direction::ToLocal) {
        out.reserve(chunk.size() + 1);
        qsizetype i = 0;
        if (m_pendingCr) {
            m_pendingCr = false;
            if (chunk.isEmpty()) {
                m_pendingCr = true;
                return out;
            }
            if (chunk.at(0) != '\n')
                out.append('\r');
        }
        for (; i < chunk.size(); ++i) {
            const char c = chunk.at(i);
            if (c == '\r') {
                if (i + 1 == chunk.size()) {
                    m_pendingCr = true;
                    break;
                }
                if (chunk.at(i + 1) == '\n')
                    continue; // CRLF -> LF
            }
            out.append(c);
        }
        return out;
    }
    out.reserve(chunk.size() + chunk.size() / 16 + 1);
    for (const char c : chunk) {
        if (c == '\n' && !m_lastWasCr)
            out.append('\r');
        out.append(c);
        m_lastWasCr = (c == '\r');
    }
    return out;
}

QByteArray AsciiConverter::flush()
{
    if (m_direction == Direction::ToLocal && m_pendingCr) {
        m_pendingCr = false;
        return QByteArray(1, '\r');
    }
    return {};
}

} // namespace ferry
