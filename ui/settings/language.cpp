#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QStringList>
#include <QTranslator>

namespace ferry {

QString systemLanguage(const QLocale &system)
{
    // uiLanguages() is the user's order of preference (LANGUAGE=fr:en); the first one
    // Ferry has wins.
    for (const QString &name : system.uiLanguages()) {
        const QLocale::Language language = QLocale(name).language();
        if (language == QLocale::French)
            return QStringLiteral("fr");
        if (language == QLocale::English || language == QLocale::C)
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

QStringList installLanguage(QCoreApplication *app, const QString &language, const QLocale &system)
{
    const QString chosen = language == QLatin1String("system") ? systemLanguage(system) : language;
    if (chosen != QLatin1String("fr")) {
        if (language == QLatin1String("en") && system.language() != QLocale::English &&
            system.language() != QLocale::C)
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        return {};
    }
    // The system's own French (fr_CA, fr_BE...) for numbers and dates; else France's.
    const QLocale french =
        system.language() == QLocale::French ? system : QLocale(QLocale::French, QLocale::France);
    QLocale::setDefault(french);
    const std::pair<QString, QString> files[] = {
        {QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)},
        {QStringLiteral("ferry"), QStringLiteral(":/i18n")}};
    QStringList installed;
    for (const auto &[name, folder] : files) {
        auto *translator = new QTranslator(app);
        if (translator->load(french, name, QStringLiteral("_"), folder)) {
            QCoreApplication::installTranslator(translator);
            installed.append(translator->filePath());
        } else {
            delete translator;
        }
    }
    return installed;
}

} // namespace ferry
