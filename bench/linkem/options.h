// What linkem is asked to emulate (main.cpp parses it; the relay and the packet link use it).
#pragma once

#include "tokenbucket.h"

#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace linkem {

struct Options {
    std::string listenAddress = "127.0.0.2";
    std::string targetAddress = "127.0.0.1"; // relay mode: where connections are forwarded
    std::vector<uint16_t> ports;
    Duration rtt{0};
    double rateUp = 0;   // bytes/s, client → server, shared by all connections; 0 = no cap
    double rateDown = 0; // bytes/s, server → client
    double connRate = 0; // bytes/s per connection and direction; 0 = no cap
    // Relay mode: the modelled TCP window, and whether it starts small (slow start).
    size_t window = 4 << 20;
    bool slowStart = true;
    // Relay mode: the client's SYN is held a round trip (PacketLink, SYNs only).
    bool holdSyn = false;
    // Packet mode: the bottleneck's buffer, in time at the capped rate (0: one round trip,
    // at least 10 ms); and the MSS both ends are told (0: loopback's own, ~65 KB).
    Duration queueLimit{0};
    uint16_t mss = 1448;
};

// Set by SIGTERM/SIGINT; the event loops return when they see it.
inline volatile std::sig_atomic_t g_stopRequested = 0;

} // namespace linkem
