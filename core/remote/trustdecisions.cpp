#include "trustdecisions.h"

#include "question.h"

namespace ferry {

TrustDecisions::TrustDecisions(QObject *parent)
    : QObject(parent)
{
}

QString TrustDecisions::endpoint(const QString &scheme, const QString &host, quint16 port)
{
    return scheme + QLatin1String("://") + host.toLower() + QLatin1Char(':') + QString::number(port);
}

QString TrustDecisions::key(const QString &endpoint, const QByteArray &fingerprint)
{
    return endpoint + QLatin1Char(' ') + QString::fromLatin1(fingerprint);
}

bool TrustDecisions::isAcceptedOnce(const QString &endpoint, const QByteArray &fingerprint) const
{
    return !fingerprint.isEmpty() && m_acceptedOnce.contains(key(endpoint, fingerprint));
}

void TrustDecisions::acceptOnce(const QString &endpoint, const QByteArray &fingerprint)
{
    if (!fingerprint.isEmpty())
        m_acceptedOnce.insert(key(endpoint, fingerprint));
}

Question *TrustDecisions::openQuestion(const QString &endpoint, const QByteArray &fingerprint) const
{
    Question *question = m_open.value(key(endpoint, fingerprint));
    return question && !question->isAnswered() ? question : nullptr;
}

void TrustDecisions::addOpenQuestion(const QString &endpoint, const QByteArray &fingerprint,
                                     Question *question)
{
    const QString k = key(endpoint, fingerprint);
    m_open.insert(k, question);
    const auto forget = [this, k, question] {
        if (m_open.value(k) == question)
            m_open.remove(k);
    };
    connect(question, &Question::settled, this, forget);
    connect(question, &QObject::destroyed, this, [this, k] {
        auto it = m_open.find(k);
        if (it != m_open.end() && !it.value())
            m_open.erase(it);
    });
}

} // namespace ferry
