#include "permissions.h"

namespace ferry::Permissions {

int parse(const QString &text)
{
    // "drwxr-xr-x", "-rw-r--r--@", "lrwxrwxrwx", or the nine letters alone.
    QStringView bits(text);
    if (bits.size() >= 10 && QStringLiteral("-dlbcps").contains(bits.at(0)))
        bits = bits.mid(1, 9);
    else if (bits.size() >= 9)
        bits = bits.left(9);
    else
        return -1;
    int mode = 0;
    for (int i = 0; i < 9; ++i) {
        const QChar c = bits.at(i);
        const int bit = 1 << (8 - i);
        const char want = "rwxrwxrwx"[i];
        if (c == QLatin1Char(want)) {
            mode |= bit;
        } else if (i % 3 == 2 && (c == QLatin1Char('s') || c == QLatin1Char('t'))) {
            mode |= bit | (i == 2 ? 04000 : i == 5 ? 02000 : 01000);
        } else if (i % 3 == 2 && (c == QLatin1Char('S') || c == QLatin1Char('T'))) {
            mode |= i == 2 ? 04000 : i == 5 ? 02000 : 01000;
        } else if (c != QLatin1Char('-')) {
            return -1;
        }
    }
    return mode;
}

QString toString(int mode)
{
    QString text(9, QLatin1Char('-'));
    for (int i = 0; i < 9; ++i) {
        if (mode & (1 << (8 - i)))
            text[i] = QLatin1Char("rwxrwxrwx"[i]);
    }
    return text;
}

} // namespace ferry::Permissions
