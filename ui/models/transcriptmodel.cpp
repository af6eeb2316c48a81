#include "transcriptmodel.h"

namespace ferry {

TranscriptModel::TranscriptModel(QObject *parent, int capacity)
    : QAbstractListModel(parent)
    , m_capacity(qMax(1, capacity))
{
    m_flush.setSingleShot(true);
    connect(&m_flush, &QTimer::timeout, this, &TranscriptModel::flush);
}

TranscriptModel::~TranscriptModel() = default;

QString TranscriptModel::masked(const TranscriptLine &line)
{
    const QString &text = line.text;
    static const QLatin1String secrets[] = {QLatin1String("PASS "), QLatin1String("ACCT ")};
    for (const QLatin1String &verb : secrets) {
        if (text.startsWith(verb, Qt::CaseInsensitive) &&
            text.mid(verb.size()).trimmed() != QLatin1String("****"))
            return text.left(verb.size()) + QLatin1String("****");
    }
    return text;
}

void TranscriptModel::append(const TranscriptLine &line, const QString &source)
{
    TranscriptLine clean = line;
    clean.text = masked(line);
    m_pending.append({clean, source, QTime::currentTime()});
    if (m_pending.size() > m_capacity)
        m_pending.remove(0, m_pending.size() - m_capacity);
    if (!m_flush.isActive()) {
        const qint64 since = m_lastFlush.isValid() ? m_lastFlush.elapsed() : kFlushMs;
        m_flush.start(int(qBound(qint64(0), qint64(kFlushMs) - since, qint64(kFlushMs))));
    }
}

void TranscriptModel::flush()
{
    if (m_pending.isEmpty())
        return;
    m_lastFlush.start();
    const QList<Line> fresh = std::exchange(m_pending, {});
    const qsizetype overflow = m_lines.size() + fresh.size() - m_capacity;
    if (overflow > 0) {
        const int gone = int(qMin(overflow, m_lines.size()));
        if (gone > 0) {
            beginRemoveRows({}, 0, gone - 1);
            m_lines.remove(0, gone);
            endRemoveRows();
        }
    }
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_lines.append(fresh);
    endInsertRows();
}

void TranscriptModel::clear()
{
    m_pending.clear();
    m_flush.stop();
    if (m_lines.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_lines.size()) - 1);
    m_lines.clear();
    endRemoveRows();
}

QString TranscriptModel::lineText(int row) const
{
    const Line &l = m_lines.at(row);
    static const char *const marks[] = {"*", ">", "<", "!"};
    QString text = l.time.toString(QStringLiteral("HH:mm:ss ")) + QLatin1String(marks[int(l.line.kind)]) +
                   QLatin1Char(' ');
    if (!l.source.isEmpty())
        text += QLatin1Char('[') + l.source + QLatin1String("] ");
    return text + l.line.text;
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &l = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return l.source.isEmpty() ? l.line.text
                                  : QLatin1Char('[') + l.source + QLatin1String("] ") + l.line.text;
    case Qt::ToolTipRole:
        return lineText(index.row());
    case KindRole:
        return int(l.line.kind);
    case TimeRole:
        return l.time;
    case SourceRole:
        return l.source;
    }
    return {};
}

} // namespace ferry
