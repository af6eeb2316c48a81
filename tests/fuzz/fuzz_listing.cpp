// libFuzzer target for the listing parsers: one executable per ServerType (the CMake
// definition FERRY_FUZZ_SERVER_TYPE picks it), so each dialect gets the fuzzer's full
// attention, and "auto" exercises detection and the switching between formats.
//
// Input: one options byte, then the listing. Seeds (written by tst_listingparser, see
// run-fuzzers) start with 0: default options.
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - fed in chunks of any size, the parser gives exactly what it gives fed at once;
//   - no entry with an unsafe name comes out unless asked for;
//   - a time precision is backed by a valid date (and time);
//   - two different non-UTF-8 byte strings never decode to the same name.

#include "listing/direntryjson.h"
#include "listing/listingparser.h"

#include <QHash>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ferry;

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "listing fuzz invariant broken: %s\n", what);
    abort();
}

QByteArray summary(const DirEntry &e)
{
    return direntryToJsonLine(e, true) + ' ' + e.rawName.toHex() + (e.timeIsUtc ? " utc" : " local");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t control = data[0];
    const QByteArray listing =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    ListingParser::Options o;
    o.serverType = ServerType::FERRY_FUZZ_SERVER_TYPE;
    o.today = (control & 0x01) ? QDate() : QDate(2026, 11, 22);
    o.charset = (control & 0x02)   ? QByteArray("Shift_JIS")
                : (control & 0x04) ? QByteArray("windows-1252")
                                   : QByteArray();
    o.keepUnsafeNames = (control & 0x08) != 0;
    if (o.serverType == ServerType::Auto)
        o.hint = ServerType((control >> 4) % (int(ServerType::Other) + 1));

    const QList<DirEntry> whole = ListingParser::parse(listing, o);

    // The same bytes in small chunks (1 to 8 bytes, varying), taking entries on the way.
    ListingParser chunked(o);
    QList<DirEntry> pieces;
    qsizetype pos = 0;
    qsizetype step = 1 + (control >> 4) % 8;
    while (pos < listing.size()) {
        const qsizetype n = qMin(step, listing.size() - pos);
        chunked.addData(QByteArray(listing.constData() + pos, n));
        pieces.append(chunked.takeEntries());
        pos += n;
        step = step % 8 + 1;
    }
    chunked.finish();
    pieces.append(chunked.takeEntries());
    if (pieces.size() != whole.size())
        fail("chunked feeding changed the number of entries");

    QHash<QString, QByteArray> legacyNames;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        const DirEntry &e = whole.at(i);
        if (summary(e) != summary(pieces.at(i)))
            fail("chunked feeding changed an entry");
        if (!o.keepUnsafeNames && e.hasUnsafeName())
            fail("an unsafe name came out");
        if (e.line < 1 || (i > 0 && e.line <= whole.at(i - 1).line))
            fail("line numbers out of order");
        if (e.timePrecision != DirEntry::TimePrecision::None && !e.date.isValid())
            fail("a time precision without a date");
        if ((e.timePrecision == DirEntry::TimePrecision::Minute ||
             e.timePrecision == DirEntry::TimePrecision::Second) &&
            !e.time.isValid())
            fail("a minute or second precision without a time");
        if (e.size < -1)
            fail("a negative size");
        if (!e.rawName.isValidUtf8()) {
            const auto it = legacyNames.constFind(e.name);
            if (it != legacyNames.constEnd() && *it != e.rawName)
                fail("two different byte strings decoded to the same name");
            legacyNames.insert(e.name, e.rawName);
        }
    }
    return 0;
}
