"""A partner institution's IIIF server on loopback, for the tests: routes of canned answers.

Each route is a path with a status, headers and body (or a function of the request giving
them); every request is recorded with its headers, so tests can see what Kórme sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], bytes]


def json_answer(doc: Any, status: int = 200) -> Answer:
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    return status, {"Content-Type": "application/ld+json"}, body


@dataclass
class Partner:
    """The routes and the requests seen (path and headers)."""

    routes: dict[str, Answer | Callable[[str], Answer]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(partner: Partner) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            partner.requests.append((self.path, dict(self.headers.items())))
            route = partner.routes.get(self.path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(self.path) if callable(route) else route
            self.send_response(status)
            streamed = headers.get("Transfer-Encoding") == "chunked"
            for k, v in headers.items():
                self.send_header(k, v)
            if not streamed and "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if streamed:
                for start in range(0, len(body), 4096):
                    chunk = body[start:start + 4096]
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def partner_server(partner: Partner | None = None) -> Iterator[Partner]:
    """Serve ``partner``'s routes on 127.0.0.1 (a free port) while the block runs."""
    partner = partner or Partner()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(partner))
    server.daemon_threads = True
    partner.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield partner
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
