"""An import killed half-way (SIGKILL, a real process) leaves whole records only, and a
rerun imports the rest: on a SQLite file, or on PostgreSQL when the suite runs there."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

import psycopg
import pytest

from cms.demo.corpus import corpus_records

ROOT = Path(__file__).resolve().parents[2]
COUNT, CHUNK = 60, 5


@pytest.fixture
def database(tmp_path):
    """A database of the test's own for the processes: (DATABASE_URL, a query function)."""
    default = settings.DATABASES["default"]
    if default["ENGINE"].endswith("postgresql"):
        name = f"thinktank_import_kill_{os.getpid()}"
        server = (
            f"postgres://{default['USER']}@{default['HOST'] or '127.0.0.1'}:"
            f"{default['PORT'] or 5432}"
        )
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")

        def query(sql):
            with psycopg.connect(f"{server}/{name}") as conn:
                return conn.execute(sql).fetchall()

        yield f"{server}/{name}", query
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    path = tmp_path / "killed.sqlite3"

    def query(sql):
        with sqlite3.connect(path) as conn:
            return conn.execute(sql).fetchall()

    yield f"sqlite:///{path}", query


def manage(url: str, *args: str, **popen) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL")}
    env |= {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    return subprocess.Popen(  # noqa: S603 (the suite's own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


ARTICLES = (
    "SELECT p.slug, p.live, p.live_revision_id IS NOT NULL, "
    "(SELECT count(*) FROM articles_articlepageauthor c WHERE c.page_id = p.id), "
    "(SELECT count(*) FROM articles_articlepagetag t WHERE t.content_object_id = p.id), "
    "(SELECT count(*) FROM wagtailcore_revision r WHERE r.object_id = CAST(p.id AS TEXT) "
    "AND r.base_content_type_id = "
    "(SELECT id FROM django_content_type WHERE app_label = 'wagtailcore' AND model = 'page')) "
    "FROM wagtailcore_page p JOIN articles_articlepage a ON a.page_ptr_id = p.id ORDER BY p.id"
)


def test_killed_import_leaves_whole_records_and_a_rerun_completes(database, tmp_path):
    url, query = database
    migrate = manage(url, "migrate", "-v0")
    assert migrate.wait(timeout=300) == 0, migrate.stderr.read()
    records = list(corpus_records(3, COUNT, 8))
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))

    importing = manage(url, "import_articles", str(path), "--chunk-size", str(CHUNK))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and importing.poll() is None:
        if query("SELECT count(*) FROM articles_articlepage")[0][0] >= 2 * CHUNK:
            break
        time.sleep(0.02)
    importing.send_signal(signal.SIGKILL)
    assert importing.wait(timeout=60) == -signal.SIGKILL, "the import ended before the kill"

    written = query(ARTICLES)
    assert 2 * CHUNK <= len(written) < COUNT
    assert len(written) % CHUNK == 0  # whole chunks: the one in progress left nothing
    for (slug, live, has_live_revision, credits, tags, revisions), rec in zip(
        written, records, strict=False
    ):
        assert slug == rec["slug"]  # the records before the kill, in the file's order
        assert (live, has_live_revision, revisions) == (1, 1, 1)
        assert (credits, tags) == (len(rec["authors"]), len(rec["tags"]))

    rerun = manage(url, "import_articles", str(path), "--chunk-size", str(CHUNK))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    done = len(written)
    assert out.splitlines()[0] == (
        f"created: {COUNT - done}, updated: 0, unchanged: {done}, failed: 0"
    )
    complete = query(ARTICLES)
    assert [row[0] for row in complete] == [r["slug"] for r in records]
    assert all(row[1:3] == (1, 1) and row[5] == 1 for row in complete)
    check = manage(
        url, "shell", "-c", "from wagtail.models import Page; print(Page.find_problems())"
    )
    out, err = check.communicate(timeout=120)
    assert out.strip().splitlines()[-1] == "([], [], [], [], [])", err
