#include "relay.h"

#include "packetlink.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace linkem {

namespace {

constexpr size_t InitialWindow = 10 * 1448; // RFC 6928: ten segments
constexpr int ClientSide = 0;               // the flow whose source is side s is flows[s]
constexpr int ServerSide = 1;

sockaddr_in makeAddress(const std::string &address, uint16_t port)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    return a;
}

void setNoDelay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Closes with a reset (SO_LINGER 0), as a peer that aborted would.
void closeWithReset(int fd)
{
    linger l{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

} // namespace

// What the epoll event's pointer leads to: a listener or one side of a pipe. Sockets are
// watched edge-triggered: an event only raises a flag, and the loop reads and writes while
// the flags, the window and the tokens allow.
struct Relay::Handle {
    int fd = -1;
    uint16_t port = 0;
    Pipe *pipe = nullptr; // null for a listener
    int side = 0;
    bool readable = false;
};

struct Relay::Chunk {
    enum class Kind { Data, Eof, Reset };
    Time due;
    Kind kind = Kind::Data;
    std::vector<char> data;
    size_t offset = 0;
};

// One direction of one connection: bytes read from side `source`, on their way to the other.
struct Relay::Flow {
    std::deque<Chunk> line;                   // in flight, oldest first
    std::deque<std::pair<Time, size_t>> acks; // written bytes whose acknowledgement is on its way
    size_t inFlight = 0;                      // read and not yet acknowledged
    size_t cwnd = 0;
    bool sourceDone = false; // end of stream or an error was read
    bool delivered = false;  // the end (FIN or reset) has reached the destination
    bool blocked = false;    // the destination's socket buffer is full
    TokenBucket own;
};

struct Relay::Pipe {
    Handle sides[2];
    Flow flows[2]; // flows[s] carries what side s sends
    Time connectAt;
    bool connectStarted = false;
    bool connected = false;
};

Relay::Relay(Options options)
    : m_options(std::move(options))
    , m_half(m_options.rtt / 2)
    , m_connectDelay(m_options.holdSyn ? m_half : m_options.rtt + m_half)
{
    const Time now = Clock::now();
    m_linkUp = TokenBucket(m_options.rateUp, now);
    m_linkDown = TokenBucket(m_options.rateDown, now);
}

Relay::~Relay()
{
    for (auto &pipe : m_pipes)
        closePipe(*pipe, false);
    for (auto &l : m_listeners)
        close(l->fd);
    if (m_epoll >= 0)
        close(m_epoll);
}

void Relay::watch(int fd, void *handle)
{
    epoll_event ev{EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, {.ptr = handle}};
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
}

bool Relay::listen()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    for (uint16_t port : m_options.ports) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        const sockaddr_in a = makeAddress(m_options.listenAddress, port);
        if (bind(fd, reinterpret_cast<const sockaddr *>(&a), sizeof a) != 0 || ::listen(fd, 128) != 0) {
            std::fprintf(stderr, "linkem: cannot listen on %s:%u: %s\n", m_options.listenAddress.c_str(),
                         port, std::strerror(errno));
            close(fd);
            return false;
        }
        auto handle = std::make_unique<Handle>();
        handle->fd = fd;
        handle->port = port;
        epoll_event ev{EPOLLIN, {.ptr = handle.get()}};
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        m_listeners.push_back(std::move(handle));
    }
    if (m_synHold) {
        epoll_event ev{EPOLLIN, {.ptr = nullptr}};
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_synHold->fd(), &ev);
    }
    return true;
}

void Relay::accept(int listener, uint16_t port, Time now)
{
    for (;;) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        setNoDelay(fd);
        auto pipe = std::make_unique<Pipe>();
        for (int s = 0; s < 2; ++s) {
            pipe->sides[s].pipe = pipe.get();
            pipe->sides[s].side = s;
            pipe->sides[s].port = port;
            Flow &f = pipe->flows[s];
            f.cwnd = m_options.slowStart ? std::min(InitialWindow, m_options.window) : m_options.window;
            f.own = TokenBucket(m_options.connRate, now);
        }
        pipe->sides[ClientSide].fd = fd;
        pipe->connectAt = now + m_connectDelay;
        watch(fd, &pipe->sides[ClientSide]);
        ++m_stats.connections;
        m_pipes.push_back(std::move(pipe));
    }
}

void Relay::startConnect(Pipe &pipe, Time now)
{
    pipe.connectStarted = true;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    setNoDelay(fd);
    const sockaddr_in a = makeAddress(m_options.targetAddress, pipe.sides[ServerSide].port);
    pipe.sides[ServerSide].fd = fd;
    watch(fd, &pipe.sides[ServerSide]);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&a), sizeof a) == 0)
        finishConnect(pipe, now);
    else if (errno != EINPROGRESS)
        breakFlow(pipe, ServerSide, now);
}

void Relay::finishConnect(Pipe &pipe, Time now)
{
    int error = 0;
    socklen_t len = sizeof error;
    getsockopt(pipe.sides[ServerSide].fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
        // Nobody listens there (a passive port not opened): the client's connection is reset,
        // rather than held open.
        ++m_stats.refused;
        breakFlow(pipe, ServerSide, now);
        return;
    }
    pipe.connected = true;
}

// How many bytes may be read from side `side` now: the window's room, the tokens of the
// link and of the connection, and what is waiting in the socket. 0, with *retryAt set,
// when tokens are missing.
size_t Relay::readAllowance(Pipe &pipe, int side, Time now, Time *retryAt)
{
    Flow &f = pipe.flows[side];
    if (f.sourceDone || pipe.sides[side].fd < 0 || (side == ServerSide && !pipe.connected))
        return 0;
    const size_t window = std::min(f.cwnd, m_options.window);
    if (f.inFlight >= window)
        return 0; // an acknowledgement will reopen it
    TokenBucket &link = side == ClientSide ? m_linkUp : m_linkDown;
    size_t want = std::min({window - f.inFlight, link.quantum(), f.own.quantum()});
    if (link.limited() || f.own.limited()) {
        // Ask for no more tokens than the bytes waiting, so that a short reply is not held
        // back until a whole quantum's tokens have accumulated.
        int waiting = 0;
        if (ioctl(pipe.sides[side].fd, FIONREAD, &waiting) == 0 && waiting > 0)
            want = std::min(want, static_cast<size_t>(waiting));
        const Time ready = std::max(link.whenAvailable(want, now), f.own.whenAvailable(want, now));
        if (ready > now) {
            *retryAt = ready;
            return 0;
        }
    }
    return want;
}

// Reads from side `side` while it has bytes and the window and tokens allow (a bounded
// number of times per turn, so that connections sharing the link take turns).
void Relay::pump(Pipe &pipe, int side, Time now, Time *wake)
{
    Flow &f = pipe.flows[side];
    Handle &h = pipe.sides[side];
    for (int turn = 0; turn < 8 && h.readable && !finished(pipe); ++turn) {
        Time retry{};
        const size_t allowed = readAllowance(pipe, side, now, &retry);
        if (allowed == 0) {
            if (retry > now)
                *wake = std::min(*wake, retry);
            return;
        }
        Chunk chunk;
        chunk.due = now + m_half;
        chunk.data.resize(allowed);
        const ssize_t n = recv(h.fd, chunk.data.data(), allowed, 0);
        if (n > 0) {
            chunk.data.resize(static_cast<size_t>(n));
            f.inFlight += static_cast<size_t>(n);
            (side == ClientSide ? m_linkUp : m_linkDown).take(static_cast<size_t>(n));
            f.own.take(static_cast<size_t>(n));
            (side == ClientSide ? m_stats.bytesUp : m_stats.bytesDown) += static_cast<uint64_t>(n);
        } else if (n == 0) {
            chunk.kind = Chunk::Kind::Eof;
            chunk.data.clear();
            f.sourceDone = true;
        } else if (errno == EAGAIN || errno == EINTR) {
            h.readable = false;
            return;
        } else {
            chunk.kind = Chunk::Kind::Reset;
            chunk.data.clear();
            f.sourceDone = true;
        }
        f.line.push_back(std::move(chunk));
        flush(pipe, side, now);
    }
}

// Writes what is due of flows[side] (bytes from `side`) to the other side.
void Relay::flush(Pipe &pipe, int side, Time now)
{
    Flow &f = pipe.flows[side];
    const int dest = 1 - side;
    if (f.blocked || f.delivered || (dest == ServerSide && !pipe.connected))
        return;
    const int fd = pipe.sides[dest].fd;
    while (!f.line.empty() && f.line.front().due <= now) {
        Chunk &c = f.line.front();
        if (c.kind == Chunk::Kind::Eof) {
            shutdown(fd, SHUT_WR);
            f.delivered = true;
        } else if (c.kind == Chunk::Kind::Reset) {
            closePipe(pipe, true);
            return;
        } else {
            const ssize_t n = send(fd, c.data.data() + c.offset, c.data.size() - c.offset, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    f.blocked = true;
                    return;
                }
                breakFlow(pipe, dest, now);
                return;
            }
            c.offset += static_cast<size_t>(n);
            // The receiver's acknowledgement is back at the sender half a round trip later.
            if (!f.acks.empty() && f.acks.back().first == now + m_half)
                f.acks.back().second += static_cast<size_t>(n);
            else
                f.acks.emplace_back(now + m_half, static_cast<size_t>(n));
            if (c.offset < c.data.size()) {
                f.blocked = true;
                return;
            }
        }
        f.line.pop_front();
    }
}

void Relay::settleAcks(Flow &f, Time now)
{
    while (!f.acks.empty() && f.acks.front().first <= now) {
        const size_t n = f.acks.front().second;
        f.acks.pop_front();
        f.inFlight -= std::min(n, f.inFlight);
        if (m_options.slowStart)
            f.cwnd = std::min(m_options.window, f.cwnd + n);
    }
}

// Side `deadSide` failed (reset, refused, write error): what was on its way to it is lost,
// nothing more is read from it, and the other side gets a reset half a round trip later,
// after the bytes already on their way there.
void Relay::breakFlow(Pipe &pipe, int deadSide, Time now)
{
    Flow &toDead = pipe.flows[1 - deadSide];
    toDead.line.clear();
    toDead.sourceDone = true;
    toDead.delivered = true;
    Flow &fromDead = pipe.flows[deadSide];
    if (!fromDead.sourceDone) {
        fromDead.sourceDone = true;
        Chunk reset;
        reset.due = now + m_half;
        reset.kind = Chunk::Kind::Reset;
        fromDead.line.push_back(std::move(reset));
    }
    Handle &h = pipe.sides[deadSide];
    if (h.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, h.fd, nullptr);
        closeWithReset(h.fd);
        h.fd = -1;
    }
    if (deadSide == ServerSide)
        pipe.connected = true; // nothing to wait for any more: the reset goes to the client
}

void Relay::closePipe(Pipe &pipe, bool reset)
{
    for (Handle &h : pipe.sides) {
        if (h.fd < 0)
            continue;
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, h.fd, nullptr);
        if (reset)
            closeWithReset(h.fd);
        else
            close(h.fd);
        h.fd = -1;
    }
    for (Flow &f : pipe.flows) {
        f.delivered = true;
        f.sourceDone = true;
        f.line.clear();
    }
}

bool Relay::finished(const Pipe &pipe) const
{
    return pipe.flows[0].delivered && pipe.flows[1].delivered;
}

// Everything due for one pipe: its connect, acknowledgements, deliveries and reads; lowers
// *wake to the next moment something about it will be due.
void Relay::service(Pipe &p, Time now, Time *wake)
{
    if (!p.connectStarted) {
        if (p.connectAt > now) {
            *wake = std::min(*wake, p.connectAt);
        } else {
            startConnect(p, now);
        }
    }
    for (int s = 0; s < 2 && !finished(p); ++s) {
        settleAcks(p.flows[s], now);
        flush(p, s, now);
        pump(p, s, now, wake);
    }
    for (const Flow &f : p.flows) {
        if (!f.line.empty() && !f.blocked && !f.delivered)
            *wake = std::min(*wake, f.line.front().due);
        if (!f.acks.empty())
            *wake = std::min(*wake, f.acks.front().first);
    }
}

void Relay::run()
{
    std::vector<epoll_event> events(256);
    while (!g_stopRequested) {
        Time now = Clock::now();
        if (m_synHold)
            m_synHold->release(now);
        Time wake = now + std::chrono::seconds(1);
        for (auto &pipe : m_pipes)
            service(*pipe, now, &wake);
        std::erase_if(m_pipes, [this](const std::unique_ptr<Pipe> &p) {
            if (!finished(*p))
                return false;
            closePipe(*p, false);
            return true;
        });
        if (m_synHold)
            wake = std::min(wake, m_synHold->nextRelease(now));

        const long long ns = std::max<long long>(0, std::chrono::duration_cast<Duration>(wake - now).count());
        const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
        const int n =
            epoll_pwait2(m_epoll, events.data(), static_cast<int>(events.size()), &timeout, nullptr);
        now = Clock::now();
        for (int i = 0; i < n; ++i) {
            const uint32_t what = events[i].events;
            Handle *h = static_cast<Handle *>(events[i].data.ptr);
            if (!h) {
                m_synHold->onReadable(now);
            } else if (!h->pipe) {
                accept(h->fd, h->port, now);
            } else if (h->fd >= 0) {
                Pipe &p = *h->pipe;
                if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                    h->readable = true;
                if (h->side == ServerSide && p.connectStarted && !p.connected &&
                    (what & (EPOLLOUT | EPOLLERR)))
                    finishConnect(p, now);
                else if (what & (EPOLLOUT | EPOLLERR))
                    p.flows[1 - h->side].blocked = false;
            }
        }
    }
}

} // namespace linkem
