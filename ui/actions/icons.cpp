#include "icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace ferry::Icons {

namespace {

// Renders an SVG whose strokes and fills say "currentColor" in the palette's colour for the
// mode: text, highlighted text for selected rows, disabled text.
class TintedSvgEngine final : public QIconEngine {
public:
    TintedSvgEngine(QString name, QByteArray svg)
        : m_name(std::move(name))
        , m_svg(std::move(svg))
    {
    }

    QIconEngine *clone() const override { return new TintedSvgEngine(m_name, m_svg); }
    QString key() const override { return QStringLiteral("ferry-tinted-svg"); }
    QString iconName() override { return m_name; }
    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, ratio));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        const QPalette palette = QGuiApplication::palette();
        const QColor color = mode == QIcon::Disabled ? palette.color(QPalette::Disabled, QPalette::WindowText)
                             : mode == QIcon::Selected ? palette.color(QPalette::HighlightedText)
                                                       : palette.color(QPalette::WindowText);
        const QSize pixels = size * scale;
        const QString cacheKey = QStringLiteral("ferry:%1:%2x%3:%4")
                                     .arg(m_name)
                                     .arg(pixels.width())
                                     .arg(pixels.height())
                                     .arg(color.rgba());
        QPixmap pixmap;
        if (!QPixmapCache::find(cacheKey, &pixmap)) {
            QByteArray svg = m_svg;
            svg.replace("currentColor", color.name().toLatin1());
            QSvgRenderer renderer(svg);
            pixmap = QPixmap(pixels);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(pixels)));
            p.end();
            QPixmapCache::insert(cacheKey, pixmap);
        }
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

private:
    QString m_name;
    QByteArray m_svg;
};

} // namespace

QIcon own(const QString &name)
{
    static QHash<QString, QIcon> cache; // GUI thread only
    const auto it = cache.constFind(name);
    if (it != cache.cend())
        return *it;
    QFile file(QStringLiteral(":/ferry/icons/") + name + QStringLiteral(".svg"));
    QIcon icon;
    if (file.open(QIODevice::ReadOnly))
        icon = QIcon(new TintedSvgEngine(name, file.readAll()));
    cache.insert(name, icon);
    return icon;
}

QIcon themed(const QString &themeName, const QString &fallback)
{
    if (QIcon::hasThemeIcon(themeName))
        return QIcon::fromTheme(themeName);
    return own(fallback.isEmpty() ? themeName : fallback);
}

} // namespace ferry::Icons
