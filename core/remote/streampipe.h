#pragma once

#include <QByteArray>
#include <QIODevice>

namespace ferry {

// A bounded in-memory pipe between a download and an upload (ferry-cli cp when the servers
// refuse a direct copy): the download writes into it, the upload reads from it, and only a
// bounded amount sits in between, never the whole file.
//
// Back-pressure in both directions, with QIODevice's own signals: bytesToWrite() is what the
// pipe holds, and a download stops reading its socket once that reaches its bound
// (TransferOperation::MaxPendingWrite) and goes on at bytesWritten() (emitted when the
// reader took bytes); an upload that finds the pipe empty
// but not atEnd() waits for readyRead() (emitted on every write and at the end).
// One pipe per file. finishWriting() marks the end of the data; fail() makes the reader see an error instead
// of an end, so that a broken download never looks like a complete upload. Open it with ReadWrite |
// Unbuffered. Connect to its signals with Qt::QueuedConnection: they are emitted inside the other side's read
// or write.
class StreamPipe final : public QIODevice {
    Q_OBJECT
public:
    explicit StreamPipe(QObject *parent = nullptr);

    void finishWriting();
    void fail(const QString &reason);
    bool failed() const { return m_failed; }

    bool isSequential() const override { return true; }
    bool atEnd() const override;
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    // The most bytes ever held at once (for tests: the bound holds).
    qint64 peak() const { return m_peak; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    QByteArray m_buffer;
    qsizetype m_readPos = 0; // consumed bytes at the front of m_buffer
    qint64 m_peak = 0;
    bool m_writeDone = false;
    bool m_failed = false;
};

} // namespace ferry
