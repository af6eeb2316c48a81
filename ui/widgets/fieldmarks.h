#pragma once

#include <QString>

class QWidget;

namespace ferry {

// An input field whose value cannot be used: a red tint of the desktop's base colour
// (readable in light and dark themes) and the reason as its tool tip. The site editor and
// the settings dialog mark their fields this way.
namespace FieldMarks {
// An empty reason clears the mark.
void mark(QWidget *field, const QString &reason);
bool isMarked(const QWidget *field);
} // namespace FieldMarks

} // namespace ferry
