#include "commandoperation.h"

#include "ftpsession.h"

#include <QTimeZone>

namespace ferry {

CommandOperation::CommandOperation(FtpSession *session, Command command, QStringList arguments,
                                   QStringList pathsToCheck)
    : FtpOperation(session, std::move(pathsToCheck))
    , m_command(command)
    , m_args(std::move(arguments))
{
}

bool CommandOperation::parseQuotedPath(const QString &text, QString *path)
{
    // RFC 959 Appendix II: the path is quoted; an embedded quote is doubled.
    const qsizetype open = text.indexOf(QLatin1Char('"'));
    if (open < 0)
        return false;
    QString result;
    for (qsizetype i = open + 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                result.append(c);
                ++i;
                continue;
            }
            *path = result;
            return true;
        }
        result.append(c);
    }
    return false;
}

QDateTime CommandOperation::parseTimeVal(const QString &text)
{
    // RFC 3659 §2.3: YYYYMMDDHHMMSS[.sss], always UTC.
    const QString t = text.trimmed();
    if (t.size() < 14)
        return {};
    bool ok = true;
    auto num = [&](qsizetype pos, qsizetype len) {
        bool good = false;
        const int v = t.mid(pos, len).toInt(&good);
        ok = ok && good;
        return v;
    };
    const QDate date(num(0, 4), num(4, 2), num(6, 2));
    int ms = 0;
    if (t.size() > 15 && t.at(14) == QLatin1Char('.')) {
        QString frac = t.mid(15, 3);
        while (frac.size() < 3)
            frac.append(QLatin1Char('0'));
        ms = frac.toInt();
    }
    const QTime time(num(8, 2), num(10, 2), num(12, 2), ms);
    if (!ok || !date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

QString CommandOperation::formatTimeVal(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyyMMddHHmmss"));
}

QString CommandOperation::describe() const
{
    switch (m_command) {
    case Command::Cwd:
        return tr("Could not change to folder %1").arg(m_args.value(0));
    case Command::Cdup:
        return tr("Could not change to the parent folder");
    case Command::Pwd:
        return tr("Could not get the current folder");
    case Command::Mkd:
        return tr("Could not create folder %1").arg(m_args.value(0));
    case Command::Rmd:
        return tr("Could not remove folder %1").arg(m_args.value(0));
    case Command::Dele:
        return tr("Could not delete %1").arg(m_args.value(0));
    case Command::Rename:
        return tr("Could not rename %1 to %2").arg(m_args.value(0), m_args.value(1));
    case Command::Size:
        return tr("Could not get the size of %1").arg(m_args.value(0));
    case Command::Mdtm:
        return tr("Could not get the modification time of %1").arg(m_args.value(0));
    case Command::SetMtime:
        return tr("Could not set the modification time of %1").arg(m_args.value(1));
    case Command::Chmod:
        return tr("Could not change the permissions of %1").arg(m_args.value(1));
    case Command::Stat:
        return tr("STAT failed");
    case Command::Help:
        return tr("HELP failed");
    case Command::Noop:
        return tr("NOOP failed");
    case Command::Syst:
        return tr("SYST failed");
    case Command::Rein:
        return tr("Could not reinitialize the session");
    case Command::Allo:
        return tr("ALLO failed");
    case Command::Raw:
        return tr("The server refused \"%1\"").arg(m_args.value(0));
    case Command::Quit:
        return tr("QUIT failed");
    }
    return {};
}

void CommandOperation::start()
{
    if (m_command == Command::Rein && session()->isEncrypted()) {
        // REIN resets the login; servers differ on whether TLS survives it, and a re-login
        // that went out in clear would leak the password. Refused on FTPS sessions.
        finish(
            RemoteError(RemoteError::Kind::InvalidArgument,
                        tr("REIN is not used on encrypted sessions; reconnect instead. Nothing was sent.")));
        return;
    }
    // Some servers (ProFTPD) refuse SIZE in ASCII mode, and in ASCII mode a size would
    // not match the bytes a binary transfer moves (RFC 3659 §4).
    if (m_command == Command::Size && context().facts().type != TransferType::Binary) {
        m_state = State::SettingType;
        sendTracked(QStringLiteral("TYPE"), QStringLiteral("I"));
        return;
    }
    sendMain();
}

void CommandOperation::sendTracked(const QString &verb, const QString &arguments, bool sensitive)
{
    // What the reply answers, for RemoteError::fromReply (a sensitive argument is not kept).
    m_sentCommand =
        arguments.isEmpty() ? verb : verb + (sensitive ? QStringLiteral(" ****") : u' ' + arguments);
    send(verb, arguments, sensitive);
}

void CommandOperation::sendMain()
{
    m_state = State::Sent;
    const QString a0 = m_args.value(0);
    switch (m_command) {
    case Command::Cwd:
        sendTracked(QStringLiteral("CWD"), a0);
        break;
    case Command::Cdup:
        sendTracked(QStringLiteral("CDUP"));
        break;
    case Command::Pwd:
        sendTracked(QStringLiteral("PWD"));
        break;
    case Command::Mkd:
        sendTracked(QStringLiteral("MKD"), a0);
        break;
    case Command::Rmd:
        sendTracked(QStringLiteral("RMD"), a0);
        break;
    case Command::Dele:
        sendTracked(QStringLiteral("DELE"), a0);
        break;
    case Command::Rename:
        sendTracked(QStringLiteral("RNFR"), a0);
        break;
    case Command::Size:
        sendTracked(QStringLiteral("SIZE"), a0);
        break;
    case Command::Mdtm:
        sendTracked(QStringLiteral("MDTM"), a0);
        break;
    case Command::SetMtime:
        // MFMT (draft-somers-ftp-mfxx) when offered; else the older two-argument MDTM
        // that vsftpd (mdtm_write) and others accept.
        if (session()->capabilities().hasMfmt())
            sendTracked(QStringLiteral("MFMT"), a0 + QLatin1Char(' ') + m_args.value(1));
        else
            sendTracked(QStringLiteral("MDTM"), a0 + QLatin1Char(' ') + m_args.value(1));
        break;
    case Command::Chmod:
        sendTracked(QStringLiteral("SITE"),
                    QStringLiteral("CHMOD ") + a0 + QLatin1Char(' ') + m_args.value(1));
        break;
    case Command::Stat:
        sendTracked(QStringLiteral("STAT"), a0);
        break;
    case Command::Help:
        sendTracked(QStringLiteral("HELP"), a0);
        break;
    case Command::Noop:
        sendTracked(QStringLiteral("NOOP"));
        break;
    case Command::Syst:
        sendTracked(QStringLiteral("SYST"));
        break;
    case Command::Rein:
        sendTracked(QStringLiteral("REIN"));
        break;
    case Command::Allo:
        sendTracked(QStringLiteral("ALLO"), a0);
        break;
    case Command::Raw: {
        const qsizetype space = a0.indexOf(QLatin1Char(' '));
        const QString verb = space < 0 ? a0 : a0.left(space);
        const bool sensitive = verb.compare(QLatin1String("PASS"), Qt::CaseInsensitive) == 0 ||
                               verb.compare(QLatin1String("ACCT"), Qt::CaseInsensitive) == 0;
        sendTracked(verb, space < 0 ? QString() : a0.mid(space + 1), sensitive);
        break;
    }
    case Command::Quit:
        sendTracked(QStringLiteral("QUIT"));
        break;
    }
}

void CommandOperation::handleReply(const FtpReply &reply)
{
    if (reply.isPreliminary())
        return; // e.g. a raw command that opens a transfer; wait for the final reply
    if (m_state == State::SettingType) {
        if (reply.isPositive())
            context().facts().type = TransferType::Binary;
        sendMain();
        return;
    }
    if (m_state == State::SentSecond) {
        if (reply.isPositive())
            finish();
        else
            finish(RemoteError::fromReply(reply, describe(), m_sentCommand));
        return;
    }
    QStringList lines = reply.lines;
    m_text = lines.join(QLatin1Char('\n')).trimmed();

    switch (m_command) {
    case Command::Rename:
        if (reply.code == 350) {
            m_state = State::SentSecond;
            sendTracked(QStringLiteral("RNTO"), m_args.value(1));
            return;
        }
        break;
    case Command::Rein:
        // REIN resets the login (RFC 959 §4.1.1): 220 (maybe after 120) when done.
        // 220 per RFC 959; pyftpdlib answers 230 "Ready for new user".
        if (reply.isPositive()) {
            context().reloginAfterReinitialize();
            finish();
            return;
        }
        if (reply.code == 120)
            return;
        break;
    case Command::Quit:
        finish();
        context().closeControlConnection({});
        return;
    case Command::Raw:
        if (reply.code < 400) {
            finish();
            return;
        }
        break;
    case Command::Allo:
        // 202: "command not implemented, superfluous at this site" is a success.
        if (reply.isPositive()) {
            finish();
            return;
        }
        break;
    default:
        if (!reply.isPositive())
            break;
        if (m_command == Command::Pwd || m_command == Command::Mkd) {
            if (!parseQuotedPath(reply.lastLine(), &m_path) && m_command == Command::Pwd) {
                finish(RemoteError(RemoteError::Kind::Protocol,
                                   tr("The server's PWD reply names no quoted path."), reply.code,
                                   reply.text()));
                return;
            }
            if (m_command == Command::Pwd)
                context().facts().currentDir = m_path;
        } else if (m_command == Command::Cwd) {
            m_path = m_args.value(0);
            context().facts().currentDir = m_path.startsWith(QLatin1Char('/')) ? m_path : QString();
        } else if (m_command == Command::Cdup) {
            context().facts().currentDir.clear();
        } else if (m_command == Command::Size) {
            bool ok = false;
            m_size = reply.lastLine().trimmed().toLongLong(&ok);
            if (!ok || m_size < 0) {
                finish(RemoteError(RemoteError::Kind::Protocol,
                                   tr("The server's SIZE reply is not a number."), reply.code, reply.text()));
                return;
            }
        } else if (m_command == Command::Mdtm) {
            m_time = parseTimeVal(reply.lastLine());
            if (!m_time.isValid()) {
                finish(RemoteError(RemoteError::Kind::Protocol, tr("The server's MDTM reply is not a time."),
                                   reply.code, reply.text()));
                return;
            }
        }
        finish();
        return;
    }
    finish(RemoteError::fromReply(reply, describe(), m_sentCommand));
}

} // namespace ferry
