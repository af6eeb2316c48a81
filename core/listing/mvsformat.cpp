#include "mvsformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

bool isUpperWord(QByteArrayView t)
{
    if (t.isEmpty())
        return false;
    for (const char c : t) {
        if (!isUpperAscii(c))
            return false;
    }
    return true;
}

// Dsorg: PS, PO, PO-E, DA, IS, VS, ...
bool isDsorg(QByteArrayView t)
{
    if (t.size() < 2 || t.size() > 5 || !isUpperAscii(t[0]))
        return false;
    for (const char c : t) {
        if (!isUpperAscii(c) && c != '-')
            return false;
    }
    return true;
}

// A dataset or member name: no blanks (tokens never have any), nothing a name cannot hold.
bool isMvsName(QByteArrayView t)
{
    if (t.isEmpty() || t.size() > 54)
        return false;
    for (const char c : t) {
        if (static_cast<unsigned char>(c) < 0x21 || c == '\'' || c == '"')
            return false;
    }
    return true;
}

// "01.01" (version.modification)
bool isVersion(QByteArrayView t)
{
    return t.size() == 5 && t[2] == '.' && fixedDigits(t, 0, 2) >= 0 && fixedDigits(t, 3, 2) >= 0;
}

bool isHexWord(QByteArrayView t)
{
    qint64 unused = 0;
    return parseHex(t, &unused);
}

} // namespace

MvsFormat::MvsFormat(const FormatContext &context)
    : m_context(context)
{
}

LineFormat::Result MvsFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    const LineTokens tokens(line, 12);
    const int count = tokens.count();
    if (count == 0 || !tokens.complete())
        return Result::NoMatch;
    const QByteArrayView t0 = tokens.at(0);
    const auto entry = [&](QByteArrayView name, bool isDir) {
        out->line = lineNo;
        m_context.setName(out, name);
        out->isDir = isDir;
        return Result::Entry;
    };

    if (count == 1) {
        // A member listed by its name alone (members without ISPF statistics): any line
        // of one word would pass, so only when the server is known to be MVS.
        if (!m_context.trusted || !isMvsName(t0) || isBlank(line[0]))
            return Result::NoMatch;
        return entry(t0, false);
    }
    const QByteArrayView t1 = tokens.at(1);

    // Column headers.
    if ((t0 == QByteArrayView("Volume") && t1 == QByteArrayView("Unit")) ||
        (t0 == QByteArrayView("Name") && (t1 == QByteArrayView("VV.MM") || t1 == QByteArrayView("Size"))))
        return Result::Skip;

    // Datasets that are not on disk: migrated by HSM, on tape, not on a DASD device.
    if (count == 2 && equalsIgnoringCase(t0, "migrated") && isMvsName(t1))
        return entry(t1, false);
    if (count == 3 && equalsIgnoringCase(t1, "tape") && isMvsName(tokens.at(2)))
        return entry(tokens.at(2), false);
    if (count == 4 && tokens.at(2) == QByteArrayView("VSAM") && isMvsName(tokens.at(3)))
        return entry(tokens.at(3), false);
    if (count == 6 && t1 == QByteArrayView("Not") && tokens.at(2) == QByteArrayView("Direct") &&
        tokens.at(3) == QByteArrayView("Access") && tokens.at(4) == QByteArrayView("Device") &&
        isMvsName(tokens.at(5)))
        return entry(tokens.at(5), false);

    // Volume Unit Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname
    const auto dataset = [&]() {
        if (count < 9 || count > 10)
            return false;
        int i = 2;
        QDate referred;
        const QByteArrayView date = tokens.at(i++);
        if (date != QByteArrayView("**NONE**") &&
            !dateparsing::parseDate(date, dateparsing::Order::MonthDayYear, &referred))
            return false;
        const QByteArrayView ext = tokens.at(i++);
        if (!allDigits(ext))
            return false;
        const QByteArrayView used = tokens.at(i);
        if (allDigits(used) || used == QByteArrayView("????") || used == QByteArrayView("++++"))
            ++i;
        else if (ext.size() < 6) // a wide Used column runs into Ext: "213000"
            return false;
        if (count - i != 5)
            return false;
        const QByteArrayView recfm = tokens.at(i++);
        const QByteArrayView lrecl = tokens.at(i++);
        const QByteArrayView blksize = tokens.at(i++);
        const QByteArrayView dsorg = tokens.at(i++);
        const QByteArrayView dsname = tokens.at(i);
        if (!isUpperWord(recfm) || !allDigits(lrecl) || !allDigits(blksize) || !isDsorg(dsorg) ||
            !isMvsName(dsname))
            return false;
        entry(dsname, dsorg == QByteArrayView("PO") || dsorg == QByteArrayView("PO-E"));
        if (referred.isValid())
            dateparsing::setTimestamp(out, referred, nullptr);
        return true;
    };
    if (dataset())
        return Result::Entry;

    // Name VV.MM Created Changed [Time] Size Init Mod Id
    if (count == 9 && isVersion(t1)) {
        QDate created;
        QDate changed;
        dateparsing::Clock clock;
        if (!isMvsName(t0) ||
            !dateparsing::parseDate(tokens.at(2), dateparsing::Order::MonthDayYear, &created) ||
            !dateparsing::parseDate(tokens.at(3), dateparsing::Order::MonthDayYear, &changed) ||
            !dateparsing::parseClock(tokens.at(4), &clock) || !allDigits(tokens.at(5)) ||
            !allDigits(tokens.at(6)) || !allDigits(tokens.at(7)))
            return Result::NoMatch;
        entry(t0, false);
        dateparsing::setTimestamp(out, changed, &clock);
        out->owner =
            m_owner.get(tokens.at(8), [this](QByteArrayView b) { return m_context.names->decode(b); });
        return Result::Entry;
    }

    // Load modules: Name Size TTR Alias-of AC Attributes... Amode Rmode, sizes in hex.
    if (count >= 6 && isMvsName(t0)) {
        qint64 size = -1;
        if (!parseHex(t1, &size) || t1.size() != 6 || !isHexWord(tokens.at(2)) || tokens.at(2).size() != 6)
            return Result::NoMatch;
        int i = 3;
        if (!allDigits(tokens.at(i)))
            return Result::NoMatch; // AC (authorization code)
        ++i;
        const QByteArrayView amode = tokens.at(count - 2);
        const QByteArrayView rmode = tokens.at(count - 1);
        const auto isMode = [](QByteArrayView t) { return allDigits(t) || t == QByteArrayView("ANY"); };
        if (!isMode(amode) || !isMode(rmode) || count - 2 - i < 1)
            return Result::NoMatch;
        for (; i < count - 2; ++i) {
            if (!isUpperWord(tokens.at(i)))
                return Result::NoMatch;
        }
        entry(t0, false);
        out->size = size;
        return Result::Entry;
    }
    return Result::NoMatch;
}

} // namespace ferry
