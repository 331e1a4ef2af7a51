"""``make bench``: the site measured on synthetic archives of 1,000 to 100,000 articles.

For each size it makes sure a PostgreSQL database of its own holds that corpus (created,
migrated and generated the first time; a later run reuses it), then measures in separate
processes: its size on disk, the pages (warm SQL queries, median and p95 server time) with
the database search backend, an import of 200 articles, and with Elasticsearch a full
rebuild, the index's size and the search pages again. Figures are printed, with each
figure's largest/smallest ratio, and written to bench/results/; never asserted
(docs/performance.md).
"""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import psycopg

from cms.bench.pages import SEED
from cms.loadtest.figures import git_commit, machine

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/thinktank_bench"


class Command(BaseCommand):
    help = "Measure the site on synthetic archives of growing size (run by `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
        parser.add_argument("--authors", type=int, default=500)
        parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
        parser.add_argument(
            "--database",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
            help="PostgreSQL URL; each size gets a database named after it, with _<size>",
        )
        parser.add_argument(
            "--elasticsearch",
            default=os.environ.get("ELASTICSEARCH_URL", ""),
            help="the node to rebuild on and search (none: the database backend only)",
        )
        parser.add_argument("--results-dir", default=str(Path(settings.BASE_DIR) / "bench/results"))

    def handle(self, *args, sizes, authors, requests, database, elasticsearch, **options):
        if not database.startswith(("postgres://", "postgresql://")):
            raise CommandError("--database must be a PostgreSQL URL")
        results: dict[str, Any] = {}
        for size in sorted(sizes):
            url = f"{database}_{size}"
            self.stderr.write(f"--- {size} articles in {urlsplit(url).path[1:]}")
            results[str(size)] = self.measure_size(size, url, authors, requests, elasticsearch)
            # What is measured so far, should a larger size fail or be stopped.
            self.write({"sizes": results}, Path(options["results_dir"]), "bench-partial.json")
        now = datetime.now(tz=UTC)
        report = {
            "when": now.isoformat(timespec="seconds"),
            "commit": git_commit(Path(settings.BASE_DIR)),
            "machine": machine(),
            "elasticsearch": bool(elasticsearch),
            "sizes": results,
            "ratios": ratios(results),
        }
        self.stdout.write(table(report))
        directory = Path(options["results_dir"])
        self.write(report, directory, f"bench-{now:%Y%m%dT%H%M%SZ}.json", "bench-latest.json")

    def measure_size(self, size, url, authors, requests, elasticsearch) -> dict[str, Any]:
        ensure_database(url)
        env = {"DATABASE_URL": url, "ELASTICSEARCH_URL": ""}
        run(["migrate", "-v0"], env)
        generated = run(
            ["generate_corpus", f"--articles={size}", f"--authors={authors}", f"--seed={SEED}"],
            env,
            progress=True,
        )
        figures: dict[str, Any] = {"generate": generated, "storage": step(["storage"], env)}
        figures["pages"] = step(["pages", f"--articles={size}", f"--requests={requests}"], env)
        figures["import"] = step(["import", f"--authors={authors}"], env)
        if elasticsearch:
            es_env = {
                **env,
                "ELASTICSEARCH_URL": elasticsearch,
                "ELASTICSEARCH_INDEX_PREFIX": f"thinktank-bench-{size}",
            }
            figures["rebuild"] = step(["rebuild"], es_env)
            figures["search_elasticsearch"] = step(
                ["pages", "--only-search", f"--articles={size}", f"--requests={requests}"], es_env
            )
        return figures

    def write(self, report: dict, directory: Path, *names: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in names:
            (directory / name).write_text(json.dumps(report, indent=2) + "\n")
        self.stderr.write(f"written to {directory / names[-1]}")


def ensure_database(url: str) -> None:
    """Create the database ``url`` names, when it does not exist."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def run(command: list[str], env: dict[str, str], progress: bool = False) -> dict[str, Any]:
    """Run ``manage.py command`` with ``env``; its seconds, peak memory and output."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (this interpreter, this project's manage.py)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "REDIS_URL": "", **env},
        stdout=subprocess.PIPE,
        stderr=None if progress else subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise CommandError(f"manage.py {' '.join(command)} failed:\n{stderr or ''}{stdout}")
    return {"seconds": seconds, "output": stdout.strip()}


def step(arguments: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One ``bench_step``: its figures and peak memory."""
    outcome = run(["bench_step", *arguments], env)
    figures = json.loads(outcome["output"].splitlines()[-1])
    return {**figures, "seconds": outcome["seconds"]}


def ratios(results: dict[str, Any]) -> dict[str, float]:
    """Each page's p95 and the throughputs, largest corpus over smallest."""
    if len(results) < 2:
        return {}
    small, large = results[min(results, key=int)], results[max(results, key=int)]
    found = {}
    for section in ("pages", "search_elasticsearch"):
        for name, figure in large.get(section, {}).get("figures", {}).items():
            base = small[section]["figures"][name]["p95_ms"]
            found[f"{section}: {name} p95"] = figure["p95_ms"] / base if base else 0.0
    found["import articles/s"] = (
        large["import"]["figures"]["per_second"] / small["import"]["figures"]["per_second"]
    )
    if "rebuild" in large:
        found["rebuild documents/s"] = (
            large["rebuild"]["figures"]["documents_per_second"]
            / small["rebuild"]["figures"]["documents_per_second"]
        )
    return found


def table(report: dict[str, Any]) -> str:
    sizes = list(report["sizes"])
    lines = [f"{'page':<28}" + "".join(f"{s + ' articles: q / p50 / p95 ms':>36}" for s in sizes)]
    for section in ("pages", "search_elasticsearch"):
        names = report["sizes"][sizes[-1]].get(section, {}).get("figures", {})
        for name in names:
            cells = []
            for size in sizes:
                f = report["sizes"][size][section]["figures"][name]
                status = "" if f["status"] == 200 else f" ({f['status']})"
                cells.append(
                    f"{f['queries']:>4} / {f['median_ms']:7.1f} / {f['p95_ms']:7.1f}{status}"
                )
            label = name if section == "pages" else f"{name} (Elasticsearch)"
            lines.append(f"{label:<28}" + "".join(f"{c:>36}" for c in cells))
    lines.append("")
    for size in sizes:
        figures = report["sizes"][size]
        imported = figures["import"]["figures"]
        runs = ", ".join(f"{rate:.1f}" for rate in imported["runs"])
        parts = [
            f"generate {figures['generate']['seconds']:.0f}s",
            f"import {imported['per_second']:.1f} articles/s (median of {runs})",
            f"peak MiB: pages {figures['pages']['peak_memory_mib']:.0f}",
            f"import {figures['import']['peak_memory_mib']:.0f}",
        ]
        storage = figures["storage"]["figures"]
        parts.append(
            f"database {storage['database_bytes'] / 1e9:.2f} GB "
            f"({storage['bytes_per_article'] / 1e3:.1f} KB an article)"
        )
        if "rebuild" in figures:
            rebuild = figures["rebuild"]
            parts.append(
                f"rebuild {rebuild['figures']['documents_per_second']:.0f} docs/s, "
                f"{rebuild['figures']['bulk_bytes_per_second'] / 1e6:.1f} MB/s, "
                f"peak {rebuild['peak_memory_mib']:.0f} MiB, "
                f"index {rebuild['figures']['index_bytes'] / 1e9:.2f} GB "
                f"({rebuild['figures']['index_bytes_per_document'] / 1e3:.1f} KB a document)"
            )
        lines.append(f"{size} articles: " + "; ".join(parts))
    lines.append("")
    lines += [f"{name:<48} {value:6.2f}x" for name, value in report["ratios"].items()]
    return "\n".join(lines)
