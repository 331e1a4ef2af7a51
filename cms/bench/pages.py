"""What ``make bench`` measures on one corpus database: pages, import, search rebuild,
storage.

Each function returns figures as a dict; ``manage.py bench_step`` runs one of them in a
process of its own (so that its peak memory is its own) and prints them as JSON.
"""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticlePage
from articles.queries import NEWEST, NEWEST_FIRST
from authors.models import AuthorPage
from cms.core.pagination import format_key
from cms.core.visibility import site_root_paths
from cms.demo.corpus import EN_TAGS, corpus_records, slug_for
from cms.importer.jsonl import import_lines
from search.backends.elasticsearch import search_body
from search.connection import alias_name, get_client
from search.rebuild import rebuild
from search.service import make_params

# The corpus ``make bench`` writes, and the one its import measure adds and removes.
SEED = 1
IMPORT_SEED = 2
HOST = "127.0.0.1"
# How many times the import is measured (``measure_import``).
IMPORT_RUNS = 3
SEARCH = "pipeline tariffs"  # each word in about a third of the articles
SEARCH_PAGES = [
    ("search page", f"/search/?q={SEARCH}"),
    ("search API", f"/api/search/?q={SEARCH}"),
    # The search box's suggestions as a reader types the first word.
    ("suggestions API", f"/api/search/suggest/?q={SEARCH[:5]}"),
]


def reader_pages(articles: int) -> list[tuple[str, str]]:
    """(name, path) of the pages measured on a corpus of ``articles`` articles."""
    tag = EN_TAGS[0]  # the most used tag of the corpus
    tag_slug = ArticlePage.tags.through.tag_model().objects.get(name=tag).slug
    author = AuthorPage.objects.order_by("pk").first()
    middle = slug_for(SEED, articles // 2)
    # Halfway through the index: past the numbered pages, the page older than the middle
    # article, as its links reach it.
    halfway = format_key(
        ArticlePage.objects.order_by(*NEWEST_FIRST).values_list(*NEWEST.fields)[articles // 2]
    )
    return [
        ("home", "/"),
        ("index, first page", "/articles/"),
        ("index, halfway", f"/articles/?before={halfway}"),
        ("article", f"/articles/{middle}/"),
        ("author", author.url),
        ("tag archive", f"/tags/{tag_slug}/"),
        ("tag feed", f"/tags/{tag_slug}/feed/"),
        ("site feed", "/feeds/rss/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap file", "/sitemap-pages.xml?p=1"),
        *SEARCH_PAGES,
        ("API listing", "/api/v2/pages/?type=articles.ArticlePage"),
    ]


def admin_pages() -> list[tuple[str, str]]:
    return [
        ("admin: article listing", reverse("article_listing:index")),
        ("admin: author chooser", reverse("author_chooser:choose")),
        ("admin: search", f"/admin/pages/search/?q={SEARCH.split()[0]}"),
    ]


def measure_pages(articles: int, requests: int, only_search: bool = False) -> dict[str, Any]:
    """Warm SQL query count, median and p95 server time of each page, in milliseconds."""
    client = Client(HTTP_HOST=HOST)
    pages = SEARCH_PAGES if only_search else reader_pages(articles)
    figures = {name: measure(client, path, requests) for name, path in pages}
    if only_search:
        figures["search, the node's own time"] = measure_node(requests)
    if not only_search:
        admin = Client(HTTP_HOST=HOST)
        admin.force_login(_superuser())
        figures |= {name: measure(admin, path, requests) for name, path in admin_pages()}
    return figures


def measure(client: Client, path: str, requests: int) -> dict[str, Any]:
    client.get(path)  # warm
    reset_queries()  # the query log is a bounded deque
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "path": path,
        "status": status,
        "queries": len(queries),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
    }


def measure_node(requests: int) -> dict[str, Any]:
    """The Elasticsearch node's own time (``took``, milliseconds) for the search page's
    request: the search, its five facets, highlights and spelling, without the site's
    reading back and rendering of the answer."""
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    params = replace(make_params(SEARCH), site_roots=site_root_paths(request))
    body, client = search_body(params), get_client()
    client.search(index=alias_name(), body=body)  # warm
    times = [client.search(index=alias_name(), body=body)["took"] for _ in range(requests)]
    return {
        "path": f"{alias_name()}/_search, q={SEARCH}",
        "status": 200,
        "queries": 0,
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
    }


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def measure_import(count: int, authors: int, runs: int = IMPORT_RUNS) -> dict[str, Any]:
    """Import ``count`` new corpus articles through ``import_articles``' code, then delete
    them again, so that the corpus is what it was; ``runs`` times, the median rate kept (one
    run of a few seconds moved by a tenth from one to the next)."""
    lines = [json.dumps(record) for record in corpus_records(IMPORT_SEED, count, authors)]
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        report = import_lines(lines, progress=False)
        seconds = time.perf_counter() - started
        if report.failed:
            raise RuntimeError(report.summary())
        _delete(ArticlePage.objects.filter(slug__startswith=f"corpus-{IMPORT_SEED}-"))
        rates.append(report.created / seconds)
    return {"articles": count, "per_second": statistics.median(rates), "runs": rates}


def measure_rebuild() -> dict[str, Any]:
    """A full rebuild of the reader search index on Elasticsearch."""
    started = time.perf_counter()
    report = rebuild()
    seconds = time.perf_counter() - started
    stats = get_client().indices.stats(index=report.index, metric="bulk,store")
    primaries = stats["_all"]["primaries"]
    bulk_bytes = primaries.get("bulk", {}).get("total_size_in_bytes", 0)
    index_bytes = primaries["store"]["size_in_bytes"]
    return {
        "documents": report.indexed,
        "seconds": seconds,
        "documents_per_second": report.indexed / seconds,
        "bulk_bytes_per_second": bulk_bytes / seconds,
        "index_bytes": index_bytes,
        "index_bytes_per_document": index_bytes / report.indexed if report.indexed else 0.0,
    }


def measure_storage() -> dict[str, Any]:
    """What the corpus takes on disk in PostgreSQL: the database, and its largest tables
    with their indexes and TOAST (the bodies, revisions and admin search index)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (database,) = cursor.fetchone()
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' "
            "ORDER BY 2 DESC LIMIT 5"
        )
        tables = dict(cursor.fetchall())
    articles = ArticlePage.objects.count()
    return {
        "articles": articles,
        "database_bytes": database,
        "bytes_per_article": database / articles if articles else 0.0,
        "largest_tables_bytes": tables,
    }


def _delete(pages) -> None:
    for page in pages:
        page.delete()


def _superuser():
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "pages": measure_pages,
    "import": measure_import,
    "rebuild": measure_rebuild,
    "storage": measure_storage,
}
