"""The site under gunicorn with the production settings, on a free loopback port."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
CACHE_KEY_PREFIX = "thinktank-loadtest"


def production_env(*, static_root: Path, redis_url: str | None, page_cache: bool) -> dict[str, str]:
    """The environment of the production settings on plain HTTP at 127.0.0.1: the caller's
    environment (DATABASE_URL, MEDIA_ROOT, ELASTICSEARCH_URL pass through) with HTTPS, two
    factor sign-in and error reports off, the cache in Redis at ``redis_url`` (the database
    when None) and the page cache on or off."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "loadtest-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
        "SECURE_HSTS_PRELOAD": "false",
        "TWO_FACTOR_REQUIRED": "false",
        "SENTRY_DSN": "",
        "REDIS_URL": redis_url or "",
        # Each server its own keys: the page cache of one is never read by the other.
        "CACHE_KEY_PREFIX": f"{CACHE_KEY_PREFIX}-{'cached' if page_cache else 'uncached'}",
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", ""),
    }
    env.pop("PAGE_CACHE_SECONDS", None)  # unset: the page cache is on
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    return env


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


def forget_cached(url: str) -> None:
    """Delete what the servers cached in Redis at ``url`` (their key prefixes only)."""
    client = redis.Redis.from_url(url, socket_timeout=2)
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}-*", count=1000):
        client.delete(key)


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """Serve the site with ``WORKERS`` sync workers; yields its base URL once /healthz
    answers, and stops gunicorn on the way out, whatever ends the block."""
    # gunicorn takes over a socket bound here, so the port is known and cannot be taken; this
    # process keeps no copy, so a gunicorn that dies refuses connections at once.
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--chdir", str(ROOT)]
        command += ["--bind", f"fd://{listener.fileno()}", "--workers", str(WORKERS)]
        command += ["--no-control-socket"]  # by default one path under ~ for all gunicorns
        with log.open("ab") as output:
            process = subprocess.Popen(  # noqa: S603 - this checkout's application
                command,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                pass_fds=[listener.fileno()],
            )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_answering(base_url + "/healthz", process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(url: str, process: subprocess.Popen, log: Path, seconds=30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a loopback URL
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s; see {log}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # wrk does not follow redirects either


def prime(base_url: str, paths: list[str], times: int = 3) -> None:
    """Request each path ``times`` times; raise ``RuntimeError`` unless each answers 200."""
    opener = urllib.request.build_opener(_NoRedirect)
    for path in paths:
        for _ in range(times):
            try:
                with opener.open(base_url + path, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                raise RuntimeError(f"{base_url}{path} answered {status}, not 200")
