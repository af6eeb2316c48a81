#include "settingspages.h"

#include "widgets/fieldmarks.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace ferry {

namespace {

constexpr qint64 KiB = 1024;

QSpinBox *spinBox(QWidget *parent, const char *name, int low, int high, const QString &suffix = {},
                  const QString &special = {})
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(low, high);
    box->setSuffix(suffix);
    box->setSpecialValueText(special);
    box->setAccelerated(true);
    return box;
}

QComboBox *comboBox(QWidget *parent, const char *name)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(QLatin1String(name));
    return box;
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

void select(QComboBox *box, const QVariant &data)
{
    box->setCurrentIndex(qMax(0, box->findData(data)));
}

template<typename E>
E selected(const QComboBox *box)
{
    return E(box->currentData().toInt());
}

// A group of radio buttons, one per (value, text), in a column; returns the column.
QVBoxLayout *radios(QWidget *parent, QButtonGroup *group,
                    std::initializer_list<std::pair<int, QString>> choices)
{
    auto *column = new QVBoxLayout;
    for (const auto &[value, text] : choices) {
        auto *button = new QRadioButton(text, parent);
        group->addButton(button, value);
        column->addWidget(button);
    }
    return column;
}

} // namespace

// --- Transfers ---

TransfersPage::TransfersPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *connections = new QGroupBox(tr("Connections"), this);
    auto *form = new QFormLayout(connections);
    m_perSite = spinBox(connections, "perSiteBox", 1, AppSettings::kMaxConnections);
    m_perSite->setToolTip(
        tr("For addresses typed in the connection bar; a site of the site manager has its own"));
    m_total = spinBox(connections, "totalBox", 1, AppSettings::kMaxConnections * 4);
    form->addRow(tr("Transfers at once per &site:"), m_perSite);
    form->addRow(tr("Transfers at once in tota&l:"), m_total);
    m_retries = spinBox(connections, "retriesBox", 0, 99, {}, tr("None"));
    m_retryDelay = new QDoubleSpinBox(connections);
    m_retryDelay->setObjectName(QStringLiteral("retryDelayBox"));
    m_retryDelay->setRange(0, 3600);
    m_retryDelay->setDecimals(1);
    m_retryDelay->setSingleStep(0.5);
    m_retryDelay->setSuffix(tr(" s"));
    m_retryDelay->setSpecialValueText(tr("At once"));
    m_retryDelay->setToolTip(tr("Each further retry waits twice as long, a minute at most"));
    form->addRow(tr("Retries of a &failed transfer:"), m_retries);
    form->addRow(tr("&Wait before the first retry:"), m_retryDelay);
    layout->addWidget(connections);

    auto *files = new QGroupBox(tr("Files"), this);
    form = new QFormLayout(files);
    m_overwrite = comboBox(files, "overwriteBox");
    using O = TransferJob::Overwrite;
    for (const auto &[value, text] :
         {std::pair{O::Ask, tr("Ask")}, std::pair{O::Overwrite, tr("Overwrite")},
          std::pair{O::IfNewer, tr("Overwrite if the source is newer")},
          std::pair{O::IfSizeDiffers, tr("Overwrite if the size differs")},
          std::pair{O::Resume, tr("Resume a shorter file")}, std::pair{O::Rename, tr("Keep both (rename)")},
          std::pair{O::Skip, tr("Skip")}})
        m_overwrite->addItem(text, int(value));
    form->addRow(tr("When the target e&xists:"), m_overwrite);
    m_type = comboBox(files, "typeBox");
    using M = TransferJob::Mode;
    for (const auto &[value, text] : {std::pair{M::Binary, tr("Binary")}, std::pair{M::Ascii, tr("ASCII")},
                                      std::pair{M::Auto, tr("Automatic (ASCII for the extensions below)")}})
        m_type->addItem(text, int(value));
    form->addRow(tr("Transfer t&ype:"), m_type);
    m_ascii = new QLineEdit(files);
    m_ascii->setObjectName(QStringLiteral("asciiEdit"));
    m_ascii->setPlaceholderText(tr("txt html php …"));
    form->addRow(tr("ASCII exte&nsions:"), m_ascii);
    m_preserve = new QCheckBox(tr("Keep the &modification time of transferred files"), files);
    m_preserve->setObjectName(QStringLiteral("preserveBox"));
    form->addRow(m_preserve);
    layout->addWidget(files);

    auto *speed = new QGroupBox(tr("Speed limits"), this);
    form = new QFormLayout(speed);
    m_download = spinBox(speed, "downloadLimitBox", 0, 10'000'000, tr(" KiB/s"), tr("No limit"));
    m_upload = spinBox(speed, "uploadLimitBox", 0, 10'000'000, tr(" KiB/s"), tr("No limit"));
    form->addRow(tr("&Download:"), m_download);
    form->addRow(tr("&Upload:"), m_upload);
    layout->addWidget(speed);
    layout->addStretch();

    for (QSpinBox *box : {m_perSite, m_total, m_retries, m_download, m_upload})
        connect(box, &QSpinBox::valueChanged, this, &TransfersPage::edited);
    connect(m_retryDelay, &QDoubleSpinBox::valueChanged, this, &TransfersPage::edited);
    for (QComboBox *box : {m_overwrite, m_type})
        connect(box, &QComboBox::currentIndexChanged, this, &TransfersPage::edited);
    connect(m_ascii, &QLineEdit::textChanged, this, &TransfersPage::edited);
    connect(m_preserve, &QCheckBox::toggled, this, &TransfersPage::edited);
}

void TransfersPage::display(const AppSettings &s)
{
    m_perSite->setValue(s.connectionsPerSite);
    m_total->setValue(s.connectionsTotal);
    m_retries->setValue(s.retries);
    m_retryDelay->setValue(s.retryDelayMs / 1000.0);
    select(m_overwrite, int(s.overwrite));
    select(m_type, int(s.transferType));
    m_ascii->setText(s.asciiExtensions.join(QLatin1Char(' ')));
    m_ascii->setCursorPosition(0);
    m_preserve->setChecked(s.preserveTimes);
    m_download->setValue(int(s.downloadLimit / KiB));
    m_upload->setValue(int(s.uploadLimit / KiB));
}

void TransfersPage::read(AppSettings &s) const
{
    s.connectionsPerSite = m_perSite->value();
    s.connectionsTotal = m_total->value();
    s.retries = m_retries->value();
    s.retryDelayMs = int(std::lround(m_retryDelay->value() * 1000));
    s.overwrite = selected<TransferJob::Overwrite>(m_overwrite);
    s.transferType = selected<TransferJob::Mode>(m_type);
    s.asciiExtensions = AppSettings::parseExtensions(m_ascii->text());
    s.preserveTimes = m_preserve->isChecked();
    s.downloadLimit = m_download->value() * KiB;
    s.uploadLimit = m_upload->value() * KiB;
}

QString TransfersPage::check(const AppSettings &s)
{
    const QString connections = s.problemWithConnections();
    const QString extensions = s.problemWithExtensions();
    FieldMarks::mark(m_perSite, connections);
    FieldMarks::mark(m_ascii, extensions);
    return connections.isEmpty() ? extensions : connections;
}

// --- Connection ---

ConnectionPage::ConnectionPage(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QButtonGroup(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *waits = new QGroupBox(tr("Waiting"), this);
    auto *form = new QFormLayout(waits);
    m_timeout = spinBox(waits, "timeoutBox", 5, 3600, tr(" s"));
    m_timeout->setToolTip(tr("A connection that shows no progress at all for this long is given up"));
    m_keepAlive = spinBox(waits, "keepAliveBox", 0, 3600, tr(" s"), tr("Off"));
    m_keepAlive->setToolTip(tr("Send a NOOP command this often while the connection is idle"));
    form->addRow(tr("Ti&meout:"), m_timeout);
    form->addRow(tr("&Keep-alive every:"), m_keepAlive);
    layout->addWidget(waits);

    auto *mode = new QGroupBox(tr("FTP data connections"), this);
    auto *column = radios(mode, m_mode,
                          {{int(DataMode::Passive), tr("&Passive (the client connects to the server)")},
                           {int(DataMode::Active), tr("Acti&ve (the server connects to the client)")}});
    m_mode->button(int(DataMode::Passive))->setObjectName(QStringLiteral("passiveButton"));
    m_mode->button(int(DataMode::Active))->setObjectName(QStringLiteral("activeButton"));
    column->addWidget(note(tr("The other mode is tried when the server refuses this one. A site's own "
                              "transfer mode in the site manager wins."),
                           mode));
    mode->setLayout(column);
    layout->addWidget(mode);

    auto *sites = new QGroupBox(tr("New sites"), this);
    form = new QFormLayout(sites);
    m_newSite = comboBox(sites, "newSiteBox");
    using S = AppSettings::NewSiteSecurity;
    for (const auto &[value, text] : {std::pair{S::RequireExplicitTls, tr("FTPES – require explicit TLS")},
                                      std::pair{S::TlsIfAvailable, tr("FTP – TLS if the server offers it")},
                                      std::pair{S::ImplicitTls, tr("FTPS – implicit TLS")},
                                      std::pair{S::Plain, tr("FTP – plain, not encrypted")}})
        m_newSite->addItem(text, int(value));
    form->addRow(tr("&Security of a new site:"), m_newSite);
    layout->addWidget(sites);
    layout->addWidget(note(tr("These settings are used from the next connection on."), this));
    layout->addStretch();

    for (QSpinBox *box : {m_timeout, m_keepAlive})
        connect(box, &QSpinBox::valueChanged, this, &ConnectionPage::edited);
    connect(m_mode, &QButtonGroup::idToggled, this, &ConnectionPage::edited);
    connect(m_newSite, &QComboBox::currentIndexChanged, this, &ConnectionPage::edited);
}

void ConnectionPage::display(const AppSettings &s)
{
    m_timeout->setValue(s.timeoutSeconds);
    m_keepAlive->setValue(s.keepAliveSeconds);
    m_mode->button(int(s.dataMode))->setChecked(true);
    select(m_newSite, int(s.newSiteSecurity));
}

void ConnectionPage::read(AppSettings &s) const
{
    s.timeoutSeconds = m_timeout->value();
    s.keepAliveSeconds = m_keepAlive->value();
    s.dataMode = DataMode(m_mode->checkedId());
    s.newSiteSecurity = selected<AppSettings::NewSiteSecurity>(m_newSite);
}

// --- Interface ---

InterfacePage::InterfacePage(QWidget *parent)
    : QWidget(parent)
    , m_doubleClick(new QButtonGroup(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *files = new QGroupBox(tr("Enter and double-click on a file"), this);
    files->setLayout(radios(files, m_doubleClick,
                            {{0, tr("Transfer it to the other side's &folder")},
                             {1, tr("O&pen it (a server's file is downloaded first)")}}));
    m_doubleClick->button(0)->setObjectName(QStringLiteral("doubleClickTransfers"));
    m_doubleClick->button(1)->setObjectName(QStringLiteral("doubleClickOpens"));
    layout->addWidget(files);

    auto *lists = new QGroupBox(tr("File lists"), this);
    auto *column = new QVBoxLayout(lists);
    m_showHidden = new QCheckBox(tr("Show &hidden files"), lists);
    m_showHidden->setObjectName(QStringLiteral("showHiddenBox"));
    m_confirmDeletes = new QCheckBox(tr("Confirm before &deleting"), lists);
    m_confirmDeletes->setObjectName(QStringLiteral("confirmDeletesBox"));
    column->addWidget(m_showHidden);
    column->addWidget(m_confirmDeletes);
    layout->addWidget(lists);

    auto *language = new QGroupBox(tr("Language"), this);
    auto *form = new QFormLayout(language);
    m_language = comboBox(language, "languageBox");
    m_language->addItem(tr("The system's language"), QStringLiteral("system"));
    // Each language in its own name, as desktops list them.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    form->addRow(tr("&Language:"), m_language);
    form->addRow(note(tr("The language changes the next time Ferry starts."), language));
    layout->addWidget(language);
    layout->addStretch();

    connect(m_doubleClick, &QButtonGroup::idToggled, this, &InterfacePage::edited);
    for (QCheckBox *box : {m_showHidden, m_confirmDeletes})
        connect(box, &QCheckBox::toggled, this, &InterfacePage::edited);
    connect(m_language, &QComboBox::currentIndexChanged, this, &InterfacePage::edited);
}

void InterfacePage::display(const AppSettings &s)
{
    m_doubleClick->button(s.doubleClickOpens ? 1 : 0)->setChecked(true);
    m_showHidden->setChecked(s.showHidden);
    m_confirmDeletes->setChecked(s.confirmDeletes);
    select(m_language, s.language);
}

void InterfacePage::read(AppSettings &s) const
{
    s.doubleClickOpens = m_doubleClick->checkedId() == 1;
    s.showHidden = m_showHidden->isChecked();
    s.confirmDeletes = m_confirmDeletes->isChecked();
    s.language = m_language->currentData().toString();
}

} // namespace ferry
