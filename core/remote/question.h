#pragma once

#include <QObject>
#include <QString>

namespace ferry {

// A question the engine asks whoever drives it (CONVENTIONS.md: "questions are request
// objects", FileZilla's reqId_*): trust this certificate or host key, a password, a
// passphrase. The session waits, its timeout paused, until the question is answered; the
// GUI answers with a dialog, ferry-cli with flags or a TTY prompt, tests directly. Each
// kind is a subclass with its own answer(); qobject_cast tells them apart.
//
// A question belongs to the session that asked (its parent): when that session goes away
// unanswered, the question is destroyed with it, and a dialog showing it should close.
class Question : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Question)
public:
    ~Question() override;

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    bool isAnswered() const { return m_answered; }
    // A multi-line description for a terminal or a dialog.
    virtual QString describe() const = 0;
    // The safe answer (reject, cancel): what happens when nobody can answer.
    virtual void decline() = 0;

Q_SIGNALS:
    // Answered, whatever the answer (after the subclass's own signal).
    void settled();

protected:
    Question(QString host, quint16 port, QObject *parent);
    // Marks the question answered; false when it already was (a second answer is ignored).
    bool markAnswered();

private:
    QString m_host;
    quint16 m_port;
    bool m_answered = false;
};

} // namespace ferry
