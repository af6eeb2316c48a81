#!/usr/bin/python3
"""Records a real server's control-connection replies, byte for byte, as seeds for
fuzz_reply (tests/fuzz/corpus/reply/). Not run by CI; the seeds are checked in.

    tests/fuzz/capture-replies.py HOST PORT USER PASSWORD OUTDIR PREFIX

Sends a fixed list of commands (login, FEAT, SYST, PWD, HELP, STAT, errors, EPSV/PASV,
QUIT) and writes OUTDIR/PREFIX-session.txt (every reply of the session) and
OUTDIR/PREFIX-<command>.txt (one file per multi-line reply)."""

import os
import socket
import sys


def read_reply(sock, buf):
    """Returns (reply bytes, rest of buffer) for one complete reply (RFC 959 4.2)."""
    lines = []
    code = None
    while True:
        while b"\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        line += b"\n"
        lines.append(line)
        if code is None:
            code = line[:3]
            if line[3:4] != b"-":
                break
        elif line[:3] == code and line[3:4] in (b" ", b"\r", b"\n"):
            break
    return b"".join(lines), buf


def main():
    host, port, user, password, outdir, prefix = sys.argv[1:7]
    commands = [
        None, f"USER {user}", f"PASS {password}", "FEAT", "SYST", "OPTS UTF8 ON", "PWD",
        "TYPE I", "HELP", "STAT", "MKD /fuzz dir", "CWD /fuzz dir", "PWD", "CDUP",
        "RMD /fuzz dir", "SIZE /missing", "MDTM /missing", "CWD /missing", "NOOP",
        "XYZZY", "EPSV", "PASV", "ABOR", "QUIT",
    ]
    os.makedirs(outdir, exist_ok=True)
    sock = socket.create_connection((host, int(port)), timeout=10)
    buf = b""
    session = b""
    for command in commands:
        if command is not None:
            sock.sendall(command.encode() + b"\r\n")
        reply, buf = read_reply(sock, buf)
        session += reply
        if reply.count(b"\n") > 1:
            name = (command or "greeting").split()[0].lower()
            with open(os.path.join(outdir, f"{prefix}-{name}.txt"), "wb") as f:
                f.write(reply)
    sock.close()
    with open(os.path.join(outdir, f"{prefix}-session.txt"), "wb") as f:
        f.write(session)


if __name__ == "__main__":
    main()
