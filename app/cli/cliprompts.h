#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

namespace ferry {
class CertificateRequest;
class OverwriteRequest;
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
    // The engine's certificate question: the flags, or reject / accept once / trust always.
    static void answerCertificate(CertificateRequest *request, const Options &options);
    // "The target exists": each choice has its own key; without a TTY, skipped.
    static void answerOverwrite(OverwriteRequest *request);
};

} // namespace ferry::cli
