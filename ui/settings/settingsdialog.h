#pragma once

#include "appsettings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QSettings;
class QTabWidget;

namespace ferry {

class ConnectionPage;
class InterfacePage;
class TransfersPage;

// Edit > Settings: the Transfers, Connection and Interface pages over a copy of the
// settings. OK and Apply write them to QSettings and say applied() (the window takes them
// from the next connection or job on); Cancel drops every edit; Restore Defaults shows the
// defaults (written only by OK or Apply). OK and Apply are disabled while a field is
// marked invalid. Opened with open(), never exec().
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    SettingsDialog(const AppSettings &current, QSettings *settings, QWidget *parent = nullptr);

    AppSettings edited() const; // what the pages show now
    QString problem() const { return m_problem; }

    QTabWidget *tabs() const { return m_tabs; }
    TransfersPage *transfersPage() const { return m_transfers; }
    ConnectionPage *connectionPage() const { return m_connection; }
    InterfacePage *interfacePage() const { return m_interface; }
    QPushButton *okButton() const;
    QPushButton *applyButton() const;
    QPushButton *cancelButton() const;
    QPushButton *restoreDefaultsButton() const;

Q_SIGNALS:
    void applied(const ferry::AppSettings &settings);

private:
    void display(const AppSettings &settings);
    void check();
    void apply();

    QSettings *m_settings;
    QTabWidget *m_tabs;
    TransfersPage *m_transfers;
    ConnectionPage *m_connection;
    InterfacePage *m_interface;
    QLabel *m_problemLabel;
    QDialogButtonBox *m_buttons;
    QString m_problem;
    bool m_loading = false;
};

} // namespace ferry
