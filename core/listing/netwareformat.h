#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// Novell NetWare:
//
//     d [R----F--] supervisor            512       Jan 16 18:53    login
//     - [RWCEAFMS] rhesus             214059       Oct 20 15:27    readme.txt
//
// Type, trustee rights in brackets, owner, size, an ls-style date, the name (after the
// column padding).
class NetwareFormat final : public LineFormat {
public:
    explicit NetwareFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Netware; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_permissions;
    RepeatCache m_owner;
};

} // namespace ferry
