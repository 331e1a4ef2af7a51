"""The admin's list of articles shows authors, type, date and status, and filters by them."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site

import pytest

from articles.models import ArticleType
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(site_tree):
    toloraya = AuthorPageFactory(title="Georgy Toloraya")
    asmolov = AuthorPageFactory(title="Konstantin Asmolov")
    korea = TopicFactory(name="Korea")
    opinion = ArticleType.objects.get_or_create(name="Opinion", slug="opinion")[0]
    return {
        "first": ArticlePageFactory(
            title="Summit analysis", authors=[toloraya, asmolov], tags=["summit"], topics=[korea]
        ),
        "second": ArticlePageFactory(
            title="Sanctions opinion",
            authors=[asmolov],
            article_type=opinion,
            tags=["nuclear talks"],
        ),
        "draft": ArticlePageFactory(title="Unfinished draft", authors=[toloraya], live=False),
        "toloraya": toloraya,
        "korea": korea,
        "opinion": opinion,
    }


def listing(client, **params) -> str:
    return client.get(reverse("article_listing:index"), params).content.decode()


def test_the_listing_shows_authors_type_date_and_status(admin_client, articles):
    html = listing(admin_client)
    assert "Georgy Toloraya, Konstantin Asmolov" in html
    assert "Opinion" in html
    assert "Analysis" in html
    assert articles["first"].display_date.isoformat() in html
    assert "Unfinished draft" in html
    assert "Draft" in html
    # Tags are typed with the admin's tag autocomplete, not listed as a checkbox each.
    assert 'data-controller="w-tag"' in html
    assert 'value="summit"' not in html


@pytest.mark.parametrize(
    ("filter_name", "value", "expected"),
    [
        ("author", lambda a: a["toloraya"].pk, {"Summit analysis", "Unfinished draft"}),
        ("tag", lambda a: "summit", {"Summit analysis"}),
        ("tag", lambda a: '"nuclear talks", summit', {"Summit analysis", "Sanctions opinion"}),
        ("tag", lambda a: "no-such-tag", set()),
        ("topic", lambda a: a["korea"].pk, {"Summit analysis"}),
        ("article_type", lambda a: a["opinion"].pk, {"Sanctions opinion"}),
        ("status", lambda a: "draft", {"Unfinished draft"}),
        ("status", lambda a: "live", {"Summit analysis", "Sanctions opinion"}),
    ],
)
def test_the_listing_filters(admin_client, articles, filter_name, value, expected):
    html = listing(admin_client, **{filter_name: value(articles)})
    titles = {"Summit analysis", "Sanctions opinion", "Unfinished draft"}
    assert {t for t in titles if t in html} == expected


def test_the_listing_reads_the_same_number_of_queries_for_more_rows(admin_client, articles):
    def queries() -> int:
        listing(admin_client)  # warm
        with CaptureQueriesContext(connection) as captured:
            listing(admin_client)
        return len(captured)

    few = queries()
    opinion, author = articles["opinion"], articles["toloraya"]
    for n in range(6):
        ArticlePageFactory(title=f"More {n}", authors=[author], article_type=opinion)
    assert queries() == few


def test_the_sites_root_paths_are_read_once_however_many_rows(admin_client, articles):
    # Wagtail's "View live" button builds each row's URL without the request: a read of the
    # cache (Redis in production) per row, until the listing shares one read with them.
    def reads() -> int:
        paths = mock.patch.object(
            Site, "get_site_root_paths", autospec=True, side_effect=Site.get_site_root_paths
        )
        with paths as read:
            assert "View live" in listing(admin_client)
        return read.call_count

    assert reads() == 1
    for n in range(6):
        ArticlePageFactory(title=f"More {n}", authors=[articles["toloraya"]])
    assert reads() == 1
