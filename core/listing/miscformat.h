#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"
#include "parsehelpers.h"

namespace ferry {

// The rarer dialects FileZilla has met, too few to each deserve a type:
//
//     206876  Apr 04, 2000 21:06 report.txt            VShell (older versions)
//     0  Dec 12, 2002 02:13 subdir/                    VShell directory
//     2048    Feb-28-1998  05:23:30   data <DIR>        VxWorks (Nortel routers)
//     config       1014196  06/03/04  Thur.   10:20:03  Nortel wfFtp router
//     0100644   500  101   12345    123456789  name     numeric Unix: mode uid gid size mtime
//
// Each is recognised by its full shape, so none claims lines of the common dialects.
class MiscFormat final : public LineFormat {
public:
    explicit MiscFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Other; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    Result parseWfFtp(const parsehelpers::LineTokens &tokens, int lineNo, DirEntry *out);

    const FormatContext &m_context;
    RepeatCache m_owner;
    RepeatCache m_group;
    RepeatCache m_permissions;
};

} // namespace ferry
