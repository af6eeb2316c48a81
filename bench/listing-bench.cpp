// Throughput and memory of the listing parser on generated listings: a million `ls -l`
// lines as vsftpd prints them and a million MLSD lines as pyftpdlib/ProFTPD print them.
// Deterministic (a fixed LCG), so every run parses the same bytes.
//
//   listing-bench [--lines N] [--runs R] [--format unix|mlsd|both]
//
// Time: wall clock of ListingParser fed in 64 KiB chunks (as a data connection delivers
// them), finish() and takeEntries(), on one thread; the best and the median of R runs.
//
// Memory: glibc's mallinfo2() (bytes in use in the heap arenas plus mmapped blocks) just
// before the parser is created and just after takeEntries(), with the entries alive and
// the parser gone: the difference is what the entries cost, malloc's own headers and the
// list's spare capacity included. "Name storage" is the heap blocks of each entry's two
// copies of its name (decoded QString and raw QByteArray), measured with
// malloc_usable_size() plus malloc's 8-byte chunk header; "name characters" is only their
// payload (2 bytes per UTF-16 unit, 1 per raw byte).

#include "listing/direntry.h"
#include "listing/listingparser.h"

#include <QByteArray>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <malloc.h>
#include <unistd.h>
#include <vector>

using namespace ferry;

namespace {

const QDate kToday(2026, 11, 22);

class Lcg {
public:
    quint32 next()
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return quint32(m_state >> 33);
    }
    quint32 below(quint32 n) { return next() % n; }

private:
    quint64 m_state = 0x5eed;
};

const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A file name: mostly ASCII of varied length, some with spaces, some UTF-8.
void appendName(QByteArray &out, Lcg &rng, int i)
{
    static const char *const kWords[] = {"report", "IMG",       "backup",  "data",
                                         "notes",  "build-log", "invoice", "video"};
    static const char *const kExtensions[] = {".txt", ".jpg", ".tar.gz", ".pdf", ".csv", ".mp4", "", ".json"};
    const quint32 kind = rng.below(100);
    char buf[96];
    if (kind < 5)
        snprintf(buf, sizeof buf, "r\xc3\xa9sum\xc3\xa9 %d.pdf", i); // "résumé %d.pdf"
    else if (kind < 7)
        snprintf(buf, sizeof buf, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e_%d.txt", i); // "日本語_%d.txt"
    else if (kind < 20)
        snprintf(buf, sizeof buf, "%s %s %07d%s", kWords[rng.below(8)], kWords[rng.below(8)], i,
                 kExtensions[rng.below(8)]);
    else
        snprintf(buf, sizeof buf, "%s_%07d%s", kWords[rng.below(8)], i, kExtensions[rng.below(8)]);
    out.append(buf);
}

QByteArray unixListing(int lines)
{
    static const char *const kOwners[] = {"ftp", "alice", "1000", "www-data"};
    static const char *const kGroups[] = {"ftp", "users", "1000"};
    Lcg rng;
    QByteArray out;
    out.reserve(qsizetype(lines) * 72);
    out.append("total 123456\r\n");
    char buf[160];
    for (int i = 0; i < lines; ++i) {
        const quint32 kind = rng.below(100);
        const char *perms = kind < 88 ? "-rw-r--r--" : kind < 97 ? "drwxr-xr-x" : "lrwxrwxrwx";
        const quint64 size = kind >= 88 && kind < 97
                                 ? 4096
                                 : quint64(rng.next()) % (kind < 10 ? 100000000000ULL : 10000000ULL);
        const int month = int(rng.below(12));
        const int day = 1 + int(rng.below(28));
        char date[16];
        if (rng.below(2))
            snprintf(date, sizeof date, "%s %2d %02u:%02u", kMonths[month], day, rng.below(24),
                     rng.below(60));
        else
            snprintf(date, sizeof date, "%s %2d  %u", kMonths[month], day, 2000 + rng.below(26));
        snprintf(buf, sizeof buf, "%s %4u %-8s %-8s %12llu %s ", perms, 1 + rng.below(3),
                 kOwners[rng.below(4)], kGroups[rng.below(3)], static_cast<unsigned long long>(size), date);
        out.append(buf);
        appendName(out, rng, i);
        if (perms[0] == 'l')
            out.append(" -> ../target/path");
        out.append("\r\n");
    }
    return out;
}

QByteArray mlsdListing(int lines)
{
    Lcg rng;
    QByteArray out;
    out.reserve(qsizetype(lines) * 130);
    out.append("type=cdir;perm=flcdmpe;modify=20261122100000;unix.mode=0755;unix.uid=1000;unix.gid=1000;"
               "unique=fd01g2; .\r\n");
    char buf[200];
    for (int i = 0; i < lines; ++i) {
        const bool dir = rng.below(100) < 9;
        const quint64 size = dir ? 4096 : quint64(rng.next()) % 10000000ULL;
        snprintf(
            buf, sizeof buf,
            "type=%s;size=%llu;perm=%s;modify=%04u%02u%02u%02u%02u%02u;unix.mode=%s;unix.uid=%u;unix.gid=%u;"
            "unique=fd01g%x; ",
            dir ? "dir" : "file", static_cast<unsigned long long>(size), dir ? "flcdmpe" : "adfrw",
            2000 + rng.below(26), 1 + rng.below(12), 1 + rng.below(28), rng.below(24), rng.below(60),
            rng.below(60), dir ? "0755" : "0644", 1000 + rng.below(2), 1000 + rng.below(2), unsigned(i));
        out.append(buf);
        appendName(out, rng, i);
        out.append("\r\n");
    }
    return out;
}

// Resident memory of the process (/proc/self/statm): what the entries really occupy,
// whatever the allocator reserved but never touched.
qint64 residentBytes()
{
    long pages = 0;
    long resident = 0;
    if (FILE *f = fopen("/proc/self/statm", "r")) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return qint64(resident) * sysconf(_SC_PAGESIZE);
}

qint64 heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return qint64(m.uordblks + m.hblkhd);
}

template<typename Array>
qint64 blockSize(const Array &a)
{
    // The QArrayData header starts the malloc block; 8 bytes of malloc's chunk header
    // precede it.
    const void *block = const_cast<Array &>(a).data_ptr().d_ptr();
    return block ? qint64(malloc_usable_size(const_cast<void *>(block))) + 8 : 0;
}

struct Run {
    double seconds = 0;    // wall clock
    double cpuSeconds = 0; // this thread's CPU time: what one core spent, whatever else runs
    qsizetype entries = 0;
};

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

Run parseOnce(const QByteArray &listing, ServerType type, QList<DirEntry> *keep)
{
    ListingParser::Options o;
    o.serverType = type;
    o.today = kToday;
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = threadCpuSeconds();
    QList<DirEntry> entries;
    {
        ListingParser parser(o);
        constexpr qsizetype kChunk = 64 * 1024;
        for (qsizetype pos = 0; pos < listing.size(); pos += kChunk)
            parser.addData(
                QByteArray::fromRawData(listing.constData() + pos, qMin(kChunk, listing.size() - pos)));
        parser.finish();
        entries = parser.takeEntries();
    }
    Run run;
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    run.cpuSeconds = threadCpuSeconds() - cpuStart;
    run.entries = entries.size();
    if (keep)
        *keep = std::move(entries);
    return run;
}

int bench(const char *label, const QByteArray &listing, ServerType type, int lines, int runs)
{
    // Memory first, on a quiet heap.
    const qint64 before = heapInUse();
    const qint64 residentBefore = residentBytes();
    QList<DirEntry> entries;
    parseOnce(listing, type, &entries);
    const qint64 after = heapInUse();
    const qint64 residentAfter = residentBytes();
    if (entries.size() != lines) {
        fprintf(stderr, "%s: expected %d entries, got %lld\n", label, lines,
                static_cast<long long>(entries.size()));
        return 1;
    }
    qint64 nameStorage = 0;
    qint64 nameChars = 0;
    for (const DirEntry &e : entries) {
        nameStorage += blockSize(e.name) + blockSize(e.rawName);
        nameChars += e.name.size() * 2 + e.rawName.size();
    }
    const double perEntry = double(after - before) / lines;
    const double residentPerEntry = double(residentAfter - residentBefore) / lines;
    entries = QList<DirEntry>();

    std::vector<double> times;
    std::vector<double> cpuTimes;
    for (int r = 0; r < runs; ++r) {
        const Run run = parseOnce(listing, type, nullptr);
        times.push_back(run.seconds);
        cpuTimes.push_back(run.cpuSeconds);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpuTimes.begin(), cpuTimes.end());
    const double best = times.front();
    const double median = times[times.size() / 2];
    const double bestCpu = cpuTimes.front();
    const double mb = double(listing.size()) / 1e6;

    printf("%s: %d lines, %.1f MB; wall: best %.3f s = %.2f M lines/s (%.0f MB/s), median %.3f s = %.2f M "
           "lines/s; "
           "thread CPU: best %.3f s = %.2f M lines/s\n",
           label, lines, mb, best, lines / best / 1e6, mb / best, median, lines / median / 1e6, bestCpu,
           lines / bestCpu / 1e6);
    printf("%s: memory (malloc) %.1f B/entry in all; name storage %.1f B/entry (characters %.1f B); "
           "beyond the name storage %.1f B/entry, beyond the name characters %.1f B/entry (sizeof(DirEntry) "
           "%zu); resident (RSS delta) %.1f B/entry, beyond the name storage %.1f B/entry\n",
           label, perEntry, double(nameStorage) / lines, double(nameChars) / lines,
           perEntry - double(nameStorage) / lines, perEntry - double(nameChars) / lines, sizeof(DirEntry),
           residentPerEntry, residentPerEntry - double(nameStorage) / lines);
    printf(
        "RESULT %s lines=%d best_s=%.4f median_s=%.4f best_cpu_s=%.4f lines_per_s=%.0f lines_per_cpu_s=%.0f "
        "bytes_per_entry=%.1f beyond_name_storage=%.1f beyond_name_chars=%.1f\n",
        label, lines, best, median, bestCpu, lines / best, lines / bestCpu, perEntry,
        perEntry - double(nameStorage) / lines, perEntry - double(nameChars) / lines);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    int lines = 1000000;
    int runs = 5;
    const char *format = "both";
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--lines") && i + 1 < argc)
            lines = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else {
            fprintf(stderr, "usage: listing-bench [--lines N] [--runs R] [--format unix|mlsd|both]\n");
            return 2;
        }
    }
    if (lines < 1 || runs < 1)
        return 2;
    // Generate both before measuring either, so that the heap is as settled as it gets.
    const bool doUnix = strcmp(format, "mlsd") != 0;
    const bool doMlsd = strcmp(format, "unix") != 0;
    const QByteArray unix = doUnix ? unixListing(lines) : QByteArray();
    const QByteArray mlsd = doMlsd ? mlsdListing(lines) : QByteArray();
    int rc = 0;
    if (doUnix)
        rc |= bench("unix", unix, ServerType::Auto, lines, runs);
    if (doMlsd)
        rc |= bench("mlsd", mlsd, ServerType::Mlsd, lines, runs);
    return rc;
}
