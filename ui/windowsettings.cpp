#include "windowsettings.h"

#include "actions/actions.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/panecontroller.h"
#include "browser/paneview.h"
#include "mainwindow.h"
#include "settings/appsettings.h"
#include "widgets/colourschemes.h"

#include <QAction>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>

namespace ferry {

namespace {
QString key(const Pane *pane, const char *what)
{
    return (pane->controller()->isRemote() ? QLatin1String("remotePane/") : QLatin1String("localPane/")) +
           QLatin1String(what);
}
} // namespace

WindowSettings::WindowSettings(QSettings *settings)
    : m_settings(settings)
{
}

QString WindowSettings::lastLocalFolder() const
{
    return m_settings ? m_settings->value(QStringLiteral("localPane/folder")).toString() : QString();
}

bool WindowSettings::showHidden() const
{
    return m_settings && AppSettings::load(m_settings).showHidden;
}

void WindowSettings::restore(MainWindow *window) const
{
    if (!m_settings)
        return;
    QSettings &s = *m_settings;
    window->restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    window->restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    window->mainSplitter()->restoreState(s.value(QStringLiteral("window/mainSplitter")).toByteArray());
    BrowserPage *page = window->page();
    page->splitter()->restoreState(s.value(QStringLiteral("window/paneSplitter")).toByteArray());
    for (Pane *pane : {page->localPane(), page->remotePane()}) {
        pane->splitter()->restoreState(s.value(key(pane, "treeSplitter")).toByteArray());
        QHeaderView *header = pane->view()->header();
        if (pane->view()->restoreColumns(s.value(key(pane, "columns")).toByteArray()))
            pane->view()->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    }
    Actions *actions = window->actions();
    actions->get(Actions::Id::ShowHidden)->setChecked(showHidden());
    actions->get(Actions::Id::ShowTree)->setChecked(s.value(QStringLiteral("view/showTree"), true).toBool());
    actions->get(Actions::Id::ShowLog)->setChecked(s.value(QStringLiteral("view/showLog"), true).toBool());
    actions->get(Actions::Id::EnterOpens)->setChecked(AppSettings::load(m_settings).doubleClickOpens);
    for (Actions::Id id : {Actions::Id::ShowHidden, Actions::Id::ShowTree, Actions::Id::ShowLog})
        Q_EMIT actions->get(id)->triggered(actions->get(id)->isChecked()); // apply them
    switch (ColourSchemes::parse(s.value(QStringLiteral("view/colours")).toString())) {
    case ColourSchemes::Scheme::Desktop:
        break; // as the application started
    case ColourSchemes::Scheme::Light:
        actions->get(Actions::Id::ColoursLight)->trigger();
        break;
    case ColourSchemes::Scheme::Dark:
        actions->get(Actions::Id::ColoursDark)->trigger();
        break;
    }
}

void WindowSettings::save(const MainWindow *window) const
{
    if (!m_settings)
        return;
    QSettings &s = *m_settings;
    s.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
    s.setValue(QStringLiteral("window/state"), window->saveState());
    s.setValue(QStringLiteral("window/mainSplitter"), window->mainSplitter()->saveState());
    BrowserPage *page = window->page();
    s.setValue(QStringLiteral("window/paneSplitter"), page->splitter()->saveState());
    for (Pane *pane : {page->localPane(), page->remotePane()}) {
        s.setValue(key(pane, "treeSplitter"), pane->splitter()->saveState());
        s.setValue(key(pane, "columns"), pane->view()->saveColumns());
    }
    const QString local = page->localPane()->controller()->path();
    if (!local.isEmpty())
        s.setValue(QStringLiteral("localPane/folder"), local);
    Actions *actions = window->actions();
    s.setValue(AppSettings::kShowHiddenKey, actions->get(Actions::Id::ShowHidden)->isChecked());
    s.setValue(QStringLiteral("view/showTree"), actions->get(Actions::Id::ShowTree)->isChecked());
    s.setValue(QStringLiteral("view/showLog"), actions->get(Actions::Id::ShowLog)->isChecked());
    s.setValue(AppSettings::kDoubleClickOpensKey, actions->get(Actions::Id::EnterOpens)->isChecked());
    const ColourSchemes::Scheme scheme =
        actions->get(Actions::Id::ColoursDark)->isChecked()    ? ColourSchemes::Scheme::Dark
        : actions->get(Actions::Id::ColoursLight)->isChecked() ? ColourSchemes::Scheme::Light
                                                               : ColourSchemes::Scheme::Desktop;
    s.setValue(QStringLiteral("view/colours"), ColourSchemes::name(scheme));
    s.sync();
}

} // namespace ferry
