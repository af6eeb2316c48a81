#pragma once

#include <QLatin1String>
#include <QMetaType>
#include <QString>

namespace ferry {

// One line of the user-visible protocol transcript: what the GUI log and `ferry-cli -v`
// show. Commands are recorded after masking (PASS is never shown).
struct TranscriptLine {
    enum class Kind { Status, Command, Reply, Error };
    Kind kind = Kind::Status;
    QString text;

    // "* " status, "> " command, "< " reply, "! " error: how a transcript line is marked in
    // a log that has no colours (ferry-cli -v, a copied selection of the GUI's log).
    static QLatin1String prefix(Kind kind)
    {
        static constexpr const char *marks[] = {"* ", "> ", "< ", "! "};
        return QLatin1String(marks[int(kind)]);
    }
    QString marked() const { return prefix(kind) + text; }
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::TranscriptLine)
