#pragma once

#include <QUuid>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace ferry {

class ConnectionHistory;

// FileZilla's quick-connect bar: host (or a whole ftp://, ftpes:// or ftps:// address), user,
// password, port and Connect; the drop-down lists the recent connections from
// ConnectionHistory: sites of the site manager (siteRequested), then addresses (a password
// is never kept). Enter in any field connects.
class QuickConnectBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickConnectBar)
public:
    explicit QuickConnectBar(ConnectionHistory *history, QWidget *parent = nullptr);

    // The address the fields describe, without the password ("ftp://ann@host:2121/"); a
    // host field holding a URL is taken as it is, the other fields filling what it lacks.
    QString address() const;
    QString password() const;
    void clearPassword();
    void focusHost();
    // Fills the fields from an address (a recent connection).
    void setAddress(const QString &url);
    void refreshHistory();

    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *portEdit() const { return m_port; }
    QPushButton *connectButton() const { return m_connect; }
    QToolButton *historyButton() const { return m_recent; }

Q_SIGNALS:
    void connectRequested(const QString &address, const QString &password);
    void siteRequested(const QUuid &id, const QString &pathWhenUsed);

private:
    void submit();

    ConnectionHistory *m_history;
    QLineEdit *m_host;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_port;
    QPushButton *m_connect;
    QToolButton *m_recent;
};

} // namespace ferry
