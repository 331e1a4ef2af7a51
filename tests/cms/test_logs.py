"""Log lines carry the id of the request they were written during, and production writes
them as JSON."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

import pytest

from cms.core.logs import REQUEST_ID_HEADER, JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger("search")


def logging_view(request):
    logger.warning("Applying search index changes failed", extra={"pages": 2})
    return HttpResponse("ok")


urlpatterns = [path("logs-test/", logging_view)]


@pytest.fixture
def json_lines(settings):
    settings.ROOT_URLCONF = __name__
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # the test settings log errors only
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_log_line_names_the_request_it_was_written_during(client, json_lines):
    response = client.get("/logs-test/")
    request_id = response[REQUEST_ID_HEADER]
    assert len(request_id) == 32
    [line] = json_lines()
    assert line["request_id"] == request_id
    assert line["level"] == "WARNING"
    assert line["logger"] == "search"
    assert line["message"] == "Applying search index changes failed"
    assert line["pages"] == 2
    # The next request has an id of its own.
    assert client.get("/logs-test/")[REQUEST_ID_HEADER] != request_id


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("7f3a9c2e-nginx.1", True), ("", False), ("x" * 65, False), ("<script>", False)],
)
def test_the_proxys_request_id_is_kept_when_it_looks_like_one(client, json_lines, offered, kept):
    response = client.get("/logs-test/", HTTP_X_REQUEST_ID=offered)
    assert (response[REQUEST_ID_HEADER] == offered) is kept
    assert json_lines()[0]["request_id"] == response[REQUEST_ID_HEADER]


def test_production_logs_are_json_on_the_console(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = (
        "import logging\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('search').exception('Sync failed')\n"
    )
    result = subprocess.run(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert line["message"] == "Sync failed"
    assert line["level"] == "ERROR"
    assert line["request_id"] == "-"
    assert "ZeroDivisionError" in line["exception"]
