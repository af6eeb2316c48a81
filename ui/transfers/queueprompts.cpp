#include "queueprompts.h"

#include "transfer/transferqueue.h"

#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace ferry {

namespace {
using State = TransferJob::State;
const QList<State> kUnfinished = {State::Queued, State::Paused, State::Waiting, State::Running};
} // namespace

QueuePrompts::QueuePrompts(TransferQueue *queue, QWidget *window)
    : QObject(window)
    , m_queue(queue)
    , m_window(window)
{
    if (queue) {
        connect(queue, &TransferQueue::drained, this, [this] {
            if (m_closeWhenDrained) {
                m_closeWhenDrained = false;
                m_closing = true;
                m_window->close();
            }
        });
    }
}

QueuePrompts::~QueuePrompts() = default;

void QueuePrompts::askAboutUnfinished()
{
    if (!m_queue)
        return;
    const qint64 left = m_queue->countJobs(kUnfinished);
    if (left <= 0)
        return;
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Unfinished Transfers"),
                        tr("%n transfer(s) were not finished.", nullptr, int(qMin<qint64>(left, 1 << 30))),
                        QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("unfinishedQuestion"));
    box->setInformativeText(tr("Resume them (each file continues where it stopped, once its server is "
                               "connected), or clear them from the queue."));
    QPushButton *resume = box->addButton(tr("&Resume"), QMessageBox::AcceptRole);
    QPushButton *clear = box->addButton(tr("&Clear"), QMessageBox::DestructiveRole);
    resume->setObjectName(QStringLiteral("resume"));
    clear->setObjectName(QStringLiteral("clear"));
    box->setDefaultButton(resume);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, resume, clear] {
        if (!m_queue)
            return;
        if (box->clickedButton() == clear)
            m_queue->removeJobs({State::Queued, State::Paused, State::Waiting});
        else if (box->clickedButton() == resume) {
            m_queue->start();
            Q_EMIT resumed();
        }
    });
    m_box = box;
    box->open();
}

bool QueuePrompts::mayClose()
{
    if (m_closing || !m_queue || m_queue->progress().running == 0 || !m_queue->isStarted())
        return true;
    if (m_box)
        return false; // already asking
    auto *box = new QMessageBox(QMessageBox::Question, tr("Transfers Are Running"),
                                tr("Transfers are still running. Close Ferry anyway?"), QMessageBox::NoButton,
                                m_window);
    box->setObjectName(QStringLiteral("closeQuestion"));
    QPushButton *wait = box->addButton(tr("&Wait for Them"), QMessageBox::AcceptRole);
    QPushButton *stop = box->addButton(tr("&Stop and Resume Next Time"), QMessageBox::DestructiveRole);
    QPushButton *cancel = box->addButton(tr("&Cancel the Transfers"), QMessageBox::DestructiveRole);
    QPushButton *keep = box->addButton(tr("&Keep Ferry Open"), QMessageBox::RejectRole);
    wait->setObjectName(QStringLiteral("wait"));
    stop->setObjectName(QStringLiteral("stop"));
    cancel->setObjectName(QStringLiteral("cancel"));
    keep->setObjectName(QStringLiteral("keep"));
    box->setDefaultButton(stop);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, wait, stop, cancel] {
        QAbstractButton *answer = box->clickedButton();
        if (answer == wait) {
            m_closeWhenDrained = true; // the window stays until the queue is done
        } else if (answer == cancel) {
            m_queue->cancel(0); // the window closes once the running ones have stopped
            m_closeWhenDrained = true;
        } else if (answer == stop) {
            m_queue->stop(); // running jobs go back to the queue, resumed next time
            m_closing = true;
            m_window->close();
        }
    });
    m_box = box;
    box->open();
    return false;
}

} // namespace ferry
