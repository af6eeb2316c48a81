#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// Microware OS-9 (`dir -e` style):
//
//     Owner  Last modified  Attributes Sector Bytecount Name
//     20.20 07/03/29 1026 d-ewrewr 2650 85920 CMDS
//
// Owner (group.user), date YY/MM/DD, time HHMM, attributes (d for a directory), start
// sector, size, name.
class Os9Format final : public LineFormat {
public:
    explicit Os9Format(const FormatContext &context);

    ServerType type() const override { return ServerType::Os9; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_owner;
    RepeatCache m_permissions;
};

} // namespace ferry
