#include "bookmarksdialog.h"

#include "actions/icons.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ferry {

BookmarksDialog::BookmarksDialog(const SiteProfile &site, QWidget *parent)
    : QDialog(parent)
    , m_site(site.id)
    , m_table(new QTableWidget(int(site.bookmarks.size()), ColumnCount, this))
{
    setObjectName(QStringLiteral("bookmarksDialog"));
    setWindowTitle(tr("Bookmarks of %1").arg(site.name));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Local folder"), tr("Remote folder")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAccessibleName(tr("Bookmarks"));
    m_table->setTabKeyNavigation(false); // Tab goes on to the buttons
    for (int row = 0; row < site.bookmarks.size(); ++row) {
        const SiteBookmark &b = site.bookmarks.at(row);
        m_table->setItem(row, NameColumn, new QTableWidgetItem(b.name));
        m_table->setItem(row, LocalColumn, new QTableWidgetItem(b.localFolder));
        m_table->setItem(row, RemoteColumn, new QTableWidgetItem(b.remoteFolder));
    }
    m_table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_remove = buttons->addButton(tr("&Remove"), QDialogButtonBox::ActionRole);
    m_remove->setIcon(Icons::themed(QStringLiteral("edit-delete")));
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        for (auto it = rows.crbegin(); it != rows.crend();
             ++it) // bottom up: the rows above keep their numbers
            m_table->removeRow(it->row());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        Q_EMIT bookmarksChosen(m_site, bookmarks());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(640, 320);
}

QList<SiteBookmark> BookmarksDialog::bookmarks() const
{
    QList<SiteBookmark> result;
    const auto text = [this](int row, int column) {
        const QTableWidgetItem *item = m_table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    for (int row = 0; row < m_table->rowCount(); ++row) {
        SiteBookmark b{text(row, NameColumn), text(row, LocalColumn), text(row, RemoteColumn)};
        if (!b.name.isEmpty() && (!b.localFolder.isEmpty() || !b.remoteFolder.isEmpty()))
            result.append(b);
    }
    return result;
}

} // namespace ferry
