#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// IBM z/OS (MVS) listings. Datasets:
//
//     Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname
//     WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.DATA
//     WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.SOURCE
//     Migrated                                                USER.OLD
//     V43525 Tape                                             USER.TAPE.FILE
//     TSO004 3390   VSAM                                      USER.KSDS
//     ARCIVE Not Direct Access Device                         USER.ARCHIVED
//
// and members of a partitioned dataset (PDS), source and load modules:
//
//     Name     VV.MM   Created       Changed      Size  Init   Mod   Id
//     MEMBER1  01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12
//      Name      Size     TTR   Alias-of AC --------- Attributes --------- Amode Rmode
//     LOADMOD  00B308   000411        00 FO                        31    ANY
//
// Partitioned datasets (Dsorg PO, PO-E) are directories. Byte sizes are not in these
// listings (Used counts tracks, a member's Size counts records), so size is unknown,
// except for load modules, whose size is bytes in hex. The referred date is a day; a
// member's changed date and time become its time, its Id the owner. A member listed by
// name alone is accepted only when the server is known to be MVS (forced or from SYST).
class MvsFormat final : public LineFormat {
public:
    explicit MvsFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Mvs; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_owner;
};

} // namespace ferry
