#!/usr/bin/env python3
"""Where a client's time goes, from its protocol transcript.

    bench/transcript-timing.py [--top N] [--save FILE] -- COMMAND [ARG...]

Runs COMMAND (e.g. `ferry-cli -v get -r --parallel 1 ...` or `lftp -c "debug 9; ..."`),
stamps every line it writes on stderr with a monotonic clock as it arrives, and sums the
time between consecutive lines by transition: "> EPSV -> < 229" is the server's turn
(a round trip), "< 229 -> > RETR" is the client's (connecting the data socket),
"< 226 -> > EPSV" is what the client does between two files (closing, fsync, rename,
picking the next item), and so on. Prints one row per transition: count, total seconds,
mean milliseconds, share of the run. Meaningful for one session at a time (--parallel 1):
with several sessions the lines interleave.

Line kinds understood: ferry-cli -v ("> CMD", "< 226 ...", "* status", "! error") and
lftp debug ("---> CMD", "<--- 226 ...", "---- status"). Arguments of commands, file
names and numbers are dropped so that one row stands for one kind of step.
--save FILE keeps the stamped transcript ("seconds line").
"""
import re
import subprocess
import sys
import time
from collections import defaultdict


def kind(line: str) -> str:
    line = line.rstrip("\n")
    for prefix, tag in (("---> ", ">"), ("<--- ", "<"), ("---- ", "*"), ("> ", ">"), ("< ", "<"), ("* ", "*"), ("! ", "!")):
        if line.startswith(prefix):
            rest = line[len(prefix):]
            break
    else:
        return ""
    if tag == ">":
        return "> " + (rest.split(" ", 1)[0].upper() or "?")
    if tag == "<":
        m = re.match(r"(\d{3})([ -]?)", rest)
        if not m:
            return ""  # continuation line of a multi-line reply
        return "< " + m.group(1) + ("-" if m.group(2) == "-" else "")
    words = re.sub(r"[0-9]+", "#", rest)
    words = re.sub(r"(\"[^\"]*\"|'[^']*'|/\S*)", "…", words)
    return tag + " " + " ".join(words.split()[:4])


def main() -> int:
    args = sys.argv[1:]
    top, save = 40, None
    while args and args[0] != "--":
        if args[0] == "--top":
            top, args = int(args[1]), args[2:]
        elif args[0] == "--save":
            save, args = args[1], args[2:]
        else:
            print(__doc__, file=sys.stderr)
            return 2
    if not args or len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command = args[1:]
    start = time.monotonic()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, errors="replace", bufsize=1)
    stamped = []
    for line in proc.stderr:
        stamped.append((time.monotonic() - start, line.rstrip("\n")))
    status = proc.wait()
    wall = time.monotonic() - start
    if save:
        with open(save, "w") as out:
            for t, line in stamped:
                out.write(f"{t:.6f} {line}\n")

    sums = defaultdict(float)
    counts = defaultdict(int)
    prev_t, prev_k = 0.0, "(start)"
    for t, line in stamped:
        k = kind(line)
        if not k:
            continue
        key = f"{prev_k}  ->  {k}"
        sums[key] += t - prev_t
        counts[key] += 1
        prev_t, prev_k = t, k
    sums[f"{prev_k}  ->  (exit)"] += wall - prev_t
    counts[f"{prev_k}  ->  (exit)"] += 1

    print(f"wall {wall:.3f} s, exit status {status}, {len(stamped)} transcript lines")
    print(f"{'transition':<58} {'count':>7} {'total s':>9} {'mean ms':>9} {'share':>6}")
    for key in sorted(sums, key=sums.get, reverse=True)[:top]:
        print(f"{key:<58} {counts[key]:>7} {sums[key]:>9.3f} {1000 * sums[key] / counts[key]:>9.3f} {100 * sums[key] / wall:>5.1f}%")
    return status


if __name__ == "__main__":
    sys.exit(main())
