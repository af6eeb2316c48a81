#pragma once

#include "permissions.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QRadioButton;

namespace ferry {

// Permissions of one or more entries (FileZilla's "File attributes"): nine checkboxes and
// the octal number, kept in step; for several entries whose modes differ, a box they
// disagree on starts "partially checked" (left as each entry has it) and the number is
// empty until every box is decided. With folders selected: "Recurse into subfolders", for
// everything, files only or folders only.
class PermissionsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PermissionsDialog)
public:
    struct Target {
        QString name;
        bool isFolder = false;
        int mode = -1; // -1: unknown
    };
    explicit PermissionsDialog(const QList<Target> &targets, QWidget *parent = nullptr);

    PermissionChange change() const;
    QLineEdit *octalEdit() const { return m_octal; }
    QCheckBox *bitBox(int bit) const; // bit: 0400 ... 0001
    QCheckBox *recursiveBox() const { return m_recursive; }

private:
    void boxesToOctal();
    void octalToBoxes();

    QList<QCheckBox *> m_boxes; // owner rwx, group rwx, others rwx
    QLineEdit *m_octal;
    QCheckBox *m_recursive = nullptr;
    QRadioButton *m_all = nullptr;
    QRadioButton *m_files = nullptr;
    QRadioButton *m_folders = nullptr;
    bool m_syncing = false;
};

} // namespace ferry
