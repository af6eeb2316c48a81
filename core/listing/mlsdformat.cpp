#include "mlsdformat.h"

#include "dateparsing.h"
#include "parsehelpers.h"

namespace ferry {

using namespace parsehelpers;

namespace {

// The facts a DirEntry has room for, as views into the line; nothing is decoded until the
// whole line is known to be MLSD.
struct Facts {
    QByteArrayView type;
    QByteArrayView size;
    QByteArrayView sizd;
    QByteArrayView modify;
    QByteArrayView perm;
    QByteArrayView mode;
    QByteArrayView owner;
    QByteArrayView group;
    QByteArrayView unique;
    int ownerRank = 0; // higher wins: uid 1, owner 2, ownername 3
    int groupRank = 0;
};

// RFC 3659 §7.2: a factname is a standard name or "OS.x"/"X.x" with x made of RCHARs,
// i.e. printable ASCII; never a space, ';' or '='. Anything else means "not MLSD".
bool isFactNameChar(char c)
{
    return c > 0x20 && c < 0x7f && c != ';' && c != '=';
}

void takeRanked(QByteArrayView value, int rank, QByteArrayView *slot, int *slotRank)
{
    if (rank > *slotRank && !value.isEmpty()) {
        *slot = value;
        *slotRank = rank;
    }
}

void classify(QByteArrayView key, QByteArrayView value, Facts *f)
{
    // Facts a server sends that DirEntry has no field for (create, lang, media-type,
    // UNIX.slink…) are ignored, as unknown facts must be (§7).
    if (equalsIgnoringCase(key, "type"))
        f->type = value;
    else if (equalsIgnoringCase(key, "size"))
        f->size = value;
    else if (equalsIgnoringCase(key, "modify"))
        f->modify = value;
    else if (equalsIgnoringCase(key, "perm"))
        f->perm = value;
    else if (equalsIgnoringCase(key, "sizd"))
        f->sizd = value;
    else if (equalsIgnoringCase(key, "unique"))
        f->unique = value;
    else if (startsWithIgnoringCase(key, "unix.")) {
        const QByteArrayView sub = key.sliced(5);
        if (equalsIgnoringCase(sub, "mode"))
            f->mode = value;
        else if (equalsIgnoringCase(sub, "ownername"))
            takeRanked(value, 3, &f->owner, &f->ownerRank);
        else if (equalsIgnoringCase(sub, "owner"))
            takeRanked(value, 2, &f->owner, &f->ownerRank);
        else if (equalsIgnoringCase(sub, "uid"))
            takeRanked(value, 1, &f->owner, &f->ownerRank);
        else if (equalsIgnoringCase(sub, "groupname"))
            takeRanked(value, 3, &f->group, &f->groupRank);
        else if (equalsIgnoringCase(sub, "group"))
            takeRanked(value, 2, &f->group, &f->groupRank);
        else if (equalsIgnoringCase(sub, "gid"))
            takeRanked(value, 1, &f->group, &f->groupRank);
    }
}

// "fact=value;" repeated; the facts part always ends with ';' (§7.2). Drafts before
// mlst-07 left the last ';' out ("type=file name", "type=file;size=12 name"); FileZilla
// reads those as facts and a name after the first blank, and so do we. In auto-detection
// that form must also name a type, so that a line of another dialect that merely
// starts with "a=b" is not claimed.
bool parseFacts(QByteArrayView facts, Facts *f, bool requireType)
{
    if (facts.isEmpty())
        return false;
    const bool draftForm = facts.back() != ';';
    // One pass: the fact name up to '=' (checked as it goes), the value up to ';'. This
    // runs over every byte of every MLSD line, so no generic searches.
    const char *const data = facts.data();
    const qsizetype n = facts.size();
    qsizetype pos = 0;
    while (pos < n) {
        const qsizetype keyBegin = pos;
        while (pos < n && data[pos] != '=') {
            if (!isFactNameChar(data[pos]))
                return false;
            ++pos;
        }
        if (pos == n || pos == keyBegin)
            return false;
        const QByteArrayView key(data + keyBegin, pos - keyBegin);
        const qsizetype valueBegin = ++pos;
        while (pos < n && data[pos] != ';') // the last fact lacks its ';' in the draft form
            ++pos;
        classify(key, QByteArrayView(data + valueBegin, pos - valueBegin), f);
        ++pos;
    }
    return !(draftForm && requireType && f->type.isEmpty());
}

// §2.3 time-val: YYYYMMDDHHMMSS[.sss], UTC. The fraction is dropped: DirEntry keeps
// seconds at most.
bool parseModify(QByteArrayView v, QDate *date, QTime *time)
{
    if (v.size() < 14)
        return false;
    if (v.size() > 14 && (v[14] != '.' || v.size() == 15 || !allDigits(v.sliced(15))))
        return false;
    const int year = fixedDigits(v, 0, 4);
    const int month = fixedDigits(v, 4, 2);
    const int day = fixedDigits(v, 6, 2);
    const int hour = fixedDigits(v, 8, 2);
    const int minute = fixedDigits(v, 10, 2);
    const int second = fixedDigits(v, 12, 2);
    if (year <= 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return false;
    const QDate d = dateparsing::makeDate(year, month, day);
    if (!d.isValid() || hour > 23 || minute > 59 || second > 60)
        return false;
    *date = d;
    *time = QTime::fromMSecsSinceStartOfDay(((hour * 60 + minute) * 60 + qMin(second, 59)) * 1000);
    return true;
}

// "0755", "02775": octal, at most the 12 permission bits plus file-type bits some
// servers include (which we ignore; the type fact says what the entry is).
bool parseOctalMode(QByteArrayView v, uint *mode)
{
    if (v.isEmpty() || v.size() > 7)
        return false;
    uint value = 0;
    for (const char c : v) {
        if (c < '0' || c > '7')
            return false;
        value = value * 8 + uint(c - '0');
    }
    *mode = value & 07777;
    return true;
}

QString latin1(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

MlsdFormat::MlsdFormat(NameDecoder *names, bool requireFacts)
    : m_names(names)
    , m_requireFacts(requireFacts)
{
}

LineFormat::Result MlsdFormat::parse(QByteArrayView line, int lineNo, DirEntry *out)
{
    Facts f;
    QByteArrayView name;
    // MLST (§7.2) sends its single entry after one leading space; accept that form too.
    const qsizetype begin = (line.size() > 1 && line[0] == ' ' && line[1] != ' ') ? 1 : 0;
    // The facts end at the first blank. RFC 3659 says a space; some servers send a tab.
    qsizetype space = skipNonBlanks(line, begin);
    if (space == line.size())
        space = -1;
    if (space > begin && parseFacts(line.sliced(begin, space - begin), &f, m_requireFacts)) {
        name = line.sliced(space + 1);
    } else if (!m_requireFacts && line[0] == ' ') {
        f = Facts();
        name = line.sliced(1); // "[facts] SP pathname" with no facts at all
    } else {
        return Result::NoMatch;
    }

    // §7.5.1: cdir and pdir are the listed directory and its parent, not entries of it.
    bool isDir = false;
    bool isLink = false;
    QByteArrayView target;
    if (equalsIgnoringCase(f.type, "dir")) {
        isDir = true;
    } else if (equalsIgnoringCase(f.type, "cdir") || equalsIgnoringCase(f.type, "pdir")) {
        return Result::Skip;
    } else if (startsWithIgnoringCase(f.type, "os.unix=")) {
        // Symlinks are not in the RFC; servers send OS.unix=slink:/target (ProFTPD),
        // OS.unix=symlink (pure-ftpd) and similar. Other OS.unix types (chr, blk, fifo)
        // are listed as plain, non-directory entries, like unknown types (§7.5.1).
        const QByteArrayView sub = f.type.sliced(8);
        if (startsWithIgnoringCase(sub, "slink") || startsWithIgnoringCase(sub, "symlink")) {
            isLink = true;
            const qsizetype colon = sub.indexOf(':');
            if (colon >= 0)
                target = sub.sliced(colon + 1);
        }
    }

    out->line = lineNo;
    out->rawName = name.toByteArray();
    out->name = m_names->decode(name);
    out->isDir = isDir;
    out->isLink = isLink;
    if (!target.isEmpty())
        out->target = m_names->decode(target);
    if (!f.unique.isEmpty())
        out->unique = f.unique.toByteArray();

    qint64 size = -1;
    if (parseDecimal(f.size, &size) || parseDecimal(f.sizd, &size))
        out->size = size;

    if (parseModify(f.modify, &out->date, &out->time)) {
        out->timePrecision = DirEntry::TimePrecision::Second;
        out->timeIsUtc = true;
    }

    uint mode = 0;
    if (parseOctalMode(f.mode, &mode)) {
        const char typeChar = isDir ? 'd' : isLink ? 'l' : '-';
        // Keyed on the rendered form's inputs, not the raw fact: "644" and "0644" render
        // alike, and so may share.
        const char key[] = {typeChar, char('0' + ((mode >> 9) & 7)), char('0' + ((mode >> 6) & 7)),
                            char('0' + ((mode >> 3) & 7)), char('0' + (mode & 7))};
        out->permissions = m_mode.get(QByteArrayView(key, sizeof key),
                                      [&](QByteArrayView) { return renderUnixMode(mode, typeChar); });
    } else if (!f.perm.isEmpty()) {
        out->permissions = m_permissions.get(f.perm, latin1);
    }

    const auto decodeName = [this](QByteArrayView bytes) { return m_names->decode(bytes); };
    if (!f.owner.isEmpty())
        out->owner = m_owner.get(f.owner, decodeName);
    if (!f.group.isEmpty())
        out->group = m_group.get(f.group, decodeName);
    return Result::Entry;
}

} // namespace ferry
