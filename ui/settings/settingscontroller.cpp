#include "settingscontroller.h"

#include "actions/actions.h"
#include "browser/panecommands.h"
#include "settingsdialog.h"
#include "transfer/transferqueue.h"
#include "transfers/speedlimits.h"

#include <QAction>

namespace ferry {

SettingsController::SettingsController(const AppContext &context, Actions *actions, PaneCommands *commands,
                                       SpeedLimits *speedLimits, QWidget *window)
    : QObject(window)
    , m_context(context)
    , m_actions(actions)
    , m_commands(commands)
    , m_speedLimits(speedLimits)
    , m_window(window)
{
}

AppSettings SettingsController::current() const
{
    AppSettings s = AppSettings::load(m_context.settings);
    s.showHidden = m_actions->get(Actions::Id::ShowHidden)->isChecked();
    s.doubleClickOpens = m_actions->get(Actions::Id::EnterOpens)->isChecked();
    if (m_speedLimits) {
        s.downloadLimit = m_speedLimits->downloadLimit();
        s.uploadLimit = m_speedLimits->uploadLimit();
    }
    return s;
}

void SettingsController::apply(const AppSettings &s)
{
    if (m_context.queue)
        s.applyTo(*m_context.queue);
    if (m_speedLimits) {
        if (s.downloadLimit != m_speedLimits->downloadLimit() ||
            s.uploadLimit != m_speedLimits->uploadLimit())
            m_speedLimits->setLimits(s.downloadLimit, s.uploadLimit);
    } else if (m_context.queue) {
        m_context.queue->setSpeedLimits(s.downloadLimit, s.uploadLimit);
    }
    m_commands->setConfirmDeletes(s.confirmDeletes);
    // Through the actions, so that their menu check marks and slots follow.
    for (const auto &[id, on] : {std::pair{Actions::Id::ShowHidden, s.showHidden},
                                 std::pair{Actions::Id::EnterOpens, s.doubleClickOpens}}) {
        QAction *action = m_actions->get(id);
        if (action->isChecked() != on)
            action->trigger();
    }
}

SettingsDialog *SettingsController::dialog() const
{
    return m_dialog;
}

SettingsDialog *SettingsController::openDialog()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    m_dialog = new SettingsDialog(current(), m_context.settings, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &SettingsDialog::applied, this, &SettingsController::apply);
    m_dialog->open();
    return m_dialog;
}

} // namespace ferry
