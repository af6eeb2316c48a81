#include "credentialstore.h"

#include <QCoreApplication>
#include <QPointer>
#include <qt6keychain/keychain.h>

namespace ferry {

namespace {

QString key(const QUuid &siteId)
{
    return QStringLiteral("site/") + siteId.toString(QUuid::WithoutBraces);
}

// Starts `job` and calls `done` once it finished; the job deletes itself afterwards.
template<typename Job>
void run(Job *job, const QUuid &siteId, const std::function<void(Job *)> &done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext QSettings file
    job->setKey(key(siteId));
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done](QKeychain::Job *) { done(job); });
    job->start();
}

} // namespace

CredentialStore::CredentialStore(QObject *parent, QString service)
    : QObject(parent)
    , m_service(std::move(service))
{
}

CredentialStore::Result CredentialStore::classify(int keychainError)
{
    switch (QKeychain::Error(keychainError)) {
    case QKeychain::NoError:
        return Result::Ok;
    case QKeychain::EntryNotFound:
        return Result::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::OtherError:
        // OtherError is what the D-Bus backend answers when there is no session bus or
        // the secret service cannot be started: in practice "no keychain here".
        return Result::Unavailable;
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return Result::Failed;
}

void CredentialStore::finish(const QObject *, int error, const QString &errorString, const QString &data,
                             const QObject *context, const Callback &callback)
{
    const Result result = classify(error);
    if (result == Result::Unavailable && m_available) {
        m_available = false;
        m_unavailableReason = tr("No system keychain is available (%1); passwords will be asked for "
                                 "when connecting and are not stored.")
                                  .arg(errorString);
        Q_EMIT unavailable(m_unavailableReason);
    }
    if (!context || !callback)
        return;
    if (result == Result::Ok)
        callback(result, data);
    else if (result == Result::Unavailable)
        callback(result, m_unavailableReason.isEmpty() ? errorString : m_unavailableReason);
    else
        callback(result, errorString);
}

void CredentialStore::readPassword(const QUuid &siteId, const QObject *context, Callback callback)
{
    QPointer<const QObject> guard(context);
    QPointer<CredentialStore> self(this);
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    run<QKeychain::ReadPasswordJob>(job, siteId, [=](QKeychain::ReadPasswordJob *j) {
        if (self)
            self->finish(j, j->error(), j->errorString(), j->textData(), guard.data(), callback);
    });
}

void CredentialStore::writePassword(const QUuid &siteId, const QString &password, const QObject *context,
                                    Callback callback)
{
    QPointer<const QObject> guard(context);
    QPointer<CredentialStore> self(this);
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(password);
    run<QKeychain::WritePasswordJob>(job, siteId, [=](QKeychain::WritePasswordJob *j) {
        if (self)
            self->finish(j, j->error(), j->errorString(), QString(), guard.data(), callback);
    });
}

void CredentialStore::removePassword(const QUuid &siteId, const QObject *context, Callback callback)
{
    QPointer<const QObject> guard(context);
    QPointer<CredentialStore> self(this);
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    run<QKeychain::DeletePasswordJob>(job, siteId, [=](QKeychain::DeletePasswordJob *j) {
        if (self)
            self->finish(j, j->error(), j->errorString(), QString(), guard.data(), callback);
    });
}

} // namespace ferry
