#pragma once

#include <QMetaType>
#include <QString>

namespace ferry {

// One line of the user-visible protocol transcript: what the GUI log and `ferry-cli -v`
// show. Commands are recorded after masking (PASS is never shown).
struct TranscriptLine {
    enum class Kind { Status, Command, Reply, Error };
    Kind kind = Kind::Status;
    QString text;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::TranscriptLine)
