#include "cliprompts.h"

#include "clioptions.h"
#include "clioutput.h"
#include "interrupts.h"
#include "remote/certificaterequest.h"
#include "transfer/overwriterequest.h"

#include <QFile>
#include <termios.h>
#include <unistd.h>

namespace ferry::cli {

namespace {

QByteArray readAnswer(qint64 maxLength)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readLine(maxLength);
}

} // namespace

bool Prompts::interactive()
{
    return ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
}

std::optional<QString> Prompts::password(const QString &question)
{
    if (!interactive())
        return std::nullopt;
    // The echo goes off before the question shows: nothing typed after it is seen.
    termios saved = {};
    const bool canHide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        Interrupts::restoreTerminalOnExit(&saved); // Ctrl-C at the prompt: echo back on
        ::tcsetattr(STDIN_FILENO, TCSANOW, &hidden);
    }
    err() << question << Qt::flush;
    QByteArray line = readAnswer(64 * 1024);
    if (canHide) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        Interrupts::restoreTerminalOnExit(nullptr);
    }
    err() << Qt::endl;
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

void Prompts::answerCertificate(CertificateRequest *request, const Options &options)
{
    using Answer = CertificateRequest::Answer;
    const QString fingerprint = QString::fromLatin1(request->fingerprint());
    if (options.insecure) {
        note(tr("Accepting an untrusted certificate (--insecure): SHA256:%1").arg(fingerprint));
        request->answer(Answer::AcceptOnce);
        return;
    }
    if (!options.trustFingerprint.isEmpty()) {
        if (options.trustFingerprint == request->fingerprint()) {
            request->answer(Answer::AcceptOnce);
            return;
        }
        err() << request->describe() << Qt::endl;
        note(tr("The certificate does not match --trust-fingerprint."));
        request->answer(Answer::Reject);
        return;
    }
    err() << request->describe() << Qt::endl;
    if (!interactive()) {
        note(tr("To trust this certificate, run again with --trust-fingerprint SHA256:%1").arg(fingerprint));
        request->answer(Answer::Reject);
        return;
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        err() << tr("[r]eject, accept [o]nce, or [a]lways trust? ") << Qt::flush;
        const QByteArray line = readAnswer(256).trimmed().toLower();
        if (line == "o" || line == "once") {
            request->answer(Answer::AcceptOnce);
            return;
        }
        if (line == "a" || line == "always") {
            request->answer(Answer::TrustAlways);
            return;
        }
        if (line == "r" || line == "reject" || line.isEmpty())
            break;
    }
    request->answer(Answer::Reject);
}

namespace {

struct OverwriteChoice {
    char key;
    const char *word;
    TransferJob::Overwrite action;
};

// One key per choice; the whole word works too.
constexpr OverwriteChoice kOverwriteChoices[] = {
    {'o', "overwrite", TransferJob::Overwrite::Overwrite},
    {'s', "skip", TransferJob::Overwrite::Skip},
    {'r', "resume", TransferJob::Overwrite::Resume},
    {'n', "rename", TransferJob::Overwrite::Rename},
    {'w', "newer", TransferJob::Overwrite::IfNewer},
    {'z', "size", TransferJob::Overwrite::IfSizeDiffers},
};

} // namespace

void Prompts::answerOverwrite(OverwriteRequest *request)
{
    if (!interactive()) {
        note(tr("%1 exists; skipped (use --overwrite=POLICY).").arg(request->targetPath()));
        request->answer(TransferJob::Overwrite::Skip);
        return;
    }
    err() << '\n'
          << tr("%1 exists (%2 bytes; the source has %3).")
                 .arg(request->targetPath())
                 .arg(request->targetSize())
                 .arg(request->sourceSize())
          << '\n';
    for (int attempt = 0; attempt < 5; ++attempt) {
        err() << tr("[o]verwrite, [s]kip, [r]esume, re[n]ame, ne[w]er only, si[z]e differs only (a capital "
                    "letter: for all)? ")
              << Qt::flush;
        const QByteArray line = readAnswer(64).trimmed();
        if (line.isEmpty())
            break; // Enter (or the end of the input): skip
        const bool all = QChar::fromLatin1(line.at(0)).isUpper();
        const QByteArray word = line.toLower();
        for (const OverwriteChoice &choice : kOverwriteChoices) {
            if (word == QByteArray(1, choice.key) || word == choice.word) {
                request->answer(choice.action, all);
                return;
            }
        }
    }
    request->answer(TransferJob::Overwrite::Skip);
}

} // namespace ferry::cli
