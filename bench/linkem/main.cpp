// linkem: a link emulator for FTP benchmarks on loopback. Two modes:
// - relay (default; relay.h): a TCP relay from 127.0.0.2 to the server on 127.0.0.1, port
//   for port; needs nothing but sockets (root and iptables only for --hold-syn);
// - --packet (packetlink.h): the server listens on 127.0.0.2 itself and every TCP packet to
//   and from it is delayed and shaped on its way (NFQUEUE; root and iptables), so that both
//   ends' TCP stacks see a real round trip. The benchmarks use this one.
//
//   linkem --ports 2121,20000-20039 [--rtt MS] [--rate R | --rate-up R --rate-down R]
//          [--conn-rate R] [--listen 127.0.0.2]
//          [relay: --target 127.0.0.1 --window BYTES --no-slow-start --hold-syn]
//          [--packet [--queue MS] [--mss BYTES]]
//   linkem --self-check [the same options, without --ports]
//
// Rates are in bits per second, with an optional k, M or G suffix (100M = 100 Mbit/s).
// linkem prints one line describing itself and then "READY" on standard output, runs
// until SIGTERM or SIGINT, and then prints what it carried and its own CPU time.
#include "packetlink.h"
#include "relay.h"
#include "selfcheck.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>

using namespace linkem;

namespace {

[[noreturn]] void usage(const char *message)
{
    if (message)
        std::fprintf(stderr, "linkem: %s\n", message);
    std::fprintf(
        stderr,
        "usage: linkem --ports LIST [--rtt MS] [--rate R | --rate-up R --rate-down R] [--conn-rate R]\n"
        "              [--listen ADDR] [relay: --target ADDR --window BYTES --no-slow-start --hold-syn]\n"
        "              [--packet [--queue MS] [--mss BYTES]]\n"
        "       linkem --self-check [the same options without --ports]\n"
        "rates in bit/s with an optional k, M or G suffix; LIST like 2121,20000-20039\n");
    std::exit(2);
}

double parseRate(const std::string &text)
{
    char *end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || v < 0)
        usage("bad rate");
    switch (*end) {
    case 'k':
    case 'K':
        v *= 1e3;
        ++end;
        break;
    case 'M':
    case 'm':
        v *= 1e6;
        ++end;
        break;
    case 'G':
    case 'g':
        v *= 1e9;
        ++end;
        break;
    default:
        break;
    }
    if (*end != '\0')
        usage("bad rate");
    return v / 8; // bytes per second
}

std::vector<uint16_t> parsePorts(const std::string &text)
{
    std::vector<uint16_t> ports;
    size_t start = 0;
    while (start < text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        const std::string item = text.substr(start, comma - start);
        const size_t dash = item.find('-');
        const long lo = std::strtol(item.c_str(), nullptr, 10);
        const long hi = dash == std::string::npos ? lo : std::strtol(item.c_str() + dash + 1, nullptr, 10);
        if (lo < 1 || hi > 65535 || hi < lo || hi - lo > 1000)
            usage("bad port list");
        for (long p = lo; p <= hi; ++p)
            ports.push_back(static_cast<uint16_t>(p));
        start = comma + 1;
    }
    return ports;
}

std::string describeRate(double bytesPerSecond)
{
    return bytesPerSecond > 0 ? std::to_string(bytesPerSecond * 8 / 1e6) + " Mbit/s"
                              : std::string("uncapped");
}

void onSignal(int)
{
    g_stopRequested = 1;
}

Duration milliseconds(const std::string &text)
{
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double, std::milli>(std::strtod(text.c_str(), nullptr)));
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void describe(const Options &o, bool packet)
{
    std::printf("linkem: %s mode, %s ports %u..(%zu), rtt %.1f ms, up %s, down %s, per connection %s",
                packet ? "packet" : "relay", o.listenAddress.c_str(), o.ports.front(), o.ports.size(),
                std::chrono::duration<double, std::milli>(o.rtt).count(), describeRate(o.rateUp).c_str(),
                describeRate(o.rateDown).c_str(), describeRate(o.connRate).c_str());
    if (packet)
        std::printf(", mss %u\n", o.mss);
    else
        std::printf(" -> %s, window %zu, slow start %s, connect %s\n", o.targetAddress.c_str(), o.window,
                    o.slowStart ? "on" : "off",
                    o.holdSyn ? "takes a round trip (SYN held)" : "instant (no SYN hold)");
    std::printf("READY\n");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    bool selfCheck = false;
    bool packet = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(("missing value for " + a).c_str());
            return argv[++i];
        };
        if (a == "--ports")
            o.ports = parsePorts(value());
        else if (a == "--rtt")
            o.rtt = milliseconds(value());
        else if (a == "--rate")
            o.rateUp = o.rateDown = parseRate(value());
        else if (a == "--rate-up")
            o.rateUp = parseRate(value());
        else if (a == "--rate-down")
            o.rateDown = parseRate(value());
        else if (a == "--conn-rate")
            o.connRate = parseRate(value());
        else if (a == "--window")
            o.window = std::strtoul(value().c_str(), nullptr, 10);
        else if (a == "--no-slow-start")
            o.slowStart = false;
        else if (a == "--hold-syn")
            o.holdSyn = true;
        else if (a == "--packet")
            packet = true;
        else if (a == "--queue")
            o.queueLimit = milliseconds(value());
        else if (a == "--mss")
            o.mss = static_cast<uint16_t>(std::strtoul(value().c_str(), nullptr, 10));
        else if (a == "--listen")
            o.listenAddress = value();
        else if (a == "--target")
            o.targetAddress = value();
        else if (a == "--self-check")
            selfCheck = true;
        else if (a == "-h" || a == "--help")
            usage(nullptr);
        else
            usage(("unknown argument " + a).c_str());
    }
    if (o.window < 1448)
        usage("--window must be at least one segment (1448)");
    if (selfCheck)
        return runSelfCheck(argv[0], o, packet);
    if (o.ports.empty())
        usage("--ports is required");

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    std::string error;
    if (packet) {
        PacketLink link(o, PacketLink::Scope::Everything);
        if (!link.start(&error)) {
            std::fprintf(stderr, "linkem: %s\n", error.c_str());
            return 1;
        }
        describe(o, true);
        link.run();
        const PacketLink::Counters &c = link.counters();
        std::printf("linkem: %llu packets, up %llu bytes, down %llu bytes, %llu dropped, cpu %.2f s\n",
                    static_cast<unsigned long long>(c.packets), static_cast<unsigned long long>(c.bytesUp),
                    static_cast<unsigned long long>(c.bytesDown), static_cast<unsigned long long>(c.dropped),
                    cpuSeconds());
        return 0;
    }

    std::unique_ptr<PacketLink> hold;
    if (o.holdSyn) {
        hold = std::make_unique<PacketLink>(o, PacketLink::Scope::ClientSyn);
        if (!hold->start(&error)) {
            std::fprintf(stderr, "linkem: --hold-syn: %s\n", error.c_str());
            return 1;
        }
    }
    Relay relay(o);
    relay.setSynHold(hold.get());
    if (!relay.listen())
        return 1;
    describe(o, false);
    relay.run();
    const Stats &s = relay.stats();
    std::printf("linkem: %llu connections (%llu refused), up %llu bytes, down %llu bytes, %llu SYNs held, "
                "cpu %.2f s\n",
                static_cast<unsigned long long>(s.connections), static_cast<unsigned long long>(s.refused),
                static_cast<unsigned long long>(s.bytesUp), static_cast<unsigned long long>(s.bytesDown),
                static_cast<unsigned long long>(hold ? hold->counters().packets : 0), cpuSeconds());
    return 0;
}
