#include "messagebanner.h"

#include "actions/icons.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>
#include <QToolButton>

namespace ferry {

namespace {
QColor typeColour(MessageBanner::Type type)
{
    switch (type) {
    case MessageBanner::Type::Information:
        return QColor(0x3d, 0x8e, 0xe0);
    case MessageBanner::Type::Positive:
        return QColor(0x3a, 0x9d, 0x5d);
    case MessageBanner::Type::Warning:
        return QColor(0xe3, 0x96, 0x2b);
    case MessageBanner::Type::Error:
        return QColor(0xd9, 0x45, 0x3c);
    }
    return {};
}

QString iconName(MessageBanner::Type type)
{
    switch (type) {
    case MessageBanner::Type::Information:
        return QStringLiteral("dialog-information");
    case MessageBanner::Type::Positive:
        return QStringLiteral("dialog-positive");
    case MessageBanner::Type::Warning:
        return QStringLiteral("dialog-warning");
    case MessageBanner::Type::Error:
        return QStringLiteral("dialog-error");
    }
    return {};
}

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}
} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_buttons(new QHBoxLayout)
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->setSpacing(8);
    layout->addWidget(m_icon);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    m_close->setAutoRaise(true);
    m_close->setIcon(Icons::themed(QStringLiteral("window-close")));
    m_close->setToolTip(tr("Close"));
    m_close->setAccessibleName(tr("Close the message"));
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT closed();
    });
    hide();
}

void MessageBanner::showMessage(Type type, const QString &text)
{
    m_type = type;
    clearActions();
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(Icons::own(iconName(type)).pixmap(QSize(size, size), devicePixelRatioF()));
    m_text->setText(text);
    update();
    show();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::addAction(QAction *action)
{
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_buttons->addWidget(button);
}

void MessageBanner::clearActions()
{
    while (QLayoutItem *item = m_buttons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void MessageBanner::paintEvent(QPaintEvent *)
{
    // KMessageWidget's recipe: the type's colour over the window background, the colour
    // itself as the border; the text keeps the palette's text colour.
    const QColor colour = typeColour(m_type);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour, 1));
    painter.setBrush(mix(palette().color(QPalette::Window), colour, 0.18));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace ferry
