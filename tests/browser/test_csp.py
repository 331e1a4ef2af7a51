"""Under the Content-Security-Policy the reader pages and the admin's editor work: the
browser reports no violation and no console error on any of them."""

import pytest

from tests.browser import steps

READER_PAGES = [
    "/",
    "/articles/",
    "/articles/prospects-of-kim-jong-uns-visit-to-russia/",
    "/authors/",
    "/authors/georgy-toloraya/",
    "/search/?q=sanctions",
]


@pytest.fixture
def watched(page):
    """The page, and a list that fills with CSP violations and console errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"console: {message.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return page, problems


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


def test_reader_pages_break_no_rule(demo_server, watched):
    page, problems = watched
    for path in READER_PAGES:
        visit(page, demo_server + path)
    assert problems == []


def test_the_article_editor_breaks_no_rule(demo_server, watched):
    page, problems = watched
    steps.log_in(page, demo_server, ("admin", "admin"))
    page.goto(demo_server + "/admin/pages/search/?q=Prospects")
    page.get_by_role("link", name="Prospects of Kim Jong-un’s Visit to Russia").first.click()
    page.wait_for_url("**/edit/")
    page.wait_for_load_state("networkidle")
    for tab in ("Authors & related", "Promotion & settings"):
        page.get_by_role("tab", name=tab).click()
    # A reader page seen by a signed-in editor, with Wagtail's user bar.
    visit(page, demo_server + READER_PAGES[2])
    assert page.locator("wagtail-userbar").count() == 1
    assert problems == []
