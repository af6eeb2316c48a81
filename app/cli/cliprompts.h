#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

namespace ferry {
class CertificateRequest;
class HostKeyRequest;
class OverwriteRequest;
class Question;
class SecretRequest;
} // namespace ferry

namespace ferry::cli {

struct Options;

// The questions ferry-cli asks at a terminal. Without one (stdin or stderr not a TTY) they
// never wait: the flags decide, and the message names the flag to use.
class Prompts {
    Q_DECLARE_TR_FUNCTIONS(Prompts)
public:
    static bool interactive(); // stdin and stderr are terminals
    // Asks `question` on stderr and reads a line with the echo off; nullopt without a TTY.
    static std::optional<QString> password(const QString &question);
    // A session's question, whichever kind (certificate, host key, secret); others declined.
    static void answer(Question *question, const Options &options);
    // The engine's certificate question: the flags, or reject / accept once / trust always.
    static void answerCertificate(CertificateRequest *request, const Options &options);
    // An SSH host key the known_hosts files do not vouch for: --insecure, or reject / accept
    // once / trust always at a terminal; without one, refused with the flag that trusts it.
    static void answerHostKey(HostKeyRequest *request, const Options &options);
    // A password, a key's passphrase or keyboard-interactive prompts: asked at a terminal,
    // refused without one (the login goes on with what else it has).
    static void answerSecret(SecretRequest *request);
    // "The target exists": each choice has its own key; without a TTY, skipped.
    static void answerOverwrite(OverwriteRequest *request);
};

} // namespace ferry::cli
