#include "selfcheck.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace linkem {

namespace {

double seconds()
{
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

sockaddr_in address(const std::string &host, uint16_t port)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, host.c_str(), &a.sin_addr);
    return a;
}

int connectTo(const std::string &host, uint16_t port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in a = address(host, port);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool sendAll(int fd, const void *data, size_t n)
{
    const char *p = static_cast<const char *>(data);
    while (n > 0) {
        const ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return false;
        p += k;
        n -= static_cast<size_t>(k);
    }
    return true;
}

bool recvAll(int fd, void *data, size_t n)
{
    char *p = static_cast<char *>(data);
    while (n > 0) {
        const ssize_t k = recv(fd, p, n, 0);
        if (k <= 0)
            return false;
        p += k;
        n -= static_cast<size_t>(k);
    }
    return true;
}

// Receives `total` bytes and returns the rate (bytes/s) over the last 80 % of them, so that
// the connection's slow start does not count.
double receiveRate(int fd, uint64_t total)
{
    std::vector<char> buffer(256 * 1024);
    uint64_t got = 0;
    double markTime = 0;
    uint64_t markBytes = 0;
    while (got < total) {
        const ssize_t k = recv(fd, buffer.data(), std::min<uint64_t>(buffer.size(), total - got), 0);
        if (k <= 0)
            return 0;
        got += static_cast<uint64_t>(k);
        if (markTime == 0 && got >= total / 5) {
            markTime = seconds();
            markBytes = got;
        }
    }
    const double elapsed = seconds() - markTime;
    return elapsed > 0 ? static_cast<double>(total - markBytes) / elapsed : 0;
}

void sendBytes(int fd, uint64_t total)
{
    std::vector<char> buffer(256 * 1024, 'x');
    while (total > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), total));
        if (!sendAll(fd, buffer.data(), n))
            return;
        total -= n;
    }
}

// The far end: 'E' echoes, 'S' + count sinks and answers its receive rate, 'G' + count
// sends that many bytes.
void serveOne(int fd)
{
    char mode = 0;
    if (!recvAll(fd, &mode, 1)) {
        close(fd);
        return;
    }
    if (mode == 'E') {
        char buffer[4096];
        ssize_t k;
        while ((k = recv(fd, buffer, sizeof buffer, 0)) > 0)
            if (!sendAll(fd, buffer, static_cast<size_t>(k)))
                break;
    } else {
        uint64_t count = 0;
        if (recvAll(fd, &count, sizeof count)) {
            if (mode == 'S') {
                const double rate = receiveRate(fd, count);
                sendAll(fd, &rate, sizeof rate);
            } else {
                sendBytes(fd, count);
            }
        }
    }
    close(fd);
}

struct Server {
    int listener = -1;
    uint16_t port = 0;
    std::thread thread;

    // The relay forwards to 127.0.0.1; in packet mode the server listens on the link's address.
    bool start(const std::string &host)
    {
        listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a = address(host, 0);
        socklen_t len = sizeof a;
        if (bind(listener, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || listen(listener, 64) != 0 ||
            getsockname(listener, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return false;
        port = ntohs(a.sin_port);
        thread = std::thread([this] {
            for (;;) {
                const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0)
                    return;
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                std::thread(serveOne, fd).detach();
            }
        });
        return true;
    }
    ~Server()
    {
        shutdown(listener, SHUT_RDWR);
        close(listener);
        if (thread.joinable())
            thread.join();
    }
};

// A relay process (this binary), with its CPU time read from /proc.
struct RelayProcess {
    pid_t pid = -1;

    bool start(const char *self, const std::vector<std::string> &args)
    {
        int fds[2];
        if (pipe(fds) != 0)
            return false;
        pid = fork();
        if (pid == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            std::vector<char *> argv{const_cast<char *>(self)};
            for (const std::string &a : args)
                argv.push_back(const_cast<char *>(a.c_str()));
            argv.push_back(nullptr);
            execv("/proc/self/exe", argv.data());
            _exit(127);
        }
        close(fds[1]);
        FILE *out = fdopen(fds[0], "r");
        char line[512];
        bool ready = false;
        while (!ready && std::fgets(line, sizeof line, out))
            ready = std::strncmp(line, "READY", 5) == 0;
        std::fclose(out);
        return ready;
    }
    double cpu() const
    {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const size_t close = text.rfind(')');
        if (close == std::string::npos)
            return 0;
        // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
        std::vector<std::string> fields;
        size_t pos = close + 2;
        while (pos < text.size()) {
            const size_t space = text.find(' ', pos);
            fields.push_back(text.substr(pos, space - pos));
            if (space == std::string::npos)
                break;
            pos = space + 1;
        }
        if (fields.size() < 13)
            return 0;
        return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    ~RelayProcess()
    {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
    }
};

std::vector<std::string> relayArgs(const Options &o, bool packet, uint16_t port, double rateOverride)
{
    std::vector<std::string> args{
        "--ports",  std::to_string(port),
        "--rtt",    std::to_string(std::chrono::duration<double, std::milli>(o.rtt).count()),
        "--listen", o.listenAddress};
    if (packet) {
        args.insert(args.end(), {"--packet", "--mss", std::to_string(o.mss)});
        if (o.queueLimit > Duration(0))
            args.insert(
                args.end(),
                {"--queue", std::to_string(std::chrono::duration<double, std::milli>(o.queueLimit).count())});
    } else {
        args.insert(args.end(), {"--window", std::to_string(o.window)});
        if (!o.slowStart)
            args.emplace_back("--no-slow-start");
        if (o.holdSyn)
            args.emplace_back("--hold-syn");
    }
    const double up = rateOverride > 0 ? rateOverride : o.rateUp;
    const double down = rateOverride > 0 ? rateOverride : o.rateDown;
    if (up > 0)
        args.insert(args.end(), {"--rate-up", std::to_string(up * 8)});
    if (down > 0)
        args.insert(args.end(), {"--rate-down", std::to_string(down * 8)});
    if (o.connRate > 0)
        args.insert(args.end(), {"--conn-rate", std::to_string(o.connRate * 8)});
    return args;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Bulk copy through the relay, client to server (up) or back (down); the rate in bytes/s.
double bulk(const std::string &host, uint16_t port, bool up, uint64_t bytes)
{
    const int fd = connectTo(host, port);
    if (fd < 0)
        return 0;
    const char mode = up ? 'S' : 'G';
    double rate = 0;
    if (sendAll(fd, &mode, 1) && sendAll(fd, &bytes, sizeof bytes)) {
        if (up) {
            sendBytes(fd, bytes);
            recvAll(fd, &rate, sizeof rate);
        } else {
            rate = receiveRate(fd, bytes);
        }
    }
    close(fd);
    return rate;
}

bool checkRate(const char *what, double asked, double measured)
{
    const double error = asked > 0 ? (measured / asked - 1) * 100 : 0;
    const bool ok = asked <= 0 || std::fabs(error) <= 5;
    if (asked > 0)
        std::printf("self-check: bulk %s: %.1f Mbit/s asked, %.1f measured (%+.1f %%): %s\n", what,
                    asked * 8 / 1e6, measured * 8 / 1e6, error, ok ? "ok" : "FAILED");
    else
        std::printf("self-check: bulk %s: uncapped, %.1f Mbit/s measured\n", what, measured * 8 / 1e6);
    return ok;
}

} // namespace

int runSelfCheck(const char *self, const Options &o, bool packet)
{
    signal(SIGPIPE, SIG_IGN);
    const std::string &host = o.listenAddress;
    Server server;
    if (!server.start(packet ? host : o.targetAddress)) {
        std::printf("self-check: cannot start the test server\n");
        return 1;
    }
    bool ok = true;
    const double rttMs = std::chrono::duration<double, std::milli>(o.rtt).count();
    {
        RelayProcess relay;
        if (!relay.start(self, relayArgs(o, packet, server.port, 0))) {
            std::printf("self-check: the relay did not start\n");
            return 1;
        }
        std::vector<double> connects;
        for (int i = 0; i < 7; ++i) {
            const double t0 = seconds();
            const int fd = connectTo(host, server.port);
            connects.push_back((seconds() - t0) * 1000);
            if (fd >= 0)
                close(fd);
        }
        std::printf("self-check: connect() takes %.1f ms (%s)\n", median(connects),
                    packet || o.holdSyn ? "a round trip expected" : "no SYN hold: the relay accepts at once");

        const int fd = connectTo(host, server.port);
        std::vector<double> rtts;
        char byte = 'E';
        bool echoed = fd >= 0 && sendAll(fd, &byte, 1);
        for (int i = 0; echoed && i < 21; ++i) {
            const double t0 = seconds();
            echoed = sendAll(fd, &byte, 1) && recvAll(fd, &byte, 1);
            if (i > 0)
                rtts.push_back((seconds() - t0) * 1000);
        }
        if (fd >= 0)
            close(fd);
        const double rtt = median(rtts);
        const bool rttOk = echoed && std::fabs(rtt - rttMs) <= 2;
        ok = ok && rttOk;
        std::printf("self-check: ping-pong: %.1f ms asked, median %.2f ms (min %.2f, max %.2f): %s\n", rttMs,
                    rtt, rtts.empty() ? 0 : *std::min_element(rtts.begin(), rtts.end()),
                    rtts.empty() ? 0 : *std::max_element(rtts.begin(), rtts.end()), rttOk ? "ok" : "FAILED");

        // Four seconds at the cap (at least 16 MiB) each way.
        auto amount = [](double rate) {
            return static_cast<uint64_t>(std::max(rate * 4, 16.0 * 1024 * 1024));
        };
        ok = checkRate("up", o.rateUp, bulk(host, server.port, true, amount(o.rateUp))) && ok;
        ok = checkRate("down", o.rateDown, bulk(host, server.port, false, amount(o.rateDown))) && ok;
    }
    {
        // The relay's own CPU while it carries 1 Gbit/s (no delay, the cap set to 1 Gbit/s),
        // then flat out.
        Options fast = o;
        fast.rtt = Duration(0);
        fast.holdSyn = false;
        RelayProcess relay;
        if (!relay.start(self, relayArgs(fast, packet, server.port, 1e9 / 8))) {
            std::printf("self-check: the relay did not start\n");
            return 1;
        }
        double c0 = relay.cpu(), t0 = seconds();
        const double rate = bulk(host, server.port, true, 3 * 125'000'000ull);
        const double atGigabit = (relay.cpu() - c0) / (seconds() - t0);
        std::printf("self-check: relay CPU carrying %.0f Mbit/s (capped at 1000): %.0f %% of a core\n",
                    rate * 8 / 1e6, atGigabit * 100);
    }
    {
        Options fast = o;
        fast.rtt = Duration(0);
        fast.rateUp = fast.rateDown = fast.connRate = 0;
        fast.holdSyn = false;
        RelayProcess relay;
        if (!relay.start(self, relayArgs(fast, packet, server.port, 0))) {
            std::printf("self-check: the relay did not start\n");
            return 1;
        }
        const double c0 = relay.cpu(), t0 = seconds();
        const double rate = bulk(host, server.port, true, 1024ull * 1024 * 1024);
        const double load = (relay.cpu() - c0) / (seconds() - t0);
        std::printf(
            "self-check: relay flat out: %.0f Mbit/s at %.0f %% of a core (%.2f core-seconds per GB)\n",
            rate * 8 / 1e6, load * 100, load / (rate / 1e9));
    }
    std::printf("self-check: %s\n", ok ? "PASS" : "FAILED");
    return ok ? 0 : 1;
}

} // namespace linkem
