#pragma once

#include "appcontext.h"
#include "appsettings.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace ferry {

class Actions;
class PaneCommands;
class SettingsDialog;
class SpeedLimits;

// Edit > Settings for the window: opens the dialog on the current settings and applies
// what it says. What applies at once: the queue's limits, retries and speed limits (for
// jobs not started yet; running ones keep their connection), show hidden files, confirm
// deletes, what Enter and double-click do. Connections and jobs read AppSettings when
// they start (Connector, SiteTab), so the next connection or job uses the new values.
// No engine object of its own; the window owns it.
class SettingsController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsController)
public:
    SettingsController(const AppContext &context, Actions *actions, PaneCommands *commands,
                       SpeedLimits *speedLimits, QWidget *window);

    // What QSettings holds, with the window's live toggles (View > Show Hidden Files and
    // Transfer > Enter Opens may have changed since they were saved).
    AppSettings current() const;
    void apply(const AppSettings &settings);
    // Opens the dialog (open(), never exec()); it deletes itself when closed.
    SettingsDialog *openDialog();
    SettingsDialog *dialog() const; // the open one, else null

private:
    AppContext m_context;
    Actions *m_actions;
    PaneCommands *m_commands;
    SpeedLimits *m_speedLimits;
    QWidget *m_window;
    QPointer<SettingsDialog> m_dialog;
};

} // namespace ferry
