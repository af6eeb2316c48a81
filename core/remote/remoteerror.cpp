#include "remoteerror.h"

#include "ftp/ftpreply.h"

#include <QMetaEnum>

using namespace Qt::Literals::StringLiterals;

namespace ferry {

namespace {

// Only to choose between "not found" and "permission" for the message; the error is a
// remote file error either way.
bool mentionsPermission(const QString &text)
{
    const QString lower = text.toLower();
    return lower.contains(u"permission"_s) || lower.contains(u"denied"_s) || lower.contains(u"not allowed"_s);
}

// Commands whose argument names a remote file or folder (RFC 959, 3659, draft-somers-ftp-mfxx
// and the checksum drafts); LIST and NLST also when sent bare, since they list the current
// folder. For SITE, the word after it: SITE CHMOD names a file.
bool namesRemoteFile(const QString &verb)
{
    static const QStringList verbs = {
        u"CWD"_s,     u"XCWD"_s,    u"MKD"_s,        u"XMKD"_s,       u"RMD"_s,          u"XRMD"_s,
        u"DELE"_s,    u"RNFR"_s,    u"RNTO"_s,       u"RETR"_s,       u"STOR"_s,         u"APPE"_s,
        u"STOU"_s,    u"SIZE"_s,    u"MDTM"_s,       u"MFMT"_s,       u"MLSD"_s,         u"MLST"_s,
        u"LIST"_s,    u"NLST"_s,    u"HASH"_s,       u"XCRC"_s,       u"XMD5"_s,         u"XSHA1"_s,
        u"XSHA256"_s, u"XSHA512"_s, u"SITE CHMOD"_s, u"SITE UTIME"_s, u"SITE SYMLINK"_s,
    };
    return verbs.contains(verb);
}

// "SITE CHMOD 644 /a" -> ("SITE CHMOD", true); "MDTM" -> ("MDTM", false).
std::pair<QString, bool> splitCommand(const QString &command)
{
    const QStringList words = command.trimmed().split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {QString(), false};
    const QString verb = words.first().toUpper();
    if (verb == u"SITE"_s && words.size() > 1)
        return {verb + u' ' + words.at(1).toUpper(), words.size() > 2};
    return {verb, words.size() > 1};
}

} // namespace

RemoteError::RemoteError(Kind kind, QString message, int replyCode, QString replyText)
    : m_kind(kind)
    , m_replyCode(replyCode)
    , m_replyText(std::move(replyText))
    , m_message(std::move(message))
{
}

RemoteError RemoteError::fromReply(const FtpReply &reply, const QString &what, const QString &command)
{
    const auto [verb, hasArgument] = splitCommand(command);
    Kind kind = Kind::Server;
    QString hint;
    switch (reply.code) {
    case 421:
        kind = Kind::Network;
        hint = QObject::tr("The server closed the connection.");
        break;
    case 425:
    case 426:
        kind = Kind::Network;
        hint = QObject::tr("The data connection failed.");
        break;
    case 530:
        kind = Kind::Auth;
        hint = QObject::tr("The server refused the login or says you are not logged in.");
        break;
    case 532:
        kind = Kind::Auth;
        hint = QObject::tr("The server needs an account (ACCT) for this.");
        break;
    case 450:
    case 550:
    case 553:
        // RFC 959 §4.2: "file unavailable (e.g., file not found, no access)", and 553 "file
        // name not allowed". Which of the two a 550 means, servers say only in words
        // ("Delete operation failed." says neither): the words pick the message at most,
        // never whether it is a remote file error.
        if (namesRemoteFile(verb))
            kind = reply.code == 553 || mentionsPermission(reply.text()) ? Kind::Permission : Kind::NotFound;
        break;
    case 500:
    case 502:
        hint = verb.isEmpty() ? QObject::tr("The server does not support this command.")
                              : QObject::tr("The server does not support %1.").arg(verb);
        break;
    case 501:
        if (verb == u"MLSD"_s && hasArgument) {
            kind = Kind::NotFound; // RFC 3659 §7: the path names no folder
            hint = QObject::tr("The server says it is not a folder.");
        } else if (!verb.isEmpty() && !hasArgument) {
            hint = QObject::tr("The server does not support %1.").arg(verb);
        } else {
            hint = QObject::tr("The server rejected the argument.");
        }
        break;
    case 504:
        hint = QObject::tr("The server rejected the argument.");
        break;
    default:
        break;
    }
    QString message = what;
    if (!hint.isEmpty())
        message += u": "_s + hint;
    return RemoteError(kind, message, reply.code, reply.text());
}

bool RemoteError::isTransient() const
{
    switch (m_kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true;
    case Kind::None:
    case Kind::Cancelled:
    case Kind::InvalidArgument:
    case Kind::LocalIo:
        return false;
    default:
        return m_replyCode >= 400 && m_replyCode < 500;
    }
}

QString RemoteError::toString() const
{
    if (!isError())
        return {};
    if (m_replyCode != 0 && !m_replyText.isEmpty())
        return m_message + u" (server: "_s + QString::number(m_replyCode) + u' ' + m_replyText + u')';
    return m_message;
}

QString RemoteError::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind))).toLower();
}

} // namespace ferry
