"""One wrk run: paths rotated by ``wrk.lua``, its summary read back as a dict."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("wrk.lua")
# A request unanswered for this long counts as an error (a timeout).
TIMEOUT_SECONDS = 10
THREADS = 2


def run_wrk(
    base_url: str, paths: list[str], *, seconds: int, connections: int, threads: int = THREADS
) -> dict[str, Any]:
    """Drive ``base_url`` for ``seconds`` with ``connections`` open connections, each request
    the next of ``paths`` in turn. Returns the summary ``wrk.lua`` writes: requests, seconds,
    requests_per_second, bytes, latency_ms (p50, p99, mean, max) and errors (connect, read,
    write, timeout, status)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise FileNotFoundError("wrk is not installed (deploy/local/packages.sh wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "summary.json"
        env = {**os.environ, "LOADTEST_PATHS": " ".join(paths), "LOADTEST_SUMMARY": str(summary)}
        command = [wrk, "--threads", str(threads), "--connections", str(connections)]
        command += ["--duration", f"{seconds}s", "--timeout", f"{TIMEOUT_SECONDS}s"]
        command += ["--script", str(SCRIPT), base_url]
        subprocess.run(  # noqa: S603 - wrk, on a loopback URL
            command, env=env, check=True, capture_output=True, timeout=seconds + 60
        )
        return json.loads(summary.read_text())
