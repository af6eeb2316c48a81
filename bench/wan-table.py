#!/usr/bin/env python3
"""The table of bench/wan.sh results: medians per row and ratios to lftp.

    bench/wan-table.py [--markdown] [--wide] RESULTS.tsv [MORE.tsv ...]

Each TSV line is one run, as bench/wan.sh writes it:
    suite mode direction parallel rtt rate tool wall cpu busy linkem load files
Rows are grouped by everything but the run; each shows the median wall time, round trips
per file (wall / files / RTT, login and listings included), the tool's median CPU, the
machine's busy core-seconds, linkem's CPU, the load average at the start, and the ratio of
the median wall time to lftp's in the same group (time: lower is better).

--wide: one line per case (suite, mode, direction, parallelism, RTT, cap) with every tool
side by side: its median wall time and round trips per file (for the big file: Mbit/s),
and ferry-cli's time over each other tool's.
"""
import collections
import statistics
import sys


def main() -> int:
    args = sys.argv[1:]
    markdown = "--markdown" in args
    wide = "--wide" in args
    paths = [a for a in args if a not in ("--markdown", "--wide")]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    rows = collections.defaultdict(list)
    failed = collections.Counter()
    files = {}
    for path in paths:
        for line in open(path):
            f = line.rstrip("\n").split("\t")
            if len(f) < 13:
                continue
            key = tuple(f[:7])
            files[key] = int(f[12])
            if f[7] == "failed":
                failed[key] += 1
                rows.setdefault(key, [])
                continue
            rows[key].append([float(x) if x else 0.0 for x in f[7:12]])

    def median(key, i):
        return statistics.median(r[i] for r in rows[key])

    if wide:
        return print_wide(rows, failed, files, markdown)
    head = ["suite", "mode", "dir", "p", "rtt", "rate", "tool", "runs", "wall s", "rtt/file", "cpu s",
            "busy", "linkem", "load", "vs lftp"]
    out = []
    order = lambda k: (k[0], k[1], k[2], int(k[3]), int(k[4]), k[5], ["ferry", "lftp", "curl", "filezilla"].index(k[6])
                       if k[6] in ("ferry", "lftp", "curl", "filezilla") else 9)
    for key in sorted(rows, key=order):
        suite, mode, direction, p, rtt, rate, tool = key
        if not rows[key]:
            out.append(list(key) + [str(failed[key]), "failed"] + [""] * 6)
            continue
        wall = median(key, 0)
        n = files[key]
        per = f"{wall * 1000 / n / int(rtt):.2f}" if n and int(rtt) > 0 else "-"
        lftp = key[:6] + ("lftp",)
        ratio = f"{wall / median(lftp, 0):.2f}" if rows.get(lftp) and tool != "lftp" else ""
        out.append([suite, mode, direction, p, rtt, rate, tool, str(len(rows[key])), f"{wall:.2f}", per,
                    f"{median(key, 1):.2f}", f"{median(key, 2):.2f}", f"{median(key, 3):.2f}",
                    f"{median(key, 4):.1f}", ratio])
    print_table(head, out, markdown)
    return 0


TOOLS = ["ferry", "lftp", "curl", "filezilla"]


def print_table(head, out, markdown):
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in out:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(head[i]), *(len(r[i]) for r in out)) for i in range(len(head))]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
        for r in out:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def print_wide(rows, failed, files, markdown) -> int:
    cases = sorted({k[:6] for k in rows}, key=lambda c: (c[0], c[1], c[2], int(c[3]), int(c[4]), c[5]))
    tools = [t for t in TOOLS if any(c + (t,) in rows for c in cases)]
    head = ["suite", "mode", "dir", "p", "rtt", "rate"] + tools + [f"ferry/{t}" for t in tools if t != "ferry"]
    out = []
    for case in cases:
        walls, cells = {}, []
        for tool in tools:
            key = case + (tool,)
            runs = rows.get(key)
            if not runs:
                cells.append("failed" if failed.get(key) else "")
                continue
            wall = statistics.median(r[0] for r in runs)
            walls[tool] = wall
            if case[0] == "big":
                detail = f"{1024 * 8.388608 / wall:.1f} Mbit/s"
            elif int(case[4]) > 0:
                detail = f"{wall * 1000 / files[key] / int(case[4]):.2f} RTT/f"
            else:
                detail = ""
            cells.append(f"{wall:.1f} s" + (f" ({detail})" if detail else ""))
        ratios = [f"{walls['ferry'] / walls[t]:.2f}" if "ferry" in walls and t in walls else ""
                  for t in tools if t != "ferry"]
        out.append(list(case) + cells + ratios)
    print_table(head, out, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
