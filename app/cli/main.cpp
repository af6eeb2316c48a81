#include "clicommands.h"
#include "transfer/allocator.h"
#include "transfer/pluraltranslator.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    ferry::tuneAllocatorForTransfers();
    QCoreApplication app(argc, argv);
    ferry::installEnglishPlurals(&app); // "1 file", "2 files"; no other translation yet
    return ferry::cli::run(app.arguments());
}
