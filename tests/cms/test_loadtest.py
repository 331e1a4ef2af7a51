"""`make loadtest`'s parts: wrk and its Lua summary against a real HTTP server, the figures
drawn from them, and gunicorn under the production settings, stopped however a run ends."""

import http.client
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis

from cms.loadtest import figures, server
from cms.loadtest.wrk import run_wrk
from tests.ci import IN_CI

PATHS = ["/one/", "/two/?q=x", "/three/"]


@pytest.fixture(scope="module")
def wrk():
    if shutil.which("wrk") is None:
        if IN_CI:
            pytest.fail("wrk is required in CI (.ci/run installs it)")
        pytest.skip("wrk is not installed (deploy/local/packages.sh wrk)")


@pytest.fixture
def site():
    """(base URL, the paths requested, in order): 200 for PATHS, 404 for anything else."""
    requested = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            requested.append(self.path)
            body = b"ok" if self.path in PATHS else b"not found"
            self.send_response(200 if self.path in PATHS else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # wrk closes its connections mid-request when its time is up

    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requested
    httpd.shutdown()
    httpd.server_close()


def summary(name, requests_per_second, **errors):
    return {
        "name": name,
        "requests_per_second": requests_per_second,
        "latency_ms": {"p50": 1.5, "p99": 9.25},
        "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0, "status": 0, **errors},
    }


def test_each_run_is_given_as_a_ratio_to_the_static_file():
    runs = figures.with_ratios(
        [summary("static file", 2000.0), summary("article", 50.0), summary("mix", 400.0)],
        "static file",
    )
    assert [run["ratio"] for run in runs] == [1.0, 0.025, 0.2]
    rows = figures.table(runs).splitlines()
    assert rows[0].split() == ["run", "requests/s", "p50", "ms", "p99", "ms", "errors", "ratio"]
    assert rows[2].split() == ["article", "50.0", "1.5", "9.2", "0", "0.025"]


def test_a_run_with_any_kind_of_error_is_named():
    runs = [summary("static file", 2000.0), summary("mix", 10.0, timeout=1, status=2)]
    assert figures.failed(runs) == ["mix"]
    assert figures.table(figures.with_ratios(runs, "static file")).splitlines()[2].split()[4] == "3"


def test_the_machine_is_described_from_cpuinfo(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(
        "processor\t: 0\nmodel name\t: Xeon X\n\nprocessor\t: 1\nmodel name\t: Xeon X\n"
    )
    facts = figures.machine(cpuinfo)
    assert (facts["cpu"], facts["cpus"]) == ("Xeon X", 2)
    assert facts["django"].startswith("5.2")


def test_wrk_rotates_the_paths_and_its_script_writes_the_summary(wrk, site):
    base_url, requested = site
    result = run_wrk(base_url, PATHS, seconds=1, connections=4, threads=2)
    assert result["requests"] > 30
    assert result["requests"] <= len(requested)
    assert set(requested) == set(PATHS)
    for path in PATHS:  # rotated: each about a third of the requests
        assert requested.count(path) > len(requested) / 4
    assert result["requests_per_second"] == pytest.approx(
        result["requests"] / result["seconds"], rel=0.01
    )
    assert 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p99"]
    assert figures.failed([{"name": "ok", **result}]) == []


def test_answers_over_399_are_errors(wrk, site):
    base_url, _ = site
    result = run_wrk(base_url, ["/one/", "/missing/"], seconds=1, connections=2, threads=2)
    assert result["errors"]["status"] >= result["requests"] // 2 > 0
    assert figures.failed([{"name": "with a 404", **result}]) == ["with a 404"]


def test_priming_refuses_a_path_that_does_not_answer_200(site):
    base_url, requested = site
    server.prime(base_url, PATHS, times=2)
    assert requested == [path for path in PATHS for _ in range(2)]
    with pytest.raises(RuntimeError, match="/missing/ answered 404"):
        server.prime(base_url, ["/missing/"])


def status(base_url, path, host="127.0.0.1"):
    """The status of a GET that follows no redirect."""
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=10)
    connection.request("GET", path, headers={"Host": host})
    try:
        return connection.getresponse().status
    finally:
        connection.close()


def test_gunicorn_serves_the_production_settings_and_is_stopped_when_a_run_fails(tmp_path):
    env = server.production_env(static_root=tmp_path / "static", redis_url=None, page_cache=False)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"  # /healthz needs no tables
    log = tmp_path / "gunicorn.log"
    served = []

    def a_run_that_fails():
        with server.gunicorn(env, log) as base_url:
            served.append(base_url)
            assert status(base_url, "/healthz") == 200
            assert status(base_url, "/favicon.ico") == 200  # over plain HTTP: no redirect
            assert status(base_url, "/", host="example.org") == 400  # only 127.0.0.1 is served
            raise RuntimeError("a run failed")

    with pytest.raises(RuntimeError, match="a run failed"):
        a_run_that_fails()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", int(served[0].rsplit(":", 1)[1])), timeout=2)
    assert "Shutting down: Master" in log.read_text()


def test_only_the_servers_keys_are_deleted_from_redis():
    url = "redis://127.0.0.1:6379/5"
    if not server.redis_answers(url):
        pytest.skip("no Redis on 127.0.0.1:6379 (make services starts one)")
    client = redis.Redis.from_url(url)
    ours, theirs = f"{server.CACHE_KEY_PREFIX}-cached:1:page", "thinktank:1:feed-version"
    client.set(ours, "x")
    client.set(theirs, "y")
    try:
        server.forget_cached(url)
        assert (client.exists(ours), client.get(theirs)) == (0, b"y")
    finally:
        client.delete(ours, theirs)
