#include "permissionsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace ferry {

PermissionsDialog::PermissionsDialog(const QList<Target> &targets, QWidget *parent)
    : QDialog(parent)
    , m_octal(new QLineEdit(this))
{
    setObjectName(QStringLiteral("permissionsDialog"));
    setWindowTitle(targets.size() == 1 ? tr("Permissions of %1").arg(targets.first().name)
                                       : tr("Permissions of %n item(s)", nullptr, int(targets.size())));
    auto *layout = new QVBoxLayout(this);
    auto *grid = new QGridLayout;
    const QString columns[] = {tr("Read"), tr("Write"), tr("Execute")};
    const QString rows[] = {tr("Owner"), tr("Group"), tr("Others")};
    for (int c = 0; c < 3; ++c)
        grid->addWidget(new QLabel(columns[c], this), 0, c + 1, Qt::AlignCenter);
    for (int r = 0; r < 3; ++r) {
        grid->addWidget(new QLabel(rows[r], this), r + 1, 0);
        for (int c = 0; c < 3; ++c) {
            auto *box = new QCheckBox(this);
            box->setAccessibleName(rows[r] + QLatin1Char(' ') + columns[c]);
            const int bit = 1 << (8 - (r * 3 + c));
            int on = 0;
            int known = 0;
            for (const Target &t : targets) {
                if (t.mode < 0)
                    continue;
                ++known;
                on += (t.mode & bit) ? 1 : 0;
            }
            if (on > 0 && on < known) {
                box->setTristate(true);
                box->setCheckState(Qt::PartiallyChecked);
            } else {
                box->setChecked(on > 0);
            }
            connect(box, &QCheckBox::stateChanged, this, &PermissionsDialog::boxesToOctal);
            grid->addWidget(box, r + 1, c + 1, Qt::AlignCenter);
            m_boxes.append(box);
        }
    }
    layout->addLayout(grid);
    auto *octalRow = new QHBoxLayout;
    auto *octalLabel = new QLabel(tr("&Numeric value:"), this);
    octalLabel->setBuddy(m_octal);
    m_octal->setObjectName(QStringLiteral("octal"));
    m_octal->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-7]{0,3}")), this));
    m_octal->setMaxLength(3);
    m_octal->setPlaceholderText(tr("mixed"));
    octalRow->addWidget(octalLabel);
    octalRow->addWidget(m_octal);
    octalRow->addStretch();
    layout->addLayout(octalRow);
    connect(m_octal, &QLineEdit::textEdited, this, &PermissionsDialog::octalToBoxes);

    const bool anyFolder =
        std::any_of(targets.cbegin(), targets.cend(), [](const Target &t) { return t.isFolder; });
    if (anyFolder) {
        auto *group = new QGroupBox(this);
        auto *box = new QVBoxLayout(group);
        m_recursive = new QCheckBox(tr("&Recurse into subfolders"), group);
        m_all = new QRadioButton(tr("Apply to &all files and folders"), group);
        m_files = new QRadioButton(tr("Apply to &files only"), group);
        m_folders = new QRadioButton(tr("Apply to f&olders only"), group);
        m_all->setChecked(true);
        box->addWidget(m_recursive);
        for (QRadioButton *radio : {m_all, m_files, m_folders}) {
            radio->setEnabled(false);
            box->addWidget(radio);
            connect(m_recursive, &QCheckBox::toggled, radio, &QWidget::setEnabled);
        }
        layout->addWidget(group);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    boxesToOctal();
}

QCheckBox *PermissionsDialog::bitBox(int bit) const
{
    for (int i = 0; i < 9; ++i) {
        if (bit == 1 << (8 - i))
            return m_boxes.at(i);
    }
    return nullptr;
}

void PermissionsDialog::boxesToOctal()
{
    if (m_syncing)
        return;
    int mode = 0;
    for (int i = 0; i < 9; ++i) {
        if (m_boxes.at(i)->checkState() == Qt::PartiallyChecked) {
            m_syncing = true;
            m_octal->clear();
            m_syncing = false;
            return;
        }
        if (m_boxes.at(i)->isChecked())
            mode |= 1 << (8 - i);
    }
    m_syncing = true;
    m_octal->setText(QStringLiteral("%1").arg(mode, 3, 8, QLatin1Char('0')));
    m_syncing = false;
}

void PermissionsDialog::octalToBoxes()
{
    if (m_syncing || m_octal->text().size() != 3)
        return;
    bool ok = false;
    const int mode = m_octal->text().toInt(&ok, 8);
    if (!ok)
        return;
    m_syncing = true;
    for (int i = 0; i < 9; ++i)
        m_boxes.at(i)->setCheckState((mode & (1 << (8 - i))) ? Qt::Checked : Qt::Unchecked);
    m_syncing = false;
}

PermissionChange PermissionsDialog::change() const
{
    PermissionChange change;
    for (int i = 0; i < 9; ++i) {
        const int bit = 1 << (8 - i);
        switch (m_boxes.at(i)->checkState()) {
        case Qt::Checked:
            change.set |= bit;
            break;
        case Qt::Unchecked:
            change.clear |= bit;
            break;
        case Qt::PartiallyChecked:
            break;
        }
    }
    change.recursive = m_recursive && m_recursive->isChecked();
    if (change.recursive)
        change.scope = m_files->isChecked()     ? PermissionChange::Scope::FilesOnly
                       : m_folders->isChecked() ? PermissionChange::Scope::FoldersOnly
                                                : PermissionChange::Scope::All;
    return change;
}

} // namespace ferry
