#include "syncdialog.h"

#include "syncplanmodel.h"
#include "widgets/messagebanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace ferry {

using Kind = SyncAction::Kind;
using State = Synchroniser::State;

namespace {

enum class Compare { SizeAndTime, Size, Time, Checksum };

QLabel *pathLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

SyncDialog::SyncDialog(Synchroniser *sync, const QString &serverFolder, int timeOffsetMinutes,
                       QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_model(new SyncPlanModel(this))
{
    setObjectName(QStringLiteral("syncDialog"));
    setWindowTitle(tr("Synchronise"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeSettings(serverFolder, timeOffsetMinutes));

    auto *progress = new QHBoxLayout;
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // busy: the size of the tree is not known beforehand
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(120);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("syncStatus"));
    m_stop = new QPushButton(tr("&Stop"), this);
    m_stop->setObjectName(QStringLiteral("syncStop"));
    m_stop->setToolTip(tr("Stop comparing: nothing is transferred"));
    progress->addWidget(m_busy);
    progress->addWidget(m_status, 1);
    progress->addWidget(m_stop);
    layout->addLayout(progress);

    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("syncCounts"));
    m_counts->setWordWrap(true);
    layout->addWidget(m_counts);
    m_banner = new MessageBanner(this);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_list = new QTreeView(this);
    m_list->setObjectName(QStringLiteral("syncPlan"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setModel(m_model);
    m_list->header()->setSectionResizeMode(SyncPlanModel::PathColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->setColumnWidth(SyncPlanModel::ActionColumn,
                           fontMetrics().horizontalAdvance(QLatin1Char('M')) * 16);
    layout->addWidget(m_list, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_again = m_buttons->addButton(tr("Compare &Again"), QDialogButtonBox::ActionRole);
    m_run = m_buttons->addButton(tr("S&ynchronise"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("syncRun"));
    m_run->setDefault(true);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_run, &QPushButton::clicked, this, &SyncDialog::confirmAndRun);
    connect(m_again, &QPushButton::clicked, this, &SyncDialog::plan);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_sync)
            m_sync->cancel();
    });

    m_replan.setSingleShot(true);
    m_replan.setInterval(kReplanDelayMs);
    connect(&m_replan, &QTimer::timeout, this, &SyncDialog::plan);
    if (m_sync) {
        connect(m_sync, &Synchroniser::actionsAdded, m_model, &SyncPlanModel::append);
        connect(m_sync, &Synchroniser::progress, this, &SyncDialog::update);
        connect(m_sync, &Synchroniser::stateChanged, this, &SyncDialog::update);
    }
    resize(760, 560);
    plan();
}

SyncDialog::~SyncDialog()
{
    if (m_sync) {
        disconnect(m_sync, nullptr, this, nullptr);
        m_sync->cancel();
        m_sync->discard(); // a run in progress finishes queueing first
    }
}

QWidget *SyncDialog::makeSettings(const QString &serverFolder, int timeOffsetMinutes)
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Local folder:"), pathLabel(m_sync ? m_sync->localRoot() : QString(), box));
    form->addRow(tr("Server folder:"), pathLabel(serverFolder, box));

    m_direction = new QComboBox(box);
    m_direction->setObjectName(QStringLiteral("syncDirection"));
    m_direction->addItem(tr("Upload: make the server's folder like the local one"), int(SyncDirection::Up));
    m_direction->addItem(tr("Download: make the local folder like the server's"), int(SyncDirection::Down));
    m_direction->addItem(tr("Both ways: the newer file wins"), int(SyncDirection::Both));
    form->addRow(tr("&Direction:"), m_direction);

    m_compare = new QComboBox(box);
    m_compare->setObjectName(QStringLiteral("syncCompare"));
    m_compare->addItem(tr("Size and modification time"), int(Compare::SizeAndTime));
    m_compare->addItem(tr("Size only"), int(Compare::Size));
    m_compare->addItem(tr("Modification time only"), int(Compare::Time));
    m_compare->addItem(tr("Checksum (the server's HASH, XSHA or XMD5)"), int(Compare::Checksum));
    form->addRow(tr("&Compare by:"), m_compare);

    m_offset = new QSpinBox(box);
    m_offset->setObjectName(QStringLiteral("syncOffset"));
    m_offset->setRange(-24 * 60, 24 * 60);
    m_offset->setSuffix(tr(" min"));
    m_offset->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_offset->setValue(timeOffsetMinutes);
    m_offset->setToolTip(tr("Added to the times the server lists (not to MLSD times, which are UTC); "
                            "the site's own offset to begin with"));
    form->addRow(tr("Server &time offset:"), m_offset);

    m_delete = new QCheckBox(tr("D&elete files and folders that are only on the target side"), box);
    m_delete->setObjectName(QStringLiteral("syncDelete"));
    form->addRow(QString(), m_delete);

    m_excludes = new QLineEdit(box);
    m_excludes->setObjectName(QStringLiteral("syncExcludes"));
    m_excludes->setPlaceholderText(tr("*.tmp .git cache/*"));
    m_excludes->setToolTip(tr("Names (or, with a '/', paths from the two folders) left out, separated "
                              "by spaces; neither copied nor deleted"));
    form->addRow(tr("E&xclude:"), m_excludes);

    connect(m_direction, &QComboBox::currentIndexChanged, this, &SyncDialog::settingsChanged);
    connect(m_compare, &QComboBox::currentIndexChanged, this, &SyncDialog::settingsChanged);
    connect(m_offset, &QSpinBox::valueChanged, this, &SyncDialog::settingsChanged);
    connect(m_delete, &QCheckBox::toggled, this, &SyncDialog::settingsChanged);
    connect(m_excludes, &QLineEdit::textChanged, this, &SyncDialog::settingsChanged);
    return box;
}

SyncSettings SyncDialog::settings() const
{
    SyncSettings s;
    s.direction = SyncDirection(m_direction->currentData().toInt());
    // As ferry-cli: deleting goes with one direction only (in "both" a file new on one side
    // cannot be told from one deleted on the other).
    s.deleteExtra = m_delete->isChecked() && s.direction != SyncDirection::Both;
    const auto compare = Compare(m_compare->currentData().toInt());
    s.criteria.size = compare == Compare::SizeAndTime || compare == Compare::Size;
    s.criteria.time = compare == Compare::SizeAndTime || compare == Compare::Time;
    s.criteria.checksum = compare == Compare::Checksum;
    s.criteria.serverOffsetMs = qint64(m_offset->value()) * 60000;
    s.excludes = m_excludes->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return s;
}

void SyncDialog::settingsChanged()
{
    m_delete->setEnabled(SyncDirection(m_direction->currentData().toInt()) != SyncDirection::Both);
    m_model->clear();
    m_replan.start(); // typing in the exclusions plans once, after a pause
    update();
}

void SyncDialog::plan()
{
    m_replan.stop();
    m_model->clear();
    m_banner->hide();
    if (m_sync)
        m_sync->plan(settings());
    update();
}

QString SyncDialog::countsText() const
{
    if (!m_sync)
        return {};
    const QLocale locale;
    const auto n = [&](Kind kind) { return m_sync->count(kind); };
    const qint64 folders = n(Kind::MakeLocalFolder) + n(Kind::MakeRemoteFolder);
    if (m_sync->actions().isEmpty())
        return m_sync->state() == State::Planned ? tr("Nothing to do: the folders are in step.") : QString();
    // Each count its own plural, joined as the locale joins a list.
    return locale.createSeparatedList({tr("%n upload(s)", nullptr, int(n(Kind::Upload))),
                                       tr("%n download(s)", nullptr, int(n(Kind::Download))),
                                       tr("%n new folder(s)", nullptr, int(folders)),
                                       tr("%n deletion(s)", nullptr, int(m_sync->deletions())),
                                       tr("%n conflict(s)", nullptr, int(n(Kind::Conflict)))});
}

void SyncDialog::update()
{
    const State state = m_sync ? m_sync->state() : State::Failed;
    const bool planning = state == State::Planning || m_replan.isActive();
    m_busy->setVisible(planning);
    m_stop->setVisible(state == State::Planning);
    const QString compared =
        m_sync ? tr("%1 compared in %2")
                     .arg(tr("%n item(s)", "compared in…", int(m_sync->comparedEntries())),
                          tr("%n folder(s)", "…compared in", int(m_sync->comparedFolders())))
               : QString();
    if (planning)
        m_status->setText(tr("Comparing… %1").arg(compared));
    else if (state == State::Planned)
        m_status->setText(compared);
    else if (state == State::Failed && m_sync)
        m_status->setText(m_sync->error().kind() == RemoteError::Kind::Cancelled
                              ? tr("Stopped: nothing will be transferred. %1").arg(compared)
                              : tr("The comparison failed: %1").arg(m_sync->error().toString()));
    m_counts->setText(planning ? QString() : countsText());
    if (m_sync && !m_sync->problems().isEmpty()) {
        m_banner->showMessage(MessageBanner::Type::Warning,
                              tr("Left out (nothing in them is changed): %1")
                                  .arg(m_sync->problems().mid(0, 3).join(QStringLiteral("; "))));
        m_banner->show();
    }
    m_run->setEnabled(!m_replan.isActive() && state == State::Planned && m_sync &&
                      m_sync->actions().size() > m_sync->count(Kind::Conflict));
    m_again->setEnabled(!planning && state != State::Running && state != State::Done);
}

void SyncDialog::confirmAndRun()
{
    if (!m_sync || m_sync->state() != State::Planned)
        return;
    const qint64 deletions = m_sync->deletions();
    if (deletions == 0) {
        m_sync->run();
        accept();
        return;
    }
    const bool remote = m_sync->count(Kind::DeleteRemote) > 0;
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Delete"),
        remote ? tr("This sync deletes %n file(s) or folder(s) from the server, folders with everything "
                    "in them. They cannot be recovered.",
                    nullptr, int(deletions))
               : tr("This sync deletes %n local file(s) or folder(s) for good (not to the trash), "
                    "folders with everything in them.",
                    nullptr, int(deletions)),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("syncDeleteConfirmation"));
    box->setInformativeText(tr("They are marked \"Delete\" in the list."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("&Delete and Synchronise"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(yes, &QPushButton::clicked, this, [this] {
        if (m_sync && m_sync->state() == State::Planned) {
            m_sync->run();
            accept();
        }
    });
    box->open();
}

} // namespace ferry
