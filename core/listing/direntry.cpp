#include "direntry.h"

namespace ferry {

bool DirEntry::hasUnsafeName() const
{
    if (name.isEmpty() || name == u"." || name == u"..")
        return true;
    for (const QChar c : name) {
        switch (c.unicode()) {
        case u'/':
        case u'\\':
        case u'\0':
        case u'\r':
        case u'\n':
            return true;
        default:
            break;
        }
    }
    // rawName is what goes back to the server in commands, so it is checked too: a
    // non-UTF-8 charset could decode these bytes into harmless characters, and a raw
    // CR/LF would still inject a command. Backslash is left out here on purpose: it is a
    // legal trail byte of Shift_JIS/Big5 characters (the "5C problem"), and those names
    // are only unsafe if their decoded form contains one, which is checked above.
    for (const char c : rawName) {
        if (c == '/' || c == '\0' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

} // namespace ferry
