#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// MS-DOS style lines, as IIS and other Windows servers send by default (and as `dir`
// prints them):
//
//     04-27-00  12:09PM       <DIR>          Program Files
//     04-06-00  03:47PM                  589 readme.txt
//     2002-09-02  19:06                9,730 report.doc     (4-digit years, 24-hour clock)
//     01/02/2020  01:04 PM    <SYMLINKD>     docs [C:\data\docs]
//
// Dates are month first ("04-27-00") unless the first field is over 12 or the year comes
// first; two-digit years follow the POSIX rule (69-99: 19xx). Sizes may carry thousands
// separators. The columns are padded, so the name starts after the blanks that follow the
// size; a name's own leading spaces cannot be told from the padding.
class DosFormat final : public LineFormat {
public:
    explicit DosFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Dos; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
};

} // namespace ferry
