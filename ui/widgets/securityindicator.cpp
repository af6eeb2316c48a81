#include "securityindicator.h"

#include "actions/icons.h"

namespace ferry {

SecurityIndicator::SecurityIndicator(QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("securityIndicator"));
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setLevel(Level::None);
}

void SecurityIndicator::setLevel(Level level, const QString &description)
{
    m_level = level;
    setVisible(level != Level::None);
    switch (level) {
    case Level::None:
        setText({});
        break;
    case Level::Plain:
        setIcon(Icons::own(QStringLiteral("lock-open")));
        setText(tr("Not encrypted"));
        setToolTip(tr("Plain FTP: the password and the files cross the network in clear text"));
        setStyleSheet(QStringLiteral("QToolButton { color: #c0651a; }"));
        break;
    case Level::Encrypted:
        setIcon(Icons::own(QStringLiteral("lock")));
        setText(description);
        setToolTip(tr("Encrypted (%1). Click to see the server's certificate.").arg(description));
        setStyleSheet({});
        break;
    }
    setAccessibleName(toolTip());
}

} // namespace ferry
