#pragma once

#include <QIcon>
#include <QString>

namespace ferry::Icons {

// An icon by its freedesktop name: the desktop theme's when it has one, else Ferry's own
// SVG from resources/icons/<fallback>.svg, drawn in the palette's text colour (so it reads
// in light and dark palettes and at any scale). `fallback` defaults to `themeName`.
QIcon themed(const QString &themeName, const QString &fallback = {});
// Ferry's own SVG, never the theme's (the application icon, the padlocks).
QIcon own(const QString &name);

} // namespace ferry::Icons
