"""A local SMTP sink: just enough SMTP for smtplib, in a process of its own, accepting every message."""

from __future__ import annotations

import multiprocessing
import socketserver
import threading
from multiprocessing.connection import Connection

_FORK = multiprocessing.get_context("fork")


class _SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every message accepted, its recipients and subject kept."""

    server: _SinkServer

    def handle(self) -> None:
        reply = self.wfile.write
        reply(b"220 bench sink\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                reply(b"250-bench sink\r\n250 8BITMIME\r\n")
            elif verb == b"MAIL":
                recipients = []
                reply(b"250 OK\r\n")
            elif verb == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                reply(b"250 OK\r\n")
            elif verb == b"DATA":
                reply(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                subject = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if not subject and data.startswith(b"Subject: "):
                        subject = data[9:].decode().strip()
                self.server.received.extend((to, subject) for to in recipients)
                reply(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                reply(b"221 Bye\r\n")
                return
            elif verb in (b"HELO", b"RSET", b"NOOP"):
                reply(b"250 OK\r\n")
            else:
                reply(b"502 Not implemented\r\n")


class _SinkServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    received: list[tuple[str, str]]


def _run_sink(control: Connection) -> None:
    server = _SinkServer(("127.0.0.1", 0), _SinkHandler)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    control.send(server.server_address[1])
    while control.recv() == "take":  # anything else stops the sink
        taken, server.received = server.received, []
        control.send(taken)
    server.shutdown()


class SmtpSink:
    """The SMTP sink in a process of its own (so that it takes no time from the senders' interpreter)."""

    def __init__(self) -> None:
        self.control, child = _FORK.Pipe()
        self.process = _FORK.Process(target=_run_sink, args=(child,), daemon=True)
        self.process.start()
        self.port: int = self.control.recv()

    def take(self) -> list[tuple[str, str]]:
        """What was received since the last call: (recipient, subject) per recipient."""
        self.control.send("take")
        received: list[tuple[str, str]] = self.control.recv()
        return received

    def stop(self) -> None:
        self.control.send("stop")
        self.process.join(timeout=10)
