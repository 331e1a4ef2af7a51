"""Long commands say where they are: a bar on a terminal, a line now and then in a log."""

import io
import re

from django.core.management import call_command

import pytest

from cms.core import commands
from cms.core.commands import ProgressLines, duration, progress_bar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_lines_with_the_rate_and_the_time_left():
    log = io.StringIO()
    with ProgressLines(1000, "Generating articles", "article", log, interval=0) as bar:
        bar.update(250)
        bar.update(250)
    first, second, last = log.getvalue().splitlines()

    assert re.fullmatch(
        r"Generating articles: 250/1,000 \(25%\), [\d,.]+ articles/s, about \d.* left", first
    )
    assert second.startswith("Generating articles: 500/1,000 (50%), ")
    assert re.fullmatch(
        r"Generating articles: 500/1,000 \(50%\), [\d,.]+ articles/s, done in \d+ s", last
    )
    assert "\r" not in log.getvalue()


def test_the_time_left_follows_the_latest_rate_not_what_a_rerun_skipped(monkeypatch):
    clock = iter([0.0, 30.0, 60.0, 90.0])
    monkeypatch.setattr(commands.time, "monotonic", lambda: next(clock))
    log = io.StringIO()
    with ProgressLines(1000, "Generating articles", "article", log, interval=30) as bar:
        bar.update(600)  # what exists already, passed over in the first 30 s
        bar.update(30)  # written in the next 30 s: 1 a second, 370 s to go
    skipped, writing, last = log.getvalue().splitlines()

    assert skipped.endswith("20.0 articles/s, about 20 s left")
    assert writing.endswith("1.0 articles/s, about 6 min 10 s left")
    assert last.endswith("7.0 articles/s, done in 1 min 30 s")


def test_a_run_shorter_than_the_interval_writes_nothing_to_a_log():
    log = io.StringIO()
    with progress_bar(10, "Importing articles", "line", log) as bar:
        bar.update(10)
    assert bar.n == 10
    assert log.getvalue() == ""


def test_a_terminal_gets_the_bar_and_nothing_is_written_when_asked_not_to():
    terminal = Terminal()
    with progress_bar(4, "Indexing", "article", terminal) as bar:
        bar.update(4)
    assert "Indexing: 100%" in terminal.getvalue()
    assert "4/4" in terminal.getvalue()

    quiet = Terminal()
    with progress_bar(4, "Indexing", "article", quiet, show=False) as bar:
        bar.update(4)
    assert quiet.getvalue() == ""


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.4, "0 s"), (45, "45 s"), (725, "12 min 5 s"), (12_030, "3 h 20 min")],
)
def test_durations_read_as_a_person_says_them(seconds, said):
    assert duration(seconds) == said


def test_generating_a_corpus_into_a_log_says_where_it_is(site_tree, monkeypatch):
    monkeypatch.setattr(commands, "PROGRESS_LINE_SECONDS", 0)
    log, out = io.StringIO(), io.StringIO()
    call_command("generate_corpus", articles=4, authors=2, chunk=2, stdout=out, stderr=log)

    lines = log.getvalue().splitlines()
    assert lines[0].startswith("Generating articles: 2/4 (50%), ")
    assert lines[-1].startswith("Generating articles: 4/4 (100%), ")
    assert "done in" in lines[-1]
    assert "created: 4" in out.getvalue()
