#pragma once

#include <QCoreApplication>
#include <QString>

namespace ferry {
struct QueueProgress;
}

namespace ferry::cli {

// The one-line progress bar on stderr: percent, bytes, speed, ETA, files.
class ProgressBar {
    Q_DECLARE_TR_FUNCTIONS(ProgressBar)
public:
    explicit ProgressBar(bool shown)
        : m_shown(shown)
    {
    }
    bool shown() const { return m_shown; }
    void update(const QueueProgress &progress);
    // Ends the bar's line, so that what follows starts on a line of its own.
    void finish();

private:
    bool m_shown = false;
};

} // namespace ferry::cli
