#include "listingparser.h"

#include "dosformat.h"
#include "eplfformat.h"
#include "formatcontext.h"
#include "lineformat.h"
#include "miscformat.h"
#include "mlsdformat.h"
#include "mvsformat.h"
#include "namedecoder.h"
#include "netwareformat.h"
#include "nonstopformat.h"
#include "os2format.h"
#include "os400format.h"
#include "os9format.h"
#include "parsehelpers.h"
#include "unixformat.h"
#include "vmsformat.h"
#include "yearinference.h"
#include "zvmformat.h"

#include <array>
#include <cstring>

namespace ferry {

namespace {

// A line longer than this is dropped rather than accumulated: no real entry comes close
// (PATH_MAX is 4 KiB), and a hostile or broken server must not make us buffer without
// bound. The same bound as for control-connection reply lines.
constexpr qsizetype kMaxLineLength = 64 * 1024;

constexpr int kFormatCount = 13;

struct TypeName {
    const char16_t *name;
    ServerType type;
};

// The first name of each type is its canonical one (serverTypeName); the rest are aliases.
constexpr TypeName kTypeNames[] = {
    {u"auto", ServerType::Auto},
    {u"unix", ServerType::Unix},
    {u"mlsd", ServerType::Mlsd},
    {u"dos", ServerType::Dos},
    {u"vms", ServerType::Vms},
    {u"eplf", ServerType::Eplf},
    {u"mvs", ServerType::Mvs},
    {u"zvm", ServerType::Zvm},
    {u"os400", ServerType::Os400},
    {u"os2", ServerType::Os2},
    {u"netware", ServerType::Netware},
    {u"nonstop", ServerType::NonStop},
    {u"os9", ServerType::Os9},
    {u"other", ServerType::Other},
    // aliases
    {u"mlst", ServerType::Mlsd},
    {u"windows", ServerType::Dos},
    {u"iis", ServerType::Dos},
    {u"openvms", ServerType::Vms},
    {u"zos", ServerType::Mvs},
    {u"z/os", ServerType::Mvs},
    {u"z/vm", ServerType::Zvm},
    {u"as400", ServerType::Os400},
    {u"os/400", ServerType::Os400},
    {u"ibmi", ServerType::Os400},
    {u"os/2", ServerType::Os2},
    {u"tandem", ServerType::NonStop},
    {u"guardian", ServerType::NonStop},
    {u"os-9", ServerType::Os9},
};

} // namespace

struct ListingParser::Private {
    explicit Private(const Options &opts);

    void appendPartial(const char *begin, const char *end);
    void endLine(QByteArrayView line);
    void parseLine(QByteArrayView line);
    bool tryFormat(int index, QByteArrayView line, int firstLineNo, bool joined);
    LineFormat *formatFor(ServerType type);

    Options options;
    NameDecoder names;
    YearInference years;
    FormatContext context;        // for auto-detected formats
    FormatContext trustedContext; // for the forced or hinted one
    MlsdFormat mlsd;
    UnixFormat unixFormat;
    DosFormat dos;
    EplfFormat eplf;
    VmsFormat vms;
    Os400Format os400;
    Os2Format os2;
    NetwareFormat netware;
    MvsFormat mvs;
    ZvmFormat zvm;
    NonStopFormat nonStop;
    Os9Format os9;
    MiscFormat misc;
    std::array<LineFormat *, kFormatCount> formats{};
    int formatCount = 0;
    int preferred = 0; // index into formats of the one that last matched: tried first

    QByteArray partial;     // the unterminated tail of the data so far
    bool dropping = false;  // the current line passed kMaxLineLength: discard to its end
    bool pendingCR = false; // the data so far ended in CR: a leading LF completes a CRLF
    int lineNo = 0;
    QList<DirEntry> entries;

    // A line a format answered NeedMore to (a VMS name alone on its line), waiting for
    // the next one.
    QByteArray held;
    int heldFormat = -1;
    int heldLineNo = 0;
    QByteArray joinBuffer;
};

ListingParser::Private::Private(const Options &opts)
    : options(opts)
    , names(opts.charset)
    , years(opts.today)
    , context{&names, &years, false}
    , trustedContext{&names, &years, true}
    , mlsd(&names, opts.serverType == ServerType::Auto)
    , unixFormat(opts.serverType == ServerType::Unix || opts.hint == ServerType::Unix ? trustedContext
                                                                                      : context)
    , dos(opts.serverType == ServerType::Dos || opts.hint == ServerType::Dos ? trustedContext : context)
    , eplf(context)
    , vms(opts.serverType == ServerType::Vms || opts.hint == ServerType::Vms ? trustedContext : context)
    , os400(opts.serverType == ServerType::Os400 || opts.hint == ServerType::Os400 ? trustedContext : context)
    , os2(context)
    , netware(context)
    , mvs(opts.serverType == ServerType::Mvs || opts.hint == ServerType::Mvs ? trustedContext : context)
    , zvm(opts.serverType == ServerType::Zvm || opts.hint == ServerType::Zvm ? trustedContext : context)
    , nonStop(context)
    , os9(context)
    , misc(context)
{
    if (opts.serverType != ServerType::Auto) {
        formats[0] = formatFor(opts.serverType);
        formatCount = 1;
        return;
    }
    // Auto: the order matters only for lines two dialects could both read, and each
    // format is strict enough that few such lines exist. MLSD first (its "fact=value;"
    // prefix is unmistakable), then the common dialects, then the rare ones. Whatever
    // matched last is tried first, so the order costs nothing once a listing is going.
    formats = {&mlsd,    &unixFormat, &dos, &eplf,    &vms, &os400, &os2,
               &netware, &mvs,        &zvm, &nonStop, &os9, &misc};
    formatCount = kFormatCount;
    if (LineFormat *hinted = opts.hint == ServerType::Auto ? nullptr : formatFor(opts.hint)) {
        for (int i = 0; i < formatCount; ++i) {
            if (formats[size_t(i)] == hinted)
                preferred = i;
        }
    }
}

LineFormat *ListingParser::Private::formatFor(ServerType type)
{
    switch (type) {
    case ServerType::Auto:
        return nullptr;
    case ServerType::Unix:
        return &unixFormat;
    case ServerType::Mlsd:
        return &mlsd;
    case ServerType::Dos:
        return &dos;
    case ServerType::Vms:
        return &vms;
    case ServerType::Eplf:
        return &eplf;
    case ServerType::Mvs:
        return &mvs;
    case ServerType::Zvm:
        return &zvm;
    case ServerType::Os400:
        return &os400;
    case ServerType::Os2:
        return &os2;
    case ServerType::Netware:
        return &netware;
    case ServerType::NonStop:
        return &nonStop;
    case ServerType::Os9:
        return &os9;
    case ServerType::Other:
        return &misc;
    }
    return nullptr;
}

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

// One format on one line. true when it settled the line (entry or skip).
bool ListingParser::Private::tryFormat(int index, QByteArrayView line, int firstLineNo, bool joined)
{
    // Parsed straight into the list: a listing is mostly entries, and building each one
    // elsewhere and moving it in would cost more than taking back the few that fail.
    DirEntry &entry = entries.emplaceBack();
    const LineFormat::Result result = formats[size_t(index)]->parse(line, firstLineNo, &entry);
    if (result != LineFormat::Result::Entry || (!options.keepUnsafeNames && entry.hasUnsafeName()))
        entries.removeLast();
    switch (result) {
    case LineFormat::Result::NoMatch:
        return false;
    case LineFormat::Result::NeedMore:
        // Remember the first format that wants the next line; another may still take
        // this line on its own.
        if (!joined && heldFormat < 0) {
            heldFormat = index;
            heldLineNo = firstLineNo;
        }
        return false;
    case LineFormat::Result::Skip:
    case LineFormat::Result::Entry:
        break;
    }
    preferred = index;
    return true;
}

void ListingParser::Private::parseLine(QByteArrayView line)
{
    if (heldFormat >= 0) {
        // The held line and this one may be one entry ("NAME.EXT;1" then its details).
        const int format = std::exchange(heldFormat, -1);
        joinBuffer.resize(0);
        joinBuffer.append(held).append(' ').append(line.data(), line.size());
        held.resize(0);
        if (tryFormat(format, joinBuffer, heldLineNo, true))
            return;
        // Not a continuation: the held line was nothing, and this one stands alone.
    }
    for (int attempt = 0; attempt < formatCount; ++attempt) {
        // The preferred format first, then the rest in their fixed order.
        const int index = attempt == 0 ? preferred : (attempt <= preferred ? attempt - 1 : attempt);
        if (tryFormat(index, line, lineNo, false)) {
            heldFormat = -1;
            return;
        }
    }
    // Matches no format: "total 12", banners, headers. Skipped, unless a format asked to
    // see it together with the next line.
    if (heldFormat >= 0)
        held.append(line.data(), line.size());
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
    while (p < end) {
        const char *eol = parsehelpers::findLineEnd(p, end);
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
    // A held line with nothing after it was not an entry.
    d->heldFormat = -1;
    d->held = QByteArray();
}

QList<DirEntry> ListingParser::takeEntries()
{
    // Appending grows the list's storage geometrically, up to twice what it holds, and a
    // listing is kept for as long as it is shown. A small list's spare capacity may sit in
    // reused (resident) heap memory, so it is given back; moving a few thousand
    // relocatable entries costs nothing. A larger list lives in its own mmap()ed block
    // (glibc and other allocators do that for big blocks) whose spare tail was never
    // touched: it costs address space, not memory. Squeezing it would copy every entry into
    // fresh pages, raising the peak memory by the whole array for a moment and costing 15%
    // of a million-line parse, to save nothing resident.
    constexpr qsizetype kSmallBytes = 1024 * 1024;
    QList<DirEntry> &entries = d->entries;
    if (entries.capacity() * qsizetype(sizeof(DirEntry)) <= kSmallBytes &&
        entries.capacity() - entries.size() > entries.size() / 16 + 64)
        entries.squeeze();
    return std::exchange(entries, {});
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
    for (const TypeName &t : kTypeNames) {
        if (key.compare(QStringView(t.name), Qt::CaseInsensitive) == 0) {
            if (out)
                *out = t.type;
            return true;
        }
    }
    return false;
}

QString ListingParser::serverTypeName(ServerType type)
{
    for (const TypeName &t : kTypeNames) {
        if (t.type == type)
            return QStringView(t.name).toString();
    }
    return QString();
}

QStringList ListingParser::serverTypeNames()
{
    QStringList names;
    for (int i = 0; i <= int(ServerType::Other); ++i)
        names << serverTypeName(ServerType(i));
    return names;
}

ServerType ListingParser::hintFromSyst(const QString &systReply)
{
    QString text = systReply.trimmed();
    // "215 UNIX Type: L8" or "215-..." : the reply code is not part of the answer.
    if (text.size() >= 4 && text.at(0).isDigit() && text.at(1).isDigit() && text.at(2).isDigit() &&
        (text.at(3) == u' ' || text.at(3) == u'-'))
        text = text.mid(4).trimmed();
    const QString upper = text.toUpper();
    const auto startsWord = [&](QStringView word) {
        return upper.startsWith(word) &&
               (upper.size() == word.size() || !upper.at(word.size()).isLetterOrNumber());
    };
    if (startsWord(u"UNIX") || startsWord(u"MACOS") || startsWord(u"LINUX"))
        return ServerType::Unix;
    if (startsWord(u"WINDOWS_NT") || startsWord(u"WINDOWS_CE") || startsWord(u"WINDOWS") ||
        startsWord(u"MSDOS") || startsWord(u"DOS"))
        return ServerType::Dos;
    if (startsWord(u"VMS") || startsWord(u"OPENVMS"))
        return ServerType::Vms;
    if (startsWord(u"MVS") || upper.contains(u"Z/OS"))
        return ServerType::Mvs;
    if (startsWord(u"VM") || startsWord(u"Z/VM") || upper.contains(u"Z/VM"))
        return ServerType::Zvm;
    if (startsWord(u"OS/400") || upper.contains(u"OS/400"))
        return ServerType::Os400;
    if (startsWord(u"OS/2"))
        return ServerType::Os2;
    if (startsWord(u"NETWARE"))
        return ServerType::Netware;
    if (startsWord(u"NONSTOP") || startsWord(u"TANDEM") || startsWord(u"GUARDIAN") ||
        upper.contains(u"NONSTOP"))
        return ServerType::NonStop;
    if (startsWord(u"OS-9") || startsWord(u"OS9") || startsWord(u"OS/9"))
        return ServerType::Os9;
    return ServerType::Auto;
}

} // namespace ferry
