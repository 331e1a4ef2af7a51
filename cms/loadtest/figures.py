"""The load test's figures: ratios to the static file, the table, the machine's facts."""

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

Run = dict[str, Any]  # a run's name and settings, with the summary wrk.lua wrote


def errors(run: Run) -> int:
    return sum(run["errors"].values())


def failed(runs: list[Run]) -> list[str]:
    """The names of the runs that had an error of any kind."""
    return [run["name"] for run in runs if errors(run)]


def with_ratios(runs: list[Run], baseline: str) -> list[Run]:
    """Each run with ``ratio``: its requests per second over those of the run named
    ``baseline``."""
    base = next(run for run in runs if run["name"] == baseline)["requests_per_second"]
    return [{**run, "ratio": run["requests_per_second"] / base if base else 0.0} for run in runs]


def table(runs: list[Run]) -> str:
    header = (
        f"{'run':<24} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'ratio':>6}"
    )
    lines = [header]
    for run in runs:
        latency = run["latency_ms"]
        lines.append(
            f"{run['name']:<24} {run['requests_per_second']:>10.1f} {latency['p50']:>8.1f} "
            f"{latency['p99']:>8.1f} {errors(run):>6} {run['ratio']:>6.3f}"
        )
    return "\n".join(lines)


def machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> dict[str, Any]:
    """The CPU (model and count, from ``cpuinfo``) and the versions that shape the figures."""
    models = [
        line.split(":", 1)[1].strip()
        for line in cpuinfo.read_text().splitlines()
        if line.startswith("model name")
    ]
    return {
        "cpu": models[0] if models else platform.processor(),
        "cpus": len(models) or os.cpu_count(),
        "python": platform.python_version(),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "gunicorn": version("gunicorn"),
    }


def git_commit(root: Path) -> str:
    """The checkout's commit, with ``-dirty`` when files differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            ["git", "-C", str(root), *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
