#include "packetlink.h"

#include <arpa/inet.h>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace linkem {

namespace {

Duration transmission(uint32_t bytes, double rate)
{
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(bytes / rate));
}

} // namespace

PacketLink::PacketLink(const Options &options, Scope scope)
    : m_options(options)
    , m_scope(scope)
    , m_queue(static_cast<uint16_t>(1000 + getpid() % 30000))
    , m_buffer(options.queueLimit > Duration(0)
                   ? options.queueLimit
                   : std::max<Duration>(options.rtt, std::chrono::milliseconds(10)))
{
    const Time now = Clock::now();
    m_linkFree[0] = m_linkFree[1] = m_lastSweep = now;
}

PacketLink::~PacketLink()
{
    // The rules go first (no new packets), then whatever is still held is let through.
    m_filter.reset();
    m_mangle.reset();
    while (!m_pending.empty()) {
        m_queue.verdict(m_pending.top().id, true);
        m_pending.pop();
    }
}

bool PacketLink::start(std::string *error)
{
    if (inet_pton(AF_INET, m_options.listenAddress.c_str(), &m_address) != 1) {
        *error = "not an IPv4 address: " + m_options.listenAddress;
        return false;
    }
    const bool everything = m_scope == Scope::Everything;
    // Everything: the IPv4 and TCP headers, for the direction and the connection.
    if (!m_queue.open(everything ? 64 : 0, error))
        return false;
    const std::string name = "linkem_" + std::to_string(m_queue.number());
    const std::string queue =
        " -j NFQUEUE --queue-num " + std::to_string(m_queue.number()) + " --queue-bypass";
    const std::string &address = m_options.listenAddress;
    std::vector<std::string> rules;
    std::vector<std::string> mssRules;
    for (const std::string &range : portRanges(m_options.ports)) {
        if (!everything) {
            rules.push_back("-d " + address + " -p tcp --syn --dport " + range + queue);
            continue;
        }
        rules.push_back("-d " + address + " -p tcp --dport " + range + queue);
        rules.push_back("-s " + address + " -p tcp --sport " + range + queue);
        const std::string mss =
            " --tcp-flags SYN,RST SYN -j TCPMSS --set-mss " + std::to_string(m_options.mss);
        mssRules.push_back("-d " + address + " -p tcp --dport " + range + mss);
        mssRules.push_back("-s " + address + " -p tcp --sport " + range + mss);
    }
    if (everything && m_options.mss > 0) {
        m_mangle = std::make_unique<IptablesChain>("mangle", "OUTPUT", name);
        if (!m_mangle->install(mssRules, error))
            return false;
    }
    // INPUT, not OUTPUT: loopback has orphaned a packet from its socket by then, so holding it
    // does not count against the sender's small-queue budget (TCP Small Queues would
    // otherwise throttle the sender to a few packets per round trip).
    m_filter = std::make_unique<IptablesChain>("filter", "INPUT", name);
    return m_filter->install(rules, error);
}

Time PacketLink::schedule(const QueuedPacket &packet, Time now)
{
    ++m_counters.packets;
    if (m_scope == Scope::ClientSyn)
        return now + m_options.rtt;
    const Duration half = m_options.rtt / 2;
    if (packet.headLength < 20)
        return now + half;
    const unsigned char *ip = packet.head;
    const size_t ipLength = static_cast<size_t>(ip[0] & 0x0f) * 4;
    const bool up = std::memcmp(ip + 16, &m_address, 4) == 0;
    (up ? m_counters.bytesUp : m_counters.bytesDown) += packet.length;
    Time t = now;
    if (m_options.connRate > 0 && packet.headLength >= ipLength + 4) {
        const uint64_t source = (ip[ipLength] << 8) | ip[ipLength + 1];
        const uint64_t dest = (ip[ipLength + 2] << 8) | ip[ipLength + 3];
        Time &free = m_connectionFree[(source << 17) | (dest << 1) | (up ? 1 : 0)];
        const Time start = std::max(t, free);
        if (start - now > m_buffer)
            return Time::max();
        free = start + transmission(packet.length, m_options.connRate);
        t = free;
    }
    const double rate = up ? m_options.rateUp : m_options.rateDown;
    if (rate > 0) {
        Time &free = m_linkFree[up ? 0 : 1];
        const Time start = std::max(t, free);
        if (start - now > m_buffer)
            return Time::max();
        free = start + transmission(packet.length, rate);
        t = free;
    }
    return t + half;
}

void PacketLink::onReadable(Time now)
{
    m_queue.receive([&](const QueuedPacket &packet) {
        const Time at = schedule(packet, now);
        if (at == Time::max()) {
            ++m_counters.dropped;
            m_queue.verdict(packet.id, false);
        } else {
            m_pending.push({at, m_order++, packet.id});
        }
    });
    if (now - m_lastSweep > std::chrono::seconds(10)) {
        std::erase_if(m_connectionFree, [&](const auto &entry) { return entry.second < now; });
        m_lastSweep = now;
    }
}

void PacketLink::release(Time now)
{
    while (!m_pending.empty() && m_pending.top().at <= now) {
        m_queue.verdict(m_pending.top().id, true);
        m_pending.pop();
    }
}

Time PacketLink::nextRelease(Time now) const
{
    return m_pending.empty() ? now + std::chrono::seconds(1) : m_pending.top().at;
}

void PacketLink::run()
{
    while (!g_stopRequested) {
        Time now = Clock::now();
        release(now);
        const long long ns = std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::nanoseconds>(nextRelease(now) - now).count());
        const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
        pollfd p{m_queue.fd(), POLLIN, 0};
        if (ppoll(&p, 1, &timeout, nullptr) > 0)
            onReadable(Clock::now());
    }
}

} // namespace linkem
