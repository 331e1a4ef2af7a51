"""Production's outgoing mail from one EMAIL_URL, and error reports to Sentry when
SENTRY_DSN is set (received here by an HTTP server of the test's own)."""

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from cms.settings.email_url import email_settings

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://news%40example.org:s3cr%2Ft@smtp.example.org:2587",
            {"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": 2587, "EMAIL_USE_TLS": True}
            | {"EMAIL_HOST_USER": "news@example.org", "EMAIL_HOST_PASSWORD": "s3cr/t"},
        ),
        ("smtp+ssl://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://relay.internal", {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
    ],
)
def test_an_email_url_names_the_server(url, expected):
    settings = email_settings(url)
    assert settings["EMAIL_BACKEND"] == SMTP
    assert expected.items() <= settings.items()


def test_console_and_bad_urls():
    assert email_settings("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    with pytest.raises(ValueError, match="unknown scheme 'imap'"):
        email_settings("imap://mail.example.org")
    with pytest.raises(ValueError, match="no host"):
        email_settings("smtp+tls://")


def production(tmp_path, **env) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }


def shell(env: dict, code: str) -> str:
    return subprocess.run(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_production_reads_the_email_url(tmp_path):
    env = production(tmp_path, EMAIL_URL="smtp+ssl://alerts:pw@smtp.example.org")
    code = (
        "from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_SSL)"
    )
    assert shell(env, code).split()[-3:] == ["smtp.example.org", "465", "True"]


@pytest.fixture
def sentry_server():
    """A stand-in for Sentry's ingestion endpoint on loopback; yields what it received."""
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(self.path.encode() + b"\n" + body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()


def test_errors_reach_sentry_when_a_dsn_is_set(tmp_path, sentry_server):
    port, received = sentry_server
    env = production(tmp_path, SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42")
    shell(
        env,
        "import sentry_sdk\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n    sentry_sdk.capture_exception()\n"
        "sentry_sdk.flush(10)\n",
    )
    [report] = [body for body in received if b"ZeroDivisionError" in body]
    assert report.startswith(b"/api/42/envelope/")
    assert b'"environment":"production"' in report


def test_nothing_is_sent_without_a_dsn(tmp_path, sentry_server):
    _, received = sentry_server
    out = shell(production(tmp_path), "import sentry_sdk; print(sentry_sdk.is_initialized())")
    assert out.split()[-1] == "False"
    assert received == []
