#include "clicommands.h"
#include "transfer/allocator.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    ferry::tuneAllocatorForTransfers();
    QCoreApplication app(argc, argv);
    return ferry::cli::run(app.arguments());
}
