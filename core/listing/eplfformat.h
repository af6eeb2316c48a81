#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// EPLF, D. J. Bernstein's Easily Parsed LIST Format (publicfile, some embedded servers):
//
//     +i8388621.48594,m825718503,r,s280,up644\tdjb.html
//     +i8388621.50690,m824255907,/,\t514
//
// "+" then comma-separated facts, a tab, and the name. Facts: "/" (a directory), "r" (a
// file that can be retrieved), "s" size, "m" modification time in seconds since 1970 UTC,
// "up" Unix permissions in octal, "i" an identifier (ignored); unknown facts are ignored as
// the format says.
class EplfFormat final : public LineFormat {
public:
    explicit EplfFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Eplf; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_permissions;
};

} // namespace ferry
