#pragma once

#include <QListView>

namespace ferry {

class TranscriptModel;

// The protocol log (FileZilla's message log, calmer): one line per status, command, reply
// or error, each kind in its own colour from the palette (commands in the link colour,
// replies in the text colour, status muted, errors red); the time in front, muted. Keeps to
// the newest line unless the user scrolled up. Its context menu copies the selected lines
// (or all) and clears the log.
class TranscriptView final : public QListView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptView)
public:
    explicit TranscriptView(TranscriptModel *model, QWidget *parent = nullptr);

    // The selected lines, or every line when none is selected, as text.
    QString selectedText() const;
    void copy();
    void clear();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    TranscriptModel *m_model;
    bool m_follow = true;
};

} // namespace ferry
