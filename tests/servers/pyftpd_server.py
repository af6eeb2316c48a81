#!/usr/bin/python3
"""A small pyftpdlib FTP server for Ferry's integration tests and demo.

Run it with Debian's interpreter (/usr/bin/python3, package python3-pyftpdlib):

    /usr/bin/python3 tests/servers/pyftpd_server.py --host 127.0.0.1 --port 0 \
        --root /tmp/some-dir --user test --password test-pw

Once listening it prints exactly one line, ``PORT <n>``, on stdout (flushed), then
serves until SIGTERM/SIGINT/SIGHUP, or until its stdin reaches end-of-file (so a
parent that dies or closes the pipe takes the server with it; pass
--ignore-stdin when stdin is a terminal or /dev/null).

Users:
  * the named user (default ``test``) with full permissions "elradfmwMT" on --root;
  * ``anonymous`` (any password) read-only ("elr") on the same root, unless
    --no-anonymous.

FTPS (needs python3-openssl): --tls explicit serves AUTH TLS/SSL, PBSZ, PROT on the
normal port; --tls implicit does the TLS handshake first and sends the 220 banner
over TLS. --certfile/--keyfile name the PEM files; --tls12-only caps the protocol
at TLS 1.2 (TLS 1.2 and 1.3 otherwise); --require-tls refuses USER/PASS before TLS
and PASV/EPSV/PORT/EPRT before "PROT P" (550). Without --tls, AUTH gets
'500 Command "AUTH" not understood.'. TLS data connections are logged to stderr
("TLS data connection: TLSv1.3, session resumed"). pyftpdlib 1.5.7 bug #604 (a TLS
data connection opened before RETR/LIST/STOR is closed at the client's hello) is
worked around here unless --no-early-tls-fix.

pyftpdlib 1.5.7 implements: USER PASS ACCT-less login, CWD CDUP PWD, LIST NLST MLSD
MLST, RETR STOR STOU APPE REST (STREAM), DELE RMD MKD RNFR RNTO, SIZE MDTM MFMT,
SITE CHMOD, FEAT OPTS (MLST only; "OPTS UTF8 ON" gets 501), PASV EPSV PORT EPRT,
ABOR STAT SYST NOOP TYPE MODE STRU ALLO HELP REIN QUIT.

Checksums (off by default). --hash enables HASH, XSHA256, XSHA1, XMD5 and XCRC;
--hash-commands LIST (e.g. XCRC or HASH,XMD5) only those, so that a client's
fallback order can be tested: a command not enabled is absent from FEAT and gets
'500 Command "X" not understood.'.
  * HASH (draft-bryan-ftpext-hash): FEAT line "HASH SHA-256*;SHA-1;MD5;CRC32" (the
    * marks this session's algorithm; --hash-algorithms LIST restricts and orders
    them, the first being the default). "OPTS HASH <alg>" (any case) -> "200 <alg>",
    unknown -> "501 <alg>: Unsupported algorithm.", "OPTS HASH" -> "200 <current>".
    "HASH <path>" -> "213 <alg> 0-<size-1> <lowercase hex> <path as sent>" (the end
    is inclusive, as in the draft's "0-49" for 50 bytes; an empty file gets "0-0");
    550 for a missing file, 553 for a folder.
  * XSHA256/XSHA1/XMD5/XCRC <path> -> "250 <UPPERCASE HEX>" (ProFTPD mod_digest's
    final line; CRC32 as 8 hex digits); 550 for a missing file or a folder. A path
    in double quotes is unquoted.

Connection limits. --max-cons N: at most N simultaneous control connections;
--max-cons-per-ip N: at most N from one address (0: no limit, the default). With
--too-many-reply 421 (default) the connection over the limit gets "421 Too many
connections. Service temporarily unavailable." / "421 Too many connections from
the same IP address." instead of the 220, and is closed. With --too-many-reply 530
every connection is greeted and PASS is answered "530 Sorry, the maximum number of
allowed clients (N) are already connected." / "530 Sorry, the maximum number of
clients (N) from your host are already connected." (ProFTPD's texts) when N
sessions are already logged in; then the connection is closed.

Fault injection (server-wide counters; each fault is logged to stderr, "fault: ...").
"File transfers" are RETR, STOR, APPE and STOU that were accepted (150/125), or
those named by --fault-commands; listings are never faulted.
  * --drop-data-after BYTES [--drop-count K, default 1] [--drop-mode reset|close]:
    the first K file transfers are cut after exactly BYTES bytes of the data
    connection and answered "426 Connection closed; transfer aborted."; an upload
    keeps the BYTES it got on disk. reset (default): the BYTES are sent, and once
    the client acknowledged them the connection is reset (RST, no TLS close_notify);
    close: a plain close (FIN). Later transfers work, so a client can resume.
  * --stall-data-after BYTES [--stall-count K, default 1]: the first K file
    transfers stop moving data after BYTES bytes; the data connection stays open
    (ABOR gets "426 Transfer aborted via ABOR." then "226 ABOR command successful.").
  * --data-rate BYTES_PER_S: every data connection (listings too, both directions)
    moves about BYTES_PER_S (the first byte at once, then evenly; 1 works).
  * --drop-control-after-cmd VERB [--drop-control-count K, default 1]: when one of
    the first K VERB commands (any session) arrives, the control connection is
    closed without a reply (and its data connection with it); --drop-mode applies.
"""

import argparse
import fcntl
import hashlib
import logging
import os
import signal
import socket
import struct
import sys
import termios
import threading
import zlib
from time import monotonic as timer

from pyftpdlib import __ver__ as PYFTPDLIB_VERSION
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.ioloop import RetryError
from pyftpdlib.servers import FTPServer

try:
    from OpenSSL import SSL
    from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler
except ImportError:  # python3-openssl missing: plain FTP only
    SSL = None

FULL_PERMS = "elradfmwMT"
ANON_PERMS = "elr"


class Crc32(object):
    """hashlib-like CRC-32 (zlib/PKZip polynomial, as XCRC servers use)."""

    def __init__(self):
        self.value = 0

    def update(self, data):
        self.value = zlib.crc32(data, self.value)

    def hexdigest(self):
        return "%08x" % (self.value & 0xFFFFFFFF)


# HASH algorithm names as in FEAT / OPTS HASH (IANA "Hash Function Textual Names",
# as draft-bryan-ftpext-hash asks), in the default preference order.
HASH_ALGORITHMS = {
    "SHA-256": hashlib.sha256,
    "SHA-1": hashlib.sha1,
    "MD5": hashlib.md5,
    "CRC32": Crc32,
}
# Non-standard one-algorithm commands (ProFTPD mod_digest, Serv-U, ...).
X_COMMANDS = {"XSHA256": "SHA-256", "XSHA1": "SHA-1", "XMD5": "MD5", "XCRC": "CRC32"}
HASH_COMMANDS = ("HASH", "XSHA256", "XSHA1", "XMD5", "XCRC")
FILE_TRANSFER_COMMANDS = ("RETR", "STOR", "APPE", "STOU")
# pyftpdlib 1.5.7: call_later(0, ...) schedules at timeout 0, which makes the next
# poll() wait without a timeout (epoll(-1)): use a small positive delay instead.
ASAP = 0.001

# Replies of the fault injection (see --drop-data-after).
DROP_REPLY = "426 Connection closed; transfer aborted."
MAX_CONS_REPLY = "421 Too many connections. Service temporarily unavailable."
# ProFTPD's MaxClients / MaxClientsPerHost texts (it answers PASS with them, then
# ends the session).
TOO_MANY_USERS_REPLY = ("530 Sorry, the maximum number of allowed clients (%d) "
                        "are already connected.")
TOO_MANY_FROM_HOST_REPLY = ("530 Sorry, the maximum number of clients (%d) from "
                            "your host are already connected.")


def parse_word_list(choices, what):
    """argparse type: comma-separated words from `choices` (case-insensitive)."""
    canonical = dict((c.upper(), c) for c in choices)

    def parse(text):
        words = []
        for word in text.split(","):
            word = word.strip()
            if not word:
                continue
            if word.upper() not in canonical:
                raise argparse.ArgumentTypeError(
                    "unknown %s %r (expected some of: %s)"
                    % (what, word, ",".join(choices)))
            if canonical[word.upper()] not in words:
                words.append(canonical[word.upper()])
        return words

    return parse


def non_negative(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected an integer, got %r" % text)
    if value < 0:
        raise argparse.ArgumentTypeError("expected a value >= 0, got %d" % value)
    return value


def log_event(message):
    sys.stderr.write("pyftpd_server: %s\n" % message)
    sys.stderr.flush()


class ServerState(object):
    """Server-wide counters of the fault injection (one process, one thread)."""

    file_transfers = 0  # file transfers started (--fault-commands)
    control_drops = 0   # control connections dropped (--drop-control-after-cmd)


def parse_port_range(text):
    try:
        low, high = (int(x) for x in text.split("-", 1))
    except ValueError:
        raise argparse.ArgumentTypeError("expected LOW-HIGH, e.g. 50000-50019")
    if not (1024 <= low <= high <= 65535):
        raise argparse.ArgumentTypeError("passive range must be within 1024-65535")
    return range(low, high + 1)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on: 127.0.0.1 or ::1 (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0,
                   help="control port; 0 picks a free one (default 0)")
    p.add_argument("--root", required=True, help="directory served as /")
    p.add_argument("--user", default="test", help="login name (default test)")
    p.add_argument("--password", default="test-pw", help="password (default test-pw)")
    p.add_argument("--no-anonymous", action="store_true",
                   help="do not allow anonymous (read-only) logins")
    p.add_argument("--passive-ports", type=parse_port_range, default=None,
                   metavar="LOW-HIGH",
                   help="passive data port range (default: kernel-assigned ports)")
    p.add_argument("--masquerade-address", default=None, metavar="ADDR",
                   help="IPv4 loopback address announced in PASV replies instead of the "
                        "server's own (bench/linkem relays 127.0.0.2 to 127.0.0.1)")
    active = p.add_mutually_exclusive_group()
    active.add_argument("--allow-active", dest="allow_active", action="store_true",
                        default=True, help="accept PORT/EPRT (default)")
    active.add_argument("--deny-active", dest="allow_active", action="store_false",
                        help="refuse PORT/EPRT with 500 and drop EPRT from FEAT")
    p.add_argument("--no-utf8", action="store_true",
                   help="do not advertise UTF8 in FEAT (names are still UTF-8)")
    p.add_argument("--no-mlsd", action="store_true",
                   help="no MLSD/MLST (500, not in FEAT): a LIST-only server, whose "
                        "listing times say minutes, like vsftpd's")
    p.add_argument("--no-mfmt", action="store_true",
                   help="refuse MFMT (a server that cannot set modification times)")
    p.add_argument("--banner", default=None, help="greeting text after '220 '")
    p.add_argument("--auth-failed-delay", type=float, default=0.0,
                   help="seconds before answering a failed PASS (pyftpdlib's "
                        "default is 3; default here 0 to keep tests fast)")
    p.add_argument("--idle-timeout", type=int, default=300,
                   help="control connection idle timeout in seconds (default 300)")
    p.add_argument("--ignore-stdin", action="store_true",
                   help="do not exit when stdin reaches end-of-file")
    p.add_argument("--log-transfers", action="store_true",
                   help="log every file transfer on stderr, as pyftpdlib does: "
                        "'STOR /abs/path completed=1 bytes=N seconds=S'")
    p.add_argument("--tls", choices=("none", "explicit", "implicit"), default="none",
                   help="FTPS: explicit (AUTH TLS) or implicit (TLS first); default none")
    p.add_argument("--certfile", help="PEM certificate (chain) for --tls")
    p.add_argument("--keyfile", help="PEM private key for --tls")
    p.add_argument("--tls12-only", action="store_true",
                   help="allow TLS 1.2 only (default: TLS 1.2 and 1.3)")
    p.add_argument("--require-tls", action="store_true",
                   help="refuse USER/PASS without TLS and data connections without PROT P")
    p.add_argument("--no-early-tls-fix", action="store_true",
                   help="keep pyftpdlib 1.5.7 bug #604 (for checking the workaround)")

    g = p.add_argument_group("checksums (draft-bryan-ftpext-hash and X* commands)")
    g.add_argument("--hash", action="store_true",
                   help="enable HASH, XSHA256, XSHA1, XMD5 and XCRC "
                        "(same as --hash-commands %s)" % ",".join(HASH_COMMANDS))
    g.add_argument("--hash-commands", metavar="LIST", default=[],
                   type=parse_word_list(HASH_COMMANDS, "hash command"),
                   help="enable only these of %s (comma-separated)"
                        % ",".join(HASH_COMMANDS))
    g.add_argument("--hash-algorithms", metavar="LIST", default=None,
                   type=parse_word_list(tuple(HASH_ALGORITHMS), "hash algorithm"),
                   help="algorithms HASH offers, the first being the default "
                        "(default %s)" % ",".join(HASH_ALGORITHMS))

    g = p.add_argument_group("connection limits")
    g.add_argument("--max-cons", type=non_negative, default=0, metavar="N",
                   help="at most N simultaneous control connections (0: no limit)")
    g.add_argument("--max-cons-per-ip", type=non_negative, default=0, metavar="N",
                   help="at most N simultaneous control connections from one "
                        "address (0: no limit)")
    g.add_argument("--too-many-reply", type=int, choices=(421, 530), default=421,
                   help="421: refuse the extra connection at the greeting "
                        "(default); 530: accept it, count logged-in sessions and "
                        "answer PASS with 530, then close")

    g = p.add_argument_group("data-connection faults")
    g.add_argument("--drop-data-after", type=non_negative, default=None,
                   metavar="BYTES",
                   help="cut the first --drop-count file transfers after BYTES "
                        "bytes (426 on the control connection)")
    g.add_argument("--drop-count", type=non_negative, default=1, metavar="K",
                   help="how many file transfers --drop-data-after cuts (default 1)")
    g.add_argument("--drop-mode", choices=("reset", "close"), default="reset",
                   help="reset: TCP RST once the client has acknowledged the "
                        "BYTES (default); close: plain close (FIN)")
    g.add_argument("--stall-data-after", type=non_negative, default=None,
                   metavar="BYTES",
                   help="stop moving data after BYTES bytes in the first "
                        "--stall-count file transfers, keeping the connection open")
    g.add_argument("--stall-count", type=non_negative, default=1, metavar="K",
                   help="how many file transfers --stall-data-after stalls (default 1)")
    g.add_argument("--fault-commands", metavar="LIST",
                   default=list(FILE_TRANSFER_COMMANDS),
                   type=parse_word_list(FILE_TRANSFER_COMMANDS, "transfer command"),
                   help="file transfers that drop/stall counts and hits "
                        "(default %s)" % ",".join(FILE_TRANSFER_COMMANDS))
    g.add_argument("--data-rate", type=non_negative, default=0,
                   metavar="BYTES_PER_S",
                   help="throttle every data connection (both directions) to "
                        "about BYTES_PER_S (0: no limit)")
    g.add_argument("--drop-control-after-cmd", metavar="VERB", default=None,
                   help="close the control connection (no reply) when one of the "
                        "first --drop-control-count VERB commands arrives")
    g.add_argument("--drop-control-count", type=non_negative, default=1,
                   metavar="K", help="default 1")
    return p.parse_args(argv)


def make_ssl_context(args):
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_chain_file(args.certfile)
    ctx.use_privatekey_file(args.keyfile)
    ctx.check_privatekey()
    options = SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3
    if hasattr(SSL, "OP_NO_COMPRESSION"):
        options |= SSL.OP_NO_COMPRESSION
    ctx.set_options(options)
    ctx.set_min_proto_version(SSL.TLS1_2_VERSION)
    if args.tls12_only:
        ctx.set_max_proto_version(SSL.TLS1_2_VERSION)
    # Control and data connections share this context, hence its session cache
    # and ticket keys: data connections can resume the control session.
    ctx.set_session_id(b"ferry-pyftpd")
    return ctx


def session_reused(conn):
    try:
        return bool(SSL._lib.SSL_session_reused(conn._ssl))
    except AttributeError:
        return None


def make_tls_classes(args):
    """TLS_FTPHandler/TLS_DTPHandler subclasses for --tls explicit|implicit."""

    class DTPHandler(TLS_DTPHandler):
        def readable(self):
            # pyftpdlib 1.5.7 bug #604 (fixed in 1.5.8): DTPHandler.readable()
            # closes a data connection that is readable before a transfer command
            # arrived, which is what a client's TLS hello right after PASV/EPSV
            # looks like. Stay readable while the TLS handshake is in progress.
            if self._ssl_accepting and not args.no_early_tls_fix:
                return True
            return super().readable()

        def handle_ssl_established(self):
            sys.stderr.write(
                "pyftpd_server: TLS data connection: %s, session %s\n"
                % (self.socket.get_protocol_version_name(),
                   {True: "resumed", False: "not resumed", None: "?"}[
                       session_reused(self.socket)]))
            super().handle_ssl_established()

    class Handler(TLS_FTPHandler):
        dtp_handler = DTPHandler
        tls_control_required = args.require_tls
        tls_data_required = args.require_tls
        implicit = args.tls == "implicit"
        _greeted = False

        def handle(self):
            if not self.implicit:
                return super().handle()
            # Implicit FTPS: TLS from the first byte; the banner goes out once the
            # handshake is done (handle_ssl_established), encrypted.
            self.secure_connection(self.ssl_context)

        def handle_ssl_established(self):
            super().handle_ssl_established()
            if self.implicit and not self._greeted:
                self._greeted = True
                FTPHandler.handle(self)

    Handler.ssl_context = make_ssl_context(args)
    return Handler


def parse_args_checked(argv):
    args = parse_args(argv)
    if args.tls != "none":
        if SSL is None:
            sys.stderr.write("pyftpd_server: --tls needs pyOpenSSL "
                             "(apt-get install python3-openssl)\n")
            sys.exit(2)
        if not args.certfile:
            sys.stderr.write("pyftpd_server: --tls needs --certfile\n")
            sys.exit(2)
        if not args.keyfile:
            args.keyfile = args.certfile
    if args.hash:
        args.hash_commands = list(HASH_COMMANDS)
    if not args.hash_algorithms:
        args.hash_algorithms = list(HASH_ALGORITHMS)
    if args.drop_control_after_cmd is not None:
        args.drop_control_after_cmd = args.drop_control_after_cmd.strip().upper()
        if not args.drop_control_after_cmd.isalpha():
            sys.stderr.write("pyftpd_server: --drop-control-after-cmd needs a "
                             "command verb such as STOR\n")
            sys.exit(2)
    return args


def data_faults_enabled(args):
    return (args.drop_data_after is not None or args.stall_data_after is not None
            or args.data_rate > 0)


# --- checksums -------------------------------------------------------------

def add_hash_commands(Handler, args):
    """HASH (draft-bryan-ftpext-hash) and XSHA256/XSHA1/XMD5/XCRC."""
    enabled = list(args.hash_commands)
    algorithms = list(args.hash_algorithms)
    Handler.hash_commands = enabled
    Handler.hash_algorithms = algorithms
    Handler.hash_algorithm = algorithms[0]  # per session once OPTS HASH selects
    if not enabled:
        return
    Handler.proto_cmds = dict(Handler.proto_cmds)
    for cmd in enabled:
        Handler.proto_cmds[cmd] = dict(
            perm="r", auth=True, arg=True,
            help="Syntax: %s <SP> file-name (checksum of the file)." % cmd)

    def hash_features(self):
        features = []
        if "HASH" in self.hash_commands:
            features.append("HASH " + ";".join(
                alg + ("*" if alg == self.hash_algorithm else "")
                for alg in self.hash_algorithms))
        features.extend(c for c in HASH_COMMANDS[1:] if c in self.hash_commands)
        return features

    def digest_file(self, path, algorithm, not_a_file_code):
        """(hexdigest, size) of a regular file, or None after an error reply."""
        try:
            if self.run_as_current_user(self.fs.isdir, path):
                self.respond("%d %s: Not a regular file."
                             % (not_a_file_code, self.fs.fs2ftp(path)))
                return None
            f = self.run_as_current_user(self.fs.open, path, "rb")
        except Exception as err:
            why = getattr(err, "strerror", None) or str(err)
            self.respond("550 %s." % why)
            return None
        h = HASH_ALGORITHMS[algorithm]()
        size = 0
        with f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                h.update(chunk)
        return h.hexdigest(), size

    def ftp_HASH(self, path):
        result = self.digest_file(path, self.hash_algorithm, 553)
        if result is None:
            return
        hexdigest, size = result
        # "213 <alg> <start>-<end> <hash> <name>", end = last byte (inclusive) as in
        # the draft's example ("0-49" for 50 bytes); an empty file gets "0-0".
        self.respond("213 %s 0-%d %s %s" % (self.hash_algorithm, max(size - 1, 0),
                                             hexdigest, self._raw_arg))
        return path

    def x_command(algorithm):
        def ftp_X(self, path):
            result = self.digest_file(path, algorithm, 550)
            if result is None:
                return
            # ProFTPD mod_digest style: 250 and the digest in upper case.
            self.respond("250 %s" % result[0].upper())
            return path
        return ftp_X

    def ftp_OPTS(self, line):
        if "HASH" not in self.hash_commands or line.split(" ")[0].upper() != "HASH":
            return base_opts(self, line)
        words = line.split()
        if len(words) == 1:
            self.respond("200 %s" % self.hash_algorithm)
        elif len(words) == 2:
            wanted = words[1].upper()
            for alg in self.hash_algorithms:
                if alg.upper() == wanted:
                    self.hash_algorithm = alg
                    self.respond("200 %s" % alg)
                    return
            self.respond("501 %s: Unsupported algorithm." % words[1])
        else:
            self.respond("501 OPTS HASH: Wrong number of parameters.")

    base_opts = Handler.ftp_OPTS
    Handler.hash_features = hash_features
    Handler.digest_file = digest_file
    Handler.ftp_HASH = ftp_HASH
    for cmd, alg in X_COMMANDS.items():
        setattr(Handler, "ftp_" + cmd, x_command(alg))
    Handler.ftp_OPTS = ftp_OPTS


# --- connection limits -----------------------------------------------------

def control_handlers(ioloop):
    return [h for h in list(ioloop.socket_map.values())
            if isinstance(h, FTPHandler) and not h._closed]


def add_connection_limits(Handler, args):
    def handle_max_cons(self):
        # pyftpdlib close()s at once (the 421 may be lost); flush it first.
        self.respond_w_warning(MAX_CONS_REPLY)
        self.close_when_done()

    Handler.handle_max_cons = handle_max_cons
    if args.too_many_reply != 530 or not (args.max_cons or args.max_cons_per_ip):
        return
    base_success = Handler.handle_auth_success

    def handle_auth_success(self, home, password, msg_login):
        others = [h for h in control_handlers(self.ioloop)
                  if h is not self and h.authenticated]
        reply = None
        if args.max_cons and len(others) >= args.max_cons:
            reply = TOO_MANY_USERS_REPLY % args.max_cons
        elif args.max_cons_per_ip and len(
                [h for h in others if h.remote_ip == self.remote_ip]) \
                >= args.max_cons_per_ip:
            reply = TOO_MANY_FROM_HOST_REPLY % args.max_cons_per_ip
        if reply is None:
            return base_success(self, home, password, msg_login)
        self.respond_w_warning(reply)
        log_event("limit: refused login of %r: %s" % (self.username, reply))
        self.username = ""
        self.close_when_done()

    Handler.handle_auth_success = handle_auth_success


def make_server_class(args):
    class Server(FTPServer):
        def _accept_new_cons(self):
            if not FTPServer._accept_new_cons(self):
                return False
            if args.max_cons and args.too_many_reply == 421:
                # Control connections only (pyftpdlib's own max_cons counts every
                # socket: the listener, passive listeners and data connections).
                return len(control_handlers(self.ioloop)) <= args.max_cons
            return True

    return Server


# --- fault injection -------------------------------------------------------

def abrupt_close(channel, reset):
    """Closes a control or data channel with no TLS close_notify; with `reset`
    an RST (SO_LINGER 0) instead of a FIN."""
    if reset:
        try:
            channel.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
        except (OSError, AttributeError):
            pass
    channel._error = True  # SSLConnection.close(): skip the TLS shutdown
    channel.close()


def unsent_bytes(fd):
    """Bytes in the socket's send queue not yet acknowledged by the peer."""
    try:
        buf = fcntl.ioctl(fd, termios.TIOCOUTQ, b"\0\0\0\0")
        return struct.unpack("i", buf)[0]
    except OSError:
        return 0


def add_control_drop(Handler, args):
    verb = args.drop_control_after_cmd
    base_pre = Handler.pre_process_command

    def pre_process_command(self, line, cmd, arg):
        if self._closed:
            return
        if verb is not None and cmd == verb \
                and ServerState.control_drops < args.drop_control_count:
            ServerState.control_drops += 1
            log_event("fault: %s #%d: control connection from %s closed (%s)"
                      % (verb, ServerState.control_drops, self.remote_ip,
                         args.drop_mode))
            abrupt_close(self, args.drop_mode == "reset")
            return
        self._raw_arg = arg
        if cmd in X_COMMANDS and len(arg) >= 2 and arg[0] == arg[-1] == '"':
            arg = arg[1:-1]  # XCRC "name with spaces"
        return base_pre(self, line, cmd, arg)

    Handler._raw_arg = ""
    Handler.pre_process_command = pre_process_command


def add_data_faults(Handler, args):
    """Scripted faults and throttling on the data connections."""
    reset = args.drop_mode == "reset"
    rate = args.data_rate

    def arm(self, verb, method, *a, **kw):
        # Decide before the command runs: the data connection may already be open,
        # and then the transfer starts inside the command handler.
        if self._arming or verb not in args.fault_commands or (
                args.drop_data_after is None and args.stall_data_after is None):
            return method(self, *a, **kw)
        index = ServerState.file_transfers
        ServerState.file_transfers += 1
        faults = []
        if args.drop_data_after is not None and index < args.drop_count:
            faults.append(("drop", args.drop_data_after))
        if args.stall_data_after is not None and index < args.stall_count:
            faults.append(("stall", args.stall_data_after))
        self._next_faults = (verb, index + 1, faults) if faults else None
        self._arming = True
        try:
            result = method(self, *a, **kw)
        finally:
            self._arming = False
        if result is None:  # refused (550, 554, 450...): not a transfer
            ServerState.file_transfers -= 1
            self._next_faults = None
        return result

    Handler._arming = False
    Handler._next_faults = None
    for verb in FILE_TRANSFER_COMMANDS:
        def make(verb, method):
            def ftp_cmd(self, *a, **kw):
                return arm(self, verb, method, *a, **kw)
            return ftp_cmd
        setattr(Handler, "ftp_" + verb, make(verb, getattr(Handler, "ftp_" + verb)))
    Handler.use_sendfile = False  # every byte must go through send()

    class FaultyDTPHandler(Handler.dtp_handler):
        _faults = ()
        _fault_label = ""
        _t0 = None
        _paused = False
        _stopped = False   # a fault triggered: no more data moves
        _dropping = False  # ... and it is a drop (the cut is scheduled)

        def _start(self):
            if self._t0 is not None:
                return
            self._t0 = timer()
            channel = self.cmd_channel
            # Only file transfers (a file object) take the armed faults.
            if self.file_obj is not None and channel._next_faults is not None:
                verb, number, self._faults = channel._next_faults
                channel._next_faults = None
                self._fault_label = "%s #%d (%s)" % (
                    verb, number, getattr(self.file_obj, "name", "?"))

        def push(self, data):
            self._start()
            return super().push(data)

        def push_with_producer(self, producer):
            self._start()
            return super().push_with_producer(producer)

        def enable_receiving(self, type, cmd):
            self._start()
            return super().enable_receiving(type, cmd)

        def _io_events(self):
            return self.ioloop.READ if self.receive else self.ioloop.WRITE

        def _allowance(self, done, wanted):
            """How many of `wanted` bytes may move now (0: paused or stopped)."""
            if self._stopped or self._paused:
                self.modify_ioloop_events(0)
                return 0
            allowed = wanted
            for kind, limit in self._faults:
                if done >= limit:
                    self._trigger(kind, done)
                    return 0
                allowed = min(allowed, limit - done)
            if rate:
                elapsed = timer() - (self._t0 or timer())
                budget = int(elapsed * rate) + 1
                if budget <= done:
                    self._pause(max(done / float(rate) - elapsed, 0.01))
                    return 0
                allowed = min(allowed, budget - done)
            return allowed

        def _pause(self, seconds):
            self._paused = True
            self.modify_ioloop_events(0)
            self.call_later(seconds, self._resume)

        def _resume(self):
            self._paused = False
            if self._closed or self._stopped:
                return
            self.modify_ioloop_events(self._io_events())
            self._kick()

        def _kick(self):
            # TLS: decrypted bytes left inside OpenSSL raise no socket event.
            pending = getattr(self.socket, "pending", None)
            if self.receive and pending is not None and not self._closed \
                    and not self._paused and not self._stopped:
                try:
                    if pending() > 0:
                        self.call_later(ASAP, self.handle_read_event)
                except Exception:
                    pass

        def _trigger(self, kind, done):
            self._stopped = True
            self.modify_ioloop_events(0)
            if kind == "stall":
                if self.receive and self.file_obj is not None:
                    self.file_obj.flush()  # the BYTES are on disk while stalled
                log_event("fault: %s stalled after %d bytes"
                          % (self._fault_label, done))
                return
            self._dropping = True
            log_event("fault: %s cut after %d bytes (%s)"
                      % (self._fault_label, done, args.drop_mode))
            self.call_later(ASAP, self._cut, timer() + 2.0)

        def _cut(self, deadline):
            if self._closed:
                return
            # With an RST, bytes not yet acknowledged would be lost: the client
            # must get exactly the BYTES first.
            if reset and not self.receive and unsent_bytes(self._fileno) > 0 \
                    and timer() < deadline:
                self.call_later(0.005, self._cut, deadline)
                return
            self._resp = (DROP_REPLY, logging.getLogger("pyftpdlib").info)
            abrupt_close(self, reset)

        def handle_close(self):
            # The client closed (or reset) the connection after a fault triggered:
            # pyftpdlib would call an upload complete (226); it is not.
            if self._stopped and not self._closed:
                self.transfer_finished = False
                if self._dropping:
                    self._resp = (DROP_REPLY, logging.getLogger("pyftpdlib").info)
                else:
                    self._resp = ("426 Transfer aborted; %d bytes transmitted."
                                  % self.get_transmitted_bytes(),
                                  logging.getLogger("pyftpdlib").info)
                abrupt_close(self, False)
                return
            super().handle_close()

        def send(self, data):
            allowed = self._allowance(self.tot_bytes_sent, len(data))
            if allowed <= 0:
                return 0
            return super().send(data[:allowed])

        def recv(self, buffer_size):
            if not self.receive:
                return super().recv(buffer_size)
            allowed = self._allowance(self.tot_bytes_received, buffer_size)
            if allowed <= 0:
                raise RetryError  # DTPHandler.handle_read() ignores it
            chunk = super().recv(min(buffer_size, allowed))
            if allowed < buffer_size:
                self._kick()
            return chunk

    Handler.dtp_handler = FaultyDTPHandler


def make_handler(args):
    base = make_tls_classes(args) if args.tls != "none" else FTPHandler

    class Handler(base):
        pass

    authorizer = DummyAuthorizer()
    authorizer.add_user(args.user, args.password, args.root, perm=FULL_PERMS)
    if not args.no_anonymous:
        authorizer.add_anonymous(args.root, perm=ANON_PERMS)

    Handler.authorizer = authorizer
    Handler.banner = args.banner or ("Ferry test server (pyftpdlib %s) ready."
                                     % PYFTPDLIB_VERSION)
    Handler.passive_ports = args.passive_ports
    if args.masquerade_address:
        Handler.masquerade_address = args.masquerade_address
    Handler.auth_failed_timeout = args.auth_failed_delay
    Handler.timeout = args.idle_timeout
    Handler.use_gmt_times = True
    # Active mode to the client's own (loopback) address works by default;
    # permit_foreign_addresses stays False.

    if args.no_mlsd:
        Handler.proto_cmds = {k: v for k, v in Handler.proto_cmds.items() if k not in ("MLSD", "MLST")}

    if args.no_mfmt:
        Handler.proto_cmds = {k: v for k, v in Handler.proto_cmds.items() if k != "MFMT"}

    if not args.allow_active:
        def refuse(self, line):
            self.respond("500 Active mode (PORT/EPRT) is disabled on this server.")
        Handler.ftp_PORT = refuse
        Handler.ftp_EPRT = refuse

    advertise_utf8 = not args.no_utf8
    advertise_eprt = args.allow_active

    def ftp_FEAT(self, line):
        # Same as pyftpdlib's FEAT, but honouring --no-utf8 / --deny-active.
        features = set(["TVFS"])
        if advertise_utf8:
            features.add("UTF8")
        for feat in ("EPRT", "EPSV", "MDTM", "MFMT", "SIZE"):
            if feat in self.proto_cmds and (feat != "EPRT" or advertise_eprt):
                features.add(feat)
        features.update(self._extra_feats)
        features.update(self.hash_features())
        if "MLST" in self.proto_cmds or "MLSD" in self.proto_cmds:
            facts = ""
            for fact in self._available_facts:
                facts += fact + ("*;" if fact in self._current_facts else ";")
            features.add("MLST " + facts)
        if "REST" in self.proto_cmds:
            features.add("REST STREAM")
        self.push("211-Features supported:\r\n")
        self.push("".join(" %s\r\n" % x for x in sorted(features)))
        self.respond("211 End FEAT.")

    Handler.ftp_FEAT = ftp_FEAT
    Handler.hash_features = lambda self: []
    add_hash_commands(Handler, args)
    add_connection_limits(Handler, args)
    add_control_drop(Handler, args)
    if data_faults_enabled(args):
        add_data_faults(Handler, args)
    return Handler


def main(argv):
    args = parse_args_checked(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="pyftpd_server: %(levelname)s %(message)s")
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    if args.log_transfers:
        logging.getLogger("pyftpdlib").setLevel(logging.INFO)

    args.root = os.path.abspath(args.root)
    if not os.path.isdir(args.root):
        sys.stderr.write("pyftpd_server: root %r is not a directory\n" % args.root)
        return 2

    handler = make_handler(args)
    server = make_server_class(args)((args.host, args.port), handler)
    server.max_cons = 256  # pyftpdlib's own cap: sockets of any kind
    # --max-cons-per-ip with 421 is pyftpdlib's own check (control connections
    # per address, at the greeting: "421 Too many connections from the same IP
    # address."); with --too-many-reply 530 it is checked at PASS instead.
    server.max_cons_per_ip = args.max_cons_per_ip if args.too_many_reply == 421 else 0

    def stop(signum, frame):
        raise SystemExit(0)  # serve_forever() catches it and closes every socket

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)

    if not args.ignore_stdin:
        def watch_stdin():
            try:
                while os.read(sys.stdin.fileno(), 4096):
                    pass
            except OSError:
                pass
            os.kill(os.getpid(), signal.SIGTERM)  # handled in the main thread

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()

    port = server.socket.getsockname()[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    server.serve_forever(handle_exit=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
