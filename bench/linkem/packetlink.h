// linkem's packet link: the link emulated on the TCP packets themselves, as netem would.
//
// iptables rules (OUTPUT: every packet on loopback is "sent" once) queue each TCP packet to
// or from the server's address and ports (control port and passive range) to this process
// (NFQUEUE, headers only), which lets it through later:
// - half a round trip after it was sent, in each direction, ACKs and handshakes included,
//   so that the kernels on both ends see a real round trip: connect() takes one, a server's
//   lingering close waits for the client's acknowledgement, slow start and window growth
//   are the kernel's own;
// - with a cap, after the packets before it on the link (a FIFO served at the rate) and, with
//   a per-connection cap, after that connection's earlier packets; a packet that would wait
//   longer than the bottleneck's buffer is dropped (drop-tail), so TCP's congestion control
//   meets the cap as it would meet a real bottleneck;
// - a mangle rule sets the MSS of both ends to a real link's (1448 bytes) instead of
//   loopback's 65 KB, so that TCP's initial window is ten real segments (RFC 6928).
// The server listens on the emulated address (127.0.0.2) itself: nothing is relayed.
//
// The same class with Scope::ClientSyn holds only the client's SYN, for a whole round trip:
// the relay (relay.h) uses it so that connect() takes a round trip there too.
#pragma once

#include "nfqueue.h"
#include "options.h"

#include <memory>
#include <queue>
#include <unordered_map>

namespace linkem {

class PacketLink {
public:
    enum class Scope { ClientSyn, Everything };
    struct Counters {
        uint64_t packets = 0;
        uint64_t bytesUp = 0;
        uint64_t bytesDown = 0;
        uint64_t dropped = 0;
    };

    PacketLink(const Options &options, Scope scope);
    ~PacketLink();
    PacketLink(const PacketLink &) = delete;
    PacketLink &operator=(const PacketLink &) = delete;

    // Binds the queue and installs the rules; false with *error set when it cannot.
    bool start(std::string *error);
    int fd() const { return m_queue.fd(); }
    // The queue's socket is readable: schedule the packets that arrived.
    void onReadable(Time now);
    // Lets through every packet whose time has come.
    void release(Time now);
    Time nextRelease(Time now) const;
    // Packet mode on its own: runs until g_stopRequested is set.
    void run();
    const Counters &counters() const { return m_counters; }

private:
    struct Pending {
        Time at;
        uint64_t order;
        uint32_t id;
        bool operator>(const Pending &o) const { return at != o.at ? at > o.at : order > o.order; }
    };
    // When a packet of `length` bytes read now leaves the link; Time::max() to drop it.
    Time schedule(const QueuedPacket &packet, Time now);

    Options m_options;
    Scope m_scope;
    NfQueue m_queue;
    std::unique_ptr<IptablesChain> m_filter;
    std::unique_ptr<IptablesChain> m_mangle;
    uint32_t m_address = 0; // network order
    Duration m_buffer;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> m_pending;
    uint64_t m_order = 0;
    Time m_linkFree[2];                                  // up, down: when the link is next idle
    std::unordered_map<uint64_t, Time> m_connectionFree; // per connection and direction
    Time m_lastSweep;
    Counters m_counters;
};

} // namespace linkem
