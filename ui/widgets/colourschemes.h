#pragma once

#include <QString>

namespace ferry::ColourSchemes {

// The window's colours: the desktop's (its style and palette), or Ferry's own light or dark
// palette on Qt's Fusion style, for desktops without a dark theme Qt can read.
enum class Scheme { Desktop, Light, Dark };

void apply(Scheme scheme);
QString name(Scheme scheme); // "desktop", "light", "dark": the settings value
Scheme parse(const QString &name);

} // namespace ferry::ColourSchemes
