"""A rebuild killed half-way (SIGKILL, in a real ``manage.py`` process against the live
node): searches keep answering from the index behind the alias, and the next rebuild
completes and deletes what the killed one left."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.connection import alias_name
from search.rebuild import indices_behind, indices_of_ours

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 60  # the demo's five and 55 generated ones
BATCH = 10
PAUSE_AFTER = 3  # batches loaded when the rebuild stops, to be killed

# The command, stopped (SIGSTOP) once PAUSE_AFTER batches are in the new index, for the
# test to look at the cluster half-way and then kill it.
PAUSED_REBUILD = f"""
import os, signal
from django.core.management import call_command
from search import rebuild
load, loaded = rebuild._load, []
def load_then_stop(*args, **kwargs):
    load(*args, **kwargs)
    loaded.append(1)
    if len(loaded) == {PAUSE_AFTER}:
        os.kill(os.getpid(), signal.SIGSTOP)
rebuild._load = load_then_stop
call_command("search_index", "rebuild", "--batch-size", "{BATCH}")
"""


@pytest.fixture
def site(tmp_path, live_es, settings):
    """The environment of a site of its own for ``manage.py``: a SQLite file holding
    ARTICLES articles, its index under the test's prefix on the live node."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH["URL"],
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH["INDEX_PREFIX"],
    }
    load = "from cms.demo.synthetic import load_demo_and_synthetic as load; load({})"
    manage(env, "migrate", "-v0")
    manage(env, "shell", "-c", load.format(ARTICLES - 5))
    return env


def manage(env: dict, *args, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def wait_until_stopped(process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pid, status = os.waitpid(process.pid, os.WUNTRACED | os.WNOHANG)
        if pid and os.WIFSTOPPED(status):
            return
        if pid:
            pytest.fail(f"the rebuild ended before it was half-way (status {status})")
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"the rebuild did not reach batch {PAUSE_AFTER} within {seconds} seconds")


def documents(client, index: str) -> int:
    client.indices.refresh(index=index)
    return client.count(index=index)["count"]


def finds(client, words: str) -> list[str]:
    hits = client.search(index=alias_name(), query={"match_phrase": {"title": words}})
    return [hit["_source"]["title"] for hit in hits["hits"]["hits"]]


def test_a_killed_rebuild_leaves_the_old_index_serving_and_the_next_one_cleans_up(site, live_es):
    manage(site, "search_index", "rebuild", "--batch-size", str(BATCH))
    [serving] = indices_behind(live_es, alias_name())
    assert documents(live_es, serving) == ARTICLES

    rebuild = subprocess.Popen(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PAUSED_REBUILD],
        env=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_stopped(rebuild)
        [unfinished] = set(indices_of_ours(live_es, alias_name())) - {serving}
        assert documents(live_es, unfinished) == PAUSE_AFTER * BATCH
    finally:
        os.kill(rebuild.pid, signal.SIGKILL)
        rebuild.wait(timeout=30)
    assert rebuild.returncode == -signal.SIGKILL

    # The readers' index is untouched: the alias, its documents, its answers.
    assert indices_behind(live_es, alias_name()) == [serving]
    assert documents(live_es, alias_name()) == ARTICLES
    assert finds(live_es, "Bench article 54") == ["Bench article 54"]
    status = manage(site, "search_index", "status")
    assert f"Indexes not behind the alias: {unfinished}" in status.stdout

    rerun = manage(site, "search_index", "rebuild", "--batch-size", str(BATCH))
    assert f"Indexed {ARTICLES} of {ARTICLES} articles" in rerun.stdout
    [rebuilt] = indices_of_ours(live_es, alias_name())
    assert rebuilt not in {serving, unfinished}
    assert indices_behind(live_es, alias_name()) == [rebuilt]
    assert documents(live_es, alias_name()) == ARTICLES
    assert finds(live_es, "Bench article 54") == ["Bench article 54"]
    assert "not behind the alias" not in manage(site, "search_index", "status").stdout
