#pragma once

#include "listing/direntry.h"

#include <QtGlobal>
#include <optional>

namespace ferry {

// A modification time as a listing gave it (issue #13 §3). MLSD says seconds; `ls -l`
// (vsftpd's LIST) says minutes, so the real time lies anywhere in the minute. A decision
// or a local file time that depends on the seconds asks the server (MDTM) instead.
struct ListedTime {
    qint64 ms = -1;    // the listed time, ms since the epoch (UTC); -1: none usable
    qint64 spanMs = 1; // the real time is in [ms, ms + spanMs): 1000 for seconds, 60000 for minutes

    static ListedTime exact(qint64 ms) { return {ms, 1}; }
    bool isKnown() const { return ms >= 0; }
    bool isCoarse() const { return isKnown() && spanMs > 1000; } // coarser than a second
};

// A listing entry's time. Listing times without a zone are taken as UTC (a per-site offset
// is future work); MLSD's are UTC by definition. Without a time of day (old files in
// `ls -l`), nothing usable.
ListedTime listedTime(const DirEntry &entry);

// OverwritePolicy::decide's "newer" (the source more than a second newer than the target) when
// it holds for every real time the two windows allow; nullopt when the seconds decide.
std::optional<bool> newerForSure(ListedTime source, ListedTime target);

} // namespace ferry
