#pragma once

#include <QWidget>

class QSplitter;

namespace ferry {

class Pane;
class SiteTab;

// The two panes side by side, local on the left, one of them active (Dolphin's
// DolphinTabPage): the active pane is where the menus' commands apply and where Tab comes
// from; clicking or focusing a pane makes it active. At start the local pane has the focus.
class BrowserPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserPage)
public:
    explicit BrowserPage(SiteTab *tab, QWidget *parent = nullptr);

    SiteTab *siteTab() const { return m_tab; }
    Pane *localPane() const { return m_local; }
    Pane *remotePane() const { return m_remote; }
    Pane *activePane() const { return m_active; }
    Pane *otherPane(const Pane *pane) const { return pane == m_local ? m_remote : m_local; }
    void setActivePane(Pane *pane);
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void activePaneChanged(ferry::Pane *pane);
    // Anything the enable rules look at changed: selection, folder, history.
    void stateChanged();
    void contextMenuRequested(ferry::Pane *pane, const QPoint &globalPos);

private:
    void wire(Pane *pane);

    SiteTab *m_tab;
    QSplitter *m_splitter;
    Pane *m_local;
    Pane *m_remote;
    Pane *m_active = nullptr;
};

} // namespace ferry
