#pragma once

#include "ftpoperation.h"

#include <QDateTime>

namespace ferry {

// The single-command operations (and the two-step RNFR/RNTO), each with what its reply
// means: a path for PWD/MKD, a size for SIZE, a time for MDTM, text for STAT/HELP/SYST.
class CommandOperation final : public FtpOperation {
    Q_OBJECT
public:
    enum class Command {
        Cwd,
        Cdup,
        Pwd,
        Mkd,
        Rmd,
        Dele,
        Rename,
        Size,
        Mdtm,
        SetMtime,
        Chmod,
        Stat,
        Help,
        Noop,
        Syst,
        Rein,
        Allo,
        Raw,
        Quit
    };
    Q_ENUM(Command)
    enum class State { Idle, SettingType, Sent, SentSecond, Done };
    Q_ENUM(State)

    CommandOperation(FtpSession *session, Command command, QStringList arguments, QStringList pathsToCheck);

    Command command() const { return m_command; }
    // Results, valid once finished successfully:
    QString path() const { return m_path; }         // PWD, MKD (from the 257 reply), CWD
    qint64 sizeResult() const { return m_size; }    // SIZE
    QDateTime timeResult() const { return m_time; } // MDTM (UTC)
    // text() (RemoteCall): the reply text, all lines joined by '\n'

    // Parses the quoted path of a 257 reply ("/a ""b""" -> /a "b"), RFC 959 Appendix II.
    static bool parseQuotedPath(const QString &text, QString *path);
    // Parses an RFC 3659 time-val (YYYYMMDDHHMMSS[.sss]) as UTC.
    static QDateTime parseTimeVal(const QString &text);
    static QString formatTimeVal(const QDateTime &utc);

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    bool mayFollowPipelined() const override { return true; }

private:
    void sendMain();
    void sendTracked(const QString &verb, const QString &arguments = {}, bool sensitive = false);
    QString describe() const;
    Command m_command;
    QStringList m_args;
    State m_state = State::Idle;
    QString m_path;
    qint64 m_size = -1;
    QDateTime m_time;
    QString m_sentCommand; // the last command line sent (sensitive arguments masked)
};

} // namespace ferry
