#pragma once

#include "sites/siteprofile.h"

#include <QDialog>

class QTableWidget;
class QPushButton;

namespace ferry {

// "Manage Bookmarks": a site's bookmarks in a table (name, local folder, remote folder),
// edited in place, removed with the button. OK hands the list back (accepted); the
// caller saves it into the site.
class BookmarksDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BookmarksDialog)
public:
    enum Column { NameColumn, LocalColumn, RemoteColumn, ColumnCount };

    BookmarksDialog(const SiteProfile &site, QWidget *parent = nullptr);
    QList<SiteBookmark> bookmarks() const;
    QTableWidget *table() const { return m_table; }
    QPushButton *removeButton() const { return m_remove; }
    QUuid siteId() const { return m_site; }

Q_SIGNALS:
    void bookmarksChosen(const QUuid &site, const QList<SiteBookmark> &bookmarks);

private:
    QUuid m_site;
    QTableWidget *m_table;
    QPushButton *m_remove;
};

} // namespace ferry
