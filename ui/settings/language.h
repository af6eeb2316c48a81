#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace ferry {

// Edit > Settings' language, used when the application starts (app/gui/main.cpp, before
// the window is made). "system" follows the desktop (QLocale::system(): LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG): French where the user's languages put French before English. "fr"
// makes French the default locale (numbers, dates, sizes) whatever the system says; "en"
// keeps English (an English locale for numbers when the system's language is another).
// For French, installs Ferry's translation (compiled in: :/i18n/ferry_fr.qm, from
// translations/ferry_fr.ts) and Qt's own (qtbase_fr.qm in Qt's translations folder,
// qt6-translations-l10n). Returns the translation files installed.
QStringList installLanguage(QCoreApplication *app, const QString &language,
                            const QLocale &system = QLocale::system());

// The language "system" means for a system locale: "fr" or "en".
QString systemLanguage(const QLocale &system);

} // namespace ferry
