// linkem's relay: a TCP relay that makes loopback look like a long, narrow link.
//
// It listens on one loopback address (127.0.0.2) on a list of ports (an FTP server's control
// port and every port of its passive range) and forwards each connection to the same port
// on another (127.0.0.1), so that a server announcing 127.0.0.2 in PASV keeps working and
// EPSV, PASV and TLS pass through unchanged (the relay never reads the bytes it carries).
//
// What a real link does to TCP, and how the relay models it:
// - Latency: every chunk read from one side is written to the other half a round trip
//   later, in order; end of stream (FIN) and resets travel the same way.
// - Connection set-up: a client's connect() costs a round trip and the server sees the
//   connection (and the client's first bytes) 1.5 round trips after the connect began. The
//   relay opens its connection to the server 1.5 RTT after it accepted the client (0.5 RTT
//   with --hold-syn, when a PacketLink holds the client's SYN for a round trip so that the
//   client's connect() itself takes it); bytes the client sent meanwhile wait for it.
// - What a relay cannot model: the kernel acknowledges each side at once (or after its
//   delayed-ACK timer, up to 40 ms), not a round trip later, so a server that waits for its
//   last bytes to be acknowledged (vsftpd's lingering close before "226") sees a different
//   delay than on a real link. Packet mode (packetlink.h) has no such gap.
// - Window: a sender has at most one window of unacknowledged bytes in flight; a byte
//   counts against it from when the relay read it until its acknowledgement would be back
//   (written to the receiver, plus half a round trip). The window starts at TCP's initial
//   10 segments and grows by what is acknowledged (slow start, no loss) up to `window`.
// - Bandwidth: a token bucket per direction shared by every connection (the link), and an
//   optional one per connection. Bytes wait in the sender's socket, not in a shared queue,
//   so a control reply is not stuck behind a bulk transfer's backlog (as with fair queueing).
// Nothing is dropped, and the relay never reorders bytes within a connection.
#pragma once

#include "options.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace linkem {

struct Stats {
    uint64_t connections = 0;
    uint64_t refused = 0;
    uint64_t bytesUp = 0;
    uint64_t bytesDown = 0;
};

class PacketLink;

class Relay {
public:
    explicit Relay(Options options);
    ~Relay();
    Relay(const Relay &) = delete;
    Relay &operator=(const Relay &) = delete;

    // Binds every listener; false (with a message on stderr) when one cannot be bound.
    bool listen();
    // Attaches the SYN delay (its netlink socket joins the event loop); before listen().
    void setSynHold(PacketLink *hold) { m_synHold = hold; }
    // Runs until g_stopRequested is set.
    void run();
    const Stats &stats() const { return m_stats; }

private:
    struct Chunk;
    struct Flow;
    struct Pipe;
    struct Handle;

    void accept(int listener, uint16_t port, Time now);
    void startConnect(Pipe &pipe, Time now);
    void finishConnect(Pipe &pipe, Time now);
    void service(Pipe &pipe, Time now, Time *wake);
    void pump(Pipe &pipe, int side, Time now, Time *wake);
    void flush(Pipe &pipe, int side, Time now);
    void settleAcks(Flow &flow, Time now);
    void breakFlow(Pipe &pipe, int deadSide, Time now);
    size_t readAllowance(Pipe &pipe, int side, Time now, Time *retryAt);
    void watch(int fd, void *handle);
    void closePipe(Pipe &pipe, bool reset);
    bool finished(const Pipe &pipe) const;

    Options m_options;
    Duration m_half;
    Duration m_connectDelay;
    int m_epoll = -1;
    std::vector<std::unique_ptr<Handle>> m_listeners;
    std::vector<std::unique_ptr<Pipe>> m_pipes;
    TokenBucket m_linkUp;
    TokenBucket m_linkDown;
    PacketLink *m_synHold = nullptr;
    Stats m_stats;
};

} // namespace linkem
