#include "ftpreply.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::FtpReply)
};
} // namespace

QString FtpReply::text() const
{
    QStringList parts;
    parts.reserve(lines.size());
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            parts.append(trimmed);
    }
    return parts.join(u"; "_s);
}

ReplyParser::ReplyParser(qsizetype maxLineLength, int maxLines)
    : m_maxLineLength(maxLineLength)
    , m_maxLines(maxLines)
{
}

void ReplyParser::reset()
{
    m_partial.clear();
    m_code = 0;
    m_lines.clear();
    m_replies.clear();
    m_error.clear();
}

void ReplyParser::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    m_partial.clear();
    m_lines.clear();
}

void ReplyParser::addData(const QByteArray &bytes)
{
    if (hasError())
        return;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        const qsizetype end = nl < 0 ? bytes.size() : nl;
        if (m_partial.size() + (end - start) > m_maxLineLength) {
            fail(Text::tr("The server sent a reply line longer than %1 bytes.").arg(m_maxLineLength));
            return;
        }
        m_partial.append(bytes.constData() + start, end - start);
        if (nl < 0)
            break;
        QByteArray line = std::move(m_partial);
        m_partial = QByteArray();
        if (line.endsWith('\r'))
            line.chop(1);
        processLine(std::move(line));
        if (hasError())
            return;
        start = nl + 1;
    }
}

static int leadingCode(const QByteArray &line)
{
    if (line.size() < 3)
        return 0;
    for (int i = 0; i < 3; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return 0;
    }
    if (line.size() > 3 && line[3] != ' ' && line[3] != '-')
        return 0;
    return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

void ReplyParser::processLine(QByteArray line)
{
    if (m_code == 0) {
        const int code = leadingCode(line);
        if (code < 100 || code > 599) {
            fail(Text::tr("The server sent a malformed reply: \"%1\"")
                     .arg(QString::fromLatin1(line.left(80))));
            return;
        }
        if (line.size() > 3 && line[3] == '-') {
            m_code = code;
            m_lines.append(line.mid(4));
            return;
        }
        m_replies.append(RawReply{code, {line.mid(4)}});
        return;
    }
    // Inside a multi-line reply: only "ddd " (or exactly "ddd") with the same code ends it.
    if (m_lines.size() >= m_maxLines) {
        fail(Text::tr("The server sent a reply of more than %1 lines.").arg(m_maxLines));
        return;
    }
    if (leadingCode(line) == m_code && (line.size() == 3 || line[3] == ' ')) {
        m_lines.append(line.mid(4));
        m_replies.append(RawReply{m_code, std::move(m_lines)});
        m_lines = {};
        m_code = 0;
        return;
    }
    m_lines.append(std::move(line));
}

FtpReply ReplyParser::takeReply(const std::function<QString(const QByteArray &)> &decode)
{
    FtpReply reply;
    if (m_replies.isEmpty())
        return reply;
    RawReply raw = m_replies.takeFirst();
    reply.code = raw.code;
    reply.lines.reserve(raw.lines.size());
    for (const QByteArray &line : std::as_const(raw.lines))
        reply.lines.append(decode ? decode(line) : QString::fromUtf8(line));
    return reply;
}

} // namespace ferry
