"""A local webhook receiver for tests (a threaded HTTP server), with misbehaving paths."""
from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """Paths: /ok, /slow (12 s), /redirect (302), /4xx (404), /5xx (503), /reset (RST), /huge (1 MB 200),
    /chunked (an endless chunked 200 body), /trickle (the answer's head one byte every 0.4 s: each read gets data,
    only the total time limit stops it), /flaky (503 on the first request of each webhook-id, then 200),
    /delay (0.3 s then 200), /pause (4 s then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                path = self.path.split("?")[0]
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    seen_before = any(r["headers"].get("webhook-id") == headers.get("webhook-id") for r in receiver.requests)
                    receiver.requests.append({"path": self.path, "headers": headers, "body": body, "at": time.time()})
                if path.endswith("/slow"):
                    time.sleep(12)
                    return self._answer(200, b"late")
                if path.endswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "/ok")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path.endswith("/4xx"):
                    return self._answer(404, b"no such hook")
                if path.endswith("/5xx"):
                    return self._answer(503, b"down for maintenance " * 300)
                if path.endswith("/reset"):
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if path.endswith("/huge"):
                    self.send_response(200)
                    self.send_header("Content-Length", str(1024 * 1024))
                    self.end_headers()
                    try:
                        for _ in range(64):
                            self.wfile.write(b"x" * 16384)
                    except OSError:
                        pass
                    return
                if path.endswith("/chunked"):
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for _ in range(100_000):  # ~1.6 GB if nobody stops reading
                            self.wfile.write(b"4000\r\n" + b"y" * 16384 + b"\r\n")
                    except OSError:
                        pass
                    return
                if path.endswith("/trickle"):
                    try:
                        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + b"z" * 100 + b"\r\n\r\nok":
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.4)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                if path.endswith("/flaky") and not seen_before:
                    return self._answer(503, b"try later")
                if path.endswith("/delay"):
                    time.sleep(0.3)
                if path.endswith("/pause"):
                    time.sleep(4)
                return self._answer(200, b"ok")

            def _answer(self, code: int, body: bytes) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # a listen backlog like real servers' (socketserver's default of 5 drops bursts)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def on(self, suffix: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"].split("?")[0].endswith(suffix)]

    def ids(self, prefix: str = "") -> Counter:
        with self.lock:
            return Counter(r["headers"].get("webhook-id") for r in self.requests if r["path"].startswith(prefix))
