/* xwatch: watches one X client from outside, the same way for any toolkit (Qt, GTK):
 *
 *   xwatch PID SECONDS [--region X,Y,W,H] [--settle MS] [--no-ping]
 *
 * Finds the top-level window whose _NET_WM_PID is PID, then until the client has been
 * quiet for --settle ms (no repaint and no CPU; default 1500) or SECONDS pass:
 *  - sends it a _NET_WM_PING every 10 ms (unless --no-ping) and times the answer: a client answers from its
 *    event loop, so the longest round trip is the longest time its event loop was stalled
 *    (both Qt and GTK answer pings; the reply reaches the root window, which this program
 *    watches);
 *  - records XDamage reports on the window: those inside --region (the file list, in window
 *    coordinates) as bursts (repaints less than 30 ms apart), and the last one of all;
 *  - reads /proc/PID: CPU time (user + system) and the peak resident set (VmHWM).
 * Prints one line of key=value pairs (times in ms since xwatch started). Bench only.
 * Build: cc -O2 -o xwatch xwatch.c -lX11 -lXdamage
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static Window find_window(Display *d, Window w, Atom pidAtom, unsigned long pid)
{
    Atom type;
    int format;
    unsigned long n, after;
    unsigned char *data = NULL;
    if (XGetWindowProperty(d, w, pidAtom, 0, 1, False, XA_CARDINAL, &type, &format, &n, &after, &data) == Success &&
        data) {
        unsigned long value = n ? *(unsigned long *)data : 0;
        XFree(data);
        XWindowAttributes a;
        if (value == pid && XGetWindowAttributes(d, w, &a) && a.map_state == IsViewable && a.width > 200)
            return w;
    }
    Window root, parent, *kids = NULL;
    unsigned int count = 0;
    Window found = 0;
    if (XQueryTree(d, w, &root, &parent, &kids, &count)) {
        for (unsigned int i = 0; i < count && !found; ++i)
            found = find_window(d, kids[i], pidAtom, pid);
        if (kids)
            XFree(kids);
    }
    return found;
}

static void proc_stats(long pid, double *cpu_s, long *hwm_kb)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f) {
        if (fgets(buf, sizeof buf, f)) {
            char *p = strrchr(buf, ')');
            unsigned long ut = 0, st = 0;
            if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2)
                *cpu_s = (double)(ut + st) / sysconf(_SC_CLK_TCK);
        }
        fclose(f);
    }
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    f = fopen(path, "r");
    if (f) {
        while (fgets(buf, sizeof buf, f))
            if (!strncmp(buf, "VmHWM:", 6))
                *hwm_kb = atol(buf + 6);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xwatch PID SECONDS [--region X,Y,W,H] [--settle MS] [--no-ping]\n");
        return 2;
    }
    const long pid = atol(argv[1]);
    const double limit = atof(argv[2]) * 1e3;
    int rx = 0, ry = 0, rw = 100000, rh = 100000;
    double settle = 1500;
    int pinging = 1;
    for (int i = 3; i < argc; ++i) {
        if (!strcmp(argv[i], "--no-ping"))
            pinging = 0;
        else if (!strcmp(argv[i], "--region") && i + 1 < argc)
            sscanf(argv[++i], "%d,%d,%d,%d", &rx, &ry, &rw, &rh);
        else if (!strcmp(argv[i], "--settle") && i + 1 < argc)
            settle = atof(argv[++i]);
    }
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xwatch: no display\n");
        return 2;
    }
    const double start = now_ms();
    int damageEvent, damageError;
    if (!XDamageQueryExtension(d, &damageEvent, &damageError)) {
        fprintf(stderr, "xwatch: no XDamage\n");
        return 2;
    }
    Atom pidAtom = XInternAtom(d, "_NET_WM_PID", False);
    Atom protocols = XInternAtom(d, "WM_PROTOCOLS", False);
    Atom ping = XInternAtom(d, "_NET_WM_PING", False);
    Window root = DefaultRootWindow(d);
    /* GTK sends its ping replies to the root window for SubstructureNotify, Qt for
     * StructureNotify (both with SubstructureRedirect, which only a window manager may take). */
    XSelectInput(d, root, SubstructureNotifyMask | StructureNotifyMask);
    Window w = 0;
    while (!w && now_ms() - start < limit) {
        w = find_window(d, root, pidAtom, (unsigned long)pid);
        if (!w)
            usleep(5000);
    }
    if (!w) {
        printf("error=no-window\n");
        return 1;
    }
    const double mapped = now_ms() - start;
    XDamageCreate(d, w, XDamageReportRawRectangles);
    XFlush(d);
    double firstRegion = -1, lastRegion = -1, regionTimes[64], lastDamage = -1, pingMax = 0, lastActivity = now_ms(), lastCpu = -1;
    double pingSent = 0, worstAt = 0;
    long pings = 0, unanswered = 0, hwm = 0, damages = 0, regionCount = 0;
    Time stamp = 1;
    int waiting = 0;
    double cpu = 0;
    while (now_ms() - start < limit) {
        const double t = now_ms();
        if (pinging && !waiting && t - pingSent >= 10) {
            XEvent e;
            memset(&e, 0, sizeof e);
            e.xclient.type = ClientMessage;
            e.xclient.window = w;
            e.xclient.message_type = protocols;
            e.xclient.format = 32;
            e.xclient.data.l[0] = (long)ping;
            e.xclient.data.l[1] = (long)++stamp;
            e.xclient.data.l[2] = (long)w;
            XSendEvent(d, w, False, NoEventMask, &e);
            XFlush(d);
            pingSent = t;
            waiting = 1;
            ++pings;
        }
        struct pollfd p = {ConnectionNumber(d), POLLIN, 0};
        if (!XPending(d))
            poll(&p, 1, 1);
        while (XPending(d)) {
            XEvent e;
            XNextEvent(d, &e);
            const double at = now_ms();
            if (e.type == ClientMessage && (Atom)e.xclient.data.l[0] == ping &&
                (Time)e.xclient.data.l[1] == stamp && waiting) {
                waiting = 0;
                if (at - pingSent > pingMax) {
                    pingMax = at - pingSent;
                    worstAt = pingSent - start;
                }
            } else if (e.type == damageEvent + XDamageNotify) {
                XDamageNotifyEvent *de = (XDamageNotifyEvent *)&e;
                ++damages;
                lastDamage = at - start;
                lastActivity = at;
                const XRectangle *r = &de->area;
                if (r->x < rx + rw && r->x + r->width > rx && r->y < ry + rh && r->y + r->height > ry) {
                    if (firstRegion < 0)
                        firstRegion = at - start;
                    /* one entry per burst (repaints within 30 ms of each other) */
                    if (lastRegion < 0 || at - start - lastRegion > 30) {
                        if (regionCount < 64)
                            regionTimes[regionCount] = at - start;
                        ++regionCount;
                    }
                    lastRegion = at - start;
                }
            }
        }
        if (waiting && now_ms() - pingSent > 10000) { /* a client that ignores pings */
            waiting = 0;
            ++unanswered;
        }
        static double lastProc = 0;
        if (now_ms() - lastProc > 20) {
            lastProc = now_ms();
            proc_stats(pid, &cpu, &hwm);
            if (cpu != lastCpu) {
                lastCpu = cpu;
                lastActivity = now_ms();
            }
        }
        if (lastDamage >= 0 && now_ms() - lastActivity > settle)
            break;
    }
    proc_stats(pid, &cpu, &hwm);
    if (waiting && now_ms() - pingSent > pingMax)
        pingMax = now_ms() - pingSent;
    printf("window_ms=%.0f first_region_damage_ms=%.0f last_region_damage_ms=%.0f last_damage_ms=%.0f "
           "damage_events=%ld ping_max_ms=%.1f worst_ping_at_ms=%.0f pings=%ld unanswered=%ld cpu_s=%.2f "
           "peak_rss_kb=%ld region_bursts_ms=",
           mapped, firstRegion, lastRegion, lastDamage, damages, pingMax, worstAt, pings, unanswered, cpu, hwm);
    for (long i = 0; i < regionCount && i < 64; ++i)
        printf("%s%.0f", i ? "," : "", regionTimes[i]);
    printf("\n");
    return 0;
}
