#include "browserwindow.h"
#include "transfer/allocator.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    ferry::tuneAllocatorForTransfers();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    ferry::BrowserWindow window;
    window.show();
    const QStringList args = QApplication::arguments();
    if (args.size() > 1)
        window.openUrl(args.at(1));
    return QApplication::exec();
}
