#pragma once

#include <QString>
#include <QTextStream>

namespace ferry::cli {

// The one stdout and stderr stream of ferry-cli (two buffered streams on one descriptor
// would interleave their output unpredictably) and the one-line error.
QTextStream &out();
QTextStream &err();
// Prints "ferry-cli: MESSAGE" on stderr and returns `code`.
int fail(int code, const QString &message);
// Prints "ferry-cli: MESSAGE" on stderr (a warning or a note; the command goes on).
void note(const QString &message);

} // namespace ferry::cli
