#include "remotesession.h"

namespace ferry {

RemoteSession::RemoteSession(QObject *parent)
    : QObject(parent)
{
}

RemoteSession::~RemoteSession() = default;

} // namespace ferry
