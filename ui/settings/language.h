#pragma once

#include <QString>

class QCoreApplication;

namespace ferry {

// Edit > Settings' language, used when the application starts (app/gui/main.cpp, before
// the window is made): "fr" makes French the default locale (numbers, dates, sizes) and
// installs the French translations found — Qt's own (qtbase_fr.qm in Qt's translations
// folder) and Ferry's (ferry_fr.qm beside the executable or in ../share/ferry/translations).
// "en" keeps English. Returns the translation files installed.
QStringList installLanguage(QCoreApplication *app, const QString &language);

} // namespace ferry
