#include "overwritedialog.h"

#include "models/formatting.h"
#include "transfer/overwritepolicy.h"
#include "transfer/overwriterequest.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ferry {

namespace {

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : TransferJob::Unknown;
}

// "a is newer than b" as the policy sees it (more than a second, both times known).
bool newerThan(qint64 aSize, const QDateTime &a, qint64 bSize, const QDateTime &b)
{
    return a.isValid() && b.isValid() &&
           OverwritePolicy::decide(TransferJob::Overwrite::IfNewer, aSize, msOf(a), bSize, msOf(b)) ==
               TransferJob::Overwrite::Overwrite;
}

} // namespace

OverwriteDialog::OverwriteDialog(OverwriteRequest *request, QWidget *parent)
    : QDialog(parent)
    , m_request(request)
    , m_site(request->job().site)
    , m_suggested(request->suggestedName())
    , m_actions(new QButtonGroup(this))
    , m_name(new QLineEdit(this))
    , m_all(new QCheckBox(tr("&Apply to all in this queue"), this))
    , m_always(new QCheckBox(tr("Al&ways for this site"), this))
{
    setObjectName(QStringLiteral("overwriteDialog"));
    setWindowTitle(tr("Target File Already Exists"));
    const bool download = request->isDownload();
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(download ? tr("A local file of this name exists already. What should be done?")
                            : tr("The server has a file of this name already. What should be done?"),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *sides = new QHBoxLayout;
    const bool sourceNewer =
        newerThan(request->sourceSize(), request->sourceTime(), request->targetSize(), request->targetTime());
    const bool targetNewer =
        newerThan(request->targetSize(), request->targetTime(), request->sourceSize(), request->sourceTime());
    sides->addWidget(makeSide(download ? tr("Source (on the server)") : tr("Source (local)"),
                              request->sourcePath(), request->sourceSize(), request->sourceTime(),
                              sourceNewer, QStringLiteral("source")),
                     1);
    sides->addWidget(makeSide(download ? tr("Target (local)") : tr("Target (on the server)"),
                              request->targetPath(), request->targetSize(), request->targetTime(),
                              targetNewer, QStringLiteral("target")),
                     1);
    layout->addLayout(sides);

    auto *box = new QGroupBox(tr("Action"), this);
    auto *choices = new QVBoxLayout(box);
    const auto add = [this, box, choices](Action action, const QString &text, const QString &name) {
        auto *radio = new QRadioButton(text, box);
        radio->setObjectName(name);
        m_actions->addButton(radio, int(action));
        choices->addWidget(radio);
        return radio;
    };
    add(Action::Overwrite, tr("&Overwrite"), QStringLiteral("overwrite"));
    add(Action::IfNewer, tr("Overwrite if the source is &newer"), QStringLiteral("ifNewer"));
    add(Action::IfSizeDiffers, tr("Overwrite if the si&ze differs"), QStringLiteral("ifSizeDiffers"));
    add(Action::Resume, tr("&Resume (continue a shorter target)"), QStringLiteral("resume"));
    auto *renameRow = new QHBoxLayout;
    auto *rename = new QRadioButton(tr("Rena&me to:"), box);
    rename->setObjectName(QStringLiteral("rename"));
    m_actions->addButton(rename, int(Action::Rename));
    renameRow->addWidget(rename);
    m_name->setObjectName(QStringLiteral("newName"));
    m_name->setText(m_suggested);
    m_name->setEnabled(false);
    if (!download)
        m_name->setToolTip(tr("If the server has this name too, the next free name is taken."));
    renameRow->addWidget(m_name, 1);
    choices->addLayout(renameRow);
    add(Action::Skip, tr("&Skip"), QStringLiteral("skip"));
    layout->addWidget(box);

    m_all->setObjectName(QStringLiteral("applyToAll"));
    m_all->setToolTip(tr("The same answer for every other file that exists, until the queue is done"));
    m_always->setObjectName(QStringLiteral("alwaysForSite"));
    m_always->setToolTip(tr("Remembered for this site: later transfers to or from it do not ask"));
    layout->addWidget(m_all);
    layout->addWidget(m_always);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Skip this file"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_actions, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (id == int(Action::Rename)) {
            m_name->setEnabled(on);
            if (on)
                m_name->setFocus();
        }
        updateOk();
    });
    connect(m_name, &QLineEdit::textChanged, this, &OverwriteDialog::updateOk);
    setAction(Action::Overwrite); // FileZilla's default
    m_ok->setFocus();
    // A question answered elsewhere (its job cancelled, the queue stopped) closes by itself.
    connect(request, &OverwriteRequest::answered, this, [this] {
        if (!m_done)
            reject();
    });
}

OverwriteDialog::~OverwriteDialog() = default;

QWidget *OverwriteDialog::makeSide(const QString &title, const QString &path, qint64 size,
                                   const QDateTime &time, bool newer, const QString &objectName)
{
    auto *box = new QGroupBox(title, this);
    box->setObjectName(objectName);
    auto *form = new QFormLayout(box);
    auto *name = new QLabel(box);
    name->setObjectName(objectName + QStringLiteral("Name"));
    name->setText(fontMetrics().elidedText(path, Qt::ElideMiddle, 300));
    name->setToolTip(path);
    name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Name:"), name);
    auto *sizeLabel = new QLabel(box);
    sizeLabel->setObjectName(objectName + QStringLiteral("Size"));
    sizeLabel->setText(size < 0      ? tr("unknown")
                       : size < 1024 ? Format::size(size)
                                     : tr("%1 (%2 bytes)").arg(Format::size(size), QLocale().toString(size)));
    form->addRow(tr("Size:"), sizeLabel);
    auto *timeLabel = new QLabel(box);
    timeLabel->setObjectName(objectName + QStringLiteral("Time"));
    const QString when = time.isValid() ? Format::dateTime(time.toLocalTime(), true) : tr("unknown");
    timeLabel->setText(newer ? tr("%1 (newer)").arg(when) : when);
    if (newer) {
        QFont bold = timeLabel->font();
        bold.setBold(true);
        timeLabel->setFont(bold);
    }
    form->addRow(tr("Modified:"), timeLabel);
    return box;
}

OverwriteDialog::Action OverwriteDialog::action() const
{
    const int id = m_actions->checkedId();
    return id < 0 ? Action::Skip : Action(id);
}

void OverwriteDialog::setAction(Action action)
{
    if (QAbstractButton *button = m_actions->button(int(action)))
        button->setChecked(true);
}

QString OverwriteDialog::newName() const
{
    return m_name->text().trimmed();
}

bool OverwriteDialog::applyToAll() const
{
    return m_all->isChecked();
}

bool OverwriteDialog::alwaysForSite() const
{
    return m_always->isChecked();
}

void OverwriteDialog::updateOk()
{
    m_ok->setEnabled(action() != Action::Rename || OverwriteRequest::isValidName(newName()));
}

void OverwriteDialog::done(int result)
{
    if (m_done)
        return;
    m_done = true;
    if (m_request && !m_request->isAnswered()) {
        if (result != QDialog::Accepted) {
            m_request->answer(Action::Skip); // Cancel: this file is skipped, the queue goes on
        } else {
            const Action chosen = action();
            if (alwaysForSite())
                Q_EMIT alwaysChosen(m_site, chosen);
            if (chosen == Action::Rename && newName() != m_suggested)
                m_request->answerRename(newName(), applyToAll());
            else
                m_request->answer(chosen, applyToAll());
        }
    }
    QDialog::done(result);
}

} // namespace ferry
