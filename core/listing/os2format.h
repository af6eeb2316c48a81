#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// OS/2 FTP servers:
//
//         0 DIR       02-11-103  16:15  pub
//     36611      A    04-23-103  10:57  readme.txt
//      1123 DIR  A    10-05-100  23:38  old
//
// Size, then attribute columns (DIR, A, R, H, S), a month-first date (three-digit years
// are years since 1900: those servers were not ready for 2000), a time, the name.
class Os2Format final : public LineFormat {
public:
    explicit Os2Format(const FormatContext &context);

    ServerType type() const override { return ServerType::Os2; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
};

} // namespace ferry
