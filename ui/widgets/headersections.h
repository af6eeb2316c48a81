#pragma once

#include <QHeaderView>

namespace ferry {

// Sets a column's starting width, never narrower than its title (with the sort arrow), so
// that no header is cut ("Permissions", "Time left") in any language or font size.
inline void resizeSectionAtLeastTitle(QHeaderView *header, int section, int width)
{
    header->resizeSection(section, qMax(width, header->sectionSizeHint(section)));
}

} // namespace ferry
