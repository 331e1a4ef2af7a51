"""deploy/nginx.conf, run by Debian's nginx on loopback in front of the application under
gunicorn with the production settings: what nginx serves itself, what it passes on, and
what it refuses."""

import gzip
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ci import IN_CI
from tests.ports import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(nginx's base URL, gunicorn's), the demo loaded and a media folder on disk."""
    if not os.path.exists(NGINX):
        if IN_CI:
            pytest.fail(f"nginx is required in CI and was not found at {NGINX}")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    media = tmp / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(media),
        "ELASTICSEARCH_URL": "",
        "REDIS_URL": "",
        # As in docker-compose.yml, whose nginx listens on plain HTTP.
        "SECURE_SSL_REDIRECT": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run([*manage, *command], env=env, check=True, capture_output=True)  # noqa: S603
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "board-minutes.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "original_images").mkdir()
    (media / "original_images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    app_port, nginx_port = free_port(), free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--chdir", str(ROOT)]
    app = subprocess.Popen(  # noqa: S603 - the checkout's own application under gunicorn
        [*gunicorn, "--bind", f"127.0.0.1:{app_port}", "--workers", "2", "--no-control-socket"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = (ROOT / "deploy" / "nginx.conf").read_text()
    server = server.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    server = server.replace("http://app:8000", f"http://127.0.0.1:{app_port}")
    server = server.replace("/srv/static/", f"{tmp / 'static'}/")
    server = server.replace("/srv/media/", f"{media}/")
    (tmp / "nginx.conf").write_text(
        f"user root;\ndaemon off;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        "events {}\nhttp {\n  include /etc/nginx/mime.types;\n"
        f"  access_log {tmp / 'access.log'};\n"
        + "".join(
            f"  {kind}_temp_path {tmp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + server
        + "}\n"
    )
    nginx = subprocess.Popen(  # noqa: S603 - Debian's nginx, loopback only
        [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_listening(app_port, app, "gunicorn")
        wait_until_listening(nginx_port, nginx, "nginx")
        yield f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{app_port}"
    finally:
        for process in (nginx, app):
            process.terminate()
            process.wait(timeout=10)


def fetch(url: str, method: str = "GET", data: bytes | None = None, **headers):
    """(status, headers, body) of a request that follows no redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_static_files_are_served_by_nginx_compressed_and_cached_for_a_year(site):
    nginx, _ = site
    status, headers, body = fetch(nginx + "/static/cms/site.css", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert "X-Request-ID" not in headers  # the application never saw it
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (ROOT / "cms" / "static" / "cms" / "site.css").read_bytes()


def test_pages_are_passed_to_the_application_with_the_request_id(site):
    nginx, _ = site
    status, headers, body = fetch(nginx + "/")
    assert status == 200
    assert "The Discussion Club" in body.decode()
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])  # nginx's $request_id
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_a_client_cannot_claim_https_through_nginx(site):
    nginx, app = site
    claim = {"X-Forwarded-Proto": "https"}
    # The application believes the header (HSTS is sent on secure requests only)...
    assert "Strict-Transport-Security" in fetch(app + "/articles/", **claim)[1]
    # ...and nginx replaces it with what the client really connected with.
    status, headers, _ = fetch(nginx + "/articles/", **claim)
    assert status == 200
    assert "Strict-Transport-Security" not in headers


def test_probes_answer_over_plain_http_by_address(site):
    nginx, _ = site
    status, _, body = fetch(nginx + "/healthz")
    assert (status, body) == (200, b'{"status": "ok"}')


def test_public_media_is_served_and_document_files_are_not(site):
    nginx, _ = site
    assert fetch(nginx + "/media/original_images/chart.png")[0] == 200
    assert fetch(nginx + "/media/documents/board-minutes.pdf")[0] == 404


def test_an_upload_over_the_limit_is_refused_by_nginx(site):
    nginx, _ = site
    status, headers, _ = fetch(
        nginx + "/admin/images/multiple/add/",
        method="POST",
        data=b"x" * (26 * 1024 * 1024),
        **{"Content-Type": "application/octet-stream"},
    )
    assert status == 413
    assert headers["Server"].startswith("nginx")
