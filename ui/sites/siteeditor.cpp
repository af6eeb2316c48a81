#include "siteeditor.h"

#include "actions/icons.h"
#include "listing/listingparser.h"
#include "widgets/fieldmarks.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace ferry {

namespace {

using Logon = SiteProfile::LogonType;
using Mode = SiteProfile::TransferMode;

// The charsets offered by name (servers that do not speak UTF-8); any other name the
// system knows may be typed.
const QStringList &namedCharsets()
{
    static const QStringList names{
        QStringLiteral("windows-1252"), QStringLiteral("ISO-8859-1"),   QStringLiteral("ISO-8859-15"),
        QStringLiteral("ISO-8859-2"),   QStringLiteral("windows-1250"), QStringLiteral("windows-1251"),
        QStringLiteral("KOI8-R"),       QStringLiteral("Shift_JIS"),    QStringLiteral("EUC-JP"),
        QStringLiteral("EUC-KR"),       QStringLiteral("GB18030"),      QStringLiteral("Big5")};
    return names;
}

// A form row whose field sits in a layout: its label still takes the field's mnemonic.
void addRow(QFormLayout *form, const QString &text, QWidget *buddy, QLayout *row)
{
    auto *label = new QLabel(text, buddy->parentWidget());
    label->setBuddy(buddy);
    form->addRow(label, row);
}

QLineEdit *withBrowse(QWidget *parent, QHBoxLayout **row, bool folder)
{
    auto *edit = new QLineEdit(parent);
    auto *button = new QToolButton(parent);
    button->setIcon(Icons::themed(folder ? QStringLiteral("folder-open") : QStringLiteral("document-open"),
                                  folder ? QStringLiteral("folder") : QStringLiteral("document-open")));
    button->setToolTip(folder ? SiteEditor::tr("Choose a folder") : SiteEditor::tr("Choose a file"));
    button->setAccessibleName(button->toolTip()); // an icon only
    *row = new QHBoxLayout;
    (*row)->addWidget(edit);
    (*row)->addWidget(button);
    QObject::connect(button, &QToolButton::clicked, edit, [edit, folder] {
        auto *dialog = new QFileDialog(edit->window(), folder ? SiteEditor::tr("Default Local Folder")
                                                              : SiteEditor::tr("Key File"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(folder ? QFileDialog::Directory : QFileDialog::ExistingFile);
        if (!edit->text().isEmpty())
            dialog->selectFile(edit->text());
        QObject::connect(dialog, &QFileDialog::fileSelected, edit, [edit](const QString &path) {
            edit->setText(path);
            Q_EMIT edit->textEdited(path);
        });
        dialog->open();
    });
    return edit;
}

} // namespace

SiteEditor::SiteEditor(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *nameRow = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("siteName"));
    nameRow->addRow(tr("Na&me:"), m_name);
    layout->addLayout(nameRow);
    m_tabs->setAccessibleName(tr("Site settings"));
    m_tabs->addTab(makeGeneral(), tr("&General"));
    m_tabs->addTab(makeAdvanced(), tr("&Advanced"));
    m_tabs->addTab(makeTransfer(), tr("&Transfer Settings"));
    m_tabs->addTab(makeCharset(), tr("C&harset"));
    layout->addWidget(m_tabs);
    m_problemLabel = new QLabel(this);
    m_problemLabel->setObjectName(QStringLiteral("siteProblem"));
    m_problemLabel->setWordWrap(true);
    QPalette red = m_problemLabel->palette();
    red.setColor(QPalette::WindowText, QColor(0xc0, 0x20, 0x20));
    m_problemLabel->setPalette(red);
    layout->addWidget(m_problemLabel);

    const auto changed = [this] { read(); };
    for (QLineEdit *edit :
         {m_name, m_host, m_port, m_user, m_account, m_keyFile, m_localFolder, m_remoteFolder})
        connect(edit, &QLineEdit::textEdited, this, changed);
    for (QComboBox *box : {m_protocol, m_tls, m_logon, m_serverType})
        connect(box, &QComboBox::activated, this, changed);
    connect(m_charset, &QComboBox::currentTextChanged, this, changed);
    connect(m_agent, &QCheckBox::toggled, this, changed);
    connect(m_comments, &QPlainTextEdit::textChanged, this, changed);
    connect(m_timeZone, &QSpinBox::valueChanged, this, changed);
    connect(m_limit, &QSpinBox::valueChanged, this, changed);
    connect(m_syncBrowsing, &QCheckBox::toggled, this, changed);
    connect(m_mode, &QButtonGroup::idToggled, this, changed);
    connect(m_charsetKind, &QButtonGroup::idToggled, this, changed);
    connect(m_password, &QLineEdit::textEdited, this, &SiteEditor::passwordEdited);
    setEnabled(false);
}

QWidget *SiteEditor::makeGeneral()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_protocol = new QComboBox(page);
    m_protocol->addItem(tr("FTP – File Transfer Protocol"), int(Protocol::Ftp));
    m_protocol->addItem(tr("FTPES – FTP over explicit TLS"), int(Protocol::FtpsExplicit));
    m_protocol->addItem(tr("FTPS – FTP over implicit TLS"), int(Protocol::FtpsImplicit));
    m_protocol->addItem(tr("SFTP – SSH File Transfer Protocol"), int(Protocol::Sftp));
    form->addRow(tr("&Protocol:"), m_protocol);
    m_host = new QLineEdit(page);
    m_port = new QLineEdit(page);
    m_port->setMaxLength(6);
    m_port->setPlaceholderText(tr("Port"));
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 4);
    auto *portLabel = new QLabel(tr("P&ort:"), page);
    portLabel->setBuddy(m_port);
    hostRow->addWidget(portLabel);
    hostRow->addWidget(m_port, 1);
    addRow(form, tr("&Host:"), m_host, hostRow);
    m_tls = new QComboBox(page);
    m_tls->addItem(tr("Require explicit TLS"), int(TlsPolicy::Require));
    m_tls->addItem(tr("Use explicit TLS if available"), int(TlsPolicy::IfAvailable));
    m_tls->addItem(tr("Only use plain FTP (insecure)"), int(TlsPolicy::Never));
    form->addRow(tr("&Encryption:"), m_tls);
    m_logon = new QComboBox(page);
    m_logon->addItem(tr("Anonymous"), int(Logon::Anonymous));
    m_logon->addItem(tr("Normal"), int(Logon::Normal));
    m_logon->addItem(tr("Ask for password"), int(Logon::AskPassword));
    m_logon->addItem(tr("Account"), int(Logon::Account));
    m_logon->addItem(tr("Key file"), int(Logon::KeyFile));
    form->addRow(tr("&Logon type:"), m_logon);
    m_user = new QLineEdit(page);
    form->addRow(tr("&User:"), m_user);
    m_password = new QLineEdit(page);
    m_password->setObjectName(QStringLiteral("sitePassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_showPassword = new QToolButton(page);
    m_showPassword->setCheckable(true);
    m_showPassword->setIcon(Icons::themed(QStringLiteral("view-visible"), QStringLiteral("view-hidden")));
    m_showPassword->setText(tr("Show"));
    m_showPassword->setToolTip(tr("Show the password (read from the keychain)"));
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_password);
    passwordRow->addWidget(m_showPassword);
    addRow(form, tr("Pass&word:"), m_password, passwordRow);
    m_account = new QLineEdit(page);
    form->addRow(tr("A&ccount:"), m_account);
    QHBoxLayout *keyRow = nullptr;
    m_keyFile = withBrowse(page, &keyRow, false);
    addRow(form, tr("&Key file:"), m_keyFile, keyRow);
    m_agent = new QCheckBox(tr("Ask the SSH a&gent first"), page);
    form->addRow(QString(), m_agent);
    m_comments = new QPlainTextEdit(page);
    m_comments->setTabChangesFocus(true);
    form->addRow(tr("Comments:"), m_comments);
    return page;
}

QWidget *SiteEditor::makeAdvanced()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_serverType = new QComboBox(page);
    for (const QString &name : ListingParser::serverTypeNames())
        m_serverType->addItem(name == QLatin1String("auto") ? tr("Detect automatically") : name, name);
    form->addRow(tr("&Server type:"), m_serverType);
    QHBoxLayout *localRow = nullptr;
    m_localFolder = withBrowse(page, &localRow, true);
    addRow(form, tr("Default &local folder:"), m_localFolder, localRow);
    m_remoteFolder = new QLineEdit(page);
    m_remoteFolder->setPlaceholderText(tr("The server's start folder"));
    form->addRow(tr("Default &remote folder:"), m_remoteFolder);
    m_timeZone = new QSpinBox(page);
    m_timeZone->setRange(-24 * 60, 24 * 60);
    m_timeZone->setSingleStep(30);
    m_timeZone->setSuffix(tr(" min"));
    m_timeZone->setToolTip(tr("How far the server's listed times are ahead of UTC"));
    form->addRow(tr("Server &time-zone offset:"), m_timeZone);
    m_syncBrowsing = new QCheckBox(tr("S&ynchronized browsing"), page);
    m_syncBrowsing->setToolTip(
        tr("Start with View > Synchronized Browsing on, rooted at the default folders"));
    form->addRow(QString(), m_syncBrowsing);
    return page;
}

QWidget *SiteEditor::makeTransfer()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_mode = new QButtonGroup(page);
    auto *modes = new QVBoxLayout;
    for (const auto &[mode, text] :
         {std::pair{Mode::Default, tr("&Default (passive, active if it fails)")},
          std::pair{Mode::Passive, tr("&Passive")}, std::pair{Mode::Active, tr("&Active")}}) {
        auto *button = new QRadioButton(text, page);
        m_mode->addButton(button, int(mode));
        modes->addWidget(button);
    }
    form->addRow(tr("Transfer mode:"), modes);
    m_limit = new QSpinBox(page);
    m_limit->setRange(SiteProfile::kMinConnections, SiteProfile::kMaxConnections);
    form->addRow(tr("Maximum &connections:"), m_limit);
    return page;
}

QWidget *SiteEditor::makeCharset()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_charsetKind = new QButtonGroup(page);
    const QStringList texts{tr("&Autodetect (UTF-8 when the server's bytes are UTF-8, else Latin-1)"),
                            tr("Force &UTF-8"), tr("Use a &custom charset:")};
    for (int i = 0; i < texts.size(); ++i) {
        auto *button = new QRadioButton(texts.at(i), page);
        m_charsetKind->addButton(button, i);
        layout->addWidget(button);
    }
    m_charset = new QComboBox(page);
    m_charset->setEditable(true);
    m_charset->addItems(namedCharsets());
    m_charset->setAccessibleName(tr("Custom charset"));
    m_charset->lineEdit()->setAccessibleName(m_charset->accessibleName());
    layout->addWidget(m_charset);
    layout->addStretch();
    return page;
}

void SiteEditor::setSite(const SiteProfile &site, const QList<SiteProfile> &siblings)
{
    m_site = site;
    m_siblings = siblings;
    setEnabled(true);
    showSite();
}

void SiteEditor::clear()
{
    m_site = SiteProfile{};
    m_siblings.clear();
    showSite();
    for (QWidget *field :
         {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
          static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_keyFile)})
        FieldMarks::mark(field, QString());
    m_problem.clear();
    m_problemLabel->clear();
    m_problemLabel->hide();
    setEnabled(false);
}

void SiteEditor::showSite()
{
    m_loading = true;
    const SiteProfile &s = m_site;
    m_name->setText(s.name);
    m_protocol->setCurrentIndex(m_protocol->findData(int(s.protocol)));
    m_host->setText(s.host);
    m_port->setText(QString::number(s.port));
    m_tls->setCurrentIndex(m_tls->findData(int(s.tlsPolicy)));
    m_logon->setCurrentIndex(m_logon->findData(int(s.logonType)));
    m_user->setText(s.user);
    m_password->clear();
    m_showPassword->setChecked(false);
    m_password->setEchoMode(QLineEdit::Password);
    m_account->setText(s.account);
    m_keyFile->setText(s.keyFile);
    m_agent->setChecked(s.useAgent);
    m_comments->setPlainText(s.comments);
    m_serverType->setCurrentIndex(std::max(0, m_serverType->findData(s.serverType)));
    m_localFolder->setText(s.localFolder);
    m_remoteFolder->setText(s.remoteFolder);
    m_timeZone->setValue(s.timeZoneOffsetMinutes);
    m_mode->button(int(s.transferMode))->setChecked(true);
    m_limit->setValue(s.connectionLimit);
    m_syncBrowsing->setChecked(s.syncBrowsing);
    const bool isAuto = s.charset.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0;
    const bool isUtf8 = s.charset.compare(QLatin1String("UTF-8"), Qt::CaseInsensitive) == 0;
    m_charsetKind->button(isAuto ? 0 : isUtf8 ? 1 : 2)->setChecked(true);
    m_charset->setCurrentText(isAuto || isUtf8 ? namedCharsets().first() : s.charset);
    m_loading = false;
    updateEnabled();
    check();
}

void SiteEditor::read()
{
    if (m_loading)
        return;
    SiteProfile &s = m_site;
    s.name = m_name->text();
    const auto protocol = Protocol(m_protocol->currentData().toInt());
    if (protocol != s.protocol && s.port == defaultPort(s.protocol)) {
        // Switching protocols moves the port along when it was the old one's default.
        s.port = defaultPort(protocol);
        m_port->setText(QString::number(s.port));
    }
    s.protocol = protocol;
    s.host = m_host->text().trimmed();
    bool ok = false;
    const uint port = m_port->text().trimmed().toUInt(&ok);
    if (ok && port <= 65535)
        s.port = quint16(port);
    s.tlsPolicy = TlsPolicy(m_tls->currentData().toInt());
    s.logonType = Logon(m_logon->currentData().toInt());
    s.user = m_user->text();
    s.account = m_account->text();
    s.keyFile = m_keyFile->text().trimmed();
    s.useAgent = m_agent->isChecked();
    s.comments = m_comments->toPlainText();
    s.serverType = m_serverType->currentData().toString();
    s.localFolder = m_localFolder->text().trimmed();
    s.remoteFolder = m_remoteFolder->text().trimmed();
    s.timeZoneOffsetMinutes = m_timeZone->value();
    s.transferMode = Mode(std::max(0, m_mode->checkedId()));
    s.connectionLimit = m_limit->value();
    s.syncBrowsing = m_syncBrowsing->isChecked();
    const int kind = m_charsetKind->checkedId();
    s.charset = kind == 0   ? QStringLiteral("auto")
                : kind == 1 ? QStringLiteral("UTF-8")
                            : m_charset->currentText().trimmed();
    updateEnabled();
    check();
    Q_EMIT edited(m_site);
}

void SiteEditor::updateEnabled()
{
    const SiteProfile &s = m_site;
    const bool sftp = s.protocol == Protocol::Sftp;
    m_tls->setEnabled(s.protocol == Protocol::Ftp);
    const bool named = s.logonType != Logon::Anonymous;
    m_user->setEnabled(named);
    m_password->setEnabled(s.storesPassword());
    m_showPassword->setEnabled(s.storesPassword());
    m_password->setPlaceholderText(s.logonType == Logon::KeyFile ? tr("The key's passphrase, if it has one")
                                   : s.storesPassword()          ? QString()
                                                                 : tr("Not kept"));
    m_account->setEnabled(s.logonType == Logon::Account);
    m_keyFile->setEnabled(sftp);
    m_agent->setEnabled(sftp);
    m_serverType->setEnabled(!sftp);
    for (QAbstractButton *b : m_mode->buttons())
        b->setEnabled(!sftp);
    m_charset->setEnabled(m_charsetKind->checkedId() == 2);
}

QString SiteEditor::problemOf(const SiteProfile &site, const QList<SiteProfile> &siblings, Field *field,
                              const QString &portText)
{
    Field where = Field::Other;
    QString why;
    bool portOk = true;
    const uint port = portText.isNull() ? site.port : portText.trimmed().toUInt(&portOk);
    if (site.name.trimmed().isEmpty()) {
        where = Field::Name;
        why = tr("The site needs a name.");
    } else if (site.name.contains(QLatin1Char('/'))) {
        where = Field::Name;
        why = tr("A name cannot contain \"/\" (it separates folders).");
    } else if (std::any_of(siblings.cbegin(), siblings.cend(), [&](const SiteProfile &o) {
                   return o.id != site.id && o.folder == site.folder && o.name == site.name;
               })) {
        where = Field::Name;
        why = tr("Another site in this folder has this name.");
    } else if (site.host.isEmpty()) {
        where = Field::Host;
        why = tr("The site needs a host.");
    } else if (!portOk || port < 1 || port > 65535) {
        where = Field::Port;
        why = tr("The port must be a number from 1 to 65535.");
    } else if (site.logonType == Logon::KeyFile && site.keyFile.isEmpty()) {
        where = Field::KeyFile;
        why = tr("Choose the key file.");
    } else {
        why = site.validate();
        if (why.contains(QLatin1String("host"), Qt::CaseInsensitive))
            where = Field::Host;
    }
    if (field)
        *field = where;
    return why;
}

void SiteEditor::check()
{
    Field field = Field::Other;
    m_problem = problemOf(m_site, m_siblings, &field, m_port->text());
    const std::pair<Field, QWidget *> fields[] = {{Field::Name, m_name},
                                                  {Field::Host, m_host},
                                                  {Field::Port, m_port},
                                                  {Field::User, m_user},
                                                  {Field::KeyFile, m_keyFile}};
    for (const auto &[which, widget] : fields)
        FieldMarks::mark(widget, which == field ? m_problem : QString());
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
}

bool SiteEditor::isMarked(const QWidget *field)
{
    return FieldMarks::isMarked(field);
}

} // namespace ferry
