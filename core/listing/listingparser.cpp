#include "listingparser.h"

#include "lineformat.h"
#include "mlsdformat.h"
#include "namedecoder.h"
#include "unixformat.h"

#include <array>
#include <cstring>

namespace ferry {

namespace {

// A line longer than this is dropped rather than accumulated: no real entry comes close
// (PATH_MAX is 4 KiB), and a hostile or broken server must not make us buffer without
// bound. The same bound as for control-connection reply lines.
constexpr qsizetype kMaxLineLength = 64 * 1024;

} // namespace

struct ListingParser::Private {
    explicit Private(const Options &opts)
        : options(opts)
        , names(opts.charset)
        , mlsd(&names, opts.serverType == ServerType::Auto)
        , unixFormat(opts.today, &names)
    {
        // MLSD first in Auto mode: its "fact=value;" prefix is unmistakable, while an ls
        // line is recognised by a looser shape.
        switch (opts.serverType) {
        case ServerType::Auto:
            formats = {&mlsd, &unixFormat};
            formatCount = 2;
            break;
        case ServerType::Mlsd:
            formats = {&mlsd, nullptr};
            formatCount = 1;
            break;
        case ServerType::Unix:
            formats = {&unixFormat, nullptr};
            formatCount = 1;
            break;
        }
    }

    void appendPartial(const char *begin, const char *end);
    void endLine(QByteArrayView line);
    void parseLine(QByteArrayView line);

    Options options;
    NameDecoder names;
    MlsdFormat mlsd;
    UnixFormat unixFormat;
    std::array<LineFormat *, 2> formats{};
    int formatCount = 0;
    int preferred = 0; // index into formats of the one that last matched: tried first

    QByteArray partial;     // the unterminated tail of the data so far
    bool dropping = false;  // the current line passed kMaxLineLength: discard to its end
    bool pendingCR = false; // the data so far ended in CR: a leading LF completes a CRLF
    int lineNo = 0;
    QList<DirEntry> entries;
};

void ListingParser::Private::appendPartial(const char *begin, const char *end)
{
    if (dropping)
        return;
    if (partial.size() + (end - begin) > kMaxLineLength) {
        dropping = true;
        partial = QByteArray(); // give the memory back, too
        return;
    }
    partial.append(begin, end - begin);
}

void ListingParser::Private::endLine(QByteArrayView line)
{
    ++lineNo;
    if (!dropping && line.size() <= kMaxLineLength && !line.isEmpty())
        parseLine(line);
    dropping = false;
}

void ListingParser::Private::parseLine(QByteArrayView line)
{
    DirEntry entry;
    for (int attempt = 0; attempt < formatCount; ++attempt) {
        // The preferred format first, then the rest in their fixed order.
        const int index = attempt == 0 ? preferred : (attempt <= preferred ? attempt - 1 : attempt);
        const LineFormat::Result result = formats[size_t(index)]->parse(line, lineNo, &entry);
        if (result == LineFormat::Result::NoMatch) {
            entry = DirEntry();
            continue;
        }
        preferred = index;
        if (result == LineFormat::Result::Entry && (options.keepUnsafeNames || !entry.hasUnsafeName()))
            entries.append(std::move(entry));
        return;
    }
    // Matches no format: "total 12", banners, blank-ish lines. Skipped.
}

ListingParser::ListingParser(const Options &options)
    : d(std::make_unique<Private>(options))
{
}

ListingParser::~ListingParser() = default;

void ListingParser::addData(const QByteArray &bytes)
{
    const char *p = bytes.constData();
    const char *const end = p + bytes.size();
    if (d->pendingCR && p < end) {
        if (*p == '\n')
            ++p; // the second half of a CRLF split across two chunks
        d->pendingCR = false;
    }
    // The next CR and LF at or after p, each found with memchr (vectorised) and reused
    // until p passes it: an LF-only listing costs one fruitless CR scan per chunk, not
    // one per line.
    const auto find = [end](const char *from, char c) {
        const void *hit = memchr(from, c, size_t(end - from));
        return hit ? static_cast<const char *>(hit) : end;
    };
    const char *nextCR = find(p, '\r');
    const char *nextLF = find(p, '\n');
    while (p < end) {
        if (nextCR < p)
            nextCR = find(p, '\r');
        if (nextLF < p)
            nextLF = find(p, '\n');
        const char *eol = qMin(nextCR, nextLF);
        if (eol == end) {
            d->appendPartial(p, end);
            break;
        }
        if (d->partial.isEmpty()) {
            // Common case: the whole line is in this chunk; parse it in place, no copy.
            d->endLine(QByteArrayView(p, eol - p));
        } else {
            d->appendPartial(p, eol);
            d->endLine(d->partial);
            d->partial.resize(0); // keeps the capacity for the next split line
        }
        if (*eol == '\r') {
            if (eol + 1 == end)
                d->pendingCR = true;
            else if (eol[1] == '\n')
                ++eol;
        }
        p = eol + 1;
    }
}

void ListingParser::finish()
{
    if (!d->partial.isEmpty() || d->dropping) {
        d->endLine(d->partial);
        d->partial = QByteArray();
    }
    d->pendingCR = false;
}

QList<DirEntry> ListingParser::takeEntries()
{
    return std::exchange(d->entries, {});
}

QList<DirEntry> ListingParser::parse(const QByteArray &listing, const Options &options)
{
    ListingParser parser(options);
    parser.addData(listing);
    parser.finish();
    return parser.takeEntries();
}

bool ListingParser::parseServerType(const QString &text, ServerType *out)
{
    const QString key = text.trimmed();
    ServerType type;
    if (key.compare(u"auto", Qt::CaseInsensitive) == 0)
        type = ServerType::Auto;
    else if (key.compare(u"unix", Qt::CaseInsensitive) == 0)
        type = ServerType::Unix;
    else if (key.compare(u"mlsd", Qt::CaseInsensitive) == 0)
        type = ServerType::Mlsd;
    else
        return false;
    if (out)
        *out = type;
    return true;
}

QString ListingParser::serverTypeName(ServerType type)
{
    switch (type) {
    case ServerType::Auto:
        return QStringLiteral("auto");
    case ServerType::Unix:
        return QStringLiteral("unix");
    case ServerType::Mlsd:
        return QStringLiteral("mlsd");
    }
    return QString();
}

} // namespace ferry
