#include "pluraltranslator.h"

#include <QCoreApplication>
#include <QTranslator>

namespace ferry {

namespace {
class EnglishPlurals final : public QTranslator {
public:
    using QTranslator::QTranslator;
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *source, const char *, int n) const override
    {
        if (n < 0 || !source)
            return {};
        QString text = QString::fromUtf8(source);
        if (!text.contains(QLatin1String("(s)")))
            return {};
        text.replace(QLatin1String("(s)"), n == 1 ? QString() : QStringLiteral("s"));
        return text;
    }
};
} // namespace

void installEnglishPlurals(QCoreApplication *app)
{
    QCoreApplication::installTranslator(new EnglishPlurals(app));
}

} // namespace ferry
