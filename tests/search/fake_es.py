"""A small HTTP server on loopback that answers like Elasticsearch and records every request.

Contract and fault tests point ``ELASTICSEARCH_URL`` at it: the request bodies the code
sends are asserted as data, and the server can be told to fail (HTTP 500/429) or to hang
past the client's timeout.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict
    body: Any  # parsed JSON, a list for NDJSON (bulk), None when empty

    @property
    def endpoint(self) -> str:
        """The last path segment that names the API: _search, _bulk, _aliases, ..."""
        for part in reversed(self.path.strip("/").split("/")):
            if part.startswith("_"):
                return part
        return ""


@dataclass
class FakeElasticsearch:
    """Routes: a dict of (method, endpoint-or-path) → callable(request) → (status, body)."""

    requests: list[Request] = field(default_factory=list)
    fail_with: int | None = None  # answer every request with this status
    delay: float = 0.0  # seconds to wait before answering
    routes: dict = field(default_factory=dict)

    def answer(self, request: Request) -> tuple[int, Any]:
        if self.fail_with:
            return self.fail_with, {"error": {"type": "fake_failure"}, "status": self.fail_with}
        for key in ((request.method, request.path), (request.method, request.endpoint)):
            if key in self.routes:
                return self.routes[key](request)
        return 200, default_answer(request)

    def of(self, endpoint: str) -> list[Request]:
        return [r for r in self.requests if r.endpoint == endpoint]


def default_answer(request: Request) -> Any:
    if request.endpoint == "_bulk":
        items = [line for line in request.body or [] if _is_action(line)]
        return {
            "took": 1,
            "errors": False,
            "items": [{next(iter(i)): {"status": 200, "result": "ok"}} for i in items],
        }
    if request.endpoint == "_search":
        return {"took": 1, "timed_out": False, "hits": {"total": {"value": 0}, "hits": []}}
    if request.endpoint == "_count":
        return {"count": 0}
    if request.endpoint == "_nodes":  # a stock node's modules
        modules = [{"name": name} for name in ("analysis-common", "mapper-extras")]
        return {"nodes": {"fake-node": {"modules": modules}}}
    if request.endpoint == "_health":
        return {"status": "green", "cluster_name": "fake"}
    if request.method == "HEAD":
        return None
    return {"acknowledged": True}


def _is_action(line: Any) -> bool:
    return (
        isinstance(line, dict)
        and len(line) == 1
        and next(iter(line))
        in {
            "index",
            "delete",
            "create",
            "update",
        }
    )


class _Handler(BaseHTTPRequestHandler):
    fake: FakeElasticsearch

    def log_message(self, *args):  # keep test output quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        url = urlsplit(self.path)
        request = Request(self.command, url.path, parse_qs(url.query), None)
        if request.endpoint in {"_bulk", "_msearch"}:  # NDJSON: one JSON value a line
            request.body = [json.loads(line) for line in raw.splitlines() if line.strip()]
        elif raw.strip():
            request.body = json.loads(raw)
        self.fake.requests.append(request)
        if self.fake.delay:
            time.sleep(self.fake.delay)
        status, answer = self.fake.answer(request)
        payload = b"" if answer is None else json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def start(fake: FakeElasticsearch) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
