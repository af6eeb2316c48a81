#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStringList>
#include <QTranslator>

namespace ferry {

QStringList installLanguage(QCoreApplication *app, const QString &language)
{
    if (language != QLatin1String("fr"))
        return {};
    const QLocale french(QLocale::French, QLocale::France);
    QLocale::setDefault(french);
    const QString here = QCoreApplication::applicationDirPath();
    const std::pair<QString, QStringList> files[] = {
        {QStringLiteral("qtbase"), {QLibraryInfo::path(QLibraryInfo::TranslationsPath)}},
        {QStringLiteral("ferry"), {here, here + QLatin1String("/../share/ferry/translations")}}};
    QStringList installed;
    for (const auto &[name, folders] : files) {
        for (const QString &folder : folders) {
            auto *translator = new QTranslator(app);
            if (translator->load(french, name, QStringLiteral("_"), folder)) {
                QCoreApplication::installTranslator(translator);
                installed.append(translator->filePath());
                break;
            }
            delete translator;
        }
    }
    return installed;
}

} // namespace ferry
