#pragma once

#include "remote/transcript.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QTime>
#include <QTimer>

namespace ferry {

// The protocol log shown under the panes: the engine's transcript lines (status,
// commands, replies, errors) from the browsing connection and the queue's, newest last.
// Bounded: beyond capacity() the oldest lines go. Lines that arrive together are inserted
// together: a line after a quiet moment at once, a flood (four transfers of small files:
// thousands of lines a second) at most every kFlushMs, since each insertion at the end of
// a full log makes the view lay out all its lines. A password never shows: the
// engine masks PASS, and a line that still carries one is masked again here.
class TranscriptModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptModel)
public:
    enum Role { KindRole = Qt::UserRole + 1, TimeRole, SourceRole };
    static constexpr int kDefaultCapacity = 10000;
    static constexpr int kFlushMs = 100;

    explicit TranscriptModel(QObject *parent = nullptr, int capacity = kDefaultCapacity);
    ~TranscriptModel() override;

    // `source` names where the line comes from ("" for the browsing connection, else e.g.
    // "queue"); shown before the text.
    void append(const TranscriptLine &line, const QString &source = {});
    void clear();
    int capacity() const { return m_capacity; }
    // Lines received but not shown yet (at most kFlushMs old).
    bool hasPending() const { return !m_pending.isEmpty(); }
    // "14:02:07 > CWD /docs": what Copy puts on the clipboard.
    QString lineText(int row) const;
    static QString masked(const TranscriptLine &line);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Line {
        TranscriptLine line;
        QString source;
        QTime time;
    };
    void flush();

    QList<Line> m_lines;
    QList<Line> m_pending;
    QTimer m_flush;
    QElapsedTimer m_lastFlush;
    int m_capacity;
};

} // namespace ferry
