#pragma once

#include <functional>

struct termios;

namespace ferry::cli {

// SIGINT and SIGTERM as events on the event loop. While a handler is set (an operation or
// a queue is running), a signal calls it there: it cancels the work, which ends with ABOR,
// the .part kept and exit status 7. Without one (e.g. at a prompt), the signal does what
// it always does: it ends the process.
class Interrupts {
public:
    static void install(); // once, before anything runs
    // Sets the handler for as long as the object lives (they nest: the innermost wins).
    class Scope {
    public:
        explicit Scope(std::function<void()> handler);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        std::function<void()> m_previous;
    };
    static bool received(); // a signal arrived while a handler was set
    // While set, a signal that ends the process first puts the terminal back in this state
    // (a password prompt turns the echo off). nullptr: nothing to restore.
    static void restoreTerminalOnExit(const ::termios *saved);
};

} // namespace ferry::cli
