#pragma once

#include "transferjob.h"

#include <QString>

namespace ferry {

// What to do with a target that exists: pure policy (no I/O), from the sizes and times
// of both sides. tst_queuepolicy checks it row by row.
struct OverwritePolicy {
    // The action for an existing target under `policy` (Ask stays Ask): IfNewer replaces a
    // target more than a second older (unknown times: replace, the safe side is a fresh
    // copy); IfSizeDiffers skips an equal size; Resume skips an equal size, replaces a larger
    // target (not a prefix of the source) and resumes a shorter one.
    static TransferJob::Overwrite decide(TransferJob::Overwrite policy, qint64 sourceSize,
                                         qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs);
    // "name (1).ext", "name (2).ext", ... for the n-th alternative (a leading-dot name keeps
    // its dot: ".profile (1)").
    static QString alternativeName(const QString &name, int n);
    // The first "name (n).ext" next to a local `path` that exists neither as a file nor as
    // a part file (the one function here that looks at the disk); empty after 1000 tries.
    static QString freeLocalPath(const QString &path);
};

} // namespace ferry
