"""Measure the reader pages: time per request and SQL queries, printed as a table.

Run by ``make bench`` against a throwaway database holding the demo content plus
``--articles`` generated ones. Figures are printed, never asserted: the deterministic
budgets (query counts) are asserted in the test suite.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.demo.synthetic import load_demo_and_synthetic


class Command(BaseCommand):
    help = "Time the reader pages (run through `make bench`, on a throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--requests", type=int, default=30)

    def handle(self, *args, articles: int, requests: int, **options):
        started = time.perf_counter()
        load_demo_and_synthetic(articles)
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
