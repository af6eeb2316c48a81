#pragma once

#include <QString>

class QSettings;

namespace ferry {

class MainWindow;

// What the window remembers between runs (QSettings): geometry and tool bars, splitter
// sizes, each pane's columns (widths, order, sort), the last local folder and the view
// toggles. Restored before the window is shown, saved when it closes.
class WindowSettings final {
public:
    explicit WindowSettings(QSettings *settings);

    void restore(MainWindow *window) const;
    void save(const MainWindow *window) const;
    // The local folder of the last run ("" the first time).
    QString lastLocalFolder() const;
    bool showHidden() const;

private:
    QSettings *m_settings;
};

} // namespace ferry
