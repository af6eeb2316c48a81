#pragma once

#include "direntry.h"
#include "namedecoder.h"
#include "yearinference.h"

#include <QByteArrayView>

namespace ferry {

// What every line format shares within one listing: the name decoder (one charset policy
// for all of them), the year inference (one "today"), and whether the user or the server's
// SYST reply said which dialect this is.
struct FormatContext {
    NameDecoder *names = nullptr;
    const YearInference *years = nullptr;

    // The format was forced or hinted (not merely auto-detected): it may accept lines that
    // are too ambiguous to claim otherwise, such as an MVS member listed by name alone.
    bool trusted = false;

    // rawName is what goes back to the server; name is for people (and local files).
    void setName(DirEntry *e, QByteArrayView raw) const
    {
        e->rawName = raw.toByteArray();
        e->name = names->decode(raw);
    }
};

} // namespace ferry
