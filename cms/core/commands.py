"""What the management commands of every app share: their progress, on a terminal as a bar
and in a log as a line now and then."""

import sys
import time
from typing import TextIO

from tqdm import tqdm

# How often a long run not on a terminal says where it is.
PROGRESS_LINE_SECONDS = 30.0


def progress_stream(output):
    """The stream under a command's ``OutputWrapper``, for a progress bar.

    The wrapper ends every write with a newline, which would break tqdm's redrawing of its
    bar on one line; tqdm decides from the stream itself whether it is a terminal.
    """
    return getattr(output, "_out", output)


def progress_bar(
    total: int | None, desc: str, unit: str, file: TextIO | None = None, show: bool | None = None
):
    """The progress of ``total`` units of work, written to ``file`` (stderr by default).

    ``show=None`` draws tqdm's bar on a terminal and, elsewhere (a log, a CI job), a line
    every ``PROGRESS_LINE_SECONDS`` with the rate and the time left: none at all for a
    shorter run. ``show=True`` always draws the bar, ``show=False`` writes nothing. Either
    way the result counts in ``n`` and is advanced by ``update(n)``.
    """
    file = file or sys.stderr
    if show is None and not _is_terminal(file):
        return ProgressLines(total, desc, unit, file)
    return tqdm(total=total, desc=desc, unit=unit, file=file, disable=not (show is None or show))


def _is_terminal(file) -> bool:
    isatty = getattr(file, "isatty", None)
    return bool(isatty and isatty())


class ProgressLines:
    """tqdm's counting without its bar: a line now and then, for a stream that is not a
    terminal."""

    def __init__(
        self,
        total: int | None,
        desc: str,
        unit: str,
        file: TextIO,
        interval: float | None = None,
    ):
        self.total, self.desc, self.unit, self.file = total, desc, unit, file
        self.interval = PROGRESS_LINE_SECONDS if interval is None else interval
        self.n = 0
        self.started = self.written = time.monotonic()
        self.written_n = 0
        self.lines = 0

    def update(self, n: int = 1) -> None:
        self.n += n
        now = time.monotonic()
        if now - self.written >= self.interval:
            # The rate since the last line: a rerun skips what exists far faster than it
            # writes the rest, so the rate over the whole run would promise too early an end.
            rate = _rate(self.n - self.written_n, now - self.written)
            self.written, self.written_n = now, self.n
            self.write(self.line(rate, now - self.started, done=False))

    def close(self) -> None:
        if self.lines:  # a run long enough to have said where it was says it has ended
            elapsed = time.monotonic() - self.started
            self.write(self.line(_rate(self.n, elapsed), elapsed, done=True))

    def line(self, rate: float, elapsed: float, done: bool) -> str:
        count = f"{self.n:,}" + (f"/{self.total:,}" if self.total else "")
        if self.total:
            count += f" ({self.n / self.total:.0%})"
        parts = [f"{self.desc}: {count}", f"{rate:,.1f} {self.unit}s/s"]
        if done:
            parts.append(f"done in {duration(elapsed)}")
        elif self.total and rate:
            parts.append(f"about {duration((self.total - self.n) / rate)} left")
        return ", ".join(parts)

    def write(self, line: str) -> None:
        self.file.write(line + "\n")
        self.file.flush()
        self.lines += 1

    def __enter__(self) -> "ProgressLines":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def duration(seconds: float) -> str:
    """``seconds`` as a person reads it: 45 s, 12 min 5 s, 3 h 20 min."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {seconds} s"
    return f"{seconds} s"
