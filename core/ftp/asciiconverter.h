#pragma once

#include <QByteArray>

namespace ferry {

// TYPE A transfers (RFC 959 §3.1.1.1): the network form of a text file ends lines in
// CRLF. Downloads turn CRLF into LF, uploads turn a bare LF into CRLF. Chunks may split
// a CRLF pair, so the converter keeps one byte of state between calls.
class AsciiConverter final {
public:
    enum class Direction { ToLocal, ToNetwork };
    explicit AsciiConverter(Direction direction)
        : m_direction(direction)
    {
    }

    QByteArray convert(const QByteArray &chunk);
    QByteArray flush(); // what is held back at the end of the stream

private:
    Direction m_direction;
    bool m_pendingCr = false; // ToLocal: a CR ended the last chunk
    bool m_lastWasCr = false; // ToNetwork: the last byte written was CR
};

} // namespace ferry
