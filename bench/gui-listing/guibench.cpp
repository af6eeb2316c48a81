// ferry-gui-bench: the Ferry window on a big folder, measured from inside (bench/gui-listing.sh
// runs it; see bench/RESULTS.md, "The window"). Modes:
//
//   ferry-gui-bench --remote URL [--local PATH] [--sort-size]
//       the whole window (the same MainWindow, AppContext and panes as `ferry`), the local
//       pane on PATH, the remote pane listing URL's folder
//   ferry-gui-bench --local-list PATH [--sort-size]    one Pane on Ferry's LocalLister + models
//   ferry-gui-bench --qfsm PATH [--sort-size]          QTreeView on QFileSystemModel behind a
//                                                      QSortFilterProxyModel, for comparison
//   ferry-gui-bench --remote URL --upload-folder PATH  the whole window uploading PATH into the
//       remote pane's folder as a drop does (one folder job, expanded by the queue), with the
//       queue in a file as `ferry` keeps it; measured from the drop until the queue is drained
//       (bench/gui-queue.sh: 100,000 files, beside `ferry-cli put -r` of the same folder);
//       with --seconds S, for S seconds at most
//   ferry-gui-bench --remote URL --drag-local PATH   the whole window, the local pane on PATH
//       (bench/gui-drag.sh: 10,000 files); once both panes are listed, every local row is
//       selected and dragged with real mouse events (the drag is cancelled as soon as it has
//       started), then the same selection is dropped on the remote pane's folder (the queue
//       does not run: what is measured is the window taking the drop in)
//
// --drag-local prints rows, drag_start_ms and drag_start_cpu_ms (mouse press to the drag under
// way: the view's selection, the model's mime data, the drag pixmap), drop_ms and drop_cpu_ms
// (SiteTab::drop), after_stall_max_ms and after_stall_cpu_ms (the 3 s after the drop, while
// the queue and its pane take the rows in), queued (rows the queue holds), cpu_s, peak_rss_kb.
//
// With --trace-slow MS, events that took the GUI thread over MS of CPU are listed on stderr.
//
// Prints one line: first_rows_ms (the first rows painted), all_rows_ms (every row in the
// model and painted), stall_max_ms (the longest lateness of a 5 ms timer from the start of
// the listing to the end), stall_cpu_max_ms (the GUI thread's longest CPU time between two
// of those ticks: the work done in one go, whatever the machine's load), rows_stall_max_ms and
// rows_stall_cpu_ms (the same from the first rows painted to the last: while the rows come in,
// without the window's own start), cpu_s and cpu_listing_s (the
// process's CPU: in all, and from the start of the listing), peak_rss_kb (VmHWM), and with --sort-size the
// same for a sort by size (sort_ms, sort_stall_max_ms, sort_stall_cpu_ms). Times are from main().
// --upload-folder prints files (known to the queue, done, failed), upload_s, stall_max_ms, stall_cpu_max_ms,
// stalls_over_50ms (ticks more than 50 ms late), cpu_s and peak_rss_kb.
#include "actions/actions.h"
#include "appcontext.h"
#include "browser/browserpage.h"
#include "browser/pane.h"
#include "browser/panecontroller.h"
#include "browser/paneview.h"
#include "browser/sitetab.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "mainwindow.h"
#include "remote/certificatestore.h"
#include "remote/listingcache.h"
#include "remote/trustdecisions.h"
#include "transfer/allocator.h"
#include "transfer/pluraltranslator.h"
#include "transfer/transferqueue.h"

#include <QApplication>
#include <QDrag>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QMimeData>
#include <QMouseEvent>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <ctime>
#include <sys/resource.h>

using namespace ferry;

namespace {

QElapsedTimer g_clock;

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

// The GUI thread's own CPU time, in nanoseconds.
qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// The longest lateness of a 5 ms timer: how long the event loop was not turning. Also the
// GUI thread's CPU time between two ticks (the longest): the work done in one go, which the
// machine's load does not inflate (the lateness also counts the time the thread waited for
// a core).
class StallMeter final : public QObject {
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = g_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            const double late = (now - m_last) / 1e6 - 5.0;
            m_max = qMax(m_max, late);
            m_over50 += late > 50 ? 1 : 0;
            m_cpuMax = qMax(m_cpuMax, (cpu - m_lastCpu) / 1e6);
            m_last = now;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_max = 0;
        m_cpuMax = 0;
        m_over50 = 0;
        m_last = g_clock.nsecsElapsed();
        m_lastCpu = threadCpuNs();
        m_timer.start();
    }
    // The longest lateness and the longest CPU time between ticks since the last take().
    std::pair<double, double> take()
    {
        const std::pair<double, double> max{m_max, m_cpuMax};
        m_max = 0;
        m_cpuMax = 0;
        return max;
    }

    int over50() const { return m_over50; } // ticks more than 50 ms late since start()

private:
    QTimer m_timer;
    int m_over50 = 0;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    double m_max = 0;
    double m_cpuMax = 0;
};

// Watches a view: "first rows" is the first paint with rows, "all rows" the first paint after
// isComplete() says every row is in; then, with --sort-size, a sort by size and its paint.
class Probe final : public QObject {
public:
    Probe(QAbstractItemView *view, std::function<bool()> isComplete, std::function<void()> sortBySize,
          bool sort)
        : m_view(view)
        , m_isComplete(std::move(isComplete))
        , m_sort(std::move(sortBySize))
        , m_doSort(sort)
    {
        view->viewport()->installEventFilter(this);
    }
    void begin()
    {
        m_cpuStart = cpuSeconds();
        m_stall.start();
    }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::Paint)
            return false;
        const int rows = m_view->model()->rowCount(m_view->rootIndex());
        if (m_firstRows < 0 && rows > 0)
            QTimer::singleShot(0, this, [this] {
                if (m_firstRows >= 0)
                    return;
                m_firstRows = g_clock.nsecsElapsed() / 1e6;
                m_startStall = m_stall.take(); // the window's start, the login, the server's wait
            });
        if (m_allRows < 0 && m_isComplete())
            QTimer::singleShot(0, this, [this] { allRowsPainted(); });
        if (m_sortStart >= 0 && m_sorted < 0)
            QTimer::singleShot(0, this, [this] { sortPainted(); });
        return false;
    }

private:
    void allRowsPainted()
    {
        if (m_allRows >= 0)
            return;
        m_allRows = g_clock.nsecsElapsed() / 1e6;
        m_listStall = m_stall.take();
        m_cpuListing = cpuSeconds() - m_cpuStart;
        if (!m_doSort) {
            finish();
            return;
        }
        QTimer::singleShot(300, this, [this] {
            m_stall.take();
            m_sortStart = g_clock.nsecsElapsed() / 1e6;
            m_sort();
            m_view->viewport()->update();
        });
    }
    void sortPainted()
    {
        if (m_sorted >= 0)
            return;
        m_sorted = g_clock.nsecsElapsed() / 1e6;
        m_sortStall = m_stall.take();
        finish();
    }
    void finish()
    {
        std::printf(
            "rows=%d first_rows_ms=%.0f all_rows_ms=%.0f stall_max_ms=%.1f cpu_s=%.3f cpu_listing_s=%.3f "
            "peak_rss_kb=%ld stall_cpu_max_ms=%.1f rows_stall_max_ms=%.1f rows_stall_cpu_ms=%.1f",
            m_view->model()->rowCount(), m_firstRows, m_allRows, qMax(m_startStall.first, m_listStall.first),
            cpuSeconds(), m_cpuListing, peakRssKb(), qMax(m_startStall.second, m_listStall.second),
            m_listStall.first, m_listStall.second);
        if (m_doSort)
            std::printf(" sort_ms=%.0f sort_stall_max_ms=%.1f sort_stall_cpu_ms=%.1f", m_sorted - m_sortStart,
                        m_sortStall.first, m_sortStall.second);
        std::printf("\n");
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    }

    QAbstractItemView *m_view;
    std::function<bool()> m_isComplete;
    std::function<void()> m_sort;
    bool m_doSort;
    StallMeter m_stall;
    double m_cpuStart = 0;
    double m_firstRows = -1;
    double m_allRows = -1;
    std::pair<double, double> m_startStall; // until the first rows are painted
    std::pair<double, double> m_listStall;  // from there until every row is painted
    double m_cpuListing = 0;
    double m_sortStart = -1;
    double m_sorted = -1;
    std::pair<double, double> m_sortStall;
};

// Both panes of the window have listed their folders (the remote one connected).
bool panesListed(MainWindow *window)
{
    const PaneController *remote = window->siteTab()->remote();
    const PaneController *local = window->siteTab()->local();
    return remote->isAttached() && !remote->model()->isLoading() && !remote->path().isEmpty() &&
           !local->model()->isLoading() && !local->path().isEmpty();
}

// --upload-folder: once both panes are listed, the folder goes to the remote pane's folder as
// a drop sends it (SiteTab::transfer: one folder job); measured until the queue is drained.
class UploadBench final : public QObject {
public:
    // seconds > 0: stop measuring after that long even if the queue is not drained yet.
    UploadBench(MainWindow *window, TransferQueue *queue, const QString &folder, int seconds)
        : m_window(window)
        , m_queue(queue)
        , m_name(QFileInfo(folder).fileName())
        , m_seconds(seconds)
    {
        m_poll.setInterval(50);
        connect(&m_poll, &QTimer::timeout, this, &UploadBench::startWhenListed);
        m_poll.start();
        connect(queue, &TransferQueue::drained, this, &UploadBench::finish);
    }

private:
    void startWhenListed()
    {
        if (!panesListed(m_window))
            return;
        m_poll.stop();
        SiteTab *tab = m_window->siteTab();
        DirEntry entry;
        entry.name = m_name;
        entry.isDir = true;
        m_cpuStart = cpuSeconds();
        m_start = g_clock.nsecsElapsed();
        m_stall.start();
        tab->transfer(SiteTab::Side::Local, {entry}, SiteTab::Start::Now);
        if (m_seconds > 0)
            QTimer::singleShot(m_seconds * 1000, this, &UploadBench::finish);
    }
    void finish()
    {
        if (m_start < 0 || m_finished)
            return;
        m_finished = true;
        const QueueProgress p = m_queue->progress();
        const std::pair<double, double> stall = m_stall.take();
        std::printf("files_known=%lld files_done=%lld files_failed=%lld upload_s=%.1f stall_max_ms=%.1f "
                    "stall_cpu_max_ms=%.1f "
                    "stalls_over_50ms=%d cpu_s=%.2f cpu_upload_s=%.2f peak_rss_kb=%ld\n",
                    p.filesTotal, p.filesDone, p.filesFailed, (g_clock.nsecsElapsed() - m_start) / 1e9,
                    stall.first, stall.second, m_stall.over50(), cpuSeconds(), cpuSeconds() - m_cpuStart,
                    peakRssKb());
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); }); // quit() would ask: transfers run
    }

    MainWindow *m_window;
    TransferQueue *m_queue;
    QString m_name;
    int m_seconds;
    bool m_finished = false;
    QTimer m_poll;
    StallMeter m_stall;
    double m_cpuStart = 0;
    qint64 m_start = -1;
};

// --drag-local prints rows, drag_start_ms and drag_start_cpu_ms (mouse press to the drag under
// way: the view's selection, the model's mime data, the drag pixmap), drop_ms and drop_cpu_ms
// (SiteTab::drop), after_stall_max_ms and after_stall_cpu_ms (the 3 s after the drop, while
// the queue and its pane take the rows in), queued (rows the queue holds), cpu_s, peak_rss_kb.
//
// --drag-local: a drag of every row of the local pane, started by mouse events as a person
// starts one, then the drop of that selection on the remote pane.
class DragBench final : public QObject {
public:
    DragBench(MainWindow *window, TransferQueue *queue)
        : m_window(window)
        , m_queue(queue)
    {
        m_poll.setInterval(50);
        connect(&m_poll, &QTimer::timeout, this, &DragBench::startWhenListed);
        m_poll.start();
    }

private:
    void startWhenListed()
    {
        if (!panesListed(m_window) || m_window->siteTab()->local()->model()->rowCount() == 0)
            return;
        m_poll.stop();
        m_queue->stop(); // the drop is measured, not the uploads
        QTimer::singleShot(300, this, &DragBench::drag);
    }
    void drag()
    {
        PaneView *view = m_window->page()->localPane()->view();
        view->setFocus();
        view->selectAll();
        const QRect first = view->visualRect(view->model()->index(0, 0));
        const QPoint from = first.center();
        const QPoint to = from + QPoint(QApplication::startDragDistance() * 3, 0);
        QWidget *viewport = view->viewport();
        m_rows = int(view->selectionModel()->selectedRows().size());
        bool dragged = false;
        const QMetaObject::Connection ended =
            connect(view, &PaneView::dragEnded, this, [&dragged] { dragged = true; });
        m_stall.start();
        const qint64 cpu = threadCpuNs();
        const qint64 start = g_clock.nsecsElapsed();
        // The drag's own event loop runs until it is cancelled: the first thing it does.
        QTimer::singleShot(0, this, [this, cpu, start] {
            m_dragCpuMs = (threadCpuNs() - cpu) / 1e6;
            m_dragMs = (g_clock.nsecsElapsed() - start) / 1e6;
            QDrag::cancel();
        });
        QMouseEvent press(QEvent::MouseButtonPress, from, viewport->mapToGlobal(from), Qt::LeftButton,
                          Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &press); // on a selected row: the selection stays whole
        // The first move puts the view in its dragging state, the second starts the drag.
        const QPoint near = from + QPoint(1, 0);
        QMouseEvent nudge(QEvent::MouseMove, near, viewport->mapToGlobal(near), Qt::NoButton, Qt::LeftButton,
                          Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &nudge);
        QMouseEvent move(QEvent::MouseMove, to, viewport->mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &move); // returns when the drag is over
        QMouseEvent release(QEvent::MouseButtonRelease, to, viewport->mapToGlobal(to), Qt::LeftButton,
                            Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &release);
        disconnect(ended);
        if (!dragged) {
            std::printf("error=the drag did not start\n");
            QCoreApplication::exit(1);
            return;
        }
        QTimer::singleShot(300, this, &DragBench::drop);
    }
    void drop()
    {
        SiteTab *tab = m_window->siteTab();
        PaneView *view = m_window->page()->localPane()->view();
        view->selectAll(); // the release after the cancelled drag selected the pressed row alone
        const QModelIndexList selected = view->selectionModel()->selectedIndexes();
        std::unique_ptr<QMimeData> data(view->model()->mimeData(selected));
        m_stall.start(); // from here: what the bench did above is not counted
        const qint64 cpu = threadCpuNs();
        const qint64 start = g_clock.nsecsElapsed();
        const bool dropped = data && tab->drop(SiteTab::Side::Remote, data.get(), tab->remote()->path());
        const double dropCpuMs = (threadCpuNs() - cpu) / 1e6;
        const double dropMs = (g_clock.nsecsElapsed() - start) / 1e6;
        QTimer::singleShot(3000, this, [this, dropped, dropMs, dropCpuMs] {
            const std::pair<double, double> after = m_stall.take();
            std::printf(
                "rows=%d drag_start_ms=%.1f drag_start_cpu_ms=%.1f dropped=%d drop_ms=%.1f drop_cpu_ms=%.1f "
                "after_stall_max_ms=%.1f after_stall_cpu_ms=%.1f queued=%lld cpu_s=%.2f peak_rss_kb=%ld\n",
                m_rows, m_dragMs, m_dragCpuMs, int(dropped), dropMs, dropCpuMs, after.first, after.second,
                m_queue->countJobs({TransferJob::State::Queued}), cpuSeconds(), peakRssKb());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
        });
    }

    MainWindow *m_window;
    TransferQueue *m_queue;
    QTimer m_poll;
    StallMeter m_stall;
    int m_rows = 0;
    double m_dragMs = -1;
    double m_dragCpuMs = -1;
};

// With --trace-slow MS: every event whose handling took the GUI thread more than MS of
// CPU time, on stderr (receiver's class, event type): what a stall was made of.
class TracingApplication final : public QApplication {
public:
    using QApplication::QApplication;
    double traceMs = -1;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (traceMs < 0 || m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        const qint64 start = threadCpuNs();
        const QEvent::Type type = event->type();
        // Taken now: the receiver may be gone after its event (DeferredDelete).
        const char *className = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const bool result = QApplication::notify(receiver, event);
        const double ms = (threadCpuNs() - start) / 1e6;
        --m_depth;
        if (ms > traceMs) {
            std::fprintf(stderr, "slow: %.1f ms CPU at %.0f ms: %s (%s), event %d\n", ms,
                         g_clock.nsecsElapsed() / 1e6, className, qPrintable(name), int(type));
        }
        return result;
    }

private:
    int m_depth = 0;
};

QString argument(const QStringList &args, const QString &name)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : QString();
}

} // namespace

int main(int argc, char *argv[])
{
    g_clock.start();
    tuneAllocatorForTransfers();
    TracingApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ferry-gui-bench"));
    installEnglishPlurals(&app);
    const QStringList args = QApplication::arguments();
    if (args.contains(QStringLiteral("--trace-slow")))
        app.traceMs = argument(args, QStringLiteral("--trace-slow")).toDouble();
    const bool sort = args.contains(QStringLiteral("--sort-size"));
    const QString remote = argument(args, QStringLiteral("--remote"));
    const QString localList = argument(args, QStringLiteral("--local-list"));
    const QString qfsm = argument(args, QStringLiteral("--qfsm"));
    const QString uploadFolder = argument(args, QStringLiteral("--upload-folder"));
    const QString dragLocal = argument(args, QStringLiteral("--drag-local"));
    const int timeoutS = args.contains(QStringLiteral("--timeout"))
                             ? argument(args, QStringLiteral("--timeout")).toInt()
                             : 120;
    QTimer::singleShot(timeoutS * 1000, &app, [] {
        std::printf("error=timeout\n");
        QCoreApplication::exit(1);
    });

    if (!qfsm.isEmpty()) {
        // The comparison: Qt's own file-system model, sorted and filtered by a proxy.
        QFileSystemModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QTreeView view;
        view.setModel(&proxy);
        view.setUniformRowHeights(true);
        view.setRootIsDecorated(false);
        view.setSortingEnabled(true);
        view.sortByColumn(0, Qt::AscendingOrder);
        view.resize(640, 720);
        view.show();
        bool loaded = false;
        QObject::connect(&model, &QFileSystemModel::directoryLoaded, &model, [&loaded] { loaded = true; });
        Probe probe(
            &view, [&] { return loaded && proxy.rowCount(view.rootIndex()) > 0; },
            [&] { view.sortByColumn(1, Qt::DescendingOrder); }, sort);
        probe.begin();
        view.setRootIndex(proxy.mapFromSource(model.setRootPath(qfsm)));
        return QApplication::exec();
    }

    QTemporaryDir scratch;
    QSettings settings(scratch.filePath(QStringLiteral("window.conf")), QSettings::IniFormat);
    CertificateStore certificates(scratch.filePath(QStringLiteral("pins.json")));
    TrustDecisions trust;
    ListingCache cache;
    // Uploads keep the queue in a file, as `ferry` does.
    TransferQueue queue(uploadFolder.isEmpty() ? QStringLiteral(":memory:")
                                               : scratch.filePath(QStringLiteral("queue.sqlite")));
    queue.open();
    AppContext context;
    context.queue = &queue;
    context.trust = &trust;
    context.certificates = &certificates;
    context.cache = &cache;
    context.settings = &settings;

    if (!localList.isEmpty()) {
        SiteTab tab(context);
        Pane pane(tab.local());
        pane.resize(640, 720);
        pane.show();
        PaneController *c = tab.local();
        Probe probe(
            pane.view(), [c] { return !c->model()->isLoading() && c->model()->rowCount() > 0; },
            [&pane] { pane.view()->sortByColumn(DirectoryModel::SizeColumn, Qt::DescendingOrder); }, sort);
        probe.begin();
        c->open(localList);
        return QApplication::exec();
    }

    MainWindow window(context);
    window.resize(1280, 800);
    window.show();
    if (!uploadFolder.isEmpty()) {
        window.openLocal(QFileInfo(uploadFolder).absolutePath());
        UploadBench bench(&window, &queue, uploadFolder, argument(args, QStringLiteral("--seconds")).toInt());
        window.connectAddress(remote);
        return QApplication::exec();
    }
    if (!dragLocal.isEmpty()) {
        window.openLocal(dragLocal);
        DragBench bench(&window, &queue);
        window.connectAddress(remote);
        return QApplication::exec();
    }
    window.openLocal(argument(args, QStringLiteral("--local")));
    Pane *pane = window.page()->remotePane();
    PaneController *c = pane->controller();
    Probe probe(
        pane->view(),
        [c] { return c->isAttached() && !c->model()->isLoading() && c->model()->rowCount() > 0; },
        [pane] { pane->view()->sortByColumn(DirectoryModel::SizeColumn, Qt::DescendingOrder); }, sort);
    probe.begin();
    window.connectAddress(remote);
    return QApplication::exec();
}
