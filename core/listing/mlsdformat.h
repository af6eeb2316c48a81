#pragma once

#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// MLSD / MLST entries, RFC 3659 §7:
//
//     entry = [facts] SP pathname        facts = 1*(factname "=" value ";")
//
// Fact names and the values of `type` are case-insensitive; values never contain
// a space or ';', so the FIRST space ends the facts, and everything after it, up to the
// line terminator, is the name — leading and trailing spaces and tabs included (§7.2).
// Times are UTC (§2.3).
//
// Permissions: when the server sends `UNIX.mode` (ProFTPD, pure-ftpd, pyftpdlib), it is
// rendered ls-style ("-rw-r--r--", type char from the `type` fact) so a listing looks
// the same whether it came from MLSD or LIST; otherwise `perm` (§7.5, "adfrw") is
// kept as sent. The ls form is preferred because it describes the file, while `perm`
// only says what this login may do, and every Unix-style listing already uses it.
//
// Owner/group: UNIX.ownername/UNIX.groupname when present, else the numeric UNIX.owner /
// UNIX.group, else UNIX.uid / UNIX.gid.
class MlsdFormat final : public LineFormat {
public:
    // requireFacts: a line with no facts at all (" name") is legal MLSD, but in Auto mode
    // it would claim any line that starts with a space, so detection asks for facts (and,
    // for the draft form without the last ';', a type fact).
    MlsdFormat(NameDecoder *names, bool requireFacts);

    ServerType type() const override { return ServerType::Mlsd; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    NameDecoder *m_names;
    bool m_requireFacts;
    RepeatCache m_permissions; // perm facts
    RepeatCache m_mode;        // rendered UNIX.mode
    RepeatCache m_owner;
    RepeatCache m_group;
};

} // namespace ferry
