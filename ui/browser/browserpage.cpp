#include "browserpage.h"

#include "pane.h"
#include "panecontroller.h"
#include "paneview.h"
#include "sitetab.h"

#include <QHBoxLayout>
#include <QSplitter>

namespace ferry {

BrowserPage::BrowserPage(SiteTab *tab, QWidget *parent)
    : QWidget(parent)
    , m_tab(tab)
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_local(new Pane(tab->local(), m_splitter))
    , m_remote(new Pane(tab->remote(), m_splitter))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_splitter->setObjectName(QStringLiteral("paneSplitter"));
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter);
    m_remote->setIdleText(tr("Not connected.\n\nType a server or an ftp:// address above and press Enter."));
    wire(m_local);
    wire(m_remote);
    connect(tab, &SiteTab::insecure, m_remote, &Pane::showWarning);
    connect(tab, &SiteTab::problem, this, [this](const QString &message) { m_active->showProblem(message); });
    setActivePane(m_local);
}

void BrowserPage::wire(Pane *pane)
{
    connect(pane, &Pane::focused, this, [this, pane] { setActivePane(pane); });
    connect(pane, &Pane::switchPaneRequested, this, [this, pane] {
        Pane *other = otherPane(pane);
        setActivePane(other);
        other->view()->setFocus(Qt::TabFocusReason);
    });
    connect(pane, &Pane::activated, this, [this, pane](const QList<DirEntry> &entries) {
        m_tab->activate(pane->controller()->side(), entries);
    });
    connect(pane, &Pane::contextMenuRequested, this, [this, pane](const QPoint &pos) {
        setActivePane(pane);
        Q_EMIT contextMenuRequested(pane, pos);
    });
    connect(pane, &Pane::selectionChanged, this, &BrowserPage::stateChanged);
    connect(pane->view(), &PaneView::dragEnded, this,
            [this, pane] { m_tab->dragEnded(pane->controller()->side()); });
    PaneController *c = pane->controller();
    connect(c, &PaneController::historyChanged, this, &BrowserPage::stateChanged);
    connect(c, &PaneController::attachedChanged, this, &BrowserPage::stateChanged);
    connect(c, &PaneController::loaded, this, &BrowserPage::stateChanged);
}

void BrowserPage::setActivePane(Pane *pane)
{
    if (pane == m_active)
        return;
    m_active = pane;
    m_local->setActive(pane == m_local);
    m_remote->setActive(pane == m_remote);
    Q_EMIT activePaneChanged(pane);
    Q_EMIT stateChanged();
}

} // namespace ferry
