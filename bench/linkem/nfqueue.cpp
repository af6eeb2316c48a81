#include "nfqueue.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

namespace linkem {

namespace {

// One nfnetlink message to the queue subsystem: header, nfgenmsg, attributes.
struct Message {
    alignas(nlmsghdr) char bytes[256] = {};
    size_t size = 0;

    Message(uint16_t type, uint16_t queue)
    {
        auto *h = reinterpret_cast<nlmsghdr *>(bytes);
        h->nlmsg_type = static_cast<uint16_t>((NFNL_SUBSYS_QUEUE << 8) | type);
        h->nlmsg_flags = NLM_F_REQUEST;
        auto *g = reinterpret_cast<nfgenmsg *>(bytes + NLMSG_HDRLEN);
        g->nfgen_family = AF_UNSPEC;
        g->version = NFNETLINK_V0;
        g->res_id = htons(queue);
        size = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nfgenmsg));
    }
    void add(uint16_t type, const void *data, uint16_t len)
    {
        auto *a = reinterpret_cast<nlattr *>(bytes + size);
        a->nla_type = type;
        a->nla_len = static_cast<uint16_t>(NLA_HDRLEN + len);
        std::memcpy(bytes + size + NLA_HDRLEN, data, len);
        size += NLA_ALIGN(a->nla_len);
    }
    bool send(int fd)
    {
        reinterpret_cast<nlmsghdr *>(bytes)->nlmsg_len = static_cast<uint32_t>(size);
        sockaddr_nl to{};
        to.nl_family = AF_NETLINK;
        return sendto(fd, bytes, size, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) ==
               static_cast<ssize_t>(size);
    }
};

} // namespace

NfQueue::~NfQueue()
{
    if (m_fd >= 0)
        close(m_fd);
}

bool NfQueue::configure(uint16_t attrType, const void *attr, uint16_t attrLen)
{
    Message m(NFQNL_MSG_CONFIG, m_number);
    m.add(attrType, attr, attrLen);
    return m.send(m_fd);
}

bool NfQueue::open(uint32_t copyRange, std::string *error)
{
    m_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_NETFILTER);
    sockaddr_nl self{};
    self.nl_family = AF_NETLINK;
    if (m_fd < 0 || bind(m_fd, reinterpret_cast<sockaddr *>(&self), sizeof self) != 0) {
        *error = std::string("no netfilter netlink socket: ") + std::strerror(errno);
        return false;
    }
    // Room for bursts of packet notices: a lost notice would be a packet held forever.
    int buffer = 16 << 20;
    setsockopt(m_fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
    nfqnl_msg_config_cmd bindCmd{NFQNL_CFG_CMD_BIND, 0, htons(AF_INET)};
    nfqnl_msg_config_params params{htonl(copyRange),
                                   static_cast<uint8_t>(copyRange ? NFQNL_COPY_PACKET : NFQNL_COPY_META)};
    const uint32_t maxLength = htonl(1 << 20);
    const uint32_t flags = htonl(NFQA_CFG_F_GSO);
    // The kernel takes flags only with the mask that says which ones change, in one message.
    Message config(NFQNL_MSG_CONFIG, m_number);
    config.add(NFQA_CFG_PARAMS, &params, sizeof params);
    config.add(NFQA_CFG_QUEUE_MAXLEN, &maxLength, sizeof maxLength);
    config.add(NFQA_CFG_MASK, &flags, sizeof flags);
    config.add(NFQA_CFG_FLAGS, &flags, sizeof flags);
    if (!configure(NFQA_CFG_CMD, &bindCmd, sizeof bindCmd) || !config.send(m_fd)) {
        *error = "cannot configure NFQUEUE " + std::to_string(m_number) + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

void NfQueue::receive(const std::function<void(const QueuedPacket &)> &onPacket)
{
    alignas(nlmsghdr) static char buffer[1 << 16];
    for (;;) {
        const ssize_t n = recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return;
        int left = static_cast<int>(n);
        for (auto *h = reinterpret_cast<nlmsghdr *>(buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            if ((h->nlmsg_type & 0xff) != NFQNL_MSG_PACKET)
                continue;
            QueuedPacket packet;
            bool haveId = false;
            const size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nfgenmsg));
            int attrLen = static_cast<int>(h->nlmsg_len) - static_cast<int>(start);
            auto *a = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(h) + start);
            while (attrLen >= static_cast<int>(sizeof(nlattr)) && a->nla_len >= sizeof(nlattr) &&
                   a->nla_len <= attrLen) {
                const auto *data = reinterpret_cast<const unsigned char *>(a) + NLA_HDRLEN;
                const size_t dataLen = a->nla_len - NLA_HDRLEN;
                switch (a->nla_type & NLA_TYPE_MASK) {
                case NFQA_PACKET_HDR: {
                    nfqnl_msg_packet_hdr ph;
                    std::memcpy(&ph, data, sizeof ph);
                    packet.id = ntohl(ph.packet_id);
                    haveId = true;
                    break;
                }
                case NFQA_PAYLOAD:
                    packet.head = data;
                    packet.headLength = dataLen;
                    if (packet.length == 0)
                        packet.length = static_cast<uint32_t>(dataLen);
                    break;
                case NFQA_CAP_LEN: {
                    uint32_t full;
                    std::memcpy(&full, data, sizeof full);
                    packet.length = ntohl(full);
                    break;
                }
                default:
                    break;
                }
                attrLen -= NLA_ALIGN(a->nla_len);
                a = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(a) + NLA_ALIGN(a->nla_len));
            }
            if (haveId)
                onPacket(packet);
        }
    }
}

void NfQueue::verdict(uint32_t id, bool accept)
{
    Message m(NFQNL_MSG_VERDICT, m_number);
    nfqnl_msg_verdict_hdr v{htonl(accept ? NF_ACCEPT : NF_DROP), htonl(id)};
    m.add(NFQA_VERDICT_HDR, &v, sizeof v);
    m.send(m_fd);
}

IptablesChain::IptablesChain(std::string table, std::string hook, std::string name)
    : m_table(std::move(table))
    , m_hook(std::move(hook))
    , m_name(std::move(name))
{
}

IptablesChain::~IptablesChain()
{
    if (m_installed)
        remove(false);
}

bool IptablesChain::run(const std::string &args, bool quiet) const
{
    const std::string command = "iptables -w 5 -t " + m_table + " " + args + (quiet ? " 2>/dev/null" : "");
    return std::system(command.c_str()) == 0;
}

void IptablesChain::remove(bool quiet)
{
    run("-D " + m_hook + " -j " + m_name, quiet);
    run("-F " + m_name, quiet);
    run("-X " + m_name, quiet);
    m_installed = false;
}

bool IptablesChain::install(const std::vector<std::string> &rules, std::string *error)
{
    remove(true);
    bool ok = run("-N " + m_name, false);
    m_installed = ok;
    for (const std::string &rule : rules)
        ok = ok && run("-A " + m_name + " " + rule, false);
    ok = ok && run("-I " + m_hook + " -j " + m_name, false);
    if (!ok)
        *error = "iptables could not add the rules (is the iptables package installed, and are we root?)";
    return ok;
}

std::vector<std::string> portRanges(const std::vector<uint16_t> &ports)
{
    std::vector<std::string> ranges;
    for (size_t i = 0; i < ports.size();) {
        size_t j = i;
        while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1)
            ++j;
        ranges.push_back(std::to_string(ports[i]) + ":" + std::to_string(ports[j]));
        i = j + 1;
    }
    return ranges;
}

} // namespace linkem
