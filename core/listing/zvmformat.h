#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// IBM z/VM CMS file lists:
//
//     PROFILE  EXEC     V         68         23          1 2005-10-04 15:28:42 TCP191
//     SUBDIR   DIR      -          -          -          - 2005-10-04 15:28:42 -
//
// Filename, filetype (listed as NAME.TYPE, which is what RETR takes), record format (F or
// V), logical record length, number of records, number of blocks, date, time, and the
// disk label or owner. The size is records × record length: exact for F files, an upper
// bound for V files (the listing has nothing closer). SFS directories have type DIR.
class ZvmFormat final : public LineFormat {
public:
    explicit ZvmFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Zvm; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_owner;
};

} // namespace ferry
