#pragma once

#include "directorymodel.h"
#include "transfer/treecomparison.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace ferry {

class DirectorySortProxy;

// View > Directory Comparison (FileZilla's): the local pane's folder against the remote
// pane's, name by name, with core's rule for one pair of entries (decideCompared(): sizes,
// and times with the precision both sides have, so a LIST time to the minute is not "older"
// than a local time to the second). Each pane's rows get a state (only here, newer here,
// size differs, same) that its DirectoryModel tints; "Show Only Differences" hides the same
// rows through each pane's DirectorySortProxy.
//
// One pass with a QHash by name, when both folders are listed: while either side is loading
// nothing is tinted, and a listing that streams in is compared once, when complete. Changes
// after that (a transfer, a rename) compare again, coalesced.
class FolderComparison final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FolderComparison)
public:
    using Comparison = DirectoryModel::Comparison;
    struct Result {
        QHash<QString, Comparison> local;  // names that differ, for the local pane
        QHash<QString, Comparison> remote; // and for the remote pane
    };
    static constexpr int kCoalesceMs = 100;

    FolderComparison(DirectorySortProxy *local, DirectorySortProxy *remote, QObject *parent = nullptr);
    ~FolderComparison() override;

    void setEnabled(bool on);
    bool isEnabled() const { return m_enabled; }
    void setOnlyDifferences(bool on);
    bool onlyDifferences() const { return m_onlyDifferences; }
    void setCriteria(const CompareCriteria &criteria);

    // The states of two folders' entries (names that are the same on both sides are left out).
    static Result compare(const EntryStore &local, const EntryStore &remote, const CompareCriteria &criteria);
    static Result compare(const QList<DirEntry> &local, const QList<DirEntry> &remote,
                          const CompareCriteria &criteria)
    {
        return compare(EntryStore::fromList(local), EntryStore::fromList(remote), criteria);
    }

Q_SIGNALS:
    void updated(); // the panes show a new comparison (or none)

private:
    void schedule();
    void update();
    void watch(DirectoryModel *model);

    DirectorySortProxy *m_localProxy;
    DirectorySortProxy *m_remoteProxy;
    CompareCriteria m_criteria;
    QTimer m_timer;
    bool m_enabled = false;
    bool m_onlyDifferences = false;
};

} // namespace ferry
