"""Browser tests: Playwright driving Debian's Chromium against the demo site, served by
``manage.py runserver`` in a process of its own (``demo_server``).

A failing test leaves a screenshot and the HTML of each page it had open under
``test-results/``, named by the test's node id."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import IN_CI
from tests.ports import free_port, wait_until_listening

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = ROOT / "test-results"
PASSWORD = "e2e-Secret-pass"  # the test users' own, on a throwaway database


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test: ``make e2e`` (-m browser) runs them
    alone, ``-m "not browser"`` leaves them out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (``item.report_call``) for the page fixtures;
    a failed test's report shows where each page it had open was and what it said, for a
    run whose test-results/ are not kept (CI)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    if report.failed:
        for number, page in enumerate(getattr(item, "open_pages", list)()):
            report.sections.append((f"page {number} at the failure", _described(page)))
    return report


def _described(page, limit: int = 3000) -> str:
    try:
        text = page.locator("body").inner_text(timeout=2000)
        return f"{page.url}\n{page.title()}\n{text[:limit]}"
    except Exception as exc:  # noqa: BLE001 - a page that cannot be read must not hide the failure
        return f"{page.url}\nnot read: {exc}"


@pytest.fixture(scope="session")
def browser():
    """Chromium; without it the test is skipped, except under CI=true, where it fails."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Open a page in a browser context of its own (a person of their own: no shared
    session); every page opened is saved under test-results/ if the test fails."""
    contexts = []
    request.node.open_pages = lambda: [page for context in contexts for page in context.pages]

    def open_page():
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _save_pages(request.node.nodeid, request.node.open_pages())
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _save_pages(nodeid: str, pages) -> None:
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid).strip("_")
    for number, page in enumerate(pages):
        stem = RESULTS / (name if number == 0 else f"{name}-{number}")
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - a page that cannot be saved must not hide the failure
            Path(f"{stem}.txt").write_text(f"not saved: {exc}\n", encoding="utf-8")


@pytest.fixture(scope="session")
def manage(tmp_path_factory):
    """``manage("worker", "--once")``: run a management command against the demo site's
    database, with the demo server's settings; answers its output, fails the test on an
    error. ``manage.env`` is that environment.

    It searches the database even when ELASTICSEARCH_URL is set for the live search tests:
    the development settings' index names are not this test's own, and may be another
    checkout's on a shared node. The page cache is on, as in production: the server and the
    worker share it (the database's cache table), so what either changes retires it."""
    demo = tmp_path_factory.mktemp("demo")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{demo / 'db.sqlite3'}",
        "MEDIA_ROOT": str(demo / "media"),
        "ELASTICSEARCH_URL": "",
        "PAGE_CACHE_SECONDS": "3600",
    }

    def run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - this checkout's own manage.py
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    run.env = env
    return run


@pytest.fixture(scope="session")
def demo_server(manage):
    """The site as ``make run`` serves it: a fresh SQLite file, migrated, the demo loaded,
    served by ``manage.py runserver`` in its own process. Yields the base URL."""
    for command in (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["ensure_demo_admin"],
    ):
        manage(*command)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=manage.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server, "the demo server")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def people(demo_server, manage) -> dict[str, tuple[str, str]]:
    """An editor and a contributor, set up by ``create_editor`` and ``create_contributor``
    as the README says, each with a password: role -> (username, password)."""
    users = {"editor": "e2e-editor", "contributor": "e2e-contributor"}
    for role, username in users.items():
        manage(f"create_{role}", username, "--email", f"{username}@example.org")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        f"for user in get_user_model().objects.filter(username__in={list(users.values())!r}):\n"
        f"    user.set_password({PASSWORD!r})\n"
        "    user.save()",
    )
    return {role: (username, PASSWORD) for role, username in users.items()}


@pytest.fixture
def editor(people):
    return people["editor"]


@pytest.fixture
def contributor(people):
    return people["contributor"]
