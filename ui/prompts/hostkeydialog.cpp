#include "hostkeydialog.h"

#include "widgets/messagebanner.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry {

namespace {

QLabel *selectable(const QString &text, QWidget *parent, bool mono = false)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // One line each (a fingerprint has no place to break): the dialog grows to fit.
    if (mono)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

} // namespace

HostKeyDialog::HostKeyDialog(HostKeyQuestion *question, QWidget *parent)
    : QDialog(parent)
    , m_question(question)
    , m_changed(question->isChanged())
{
    setObjectName(QStringLiteral("hostKeyDialog"));
    const QString endpoint = question->port() == 22
                                 ? question->host()
                                 : question->host() + QLatin1Char(':') + QString::number(question->port());
    setWindowTitle(m_changed ? tr("The host key of %1 has changed").arg(endpoint)
                             : tr("Unknown host key from %1").arg(endpoint));
    auto *layout = new QVBoxLayout(this);

    auto *banner = new MessageBanner(this);
    banner->setObjectName(QStringLiteral("hostKeyWarning"));
    if (m_changed) {
        banner->showMessage(
            MessageBanner::Type::Error,
            tr("<b>The host key of %1 has changed!</b> Someone may be intercepting the connection (a "
               "man-in-the-middle attack), or the server's key was replaced. Nothing has been sent yet. "
               "Reject unless the server's administrator told you the key changed.")
                .arg(endpoint.toHtmlEscaped()));
    } else {
        banner->showMessage(MessageBanner::Type::Warning,
                            tr("This computer has never seen the key of this server. Compare the "
                               "fingerprint with the one your server's administrator gave you. Nothing "
                               "has been sent yet."));
    }
    layout->addWidget(banner);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Server:"), selectable(endpoint, this));
    auto *type = selectable(question->keyType(), this);
    type->setObjectName(QStringLiteral("keyType"));
    form->addRow(tr("Key type:"), type);
    auto *fingerprint = selectable(QString::fromLatin1(question->fingerprint()), this, true);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    form->addRow(m_changed ? tr("New fingerprint:") : tr("Fingerprint:"), fingerprint);
    if (m_changed && !question->previousFingerprint().isEmpty()) {
        auto *previous = selectable(QString::fromLatin1(question->previousFingerprint()), this, true);
        previous->setObjectName(QStringLiteral("previousFingerprint"));
        form->addRow(tr("Trusted before:"), previous);
        if (question->previousKeyType() != question->keyType())
            form->addRow(tr("Old key type:"), selectable(question->previousKeyType(), this));
        if (!question->previousSource().isEmpty())
            form->addRow(tr("Recorded in:"), selectable(question->previousSource(), this));
    }
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(this);
    m_reject = buttons->addButton(tr("&Reject"), QDialogButtonBox::RejectRole);
    m_once = buttons->addButton(tr("Accept &Once"), QDialogButtonBox::AcceptRole);
    m_always = buttons->addButton(tr("&Trust Always"), QDialogButtonBox::AcceptRole);
    m_once->setToolTip(tr("Connect, and ask again the next time Ferry starts"));
    m_always->setToolTip(tr("Remember this key for %1 and do not ask again").arg(endpoint));
    connect(m_reject, &QPushButton::clicked, this, [this] { answer(HostKeyQuestion::Answer::Reject); });
    connect(m_once, &QPushButton::clicked, this, [this] { answer(HostKeyQuestion::Answer::AcceptOnce); });
    connect(m_always, &QPushButton::clicked, this, [this] { answer(HostKeyQuestion::Answer::TrustAlways); });
    QPushButton *preferred = m_changed ? m_reject : m_once;
    preferred->setDefault(true);
    preferred->setFocus();
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);

    const auto closeUnasked = [this] {
        if (m_answered)
            return;
        m_answered = true;
        reject();
    };
    connect(question, &Question::settled, this, closeUnasked);
    connect(question, &QObject::destroyed, this, closeUnasked);
    connect(this, &QDialog::finished, this, [this] {
        if (!m_answered)
            answer(HostKeyQuestion::Answer::Reject);
    });
}

QPushButton *HostKeyDialog::button(HostKeyQuestion::Answer answer) const
{
    switch (answer) {
    case HostKeyQuestion::Answer::Reject:
        return m_reject;
    case HostKeyQuestion::Answer::AcceptOnce:
        return m_once;
    case HostKeyQuestion::Answer::TrustAlways:
        return m_always;
    }
    return nullptr;
}

void HostKeyDialog::answer(HostKeyQuestion::Answer answer)
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_question && !m_question->isAnswered())
        m_question->answer(answer);
    done(answer == HostKeyQuestion::Answer::Reject ? QDialog::Rejected : QDialog::Accepted);
}

} // namespace ferry
