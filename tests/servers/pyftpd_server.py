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
"""

import argparse
import logging
import os
import signal
import sys
import threading

from pyftpdlib import __ver__ as PYFTPDLIB_VERSION
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

try:
    from OpenSSL import SSL
    from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler
except ImportError:  # python3-openssl missing: plain FTP only
    SSL = None

FULL_PERMS = "elradfmwMT"
ANON_PERMS = "elr"


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
    active = p.add_mutually_exclusive_group()
    active.add_argument("--allow-active", dest="allow_active", action="store_true",
                        default=True, help="accept PORT/EPRT (default)")
    active.add_argument("--deny-active", dest="allow_active", action="store_false",
                        help="refuse PORT/EPRT with 500 and drop EPRT from FEAT")
    p.add_argument("--no-utf8", action="store_true",
                   help="do not advertise UTF8 in FEAT (names are still UTF-8)")
    p.add_argument("--banner", default=None, help="greeting text after '220 '")
    p.add_argument("--auth-failed-delay", type=float, default=0.0,
                   help="seconds before answering a failed PASS (pyftpdlib's "
                        "default is 3; default here 0 to keep tests fast)")
    p.add_argument("--idle-timeout", type=int, default=300,
                   help="control connection idle timeout in seconds (default 300)")
    p.add_argument("--ignore-stdin", action="store_true",
                   help="do not exit when stdin reaches end-of-file")
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
    return args


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
    Handler.auth_failed_timeout = args.auth_failed_delay
    Handler.timeout = args.idle_timeout
    Handler.use_gmt_times = True
    # Active mode to the client's own (loopback) address works by default;
    # permit_foreign_addresses stays False.

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
    return Handler


def main(argv):
    args = parse_args_checked(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="pyftpd_server: %(levelname)s %(message)s")
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)

    args.root = os.path.abspath(args.root)
    if not os.path.isdir(args.root):
        sys.stderr.write("pyftpd_server: root %r is not a directory\n" % args.root)
        return 2

    handler = make_handler(args)
    server = FTPServer((args.host, args.port), handler)
    server.max_cons = 256
    server.max_cons_per_ip = 0

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
