#include "settingsdialog.h"

#include "settingspages.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ferry {

SettingsDialog::SettingsDialog(const AppSettings &current, QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_tabs(new QTabWidget(this))
    , m_transfers(new TransfersPage(m_tabs))
    , m_connection(new ConnectionPage(m_tabs))
    , m_interface(new InterfacePage(m_tabs))
    , m_problemLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::Apply | QDialogButtonBox::RestoreDefaults,
                                     this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_tabs->setAccessibleName(tr("Settings pages"));
    m_tabs->addTab(m_transfers, tr("&Transfers"));
    m_tabs->addTab(m_connection, tr("&Connection"));
    m_tabs->addTab(m_interface, tr("&Interface"));
    m_problemLabel->setObjectName(QStringLiteral("settingsProblem"));
    m_problemLabel->setWordWrap(true);
    // Room for the reason kept, so that it appears without pushing the buttons away.
    m_problemLabel->setMinimumHeight(m_problemLabel->fontMetrics().lineSpacing() * 2);
    m_problemLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette red = m_problemLabel->palette();
    red.setColor(QPalette::WindowText, QColor(0xc0, 0x20, 0x20));
    m_problemLabel->setPalette(red);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    connect(m_transfers, &TransfersPage::edited, this, &SettingsDialog::check);
    connect(m_connection, &ConnectionPage::edited, this, &SettingsDialog::check);
    connect(m_interface, &InterfacePage::edited, this, &SettingsDialog::check);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(okButton(), &QPushButton::clicked, this, [this] {
        apply();
        accept();
    });
    connect(applyButton(), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(restoreDefaultsButton(), &QPushButton::clicked, this, [this] { display(AppSettings()); });
    display(current);
}

QPushButton *SettingsDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QPushButton *SettingsDialog::applyButton() const
{
    return m_buttons->button(QDialogButtonBox::Apply);
}

QPushButton *SettingsDialog::cancelButton() const
{
    return m_buttons->button(QDialogButtonBox::Cancel);
}

QPushButton *SettingsDialog::restoreDefaultsButton() const
{
    return m_buttons->button(QDialogButtonBox::RestoreDefaults);
}

AppSettings SettingsDialog::edited() const
{
    AppSettings s;
    m_transfers->read(s);
    m_connection->read(s);
    m_interface->read(s);
    return s;
}

void SettingsDialog::display(const AppSettings &settings)
{
    m_loading = true;
    m_transfers->display(settings);
    m_connection->display(settings);
    m_interface->display(settings);
    m_loading = false;
    check();
}

void SettingsDialog::check()
{
    if (m_loading)
        return;
    m_problem = m_transfers->check(edited());
    m_problemLabel->setText(m_problem);
    okButton()->setEnabled(m_problem.isEmpty());
    applyButton()->setEnabled(m_problem.isEmpty());
}

void SettingsDialog::apply()
{
    if (!m_problem.isEmpty())
        return;
    const AppSettings settings = edited();
    settings.save(m_settings);
    Q_EMIT applied(settings);
}

} // namespace ferry
