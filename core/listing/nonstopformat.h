#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// HP NonStop (Tandem) Guardian file lists:
//
//     File         Code             EOF  Last Modification    Owner  RWEP
//     ALTDATA       101             528  6-Apr-07 14:21:18  255, 0  "oooo"
//
// File name, file code, end-of-file (the size in bytes), date, time, owner (group,user),
// security (four letters, quoted). Guardian has no directories below the subvolume.
class NonStopFormat final : public LineFormat {
public:
    explicit NonStopFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::NonStop; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_owner;
    RepeatCache m_permissions;
};

} // namespace ferry
