"""Measure the reader pages: time per request and SQL queries, printed as a table.

Run by ``make bench`` against a throwaway database holding the demo content plus
``--articles`` generated ones. Figures are printed, never asserted: the deterministic
budgets (query counts) are asserted in the test suite.
"""

import json
import statistics
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

WORDS = [
    "summit",
    "sanctions",
    "peninsula",
    "diplomacy",
    "security",
    "dialogue",
    "nuclear",
    "economy",
    "trade",
]


def synthetic_articles(count: int) -> str:
    lines = []
    for n in range(count):
        words = [WORDS[(n + i) % len(WORDS)] for i in range(60)]
        lines.append(
            json.dumps(
                {
                    "title": f"Bench article {n}",
                    "slug": f"bench-article-{n}",
                    "standfirst": " ".join(words[:20]).capitalize() + ".",
                    "date": f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    "type": "Analysis",
                    "authors": [{"name": f"Bench Author {n % 7}"}, {"name": "Georgy Toloraya"}],
                    "tags": [WORDS[n % len(WORDS)], WORDS[(n + 3) % len(WORDS)]],
                    "topics": ["Korean Peninsula"],
                    "body": "\n\n".join(" ".join(words) for _ in range(8)),
                }
            )
        )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Time the reader pages (run through `make bench`, on a throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--requests", type=int, default=30)

    def handle(self, *args, articles: int, requests: int, **options):
        quiet = StringIO()
        started = time.perf_counter()
        call_command("load_demo", stdout=quiet, stderr=quiet)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.jsonl"
            path.write_text(synthetic_articles(articles))
            call_command("import_articles", str(path), stdout=quiet, stderr=quiet)
        seconds = time.perf_counter() - started
        self.stdout.write(f"import: {articles + 5} articles in {seconds:.1f}s")

        client = Client()
        self.stdout.write(f"{'page':<56} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
        for url in (
            "/",
            "/articles/",
            "/articles/?page=5",
            "/articles/?tag=sanctions",
            "/articles/prospects-of-kim-jong-uns-visit-to-russia/",
            "/articles/bench-article-7/",
            "/authors/georgy-toloraya/",
            "/tags/summit/",
            "/topics/korean-peninsula/",
        ):
            self.stdout.write(self.measure(client, url, requests))

    def measure(self, client: Client, url: str, requests: int) -> str:
        client.get(url)  # warm
        reset_queries()  # the query log is a bounded deque; the import filled it
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        query_count = len(queries)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        label = url if status == 200 else f"{url} ({status})"
        return f"{label:<56} {query_count:>7} {statistics.median(times):>8.1f} {p95:>8.1f}"
