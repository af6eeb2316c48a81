#pragma once

#include "sites/siteprofile.h"

#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace ferry {

// Every setting of one site, in FileZilla's tabs: General (name, protocol, host, port, TLS
// policy, logon, user, password, account, SFTP key file and agent, comments), Advanced
// (server type, default folders, time-zone offset), Transfer settings (data connection
// mode, connection limit) and Charset. Edits the profile it is given and says so
// (edited); a field whose value cannot be saved is marked with the reason (problem()).
// The password field only collects what the user types: the dialog decides where it goes.
class SiteEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteEditor)
public:
    enum class Field { Name, Host, Port, User, KeyFile, Other };

    explicit SiteEditor(QWidget *parent = nullptr);

    // `siblings`: the other sites, to refuse a name taken in the same folder.
    void setSite(const SiteProfile &site, const QList<SiteProfile> &siblings);
    // No site: empty fields, no marks, disabled.
    void clear();
    const SiteProfile &site() const { return m_site; }
    // Empty when the site can be saved; else the first reason (also shown on its field).
    QString problem() const { return m_problem; }
    // What is wrong with this profile (the port as typed, when not a number in range).
    static QString problemOf(const SiteProfile &site, const QList<SiteProfile> &siblings,
                             Field *field = nullptr, const QString &portText = {});

    // The widgets, for the dialog and the tests.
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *protocolBox() const { return m_protocol; }
    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *portEdit() const { return m_port; }
    QComboBox *tlsBox() const { return m_tls; }
    QComboBox *logonBox() const { return m_logon; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QToolButton *showPasswordButton() const { return m_showPassword; }
    QLineEdit *accountEdit() const { return m_account; }
    QLineEdit *keyFileEdit() const { return m_keyFile; }
    QCheckBox *agentBox() const { return m_agent; }
    QPlainTextEdit *commentsEdit() const { return m_comments; }
    QComboBox *serverTypeBox() const { return m_serverType; }
    QLineEdit *localFolderEdit() const { return m_localFolder; }
    QLineEdit *remoteFolderEdit() const { return m_remoteFolder; }
    QSpinBox *timeZoneBox() const { return m_timeZone; }
    QButtonGroup *transferModeGroup() const { return m_mode; }
    QSpinBox *connectionLimitBox() const { return m_limit; }
    QCheckBox *syncBrowsingBox() const { return m_syncBrowsing; }
    QButtonGroup *charsetGroup() const { return m_charsetKind; }
    QComboBox *charsetBox() const { return m_charset; }
    QLabel *problemLabel() const { return m_problemLabel; }
    // Marked invalid (the reason is its tool tip).
    static bool isMarked(const QWidget *field);

Q_SIGNALS:
    void edited(const SiteProfile &site);
    void passwordEdited(const QString &password);

private:
    QWidget *makeGeneral();
    QWidget *makeAdvanced();
    QWidget *makeTransfer();
    QWidget *makeCharset();
    void read();          // the widgets into m_site
    void showSite();      // m_site into the widgets
    void updateEnabled(); // fields that do not apply to the protocol or logon type
    void check();         // problem() and the marks

    SiteProfile m_site;
    QList<SiteProfile> m_siblings;
    QString m_problem;
    bool m_loading = false;
    QTabWidget *m_tabs;
    QLineEdit *m_name;
    QComboBox *m_protocol;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QComboBox *m_tls;
    QComboBox *m_logon;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QToolButton *m_showPassword;
    QLineEdit *m_account;
    QLineEdit *m_keyFile;
    QCheckBox *m_agent;
    QPlainTextEdit *m_comments;
    QComboBox *m_serverType;
    QLineEdit *m_localFolder;
    QLineEdit *m_remoteFolder;
    QSpinBox *m_timeZone;
    QButtonGroup *m_mode;
    QSpinBox *m_limit;
    QCheckBox *m_syncBrowsing;
    QButtonGroup *m_charsetKind;
    QComboBox *m_charset;
    QLabel *m_problemLabel;
};

} // namespace ferry
