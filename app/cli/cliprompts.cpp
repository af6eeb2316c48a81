#include "cliprompts.h"

#include "clioptions.h"
#include "clioutput.h"
#include "interrupts.h"
#include "remote/certificaterequest.h"
#include "remote/secretrequest.h"
#include "sftp/hostkeyrequest.h"
#include "transfer/overwriterequest.h"

#include <QFile>
#include <QHash>
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

// "[r]eject, accept [o]nce, or [a]lways trust?" at the terminal, for a certificate or a host
// key (their answers have the same names); Reject by default.
template<typename Request>
void answerTrustAtTerminal(Request *request)
{
    using Answer = typename Request::Answer;
    for (int attempt = 0; attempt < 5; ++attempt) {
        err() << Prompts::tr("[r]eject, accept [o]nce, or [a]lways trust? ") << Qt::flush;
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
    answerTrustAtTerminal(request);
}

void Prompts::answer(Question *question, const Options &options)
{
    if (auto *certificate = qobject_cast<CertificateRequest *>(question))
        answerCertificate(certificate, options);
    else if (auto *hostKey = qobject_cast<HostKeyRequest *>(question))
        answerHostKey(hostKey, options);
    else if (auto *secret = qobject_cast<SecretRequest *>(question))
        answerSecret(secret);
    else
        question->decline();
}

void Prompts::answerHostKey(HostKeyRequest *request, const Options &options)
{
    using Answer = HostKeyRequest::Answer;
    const QString fingerprint = QString::fromLatin1(request->fingerprint());
    if (options.insecure) {
        note(tr("Accepting an unknown host key (--insecure): %1 %2").arg(request->keyType(), fingerprint));
        request->answer(Answer::AcceptOnce);
        return;
    }
    err() << request->describe() << Qt::endl;
    if (!interactive()) {
        note(tr("To trust this host key, run again with --trust-fingerprint %1").arg(fingerprint));
        request->answer(Answer::Reject);
        return;
    }
    answerTrustAtTerminal(request);
}

namespace {

// Passwords and passphrases typed at the terminal during this run, in memory only: the
// queue's parallel sessions each log in and ask in turn, and the user types each secret
// once. A wrong one (the session asks again, marked retry) is asked for and replaced.
QHash<QString, QString> &typedSecrets()
{
    static QHash<QString, QString> secrets;
    return secrets;
}

QString secretKey(const SecretRequest &request)
{
    const SecretRequest::Details &d = request.details();
    if (d.kind == SecretRequest::Kind::Passphrase)
        return QStringLiteral("key\n") + d.keyFile;
    return QStringLiteral("password\n%1@%2:%3").arg(d.user, d.host).arg(d.port);
}

} // namespace

void Prompts::answerSecret(SecretRequest *request)
{
    if (request->kind() != SecretRequest::Kind::KeyboardInteractive && !request->details().retry) {
        const auto typed = typedSecrets().constFind(secretKey(*request));
        if (typed != typedSecrets().constEnd()) {
            request->answer({*typed});
            return;
        }
    }
    if (!interactive()) {
        if (request->kind() != SecretRequest::Kind::Passphrase)
            note(tr("No password: give it with --password-stdin or FERRY_PASSWORD, or log in with a key "
                    "(--identity FILE or the ssh-agent)."));
        request->reject();
        return;
    }
    if (request->kind() != SecretRequest::Kind::KeyboardInteractive) {
        const std::optional<QString> secret = password(request->describe() + QLatin1Char(' '));
        if (!secret) {
            request->reject();
            return;
        }
        typedSecrets().insert(secretKey(*request), *secret);
        request->answer({*secret});
        return;
    }
    err() << request->describe() << Qt::endl;
    QStringList answers;
    for (const SecretRequest::Prompt &prompt : request->prompts()) {
        if (prompt.echo) {
            err() << prompt.text << Qt::flush;
            answers.append(QString::fromUtf8(readAnswer(64 * 1024).trimmed()));
            continue;
        }
        const std::optional<QString> secret = password(prompt.text);
        if (!secret) {
            request->reject();
            return;
        }
        answers.append(*secret);
    }
    request->answer(answers);
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
