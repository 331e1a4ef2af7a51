"""Bulk import of articles from JSON Lines: one article per line, upserted by slug.

The file is read a line at a time. Each line is parsed and validated on its own
(``records.parse_line``), then written and published a chunk of records at a time
(``chunks.write_chunk``): a bad record is reported with its line number and leaves
nothing behind while the rest of the file is imported. Importing the same file again
updates the same pages: no duplicate articles, authors, tags, topics or article types.
The format is described in ``docs/importer.md``.
"""

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cms.core.commands import progress_bar
from cms.site_tree import SiteTree, ensure_site_tree

from .chunks import write_chunk
from .records import ArticleRecord, RecordError, parse_line, parse_record, reason

__all__ = [
    "ImportReport",
    "RecordError",
    "import_file",
    "import_lines",
    "parse_line",
    "parse_record",
]

# Records written per transaction: what a process killed mid-import loses at most.
CHUNK_SIZE = 100


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def records(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self) -> str:
        lines = [
            (
                f"created: {self.created}, updated: {self.updated}, "
                f"unchanged: {self.unchanged}, failed: {self.failed}"
            )
        ]
        lines += [f"line {number}: {reason}" for number, reason in sorted(self.failures)]
        rate = self.records / self.seconds if self.seconds else 0.0
        lines.append(f"{self.records} records in {self.seconds:.1f} s ({rate:.1f} articles/s)")
        return "\n".join(lines)


# Reading a file ----------------------------------------------------------------------


def read_lines(path: str | Path) -> Iterator[str]:
    """The file's lines, read as they are needed; raises ``OSError`` or
    ``UnicodeDecodeError`` when it cannot be read.

    Only newlines end a line: ``str.splitlines`` would also split at characters such as
    U+2028, which JSON allows unescaped inside a string.
    """
    with open(path, encoding="utf-8-sig", newline="\n") as handle:
        for line in handle:
            yield line.removesuffix("\n").removesuffix("\r")


def count_lines(path: str | Path) -> int:
    """How many lines the file has (the progress bar's total), read in blocks."""
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def import_file(path: str | Path, **options: Any) -> ImportReport:
    """Import a JSON Lines file; ``options`` are those of ``import_lines``."""
    return import_lines(read_lines(path), total=count_lines(path), **options)


def import_lines(
    lines: Iterable[str],
    *,
    tree: SiteTree | None = None,
    progress_file: TextIO | None = None,
    progress: bool | None = None,
    total: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ImportReport:
    """Import every record in ``lines`` (line numbers start at 1) and report the outcome.

    The progress bar goes to ``progress_file`` (stderr by default); ``progress=None`` shows
    it only when that is a terminal. Records are written ``chunk_size`` at a time.
    """
    started = time.perf_counter()
    tree = tree or ensure_site_tree()
    report = ImportReport()
    first_seen: dict[tuple[str, str], int] = {}
    chunk: list[tuple[int, ArticleRecord]] = []
    bar = progress_bar(
        total if total is not None else _length(lines),
        "Importing articles",
        "line",
        progress_file,
        progress,
    )
    with bar:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    record = parse_line(line)
                    key = (record.language, record.slug)  # a translation may share it
                    if (first := first_seen.setdefault(key, number)) != number:
                        raise RecordError(
                            f"duplicate slug '{record.slug}' (first seen on line {first})"
                        )
                except RecordError as exc:
                    report.failures.append((number, str(exc)))
                else:
                    chunk.append((number, record))
            if len(chunk) >= chunk_size:
                _write(chunk, tree, report, bar)
                chunk = []
            elif not chunk:
                bar.update(number - bar.n)
        _write(chunk, tree, report, bar)
        bar.update(max(0, (total or 0) - bar.n))
    report.seconds = time.perf_counter() - started
    return report


def _length(lines: Iterable[str]) -> int | None:
    return len(lines) if isinstance(lines, list | tuple) else None


def _write(chunk: list[tuple[int, ArticleRecord]], tree: SiteTree, report, bar) -> None:
    """Write a chunk; if the chunk itself fails (not one of its records), its records are
    written again one at a time, so only the record that cannot be written fails."""
    if not chunk:
        return
    try:
        outcomes = write_chunk(chunk, tree)
    except Exception as exc:  # noqa: BLE001 (one broken record must not stop the import)
        if len(chunk) == 1:
            outcomes = [(chunk[0][0], "failed", reason(exc))]
        else:
            outcomes = [outcome for item in chunk for outcome in _each(item, tree)]
    for number, outcome, why in outcomes:
        if outcome == "failed":
            report.failures.append((number, why))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    bar.update(chunk[-1][0] - bar.n)


def _each(item: tuple[int, ArticleRecord], tree: SiteTree) -> list[tuple[int, str, str]]:
    try:
        return write_chunk([item], tree)
    except Exception as exc:  # noqa: BLE001
        return [(item[0], "failed", reason(exc))]
