#pragma once

#include <QToolButton>

namespace ferry {

// The padlock in the status bar: closed with the TLS version and cipher when the server
// connection is encrypted (click: its certificate), open and in a warning colour for plain
// FTP, hidden when nothing is connected.
class SecurityIndicator final : public QToolButton {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecurityIndicator)
public:
    explicit SecurityIndicator(QWidget *parent = nullptr);

    enum class Level { None, Plain, Encrypted };
    void setLevel(Level level, const QString &description = {});
    Level level() const { return m_level; }

private:
    Level m_level = Level::None;
};

} // namespace ferry
