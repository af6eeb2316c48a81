#include "hostkeyrequest.h"

#include <QDir>

namespace ferry {

HostKeyRequest::HostKeyRequest(QString host, quint16 port, HostKey key, KnownHosts::Result known,
                               QObject *parent)
    : HostKeyQuestion(std::move(host), port, parent)
    , m_key(std::move(key))
    , m_known(std::move(known))
{
}

QString HostKeyRequest::previousSource() const
{
    if (m_known.file.isEmpty())
        return {};
    QString file = m_known.file;
    const QString home = QDir::homePath();
    if (file.startsWith(home + QLatin1Char('/')))
        file = QLatin1Char('~') + file.mid(home.size());
    return file + QLatin1Char(':') + QString::number(m_known.line);
}

QString HostKeyRequest::describe() const
{
    const QString where = port() == 22 ? host() : QStringLiteral("[%1]:%2").arg(host()).arg(port());
    QStringList lines;
    if (isChanged()) {
        lines.append(tr("WARNING: THE HOST KEY OF %1 HAS CHANGED!").arg(where));
        lines.append(tr("Someone could be intercepting the connection (a man-in-the-middle attack), "
                        "or the server's key was replaced. Accept only if you know why it changed."));
        lines.append(tr("The %1 key the server sent has the fingerprint %2.")
                         .arg(keyType(), QString::fromLatin1(fingerprint())));
        lines.append(tr("Trusted before: %1 key %2 (%3).")
                         .arg(previousKey().displayType(), QString::fromLatin1(previousKey().fingerprint()),
                              previousSource()));
    } else {
        lines.append(tr("The authenticity of host %1 can't be established.").arg(where));
        lines.append(tr("%1 key fingerprint is %2.").arg(keyType(), QString::fromLatin1(fingerprint())));
    }
    return lines.join(QLatin1Char('\n'));
}

void HostKeyRequest::answer(Answer answer)
{
    if (!markAnswered())
        return;
    Q_EMIT answered(answer);
    Q_EMIT settled();
}

} // namespace ferry
