"""Reader pages under a bounded load, as ratios to a static file (``make loadtest``).

On a throwaway database (migrated by the Makefile) it loads the demo content plus
``--articles`` generated ones, collects the static files, serves the site under gunicorn
with the production settings and drives it with wrk, each run on a warm server. Figures are
printed and written to ``bench/results/``, never asserted; the command fails, after writing
them, when any request failed. docs/performance.md says what each run means.
"""

import json
import os
import signal
import subprocess
import sys
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cms.demo.synthetic import load_demo_and_synthetic
from cms.loadtest import figures, server
from cms.loadtest.wrk import THREADS, TIMEOUT_SECONDS, run_wrk

ARTICLE = "/articles/prospects-of-kim-jong-uns-visit-to-russia/"
MIX = [
    "/",
    "/articles/",
    ARTICLE,
    "/authors/georgy-toloraya/",
    "/tags/summit/",
    "/feeds/rss/",
    "/search/?q=sanctions",
    "/api/v2/pages/?type=articles.ArticlePage",
]
STATIC_FILE = "cms/logo.png"  # 1.5 KB, served by WhiteNoise under its hashed name
STATIC_RUN = "static file"


def runs(static_path: str) -> list[tuple[str, list[str], bool]]:
    """(name, the paths rotated, whether the page cache is on), in the table's order."""
    return [
        (STATIC_RUN, [static_path], False),
        ("article, uncached", [ARTICLE], False),
        ("article, cached", [ARTICLE], True),
        ("mix, uncached", MIX, False),
        ("mix, cached", MIX, True),
    ]


class Command(BaseCommand):
    help = "Load-test the reader pages with wrk (run through `make loadtest`)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=30, help="seconds per run")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--build-dir", type=Path, default=Path("build/loadtest"))
        parser.add_argument("--results", type=Path, default=settings.BASE_DIR / "bench/results")
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")

    def handle(self, *args, duration, connections, articles, build_dir, results, redis_url, **_):
        # A `kill` ends the runs as Ctrl-C does, through the finally blocks that stop gunicorn.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        started = datetime.now(UTC)
        static_root = build_dir.resolve() / "static"
        static_root.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"loading the demo content and {articles} generated articles")
        load_demo_and_synthetic(articles)
        if settings.ELASTICSEARCH["URL"]:
            call_command("search_index", "rebuild", stdout=self.stdout)
        redis = redis_url if server.redis_answers(redis_url) else None
        envs = {
            cached: server.production_env(
                static_root=static_root, redis_url=redis, page_cache=cached
            )
            for cached in (False, True)
        }
        subprocess.run(  # noqa: S603 - this checkout's manage.py
            [sys.executable, str(server.ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            env=envs[False],
            check=True,
        )
        manifest = json.loads((static_root / "staticfiles.json").read_text())
        planned = runs(settings.STATIC_URL + manifest["paths"][STATIC_FILE])

        measured: dict[str, figures.Run] = {}
        load_before = os.getloadavg()  # other work on the machine shares the CPUs
        if redis:
            server.forget_cached(redis)
        # Both servers are up throughout (idle workers cost nothing), so the runs go in the
        # table's order and each cached run follows its uncached one.
        try:
            with ExitStack() as servers:
                base_urls = {
                    cached: servers.enter_context(server.gunicorn(env, build_dir / "gunicorn.log"))
                    for cached, env in envs.items()
                }
                for name, paths, cached in planned:
                    self.stdout.write(f"run: {name}, {duration} s")
                    server.prime(base_urls[cached], paths)
                    summary = run_wrk(
                        base_urls[cached], paths, seconds=duration, connections=connections
                    )
                    measured[name] = {"name": name, "paths": paths, "page_cache": cached, **summary}
        finally:
            if redis:
                server.forget_cached(redis)

        done = figures.with_ratios([measured[name] for name, _, _ in planned], STATIC_RUN)
        setup = {
            "database": f"{connection.vendor} "
            + ".".join(map(str, connection.get_database_version())),
            "cache": f"redis {redis}" if redis else "database",
            "search": "elasticsearch" if settings.ELASTICSEARCH["URL"] else "database",
            "articles": articles,
            "gunicorn_workers": server.WORKERS,
            "duration_s": duration,
            "connections": connections,
            "threads": THREADS,
            "timeout_s": TIMEOUT_SECONDS,
            "load_average_before": [round(load, 2) for load in load_before],
        }
        written = write_report(results, started, setup, done)
        self.stdout.write(figures.table(done))
        self.stdout.write(f"written: {written}")
        if bad := figures.failed(done):
            raise CommandError(f"requests failed in: {', '.join(bad)}")


def write_report(results: Path, started: datetime, setup: dict, done: list) -> Path:
    """Write the figures to loadtest-<UTC time>.json and loadtest-latest.json in ``results``."""
    report = {
        "date": started.isoformat(timespec="seconds"),
        "commit": figures.git_commit(server.ROOT),
        "machine": figures.machine(),
        "setup": setup,
        "runs": done,
    }
    text = json.dumps(report, indent=2) + "\n"
    results.mkdir(parents=True, exist_ok=True)
    written = results / f"loadtest-{started:%Y%m%dT%H%M%SZ}.json"
    written.write_text(text)
    (results / "loadtest-latest.json").write_text(text)
    return written
