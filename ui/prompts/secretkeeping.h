#pragma once

#include <QString>
#include <functional>

namespace ferry {

// What the window does with the answer to an SSH login's secret question when the answer is
// the connection's own secret (the password of a password login, the passphrase of a site's
// key file): `taken` receives it before the login does, so that the queue's sessions and
// reconnections use it instead of asking again, and, when `offerKeychain` showed the
// "Remember in the keychain" box and it was ticked, with keep = true. Empty: nothing kept.
struct SecretKeeping {
    bool offerKeychain = false;
    QString keychainHint; // the box's tool tip ("" for the usual one)
    std::function<void(const QString &secret, bool keep)> taken;

    explicit operator bool() const { return bool(taken); }
};

} // namespace ferry
