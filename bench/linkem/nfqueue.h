// Packets from the kernel to this process and back: one NFQUEUE (netfilter's queue to user
// space, spoken over a raw netlink socket, no library), and the iptables rules that send
// packets to it. Needs root (CAP_NET_ADMIN) and the iptables command (Debian's iptables
// package: this kernel has the xtables NFQUEUE target but not nftables' queue expression).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace linkem {

struct QueuedPacket {
    uint32_t id = 0;
    uint32_t length = 0;                 // the whole packet (a GSO packet: all its segments)
    const unsigned char *head = nullptr; // its first bytes (IP header onwards), if copied
    size_t headLength = 0;
};

class NfQueue {
public:
    explicit NfQueue(uint16_t number)
        : m_number(number)
    {
    }
    ~NfQueue();
    NfQueue(const NfQueue &) = delete;
    NfQueue &operator=(const NfQueue &) = delete;

    // Binds the queue, copying `copyRange` bytes of each packet (0: metadata only); GSO
    // packets arrive whole. False with *error set when it cannot.
    bool open(uint32_t copyRange, std::string *error);
    int fd() const { return m_fd; }
    uint16_t number() const { return m_number; }
    // Reads every queued packet waiting on the socket.
    void receive(const std::function<void(const QueuedPacket &)> &onPacket);
    void verdict(uint32_t id, bool accept);

private:
    bool configure(uint16_t attrType, const void *attr, uint16_t attrLen);

    uint16_t m_number;
    int m_fd = -1;
};

// A chain of iptables rules of its own, jumped to from a built-in chain, removed again on
// destruction (and replaced if a previous run left it behind).
class IptablesChain {
public:
    // table "filter" or "mangle"; hook "OUTPUT"; name unique to this process.
    IptablesChain(std::string table, std::string hook, std::string name);
    ~IptablesChain();
    IptablesChain(const IptablesChain &) = delete;
    IptablesChain &operator=(const IptablesChain &) = delete;

    // Creates the chain with these rules (iptables arguments after "-A CHAIN").
    bool install(const std::vector<std::string> &rules, std::string *error);

private:
    bool run(const std::string &args, bool quiet) const;
    void remove(bool quiet);

    std::string m_table;
    std::string m_hook;
    std::string m_name;
    bool m_installed = false;
};

// Consecutive ports as ranges "lo:hi", for iptables --dport/--sport.
std::vector<std::string> portRanges(const std::vector<uint16_t> &ports);

} // namespace linkem
