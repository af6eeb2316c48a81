#include "fieldmarks.h"

#include <QColor>
#include <QPalette>
#include <QVariant>
#include <QWidget>

namespace ferry {

namespace {
constexpr char kInvalid[] = "ferryInvalid";
} // namespace

void FieldMarks::mark(QWidget *field, const QString &reason)
{
    const bool invalid = !reason.isEmpty();
    if (field->property(kInvalid).toBool() == invalid && field->toolTip() == reason)
        return;
    field->setProperty(kInvalid, invalid);
    field->setToolTip(reason);
    QPalette palette = field->parentWidget() ? field->parentWidget()->palette() : QPalette();
    if (invalid)
        palette.setColor(QPalette::Base, QColor::fromRgbF((palette.color(QPalette::Base).redF() + 0.9) / 2,
                                                          palette.color(QPalette::Base).greenF() * 0.6,
                                                          palette.color(QPalette::Base).blueF() * 0.6));
    field->setPalette(palette);
}

bool FieldMarks::isMarked(const QWidget *field)
{
    return field->property(kInvalid).toBool();
}

} // namespace ferry
