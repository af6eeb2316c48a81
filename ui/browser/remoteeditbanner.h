#pragma once

#include "remoteeditor.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QAction;
class QMessageBox;
class QWidget;

namespace ferry {

class MessageBanner;

// What the RemoteEditor asks, shown in a banner of its own above the remote file list
// (never a modal box per save): "a.txt was saved — Upload / Always Upload / Ignore", a
// change on the server ("Upload Anyway / Ignore"), an upload done. One file at a time: a
// conflict first, then the oldest saved file. And the question when the window closes with
// changes not on the server: upload them and close, discard them, or keep the window.
class RemoteEditBanner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteEditBanner)
public:
    RemoteEditBanner(RemoteEditor *editor, QWidget *window);

    MessageBanner *banner() const { return m_banner; }
    // True: the window may close now (the editor's copies can go). False: a question is
    // open, or uploads run, and the window closes (close() again) once they are done,
    // unless the answer was to keep it open.
    bool mayClose();
    QMessageBox *openQuestion() const { return m_box; }

private:
    void refresh(int changedId);
    void ask(const RemoteEditor::File &file);
    QAction *button(const QString &name, const QString &text, const std::function<void()> &then);
    void closeWhenSent();

    RemoteEditor *m_editor;
    QWidget *m_window;
    MessageBanner *m_banner;
    QPointer<QMessageBox> m_box;
    QList<QAction *> m_actions;
    QHash<int, RemoteEditor::State> m_last;
    bool m_closeWhenSent = false;
    bool m_closing = false;
};

} // namespace ferry
