#include "remoteeditbanner.h"

#include "widgets/messagebanner.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace ferry {

using State = RemoteEditor::State;

RemoteEditBanner::RemoteEditBanner(RemoteEditor *editor, QWidget *window)
    : QObject(window)
    , m_editor(editor)
    , m_window(window)
    , m_banner(new MessageBanner(window))
{
    m_banner->setObjectName(QStringLiteral("editBanner"));
    connect(editor, &RemoteEditor::fileChanged, this, &RemoteEditBanner::refresh);
}

QAction *RemoteEditBanner::button(const QString &name, const QString &text, const std::function<void()> &then)
{
    auto *action = new QAction(text, m_banner);
    action->setObjectName(name);
    connect(action, &QAction::triggered, this, then);
    m_banner->addAction(action);
    m_actions.append(action);
    return action;
}

void RemoteEditBanner::refresh(int changedId)
{
    const RemoteEditor::File *changed = m_editor->file(changedId);
    const State before = m_last.value(changedId, State::Downloading);
    if (changed)
        m_last.insert(changedId, changed->state);
    else
        m_last.remove(changedId);
    // What waits for an answer: a conflict first, then the oldest saved file.
    const QList<int> ids = m_editor->ids();
    for (State wanted : {State::Conflict, State::Changed}) {
        for (int id : ids) {
            if (const RemoteEditor::File *f = m_editor->file(id); f && f->state == wanted) {
                ask(*f);
                return;
            }
        }
    }
    const bool asking = !m_actions.isEmpty() && m_banner->type() != MessageBanner::Type::Positive;
    qDeleteAll(std::exchange(m_actions, {}));
    if (changed && before == State::Uploading && changed->state == State::Open) {
        m_banner->showMessage(MessageBanner::Type::Positive,
                              tr("%1 was uploaded to %2.").arg(changed->name(), changed->remotePath));
        if (m_editor->uploadsAutomatically()) {
            button(QStringLiteral("editStopAuto"), tr("Stop Uploading Automatically"), [this] {
                m_editor->setUploadsAutomatically(false);
                m_banner->hide();
            });
        }
    } else if (asking) {
        m_banner->hide();
    }
    if (m_closeWhenSent)
        closeWhenSent();
}

void RemoteEditBanner::ask(const RemoteEditor::File &file)
{
    const int id = file.id;
    m_closeWhenSent = false; // the user decides first
    qDeleteAll(std::exchange(m_actions, {}));
    if (file.state == State::Conflict) {
        m_banner->showMessage(MessageBanner::Type::Warning,
                              tr("%1 Upload your copy anyway?").arg(file.reason));
        button(QStringLiteral("editUploadAnyway"), tr("Upload Anyway"),
               [this, id] { m_editor->uploadAnyway(id); });
        button(QStringLiteral("editIgnore"), tr("Ignore"), [this, id] { m_editor->ignore(id); });
        return;
    }
    QString text = tr("%1 was saved. Upload it to the server?").arg(file.name());
    if (!file.reason.isEmpty())
        text = file.reason + QLatin1Char(' ') + text;
    m_banner->showMessage(MessageBanner::Type::Information, text);
    button(QStringLiteral("editUpload"), tr("Upload"), [this, id] { m_editor->upload(id); });
    button(QStringLiteral("editAlwaysUpload"), tr("Always Upload"), [this, id] {
        m_editor->setUploadsAutomatically(true);
        m_editor->upload(id);
    })->setToolTip(tr("Upload edited files whenever they are saved, without asking"));
    button(QStringLiteral("editIgnore"), tr("Ignore"), [this, id] { m_editor->ignore(id); });
}

bool RemoteEditBanner::mayClose()
{
    if (m_closing || m_editor->unsent().isEmpty())
        return true;
    if (m_box)
        return false; // already asking
    if (m_closeWhenSent)
        return false; // uploading before closing
    QStringList names;
    for (int id : m_editor->unsent())
        names.append(m_editor->file(id)->name());
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Edited Files"),
        tr("Changes not on the server yet in %n edited file(s): %1", nullptr, int(names.size()))
            .arg(names.join(QStringLiteral(", "))),
        QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("editCloseQuestion"));
    box->setInformativeText(tr("The temporary copies are deleted when Ferry closes."));
    QPushButton *upload = box->addButton(tr("&Upload and Close"), QMessageBox::AcceptRole);
    QPushButton *discard = box->addButton(tr("&Discard Changes"), QMessageBox::DestructiveRole);
    QPushButton *keep = box->addButton(tr("&Keep Ferry Open"), QMessageBox::RejectRole);
    upload->setObjectName(QStringLiteral("upload"));
    discard->setObjectName(QStringLiteral("discard"));
    keep->setObjectName(QStringLiteral("keep"));
    box->setDefaultButton(upload);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, upload, discard] {
        QAbstractButton *answer = box->clickedButton();
        if (answer == upload) {
            m_editor->uploadAllChanged();
            m_closeWhenSent = true; // a failure or a conflict (asked in the banner) stops it
            closeWhenSent();
        } else if (answer == discard) {
            m_closing = true;
            m_window->close();
        }
    });
    m_box = box;
    box->open();
    return false;
}

void RemoteEditBanner::closeWhenSent()
{
    // Conflicts and failed uploads stop the closing (the banner asks); the rest waits for
    // the queue.
    if (!m_closeWhenSent || m_editor->isUploading())
        return;
    const QList<int> left = m_editor->unsent();
    m_closeWhenSent = false;
    if (left.isEmpty()) {
        m_closing = true;
        // On the next turn: this runs inside the editor's fileChanged, and closing the window
        // removes the editor's files (closeAll) under the function that emitted it.
        QMetaObject::invokeMethod(m_window, &QWidget::close, Qt::QueuedConnection);
    }
}

} // namespace ferry
