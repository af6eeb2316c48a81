#pragma once

#include "dateparsing.h"
#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// IBM i (OS/400) listings, from the IFS and from QSYS.LIB:
//
//     QSYS            77824 02/23/00 15:09:55 *DIR       QOpenSys/
//     ALICE          102400 01/31/24 12:00:05 *STMF      report.csv
//     QPGMR           36864 18.09.06 14:21:26 *FILE      MYLIB.FILE
//                                             *MEM       MYLIB.FILE/MBR1.MBR
//
// Owner, size, date, time, object type, name. Dates are MM/DD/YY or, with dots,
// DD.MM.YY (a first field over 12 also means day first). *DIR, *LIB and *FLR are
// directories, as is a name ending in "/" (which is dropped). Members come without owner,
// size or date, named FILE/MEMBER: the entry is the member ("MBR1.MBR"), since a name
// holding "/" can never be a local file name and the member is what RETR asks for once the
// file is the current directory.
//
// The date order is the job's DATFMT: *MDY by default, but *YMD ("04/03/18") and *DMY are
// common. The first date whose values prove an order (a field over 12 or 31) sets it for
// the rest of the listing.
class Os400Format final : public LineFormat {
public:
    explicit Os400Format(const FormatContext &context);

    ServerType type() const override { return ServerType::Os400; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_owner;
    RepeatCache m_permissions;
    dateparsing::Order m_dateOrder = dateparsing::Order::MonthDayYear;
};

} // namespace ferry
