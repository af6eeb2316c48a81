#pragma once

#include "transferjob.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry::folderidentity {

// What a folder of a download is on the server, to find loops (issue #13 §2), kept in
// TransferJob::identity as tokens, one a line, any of which names the folder: MLSD's unique
// fact ("unique:X", RFC 3659 §7.5.2: the same value, the same object) and its real path
// ("/a/b": PWD after CWD into a link, or the parent's real path and the name). A job
// without tokens (the folder the user asked for) is its remote path.

QStringList tokens(const TransferJob &job);
QString realPath(const TransferJob &job); // the path token

// A folder listed in `parent`: its unique fact, if any, and its real path.
QString ofChild(const TransferJob &parent, const QString &name, const QByteArray &unique);
// `job` with the unique fact MLST gave for it.
QString withUnique(const TransferJob &job, const QString &unique);

// Which folder of `chain` (a folder first, then those above it) `identity` names: its index,
// or -1. A folder that names one it is in is a loop.
qsizetype findIn(const QList<TransferJob> &chain, const QString &identity);

} // namespace ferry::folderidentity
