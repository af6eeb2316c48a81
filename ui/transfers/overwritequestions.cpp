#include "overwritequestions.h"

#include "prompts/overwritedialog.h"
#include "prompts/promptbroker.h"
#include "transfer/overwriterequest.h"
#include "transfer/transferqueue.h"

#include <QAction>
#include <QPointer>
#include <QSettings>
#include <QUrl>

namespace ferry {

namespace {

const QString kGroup = QStringLiteral("transfers/overwriteForSite");

QString keyFor(const QString &site)
{
    return kGroup + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(site));
}

} // namespace

OverwriteQuestions::OverwriteQuestions(TransferQueue *queue, PromptBroker *broker, QSettings *settings,
                                       QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_settings(settings)
    , m_forget(new QAction(tr("Ask Again When Files &Exist"), this))
{
    m_forget->setObjectName(QStringLiteral("forgetOverwriteAnswers"));
    m_forget->setToolTip(tr("Forget every \"always for this site\" answer to a file that exists"));
    connect(m_forget, &QAction::triggered, this, &OverwriteQuestions::forgetAll);
    connect(queue, &TransferQueue::overwriteQuestion, this, &OverwriteQuestions::ask);
    updateForget();
}

OverwriteQuestions::~OverwriteQuestions() = default;

std::optional<TransferJob::Overwrite> OverwriteQuestions::alwaysFor(const QString &site) const
{
    if (!m_settings)
        return std::nullopt;
    TransferJob::Overwrite action;
    const QString text = m_settings->value(keyFor(site)).toString();
    if (text.isEmpty() || !TransferJob::parseOverwrite(text, &action) ||
        action == TransferJob::Overwrite::Ask)
        return std::nullopt;
    return action;
}

void OverwriteQuestions::setAlwaysFor(const QString &site, TransferJob::Overwrite action)
{
    if (m_settings)
        m_settings->setValue(keyFor(site), TransferJob::overwriteName(action));
    updateForget();
}

void OverwriteQuestions::forgetAll()
{
    if (m_settings)
        m_settings->remove(kGroup);
    updateForget();
}

void OverwriteQuestions::updateForget()
{
    bool any = false;
    if (m_settings) {
        m_settings->beginGroup(kGroup);
        any = !m_settings->childKeys().isEmpty();
        m_settings->endGroup();
    }
    m_forget->setEnabled(any);
}

void OverwriteQuestions::ask(OverwriteRequest *request)
{
    if (const std::optional<TransferJob::Overwrite> always = alwaysFor(request->job().site)) {
        request->answer(*always);
        return;
    }
    QPointer<OverwriteRequest> guard(request);
    m_broker->askWith(request, [this, guard]() -> QDialog * {
        if (!guard || guard->isAnswered())
            return nullptr;
        auto *dialog = new OverwriteDialog(guard, m_broker->window());
        connect(dialog, &OverwriteDialog::alwaysChosen, this, &OverwriteQuestions::setAlwaysFor);
        return dialog;
    });
}

} // namespace ferry
