#include "clioutput.h"

#include <QCoreApplication>
#include <cstdio>

namespace ferry::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ferry-cli", text);
}

int fail(int code, const QString &message)
{
    err() << "ferry-cli: " << message << Qt::endl;
    return code;
}

} // namespace ferry::cli
