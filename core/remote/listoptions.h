#pragma once

namespace ferry {

enum class ListMode {
    Auto, // the best the server offers (FTP: MLSD when FEAT says MLST, else LIST)
    Mlsd, // FTP: RFC 3659 machine listing
    List, // FTP: the human listing, parsed by ListingParser
    Nlst, // FTP: names only (entries with just a name)
};

// How RemoteSession::list() lists a folder. The FTP back end understands every field;
// others use what they can.
struct ListOptions {
    ListMode mode = ListMode::Auto;
    // Keep entries with unsafe names (DirEntry::hasUnsafeName()) instead of dropping them,
    // for a caller that refuses them itself and says so.
    bool keepUnsafeNames = false;
    // Hand the entries over only through RemoteCall::entriesArrived(); entries() stays
    // empty. For a caller that keeps them itself (DirectoryLister): one copy of a 100,000-
    // entry listing in memory instead of two.
    bool batchesOnly = false;
};

} // namespace ferry
