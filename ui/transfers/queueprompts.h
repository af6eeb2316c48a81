#pragma once

#include <QMessageBox>
#include <QObject>
#include <QPointer>

class QWidget;

namespace ferry {

class TransferQueue;

// The two questions about a queue that outlives the window (FileZilla asks the same):
// at start, "N transfers were not finished" (Resume, the default, or Clear); when the
// window closes while transfers run, wait for them, stop them and resume next time, or
// cancel them. Both boxes are opened with open(), never exec().
class QueuePrompts final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueuePrompts)
public:
    QueuePrompts(TransferQueue *queue, QWidget *window);
    ~QueuePrompts() override;

    // Asks about unfinished jobs left by an earlier run (nothing when there are none).
    void askAboutUnfinished();
    // True: the window may close now. False: a question is open and the window closes
    // (close() again) once it is answered, unless the answer was to keep it open.
    bool mayClose();
    QMessageBox *openQuestion() const { return m_box; }

Q_SIGNALS:
    void resumed(); // "Resume" started the queue: its sites want their logins (QueueLogins)

private:
    QPointer<TransferQueue> m_queue;
    QWidget *m_window;
    QPointer<QMessageBox> m_box;
    bool m_closeWhenDrained = false;
    bool m_closing = false;
};

} // namespace ferry
