"""Listings past their numbered pages, by key: every article once, in order, both ways; a
bad key is no key; on PostgreSQL a keyed page is read off the ``article_newest`` index."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from pytest_django.asserts import assertContains

from cms.core import pagination
from cms.core.pagination import PER_PAGE
from tests.factories import ArticlePageFactory
from tests.postgres import archive_plan

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'rel="next" href="([^"]*)"')
PREV = re.compile(r'rel="prev" href="([^"]*)"')


def _titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def _link(pattern, response) -> str | None:
    found = pattern.search(response.content.decode())
    return found[1].replace("&amp;", "&") if found else None


@pytest.fixture
def archive(site_tree, monkeypatch):
    """2 numbered pages, then pages by key: 3 pages and a bit, two articles on each day so
    that the key's second part (the id) decides between them."""
    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 2)
    start = datetime.date(2001, 1, 1)
    return [
        ArticlePageFactory(
            title=f"Article {n:02d}",
            display_date=start + datetime.timedelta(days=n // 2),
            tags=["dprk"],
        )
        for n in range(PER_PAGE * 5 + 3)
    ]


@pytest.mark.parametrize("path", ["/articles/", "/tags/dprk/"])
def test_older_links_reach_every_article_once_in_order_and_newer_links_come_back(
    client, archive, path
):
    newest_first = [a.title for a in reversed(archive)]
    seen, pages, url = [], [], path
    while url:
        response = client.get(path + url if url.startswith("?") else url)
        assert response.status_code == 200
        pages.append(response)
        seen += _titles(response)
        url = _link(NEXT, response)

    assert seen == newest_first
    assert len(pages) == 6
    # Numbered, then by key: the link out of the last numbered page carries a key.
    assert _link(NEXT, pages[0]) == "?page=2"
    assert re.fullmatch(r"\?before=\d{4}-\d\d-\d\d\.\d+", _link(NEXT, pages[1]))
    assertContains(pages[1], "Page 2 of 6")
    # A keyed page says which dates it shows, and is its own canonical document.
    assertContains(pages[2], "20 January 2001 to 14 January 2001")
    canonical = re.search(r'rel="canonical" href="([^"]*)"', pages[2].content.decode())[1]
    assert canonical.endswith(_link(NEXT, pages[1]).replace("&", "&amp;"))
    assert not _link(NEXT, pages[-1])

    # Back from the last page by the newer links: the same pages, newest at the top.
    back, response = [], pages[-1]
    while (url := _link(PREV, response)) and "page=" not in url:
        response = client.get(path + url)
        back.append(_titles(response))
    assert back[:3] == [_titles(p) for p in reversed(pages[2:5])]


def test_a_key_keeps_the_filters(client, archive):
    ArticlePageFactory(title="Untagged", display_date=datetime.date(2000, 1, 1))
    first = client.get("/articles/", {"tag": "dprk", "page": 2})
    older = _link(NEXT, first)
    assert older.startswith("?tag=dprk&before=")

    titles = []
    while older:
        response = client.get("/articles/" + older)
        titles += _titles(response)
        older = _link(NEXT, response)
    assert "Untagged" not in titles
    assert titles[-1] == "Article 00"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "x",
        "2001-13-45.1",
        "2001-01-01",
        "2001-01-01.",
        "2001-01-01.99999999999999999999",
        "2001-01-01.1\x00",
        "0000-01-01.1",
        "2001-01-01.-5",
        "9999-12-31.999999999999",
    ],
)
def test_a_bad_key_is_the_first_page_or_an_empty_one_never_an_error(client, archive, key):
    for name in ("before", "after"):
        response = client.get("/articles/", {name: key})
        assert response.status_code == 200
        titles = _titles(response)
        assert (
            titles in ([], [a.title for a in reversed(archive)][:PER_PAGE])
            or len(titles) <= PER_PAGE
        )


def test_a_number_past_the_numbered_pages_gives_the_last_numbered_one(client, archive):
    response = client.get("/articles/?page=5")
    assertContains(response, "Page 2 of 6")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_keyed_page_is_read_off_the_index_at_any_depth(client, archive):
    oldest = archive[PER_PAGE]
    with CaptureQueriesContext(connection) as captured:
        client.get("/articles/", {"before": f"{oldest.display_date}.{oldest.pk}"})
    [listing] = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and "LIMIT 13" in q["sql"]]
    plan = archive_plan(listing)
    assert "Index Scan using article_newest" in plan, plan
    assert "Index Cond: (display_date <=" in plan, plan
