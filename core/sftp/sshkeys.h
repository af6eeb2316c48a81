#pragma once

#include "knownhosts.h"

#include <QString>

#include <libssh/libssh.h>

namespace ferry {

class SocketGuard;

// Ends a connection: frees the channel (may be null), tells the guard the socket is going
// (so the owner never shuts down a reused descriptor), disconnects and frees the session.
void freeSsh(ssh_session session, ssh_channel channel, SocketGuard &guard);

// libssh key helpers (worker side). The HostKey value of a libssh key; null on failure.
HostKey hostKeyOf(ssh_key key);

// Owns a libssh key.
class SshKey final {
public:
    SshKey() = default;
    explicit SshKey(ssh_key key)
        : m_key(key)
    {
    }
    ~SshKey() { reset(); }
    SshKey(SshKey &&other) noexcept
        : m_key(std::exchange(other.m_key, nullptr))
    {
    }
    SshKey &operator=(SshKey &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_key = std::exchange(other.m_key, nullptr);
        }
        return *this;
    }
    SshKey(const SshKey &) = delete;
    SshKey &operator=(const SshKey &) = delete;

    ssh_key get() const { return m_key; }
    ssh_key *out()
    {
        reset();
        return &m_key;
    }
    explicit operator bool() const { return m_key != nullptr; }
    void reset()
    {
        if (m_key)
            ssh_key_free(m_key);
        m_key = nullptr;
    }

private:
    ssh_key m_key = nullptr;
};

// A private key file as the authentication needs it.
struct KeyFile {
    enum class Load { Ok, NeedsPassphrase, WrongPassphrase, Unreadable };
    // The public half: from FILE.pub, else from the private file itself (OpenSSH's format
    // stores it unencrypted). Null when neither gives it (an encrypted PEM key).
    static SshKey publicKey(const QString &path);
    // The private key; an encrypted file without (or with a wrong) passphrase says so.
    static Load privateKey(const QString &path, const QByteArray &passphrase, SshKey *key);
};

} // namespace ferry
