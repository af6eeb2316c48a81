#pragma once

#include "direntry.h"

#include <QByteArray>

namespace ferry {

// One entry as a single compact JSON object (no trailing newline), for `ferry-cli
// parse-listing --json` and scripts: one object per line is easy to stream and grep.
//
// Fields: name, size (null when unknown), is_dir, is_link, target (null when none),
// time ("YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS": only as precise as
// the listing was; null when absent), permissions, owner, group, line. With
// includeUnsafeFlag, names that must not become local paths also get "unsafe": true.
// Keys come out sorted (QJsonObject keeps them so).
QByteArray direntryToJsonLine(const DirEntry &e, bool includeUnsafeFlag = false);

} // namespace ferry
