#include "secretrequest.h"

namespace ferry {

namespace {

void wipe(QStringList &list)
{
    for (QString &s : list)
        s.fill(QChar(0));
    list.clear();
}

} // namespace

SecretRequest::SecretRequest(Details details, QObject *parent)
    : Question(details.host, details.port, parent)
    , m_details(std::move(details))
{
}

SecretRequest::~SecretRequest()
{
    wipe(m_responses);
}

QString SecretRequest::describe() const
{
    const QString where = m_details.port == 22
                              ? m_details.host
                              : QStringLiteral("%1:%2").arg(m_details.host).arg(m_details.port);
    switch (m_details.kind) {
    case Kind::Password:
        return m_details.retry ? tr("Wrong password. Password for %1@%2:").arg(m_details.user, where)
                               : tr("Password for %1@%2:").arg(m_details.user, where);
    case Kind::Passphrase:
        return m_details.retry ? tr("Wrong passphrase. Passphrase for key %1:").arg(m_details.keyFile)
                               : tr("Passphrase for key %1:").arg(m_details.keyFile);
    case Kind::KeyboardInteractive:
        break;
    }
    QStringList lines;
    lines.append(tr("%1@%2 asks:").arg(m_details.user, where));
    if (!m_details.name.isEmpty())
        lines.append(m_details.name);
    if (!m_details.instruction.isEmpty())
        lines.append(m_details.instruction);
    return lines.join(QLatin1Char('\n'));
}

void SecretRequest::answer(const QStringList &responses)
{
    if (!markAnswered())
        return;
    m_accepted = true;
    m_responses = responses;
    Q_EMIT answered(true);
    Q_EMIT settled();
}

void SecretRequest::reject()
{
    if (!markAnswered())
        return;
    Q_EMIT answered(false);
    Q_EMIT settled();
}

QStringList SecretRequest::takeResponses()
{
    return std::exchange(m_responses, {});
}

} // namespace ferry
