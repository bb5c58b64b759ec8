"""A small SMTP server for the tests, on 127.0.0.1: it accepts, refuses (451) or stalls on each message as told.

Enough of SMTP for ``smtplib`` without TLS (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). Each message's fate is
taken from ``plan`` in order (then ``accept``): ``accept`` records it, ``refuse`` answers 451 after the data,
``stall`` never answers the data (until ``release()`` or the client goes away), as a mail server that hangs does;
``hold`` waits for ``release()`` too, then accepts the message, as a slow mail server does.
"""

from __future__ import annotations

import email
import socket
import socketserver
import threading
from email import policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        self._reply("220 test-smtp ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 test-smtp")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 go on")
                data = self._read_data()
                if data is None:
                    return
                fate = self.server.next_fate()
                if fate == "stall":
                    self.server.stalled.set()
                    self.server.release_event.wait(timeout=300)
                    return  # hang up without an answer
                if fate == "hold":
                    self.server.stalled.set()
                    self.server.release_event.wait(timeout=300)
                if fate == "refuse":
                    self.server.refused += 1
                    self._reply("451 try again later")
                else:
                    self.server.record(data)
                    self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")

    def _read_data(self) -> bytes | None:
        lines = []
        while True:
            line = self.rfile.readline()
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.plan: list[str] = []
        self.messages: list[EmailMessage] = []
        self.refused = 0
        self.stalled = threading.Event()
        self.release_event = threading.Event()

    def next_fate(self) -> str:
        with self.lock:
            return self.plan.pop(0) if self.plan else "accept"

    def record(self, data: bytes) -> None:
        with self.lock:
            self.messages.append(email.message_from_bytes(data, policy=policy.default))


class SMTPServer:
    """Start with ``with SMTPServer() as server``; ``server.port``, ``server.plan``, ``server.messages``."""

    def __init__(self, plan: list[str] | None = None) -> None:
        self._server = _Server()
        self._server.plan = list(plan or [])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SMTPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def plan(self) -> list[str]:
        return self._server.plan

    @property
    def messages(self) -> list[EmailMessage]:
        with self._server.lock:
            return list(self._server.messages)

    @property
    def refused(self) -> int:
        return self._server.refused

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]

    def wait_for_stall(self, timeout: float) -> bool:
        return self._server.stalled.wait(timeout)

    def release(self) -> None:
        self._server.release_event.set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
