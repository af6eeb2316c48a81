#pragma once

#include <QTreeView>

namespace ferry {

// A pane's file list: a QTreeView on the pane's sort proxy with compact rows (a file
// manager's, not the tall default), uniform row heights for 100,000 rows, sorting by a
// header click, type-ahead, in-place rename (F2), and the keys of a two-pane file manager:
// Backspace goes up, Tab goes to the other pane. Enter and double-click are
// QAbstractItemView::activated. It starts no operation itself: it says what the user asked.
class PaneView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaneView)
public:
    explicit PaneView(QWidget *parent = nullptr);

    // Shown over an empty list ("Not connected", "Empty folder", "Loading…").
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }
    // The selected rows (the first column), or the current row when nothing is selected.
    QModelIndexList selectedEntries() const;
    // The columns' widths, order and sort for window.conf, and back. The first column (the
    // name) fills the room the others leave in the list; what is kept is its own width
    // (as given, dragged or restored), so that the others' widths win at any window size.
    QByteArray saveColumns();
    bool restoreColumns(const QByteArray &state);

Q_SIGNALS:
    void upRequested();
    void switchPaneRequested();
    void focused();
    // A drag that started here is over (dropped anywhere, or cancelled).
    void dragEnded();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    void focusInEvent(QFocusEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    // The drop's action follows the keys held (DirectoryModel::dropActionFor): a drag within
    // the pane moves, Ctrl asks for a copy; between the panes it is a copy, and with Shift a
    // small menu asks: Copy Here, Move Here (the sources removed once sent) or Cancel.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    Qt::DropAction dropActionFor(const QDropEvent *event) const;
    bool offerDropMenu(QDropEvent *event);
    void fitFirstColumn();

    QString m_placeholder;
    int m_firstWidth = 0; // the name column's own width (see saveColumns())
    bool m_fitting = false;
};

} // namespace ferry
