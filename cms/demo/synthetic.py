"""Generated articles for the benchmarks: the demo content plus ``count`` articles made of a
few words, enough for the listings to paginate and the archives to fill.

``make bench`` and ``make loadtest`` load them into a throwaway database.
"""

import json
from io import StringIO

from cms.demo import load_demo
from cms.importer.jsonl import import_lines

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
    """``count`` articles in the import format (docs/importer.md), slugs bench-article-<n>."""
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


def load_demo_and_synthetic(count: int) -> None:
    """Load the demo content and ``count`` generated articles; raise ``RuntimeError`` naming
    the records that failed, if any did."""
    for report in (
        load_demo(progress_file=StringIO()),
        import_lines(synthetic_articles(count).splitlines(), progress=False),
    ):
        if report.failed:
            raise RuntimeError(report.summary())
