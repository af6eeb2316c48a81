// linkem --self-check: the emulator measured through itself. Starts linkem (this same
// binary, relay or packet mode) in front of an in-process echo/sink/source server on a free
// port and checks:
// the round trip a ping-pong sees (asked for ±2 ms), the time connect() takes, the rate
// of a bulk copy each way (the cap ±5 %), and the relay's own CPU while it carries
// 1 Gbit/s (a result needing more than the relay can carry is marked relay-bound).
// Returns 0 when every check passed, 1 otherwise.
#pragma once

#include "options.h"

namespace linkem {

int runSelfCheck(const char *self, const Options &options, bool packet);

} // namespace linkem
