#include "remoteerror.h"

#include "ftp/ftpreply.h"

#include <QMetaEnum>

using namespace Qt::Literals::StringLiterals;

namespace ferry {

RemoteError::RemoteError(Kind kind, QString message, int replyCode, QString replyText)
    : m_kind(kind)
    , m_replyCode(replyCode)
    , m_replyText(std::move(replyText))
    , m_message(std::move(message))
{
}

RemoteError RemoteError::fromReply(const FtpReply &reply, const QString &what)
{
    const QString text = reply.text();
    const QString lower = text.toLower();
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
    case 550:
    case 450:
    case 553:
        // RFC 959 folds "not found" and "no access" into 550; the text is all we have.
        if (lower.contains(u"permission"_s) || lower.contains(u"denied"_s) ||
            lower.contains(u"not allowed"_s) || reply.code == 553)
            kind = Kind::Permission;
        else if (lower.contains(u"no such"_s) || lower.contains(u"not found"_s) ||
                 lower.contains(u"does not exist"_s) || lower.contains(u"not exist"_s) ||
                 lower.contains(u"failed to open"_s) || lower.contains(u"could not get file size"_s))
            kind = Kind::NotFound;
        break;
    case 500:
    case 501:
    case 502:
    case 504:
        hint = QObject::tr("The server does not support this command.");
        break;
    default:
        break;
    }
    QString message = what;
    if (!hint.isEmpty())
        message += u": "_s + hint;
    return RemoteError(kind, message, reply.code, text);
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
