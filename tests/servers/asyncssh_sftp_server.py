#!/usr/bin/python3
"""An SFTP server (python3-asyncssh) for the faults OpenSSH's sshd will not produce.

Serves --root (chrooted) to the user `test` / `test-pw` on 127.0.0.1:--port (0: any free
port) and prints "READY <port>" once it listens. Faults, all counted per server:

  --drop-after N    the first --drop-count file transfers lose the whole connection
                    (TCP close, no SFTP status) once N bytes of them moved
  --stall-after N   the first --stall-count file transfers stop answering after N bytes
                    (the connection stays open)
  --kbdint          keyboard-interactive only: "Password:" (hidden) then "Code:" (echoed,
                    answer 42); with --kbdint-password-only just "Password:"
  --no-sftp         no SFTP subsystem at all
  --hostile-names   every listing also has entries named "..", ".", "a/b", "x\\ny", "" and
                    one valid extra name "ok-extra"
"""

import argparse
import asyncio
import os
import sys

import asyncssh

USER = "test"
PASSWORD = "test-pw"


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--host-key", required=True)
    parser.add_argument("--drop-after", type=int, default=-1)
    parser.add_argument("--drop-count", type=int, default=1)
    parser.add_argument("--stall-after", type=int, default=-1)
    parser.add_argument("--stall-count", type=int, default=1)
    parser.add_argument("--kbdint", action="store_true")
    parser.add_argument("--kbdint-password-only", action="store_true")
    parser.add_argument("--no-sftp", action="store_true")
    parser.add_argument("--hostile-names", action="store_true")
    return parser.parse_args()


ARGS = parse_args()


class Faults:
    """Per-server fault budget, shared by every connection."""

    drops_left = ARGS.drop_count if ARGS.drop_after >= 0 else 0
    stalls_left = ARGS.stall_count if ARGS.stall_after >= 0 else 0


class Server(asyncssh.SSHServer):
    def begin_auth(self, username):
        return True

    def password_auth_supported(self):
        return not ARGS.kbdint

    def validate_password(self, username, password):
        return username == USER and password == PASSWORD

    def kbdint_auth_supported(self):
        return ARGS.kbdint

    def get_kbdint_challenge(self, username, lang, submethods):
        prompts = [("Password: ", False)]
        if not ARGS.kbdint_password_only:
            prompts.append(("Code: ", True))
        return "Ferry test", "Answer the prompts.", "", prompts

    def validate_kbdint_response(self, username, responses):
        expected = [PASSWORD] if ARGS.kbdint_password_only else [PASSWORD, "42"]
        return username == USER and list(responses) == expected


class FaultySftp(asyncssh.SFTPServer):
    def __init__(self, chan):
        super().__init__(chan, chroot=ARGS.root.encode())
        self._moved = {}  # file object -> bytes moved
        self._faulty = {}  # file object -> "drop" / "stall" / None

    def open(self, path, pflags, attrs):
        file_obj = super().open(path, pflags, attrs)
        fault = None
        if Faults.drops_left > 0:
            Faults.drops_left -= 1
            fault = "drop"
        elif Faults.stalls_left > 0:
            Faults.stalls_left -= 1
            fault = "stall"
        self._moved[file_obj] = 0
        self._faulty[file_obj] = fault
        return file_obj

    async def _account(self, file_obj, size):
        fault = self._faulty.get(file_obj)
        moved = self._moved.get(file_obj, 0)
        if fault == "drop" and moved + size > ARGS.drop_after:
            self.connection.abort()
            await asyncio.sleep(3600)
        if fault == "stall" and moved + size > ARGS.stall_after:
            await asyncio.sleep(3600)
        self._moved[file_obj] = moved + size

    async def read(self, file_obj, offset, size):
        data = super().read(file_obj, offset, size)
        await self._account(file_obj, len(data))
        return data

    async def write(self, file_obj, offset, data):
        await self._account(file_obj, len(data))
        return super().write(file_obj, offset, data)

    def listdir(self, path):
        names = list(super().listdir(path))
        if ARGS.hostile_names:
            attrs = asyncssh.SFTPAttrs(size=1, permissions=0o100644, mtime=0, atime=0)
            for name in (b"..", b".", b"a/b", b"x\ny", b"", b"ok-extra"):
                names.append(asyncssh.SFTPName(name, b"-rw-r--r-- 1 test test 1 Jan 1 1970 " + name, attrs))
        return names


async def main():
    options = {}
    if not ARGS.no_sftp:
        options["sftp_factory"] = FaultySftp
    server = await asyncssh.create_server(
        Server, ARGS.host, ARGS.port, server_host_keys=[ARGS.host_key], **options)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    os.umask(0o022)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
