// libFuzzer target for ReplyParser (core/ftp/ftpreply.h): the bytes a server sends on the
// control connection. Input: the raw bytes, no options byte, so that the seeds in
// corpus/reply/ are real transcripts as vsftpd and pyftpdlib sent them.
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - fed at once, byte by byte, or in pseudo-random chunks (taking replies on the way),
//     the parser gives the same replies, the same error and the same "inside a reply";
//   - every reply has a code 100-599, one line if it is a single-line reply, and lines
//     within the bounds (no line over maxLineLength, no reply over maxLines, no LF);
//   - an error has a message, and the bounds only ever cut the stream short: a parser with
//     tiny bounds gives a prefix of what one with the default bounds gives, and exactly
//     the same when it does not fail;
//   - written back to the wire ("ddd-first", the middle lines, "ddd last"), the replies
//     parse to themselves.

#include "ftp/ftpreply.h"

#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ferry;

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "reply fuzz invariant broken: %s\n", what);
    abort();
}

// Latin-1 keeps every byte as one character: lines compare and serialise exactly.
QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

struct Outcome {
    QList<FtpReply> replies;
    bool error = false;
    QString errorString;
    bool inside = false;

    bool operator==(const Outcome &o) const
    {
        if (replies.size() != o.replies.size() || error != o.error || errorString != o.errorString ||
            inside != o.inside)
            return false;
        for (qsizetype i = 0; i < replies.size(); ++i) {
            if (replies.at(i).code != o.replies.at(i).code || replies.at(i).lines != o.replies.at(i).lines)
                return false;
        }
        return true;
    }
};

enum class Chunking { Whole, Bytewise, Random };

Outcome feed(const QByteArray &data, qsizetype maxLineLength, int maxLines, Chunking chunking)
{
    ReplyParser parser(maxLineLength, maxLines);
    Outcome out;
    auto drain = [&] {
        while (parser.hasReply())
            out.replies.append(parser.takeReply(latin1));
    };
    if (chunking == Chunking::Whole) {
        parser.addData(data);
    } else {
        // xorshift seeded by the input: reproducible from the crash file alone.
        quint32 state = 2463534242u ^ quint32(data.size());
        for (qsizetype i = 0; i < qMin<qsizetype>(data.size(), 16); ++i)
            state = state * 31 + quint8(data.at(i));
        state |= 1;
        qsizetype pos = 0;
        while (pos < data.size()) {
            qsizetype n = 1;
            if (chunking == Chunking::Random) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                n = 1 + qsizetype(state % 64);
            }
            n = qMin(n, data.size() - pos);
            parser.addData(QByteArray::fromRawData(data.constData() + pos, n));
            drain();
            pos += n;
        }
    }
    drain();
    if (parser.hasReply())
        fail("takeReply() left a reply behind");
    out.error = parser.hasError();
    out.errorString = parser.errorString();
    out.inside = parser.isInsideReply();
    return out;
}

void checkReplies(const Outcome &o, qsizetype maxLineLength, int maxLines)
{
    if (o.error != !o.errorString.isEmpty())
        fail("hasError() and errorString() disagree");
    for (const FtpReply &r : o.replies) {
        if (r.code < 100 || r.code > 599)
            fail("a reply code outside 100-599");
        if (r.lines.isEmpty())
            fail("a reply without lines");
        if (r.lines.size() > maxLines)
            fail("a reply longer than maxLines");
        for (const QString &line : r.lines) {
            if (line.size() > maxLineLength)
                fail("a line longer than maxLineLength");
            if (line.contains(QLatin1Char('\n')))
                fail("a line containing LF");
        }
    }
}

QByteArray serialise(const QList<FtpReply> &replies)
{
    QByteArray out;
    for (const FtpReply &r : replies) {
        const QByteArray code = QByteArray::number(r.code);
        if (r.lines.size() == 1) {
            out += code + ' ' + r.lines.first().toLatin1() + "\r\n";
            continue;
        }
        out += code + '-' + r.lines.first().toLatin1() + "\r\n";
        for (qsizetype i = 1; i + 1 < r.lines.size(); ++i)
            out += r.lines.at(i).toLatin1() + "\r\n";
        out += code + ' ' + r.lines.last().toLatin1() + "\r\n";
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    // The default bounds (64 KiB, 10,000 lines) are beyond -max_len; tiny ones reach the
    // bound checks in every input.
    constexpr qsizetype DefaultLength = ReplyParser::DefaultMaxLineLength;
    constexpr int DefaultLines = ReplyParser::DefaultMaxLines;
    constexpr qsizetype TinyLength = 24;
    constexpr int TinyLines = 3;

    const Outcome whole = feed(bytes, DefaultLength, DefaultLines, Chunking::Whole);
    checkReplies(whole, DefaultLength, DefaultLines);
    // Byte by byte is the extreme split; on long inputs it costs more than it finds.
    if (bytes.size() <= 1024 && !(feed(bytes, DefaultLength, DefaultLines, Chunking::Bytewise) == whole))
        fail("byte-by-byte feeding changed the outcome");
    if (!(feed(bytes, DefaultLength, DefaultLines, Chunking::Random) == whole))
        fail("chunked feeding changed the outcome");

    const Outcome tiny = feed(bytes, TinyLength, TinyLines, Chunking::Whole);
    checkReplies(tiny, TinyLength, TinyLines);
    if (!(feed(bytes, TinyLength, TinyLines, Chunking::Random) == tiny))
        fail("chunked feeding changed the outcome under tiny bounds");
    if (tiny.replies.size() > whole.replies.size())
        fail("tiny bounds gave more replies");
    for (qsizetype i = 0; i < tiny.replies.size(); ++i) {
        if (tiny.replies.at(i).code != whole.replies.at(i).code ||
            tiny.replies.at(i).lines != whole.replies.at(i).lines)
            fail("tiny bounds changed a reply before the bound was hit");
    }
    if (!tiny.error && !(tiny == whole))
        fail("tiny bounds changed the outcome without reporting an error");

    const QByteArray wire = serialise(whole.replies);
    const Outcome again = feed(wire, DefaultLength, DefaultLines, Chunking::Whole);
    if (again.error || again.inside || again.replies.size() != whole.replies.size())
        fail("serialised replies did not parse back");
    for (qsizetype i = 0; i < again.replies.size(); ++i) {
        if (again.replies.at(i).code != whole.replies.at(i).code ||
            again.replies.at(i).lines != whole.replies.at(i).lines)
            fail("a serialised reply parsed back differently");
    }
    return 0;
}
