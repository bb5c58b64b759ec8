"""A TCP relay in front of the S3 server that can make the store stop: at once (``down()``: every connection is
cut, new ones are refused until ``up()``), or in the middle of an upload (``cut_after(n)``: once ``n`` bytes went
towards the store, every connection is cut and the store stays down). The S3 server behind it keeps its state, so
a test can look afterwards at what the store holds."""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit


class CuttingProxy:
    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.lock = threading.Lock()
        self.is_up = True
        self.budget: int | None = None  # bytes still allowed towards the store before it stops
        self.sockets: set[socket.socket] = set()
        self.sent = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def down(self) -> None:
        with self.lock:
            self.is_up = False
            for sock in list(self.sockets):
                _close(sock)
            self.sockets.clear()

    def up(self) -> None:
        with self.lock:
            self.is_up, self.budget = True, None

    def cut_after(self, sent_bytes: int) -> None:
        with self.lock:
            self.budget = sent_bytes

    def close(self) -> None:
        self.down()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if not self.is_up:
                    _close(client)
                    continue
                try:
                    server = socket.create_connection(self.target, timeout=5)
                except OSError:
                    _close(client)
                    continue
                self.sockets.update((client, server))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, towards_store: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if towards_store:
                    with self.lock:
                        self.sent += len(chunk)
                        if self.budget is not None:
                            self.budget -= len(chunk)
                            if self.budget < 0:
                                self.is_up = False
                    if not self.is_up:
                        self.down()
                        return
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
