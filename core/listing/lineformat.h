#pragma once

#include "direntry.h"
#include "listingparser.h"

#include <QByteArrayView>

namespace ferry {

// One listing dialect, asked about one line at a time.
//
// Listings carry no header saying what they are, and a LIST reply may be anything the
// server's author fancied, so ListingParser (in ServerType::Auto) offers each line to the
// formats in turn and remembers which one last answered. A format therefore has to be
// strict enough to say NoMatch quickly and reliably to lines of other dialects.
class LineFormat {
public:
    enum class Result : quint8 {
        NoMatch,  // not this dialect; try another
        Skip,     // this dialect, but nothing to list (MLSD cdir/pdir, "." in ls -la, headers)
        Entry,    // *out holds the entry
        NeedMore, // possibly the first line of an entry wrapped over two lines (VMS puts a
                  // long name alone on its line): ListingParser offers it again joined to the
                  // next line with one space. A joined line never gets NeedMore back.
    };

    virtual ~LineFormat();

    virtual ServerType type() const = 0;

    // line: one non-empty line without its terminator (or two joined, after NeedMore).
    // *out is default-constructed on entry and only meaningful when Entry is returned.
    virtual Result parse(QByteArrayView line, int lineNo, DirEntry *out) = 0;

protected:
    LineFormat() = default;
    LineFormat(const LineFormat &) = delete;
    LineFormat &operator=(const LineFormat &) = delete;
};

} // namespace ferry
