#pragma once

#include <QString>

namespace ferry {

// Unix permission bits as listings show them ("drwxr-xr-x") and as chmod takes them
// (0755), and a change the permissions dialog describes for one or many entries.
namespace Permissions {
// The nine rwx bits (and setuid/setgid/sticky when shown as s/t); -1 when the text is not
// an `ls -l` mode (MLSD "perm" facts, Windows servers).
int parse(const QString &text);
// "rwxr-xr-x" (nine characters, no type letter).
QString toString(int mode);
} // namespace Permissions

// What to do to each entry's mode: bits to set, bits to clear, the rest left as each entry
// has it (a checkbox left "partially checked" for a mixed selection).
struct PermissionChange {
    enum class Scope { All, FilesOnly, FoldersOnly };
    int set = 0;
    int clear = 0;
    bool recursive = false; // into the selected folders' contents
    Scope scope = Scope::All;

    // The new mode for an entry whose mode is `old` (-1: unknown, taken as no bits).
    int apply(int old) const { return ((old < 0 ? 0 : old) & ~clear & 07777) | set; }
    bool appliesTo(bool isFolder) const
    {
        return scope == Scope::All || (scope == Scope::FoldersOnly) == isFolder;
    }
};

} // namespace ferry
