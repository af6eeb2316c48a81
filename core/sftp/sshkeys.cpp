#include "sshkeys.h"

#include "socketguard.h"

#include <QFile>

namespace ferry {

void freeSsh(ssh_session session, ssh_channel channel, SocketGuard &guard)
{
    if (channel)
        ssh_channel_free(channel);
    if (session) {
        guard.releaseDescriptor();
        ssh_disconnect(session);
        ssh_free(session);
    }
}

HostKey hostKeyOf(ssh_key key)
{
    if (!key)
        return {};
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK || !base64)
        return {};
    HostKey result;
    result.blob = QByteArray::fromBase64(QByteArray(base64));
    ssh_string_free_char(base64);
    const char *type = ssh_key_type_to_char(ssh_key_type(key));
    result.type = type ? QByteArray(type) : QByteArray();
    return result;
}

SshKey KeyFile::publicKey(const QString &path)
{
    SshKey key;
    const QByteArray pub = QFile::encodeName(path + QLatin1String(".pub"));
    if (QFile::exists(path + QLatin1String(".pub")) &&
        ssh_pki_import_pubkey_file(pub.constData(), key.out()) == SSH_OK)
        return key;
    // OpenSSH's own format carries the public key in clear, before the encrypted part.
    const QByteArray file = QFile::encodeName(path);
    if (ssh_pki_import_pubkey_file(file.constData(), key.out()) == SSH_OK)
        return key;
    return SshKey();
}

namespace {

// Records that libssh wanted a passphrase and refuses to give one.
int noteAsked(const char *, char *, size_t, int, int, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
    return -1;
}

bool isEncrypted(const QByteArray &file)
{
    bool asked = false;
    SshKey key;
    ssh_pki_import_privkey_file(file.constData(), nullptr, noteAsked, &asked, key.out());
    return asked;
}

} // namespace

KeyFile::Load KeyFile::privateKey(const QString &path, const QByteArray &passphrase, SshKey *key)
{
    const QByteArray file = QFile::encodeName(path);
    if (passphrase.isEmpty()) {
        bool asked = false;
        if (ssh_pki_import_privkey_file(file.constData(), nullptr, noteAsked, &asked, key->out()) == SSH_OK)
            return Load::Ok;
        return asked ? Load::NeedsPassphrase : Load::Unreadable;
    }
    if (ssh_pki_import_privkey_file(file.constData(), passphrase.constData(), nullptr, nullptr, key->out()) ==
        SSH_OK)
        return Load::Ok;
    return isEncrypted(file) ? Load::WrongPassphrase : Load::Unreadable;
}

} // namespace ferry
