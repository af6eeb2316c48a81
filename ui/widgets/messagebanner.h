#pragma once

#include <QFrame>

class QLabel;
class QHBoxLayout;
class QToolButton;

namespace ferry {

// A one-line message above a pane (KDE's KMessageWidget): errors from listings and file
// operations, the plain-FTP warning. Never modal; closed with its button, replaced by the
// next message. Colours are mixed from the palette, so it reads in light and dark themes.
class MessageBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)
public:
    enum class Type { Information, Positive, Warning, Error };
    Q_ENUM(Type)

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Type type, const QString &text);
    // Adds a button after the text (removed with the next message).
    void addAction(QAction *action);
    void clearActions();
    Type type() const { return m_type; }
    QString text() const;

Q_SIGNALS:
    void closed();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QHBoxLayout *m_buttons;
    QToolButton *m_close;
    Type m_type = Type::Information;
};

} // namespace ferry
