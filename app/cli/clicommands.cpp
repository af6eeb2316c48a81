#include "clicommands.h"
namespace ferry::cli {
int run(const QStringList &) { return 2; }
}
