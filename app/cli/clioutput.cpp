#include "clioutput.h"

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

int fail(int code, const QString &message)
{
    note(message);
    return code;
}

void note(const QString &message)
{
    err() << "ferry-cli: " << message << Qt::endl;
}

} // namespace ferry::cli
