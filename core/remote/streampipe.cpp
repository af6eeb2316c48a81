#include "streampipe.h"

#include <cstring>

namespace ferry {

StreamPipe::StreamPipe(QObject *parent)
    : QIODevice(parent)
{
}

void StreamPipe::finishWriting()
{
    m_writeDone = true;
    Q_EMIT readyRead(); // a reader waiting for more sees the end
}

void StreamPipe::fail(const QString &reason)
{
    m_failed = true;
    setErrorString(reason);
    Q_EMIT readyRead();
}

bool StreamPipe::atEnd() const
{
    return m_writeDone && !m_failed && bytesAvailable() == 0;
}

qint64 StreamPipe::bytesAvailable() const
{
    return m_buffer.size() - m_readPos + QIODevice::bytesAvailable();
}

qint64 StreamPipe::bytesToWrite() const
{
    return m_buffer.size() - m_readPos;
}

qint64 StreamPipe::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    const qint64 n = std::min<qint64>(maxSize, m_buffer.size() - m_readPos);
    if (n <= 0)
        return m_writeDone ? -1 : 0;
    std::memcpy(data, m_buffer.constData() + m_readPos, size_t(n));
    m_readPos += n;
    if (m_readPos >= m_buffer.size() / 2) { // compact once half of it is read
        m_buffer.remove(0, m_readPos);
        m_readPos = 0;
    }
    Q_EMIT bytesWritten(n); // room again: a writer held back goes on
    return n;
}

qint64 StreamPipe::writeData(const char *data, qint64 maxSize)
{
    if (m_writeDone || m_failed)
        return -1;
    m_buffer.append(data, maxSize);
    m_peak = std::max(m_peak, bytesToWrite());
    Q_EMIT readyRead();
    return maxSize;
}

} // namespace ferry
