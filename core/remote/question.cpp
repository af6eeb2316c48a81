#include "question.h"

namespace ferry {

Question::Question(QString host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_port(port)
{
}

Question::~Question() = default;

bool Question::markAnswered()
{
    if (m_answered)
        return false;
    m_answered = true;
    return true;
}

} // namespace ferry
