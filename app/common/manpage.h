#pragma once

#include <QList>
#include <QString>

namespace ferry {

// A man page (roff, man macros) built from the same tables as a program's --help, so
// the two never drift: `ferry --help-man` and `ferry-cli --help-man` print one, and
// the build writes them to share/man/man1 (packaging/CMakeLists.txt).
class ManPage {
public:
    struct Row {
        QString term; // "-r, --recursive" or "get URL [LOCAL]"
        QString text;
    };

    // `name`: the command ("ferry-cli"); `summary`: the NAME line's words after the dash.
    ManPage(const QString &name, const QString &summary);

    void addSynopsis(const QString &line); // after the command's name: "[options] COMMAND"
    // A section (.SH) of paragraphs; a blank line in `text` starts a new one, a line
    // break is kept.
    void addSection(const QString &title, const QString &text);
    // A table of terms (.TP), under a subsection title when `subtitle` is not empty.
    void addRows(const QString &title, const QString &subtitle, const QList<Row> &rows);

    QString toRoff() const;

    // Text as roff reads it literally: backslashes, hyphens, and a leading '.' or '\''.
    static QString escape(const QString &text);

private:
    QString m_name;
    QString m_summary;
    QStringList m_synopsis;
    QString m_body;
    QString m_lastTitle;
};

} // namespace ferry
