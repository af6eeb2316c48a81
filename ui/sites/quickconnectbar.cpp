#include "quickconnectbar.h"

#include "actions/icons.h"
#include "sites/connectionhistory.h"
#include "sites/ftpurl.h"

#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>

namespace ferry {

QuickConnectBar::QuickConnectBar(ConnectionHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_host(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_port(new QLineEdit(this))
    , m_connect(new QPushButton(tr("&Connect"), this))
    , m_recent(new QToolButton(this))
{
    setObjectName(QStringLiteral("quickConnectBar"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(4, 2, 4, 2);
    const auto field = [this, row](const QString &label, QLineEdit *edit, const QString &name, int chars) {
        auto *l = new QLabel(label, this);
        l->setBuddy(edit);
        edit->setObjectName(name);
        edit->setMinimumWidth(fontMetrics().averageCharWidth() * chars);
        row->addWidget(l);
        row->addWidget(edit, chars);
        connect(edit, &QLineEdit::returnPressed, this, &QuickConnectBar::submit);
    };
    field(tr("&Host:"), m_host, QStringLiteral("host"), 24);
    field(tr("&User:"), m_user, QStringLiteral("user"), 12);
    field(tr("Pass&word:"), m_password, QStringLiteral("password"), 12);
    field(tr("Po&rt:"), m_port, QStringLiteral("port"), 5);
    m_host->setPlaceholderText(tr("host or ftp://… address"));
    m_host->setClearButtonEnabled(true);
    m_user->setPlaceholderText(tr("anonymous"));
    m_password->setEchoMode(QLineEdit::Password);
    m_port->setValidator(new QIntValidator(1, 65535, m_port));
    m_port->setPlaceholderText(QStringLiteral("21"));
    m_port->setMaximumWidth(fontMetrics().averageCharWidth() * 8);
    m_connect->setIcon(Icons::themed(QStringLiteral("network-connect")));
    m_connect->setObjectName(QStringLiteral("connect"));
    row->addWidget(m_connect);
    connect(m_connect, &QPushButton::clicked, this, &QuickConnectBar::submit);
    m_recent->setObjectName(QStringLiteral("recent"));
    m_recent->setToolTip(tr("Recent connections"));
    m_recent->setAccessibleName(tr("Recent connections"));
    m_recent->setArrowType(Qt::DownArrow);
    m_recent->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_recent);
    m_recent->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, &QuickConnectBar::refreshHistory);
    row->addWidget(m_recent);
    row->addStretch(1);
    refreshHistory();
}

void QuickConnectBar::refreshHistory()
{
    QMenu *menu = m_recent->menu();
    menu->clear();
    if (!m_history || (m_history->quickConnects().isEmpty() && m_history->recentSites().isEmpty())) {
        menu->addAction(tr("No recent connections"))->setEnabled(false);
        return;
    }
    // The site manager's sites first (by id: a renamed site is still found), then addresses.
    for (const ConnectionHistory::RecentSite &site : m_history->recentSites()) {
        QAction *action = menu->addAction(site.path);
        action->setIcon(Icons::themed(QStringLiteral("network-server")));
        connect(action, &QAction::triggered, this,
                [this, id = site.id, path = site.path] { Q_EMIT siteRequested(id, path); });
    }
    if (!m_history->recentSites().isEmpty() && !m_history->quickConnects().isEmpty())
        menu->addSeparator();
    for (const ConnectionHistory::QuickConnect &entry : m_history->quickConnects()) {
        QAction *action = menu->addAction(entry.url);
        connect(action, &QAction::triggered, this, [this, url = entry.url] {
            setAddress(url);
            submit();
        });
    }
}

QString QuickConnectBar::address() const
{
    const QString host = m_host->text().trimmed();
    if (host.isEmpty())
        return {};
    QString error;
    std::optional<FtpUrl> url;
    if (host.contains(QLatin1String("://"))) {
        url = FtpUrl::parse(host, &error);
        if (!url)
            return host; // the connector reports what is wrong with it
    } else {
        url = FtpUrl();
        url->host = host.startsWith(QLatin1Char('[')) ? host.mid(1).chopped(1) : host;
    }
    if (url->user.isEmpty())
        url->user = m_user->text().trimmed();
    if (!m_port->text().isEmpty())
        url->port = quint16(m_port->text().toUInt());
    url->hasPassword = false;
    url->password.clear();
    return url->toDisplayString();
}

QString QuickConnectBar::password() const
{
    if (!m_password->text().isEmpty())
        return m_password->text();
    QString error;
    const QString host = m_host->text().trimmed();
    if (host.contains(QLatin1String("://"))) {
        const auto url = FtpUrl::parse(host, &error);
        if (url && url->hasPassword)
            return url->password;
    }
    return {};
}

void QuickConnectBar::clearPassword()
{
    m_password->clear();
}

void QuickConnectBar::focusHost()
{
    m_host->setFocus();
    m_host->selectAll();
}

void QuickConnectBar::setAddress(const QString &text)
{
    QString error;
    const auto url = FtpUrl::parse(text, &error);
    if (!url) {
        m_host->setText(text);
        return;
    }
    FtpUrl bare = *url;
    bare.user.clear();
    bare.hasPassword = false;
    bare.password.clear();
    const bool plainHost = bare.protocol == Protocol::Ftp && bare.path == QLatin1String("/");
    m_host->setText(plainHost ? url->host : bare.toDisplayString());
    m_user->setText(url->user);
    m_port->setText(url->port == defaultPort(url->protocol) ? QString() : QString::number(url->port));
    m_password->clear();
}

void QuickConnectBar::submit()
{
    const QString target = address();
    if (target.isEmpty()) {
        focusHost();
        return;
    }
    Q_EMIT connectRequested(target, password());
}

} // namespace ferry
