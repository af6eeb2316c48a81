#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

namespace ferry {

// One complete server reply: a three-digit code and its text lines (RFC 959 §4.2).
struct FtpReply {
    int code = 0;
    QStringList lines; // text after "ddd " / "ddd-" on the first and last line; other lines as sent

    bool isPreliminary() const { return code >= 100 && code < 200; }
    bool isPositive() const { return code >= 200 && code < 300; }
    bool isIntermediate() const { return code >= 300 && code < 400; }
    bool isTransientNegative() const { return code >= 400 && code < 500; }
    bool isPermanentNegative() const { return code >= 500 && code < 600; }
    bool isNegative() const { return code >= 400; }
    // The text on one line (multi-line replies joined with "; " after trimming).
    QString text() const;
    // The last line's text, e.g. the path in "257 "/a" created".
    QString lastLine() const { return lines.isEmpty() ? QString() : lines.constLast(); }
};

// Reassembles replies from the control connection's bytes (RFC 959 §4.2).
//
// A reply is "ddd text" on one line, or a first line "ddd-text", any lines, and a last
// line starting with the same "ddd " (a line of just "ddd" also closes it, as some servers
// send). Lines end in CRLF; a bare LF is accepted. Bounds keep a hostile server from
// making us buffer without limit: a line over `maxLineLength` bytes or a reply over
// `maxLines` lines is a protocol error, after which the parser stays failed.
//
// Pure: no socket, no clock. Text bytes are decoded by the caller's decoder.
class ReplyParser final {
public:
    static constexpr qsizetype DefaultMaxLineLength = 64 * 1024;
    static constexpr int DefaultMaxLines = 10000;

    explicit ReplyParser(qsizetype maxLineLength = DefaultMaxLineLength, int maxLines = DefaultMaxLines);

    // Feeds bytes; complete replies become available through takeReply().
    void addData(const QByteArray &bytes);
    bool hasReply() const { return !m_replies.isEmpty(); }
    // Raw byte lines of the next reply are decoded by `decode`; the default is UTF-8.
    FtpReply takeReply(const std::function<QString(const QByteArray &)> &decode = {});
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    bool isInsideReply() const { return m_code != 0 || !m_partial.isEmpty(); }
    void reset();

private:
    struct RawReply {
        int code = 0;
        QList<QByteArray> lines;
    };
    void processLine(QByteArray line);
    void fail(const QString &error);

    qsizetype m_maxLineLength;
    int m_maxLines;
    QByteArray m_partial;
    int m_code = 0; // code of the multi-line reply being read, 0 when none
    QList<QByteArray> m_lines;
    QList<RawReply> m_replies;
    QString m_error;
};

} // namespace ferry
