#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace ferry {

// "Password for ann@example.com": asked when a site has none in the keychain (or a URL
// names a user without one). "Remember in the keychain" is offered for sites only, and
// only when a keychain is reachable.
class PasswordDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasswordDialog)
public:
    // `rememberHint`: why remembering is not offered (empty: it is).
    PasswordDialog(const QString &user, const QString &host, const QString &rememberHint,
                   QWidget *parent = nullptr);

    QString password() const;
    bool remember() const;
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *rememberBox() const { return m_remember; }

private:
    QLineEdit *m_password;
    QCheckBox *m_remember;
};

} // namespace ferry
