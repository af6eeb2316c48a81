#include "interrupts.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace ferry::cli {

namespace {

int g_pipe[2] = {-1, -1};
std::atomic<bool> g_armed{false};
std::atomic<bool> g_received{false};
std::function<void()> g_handler;
termios g_terminal = {};
std::atomic<bool> g_restoreTerminal{false};

void onSignal(int signal)
{
    if (!g_armed.load()) {
        // Nothing to stop cleanly: the default action (the process ends), with the
        // terminal as it was (tcsetattr is async-signal-safe).
        if (g_restoreTerminal.load())
            ::tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal);
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    g_received = true;
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[1], &byte, 1);
}

} // namespace

void Interrupts::install()
{
    if (g_pipe[0] >= 0 || ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    // Owned by the application: it lives as long as the event loops that read it.
    auto *notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, [] {
        char bytes[16];
        while (::read(g_pipe[0], bytes, sizeof bytes) > 0) {
        }
        if (g_handler)
            g_handler();
    });
    struct sigaction action = {};
    action.sa_handler = &onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

Interrupts::Scope::Scope(std::function<void()> handler)
    : m_previous(std::move(g_handler))
{
    g_handler = std::move(handler);
    g_armed = bool(g_handler);
}

Interrupts::Scope::~Scope()
{
    g_handler = std::move(m_previous);
    g_armed = bool(g_handler);
}

void Interrupts::restoreTerminalOnExit(const termios *saved)
{
    g_restoreTerminal = false;
    if (saved) {
        g_terminal = *saved;
        g_restoreTerminal = true;
    }
}

bool Interrupts::received()
{
    return g_received.load();
}

} // namespace ferry::cli
