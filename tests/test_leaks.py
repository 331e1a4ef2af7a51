"""Nothing that is not live and public ever leaves the site through a side door.

Draft, scheduled, expired, unpublished, private, private-section, moved (published, then
moved into a private section) and deleted articles, and a private Russian one, share a
tag, a topic, an author and a type with a public article, and are picked as its related
articles; the public article's Russian translation is a draft. Made reports with PDFs, none
of them, nor their PDFs, shows on /reports/, in search by the PDFs' words or in a feed's
enclosures, and no PDF of theirs is served. None may show on a
reader page (home, index and its filters, archives, author page, related articles picked
or automatic), in search (page, API, suggestions, on the database and on the live
Elasticsearch node), in any feed, the sitemaps, the public article's JSON-LD, a citation file
or the API (listing, detail, search, filters), nor on a page the page cache kept from before
it was hidden.
"""

import datetime
import json
import re

from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from articles.models import ArticleDocument, ArticleIndexPage, ArticlePage, ArticleType
from cms.worker.passes import run_pass
from search.rebuild import rebuild, refresh
from tests.articles.test_reports import upload
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.pdfs import pdf_with_pages
from tests.search.conftest import live_es, live_node  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SECRET = "Secretmarker"


def hidden_pages(make) -> dict:
    """A page hidden each way, as ``make(kind, **fields)`` builds it: a draft, scheduled,
    expired, past its expiry, unpublished and private (a password)."""
    now = timezone.now()
    hidden = {
        "draft": make("draft", live=False),
        "scheduled": make("scheduled", live=False, go_live_at=now + datetime.timedelta(days=1)),
        "expired": make(
            "expired", live=False, expired=True, expire_at=now - datetime.timedelta(days=1)
        ),
        "past-expiry": make("past-expiry", expire_at=now - datetime.timedelta(minutes=1)),
        "unpublished": make("unpublished"),
        "private": make("private"),
    }
    hidden["unpublished"].unpublish()
    PageViewRestriction.objects.create(
        page=hidden["private"], restriction_type="password", password="x"
    )
    return hidden


@pytest.fixture
def leaks(site_tree):
    author = AuthorPageFactory(slug="writer")
    topic = TopicFactory(slug="korea")
    shared = {"authors": [author], "tags": ["leaky"], "topics": [topic]}

    def make(kind, **kwargs):
        return ArticlePageFactory(
            title=f"{SECRET} {kind}",
            slug=f"secret-{kind}",
            standfirst=f"{SECRET} standfirst",
            **shared,
            **kwargs,
        )

    hidden = hidden_pages(make)
    hidden["ru-private"] = make("ru-private", language="ru")
    PageViewRestriction.objects.create(
        page=hidden["ru-private"], restriction_type="password", password="x"
    )
    members = site_tree.home.add_child(instance=ArticleIndexPage(title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    hidden["private-section"] = make("private-section", parent=members)
    hidden["moved"] = make("moved")
    hidden["moved"].move(members, pos="last-child")
    deleted = make("deleted")
    deleted_id = deleted.pk
    Page.objects.get(pk=deleted_id).delete()

    picked = ["private", "private-section", "unpublished", "draft", "past-expiry"]
    picks = [("article", hidden[kind]) for kind in picked] + [("article", deleted)]
    public = ArticlePageFactory(
        title="Public article",
        slug="public",
        related=[("related_articles", {"heading": "See also", "items": picks})],
        **shared,
    )
    ArticlePageFactory(title="Automatic neighbour", slug="neighbour", **shared)
    ArticlePageFactory(title="Публичная статья", slug="publichnaya", language="ru", **shared)
    draft = public.copy_for_translation(Locale.objects.get(language_code="ru"))
    draft.title = f"{SECRET} translation"
    draft.save_revision()
    return {"public": public, "hidden": hidden, "deleted_id": deleted_id, "members": members}


FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/tags/leaky/feed/",
    "/tags/leaky/feed/atom/",
    "/topics/korea/feed/",
    "/topics/korea/feed/atom/",
    "/types/analysis/feed/",
    "/types/analysis/feed/atom/",
    "/authors/writer/feed/",
    "/authors/writer/feed/atom/",
]


def _clean(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert SECRET not in text, url
    assert "secret-" not in text, url
    return text


@pytest.mark.parametrize("url", FEEDS)
def test_feeds(client, leaks, url):
    assert "Public article" in _clean(client, url)


def test_sitemaps(client, leaks):
    leaks["public"].save_revision().publish()  # first published now: in the news sitemap
    assert "/articles/public/" in _clean(client, "/sitemap-pages.xml")
    assert "/articles/public/" in _clean(client, "/sitemap-news.xml")
    assert "/members/" not in _clean(client, "/sitemap-pages.xml")
    assert "/ru/articles/public/" not in _clean(client, "/sitemap-pages.xml")


def test_public_article_page_json_ld_and_related(client, leaks):
    html = _clean(client, "/articles/public/")
    assert '<script type="application/ld+json">' in html
    assert "/ru/articles/public/" not in html  # the draft translation: no link, no alternate
    assert 'class="related__item' not in html  # every pick was hidden


def test_no_citation_file_of_a_hidden_article(client, leaks):
    for kind in [*leaks["hidden"], "deleted"]:
        for url in [f"/articles/secret-{kind}/", f"/members/secret-{kind}/"]:
            for ext in ("bib", "ris", "json"):
                response = client.get(f"{url}cite.{ext}", follow=True)
                assert SECRET not in response.content.decode(), (kind, url, ext)
                assert not response.get("Content-Disposition"), (kind, url, ext)
    assert "Public article" in _clean(client, "/articles/public/cite.bib")


def test_api_listings_filters_and_search(client, leaks):
    members, home = leaks["members"], leaks["members"].get_parent()
    queries = [
        {},
        {"fields": "*"},
        {"type": "articles.ArticlePage", "fields": "*"},
        {"type": "articles.ArticlePage,authors.AuthorPage"},
        {"search": SECRET},
        {"search": SECRET, "type": "articles.ArticlePage"},
        {"descendant_of": home.pk, "fields": "*"},
        {"child_of": leaks["public"].get_parent().pk, "limit": 20},
        {"show_in_menus": "false"},
        {"slug": "secret-private"},
        {"type": "articles.ArticlePage", "tags": "leaky"},
        {"type": "articles.ArticlePage", "title": f"{SECRET} private"},
        {"type": "articles.ArticlePage", "locale": "ru", "fields": "*"},
        {"translation_of": leaks["public"].pk},
    ]
    for params in queries:
        _clean(client, "/api/v2/pages/", **params)
    public = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"}).json()
    titles = [item["title"] for item in public["items"]]
    assert titles == ["Public article", "Automatic neighbour", "Публичная статья"]
    assert public["items"][0]["related_items"]["items"] == []
    assert client.get("/api/v2/pages/", {"child_of": members.pk}).status_code == 400
    # The search really searches: the public article is found by its title.
    found = client.get("/api/v2/pages/", {"search": "Public"}).json()
    assert [item["title"] for item in found["items"]] == ["Public article"]


def test_api_detail_and_find(client, leaks):
    for page in leaks["hidden"].values():
        if page.slug == "secret-past-expiry":
            continue  # still live until publish_scheduled runs; covered by the listing
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, page.slug
    assert client.get(f"/api/v2/pages/{leaks['deleted_id']}/").status_code == 404
    assert client.get(f"/api/v2/pages/{leaks['members'].pk}/").status_code == 404
    for path in ["/articles/secret-private/", "/members/secret-private-section/"]:
        response = client.get("/api/v2/pages/find/", {"html_path": path})
        assert response.status_code == 404, path
    assert client.get(f"/api/v2/pages/{leaks['public'].pk}/").status_code == 200


def test_past_expiry_article_is_hidden_from_api_detail(client, leaks):
    page = leaks["hidden"]["past-expiry"]
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_a_private_article_section_hides_every_article(client, site_tree):
    author = AuthorPageFactory(slug="writer")
    ArticlePageFactory(title=f"{SECRET} inside", authors=[author], tags=["leaky"])
    PageViewRestriction.objects.create(
        page=site_tree.articles, restriction_type="password", password="x"
    )

    for url in ["/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/tags/leaky/feed/",
                "/authors/writer/feed/", "/sitemap.xml", "/sitemap-pages.xml",
                "/sitemap-news.xml"]:  # fmt: skip
        _clean(client, url)
    for params in [{"fields": "*"}, {"search": SECRET}, {"type": "articles.ArticlePage"}]:
        _clean(client, "/api/v2/pages/", **params)


READER_PAGES = [
    "/",
    "/articles/",
    "/ru/search/?q=standfirst",
    "/ru/api/search/?q=standfirst",
    "/articles/?tag=leaky",
    "/articles/?topic=korea",
    "/articles/?author=writer",
    "/tags/leaky/",
    "/topics/korea/",
    "/authors/writer/",
    "/search/?q=standfirst",
    "/search/?tag=leaky&topic=korea&author=writer",
    "/api/search/?q=standfirst",
    "/api/search/?tag=leaky&sort=newest",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_reader_pages_and_search_on_the_database(client, leaks, url):
    assert "Public article" in _clean(client, url)


@pytest.fixture
def hidden_pdfs(leaks):
    """Each hidden article made a report with a PDF whose text holds the marker, read by
    the worker."""
    report_type = ArticleType.objects.get(is_report=True)
    documents = {}
    for kind, page in leaks["hidden"].items():
        ArticlePage.objects.filter(pk=page.pk).update(article_type=report_type)
        documents[kind] = upload(f"{SECRET} {kind}", pdf_with_pages(f"{SECRET} inside the PDF"))
        ArticleDocument.objects.create(page=page, document=documents[kind])
    # The public article is a report too, found by its own PDF's words.
    public = leaks["public"]
    public.article_type = report_type
    public.save_revision().publish()
    ArticleDocument.objects.create(
        page=public, document=upload("Public PDF", pdf_with_pages("Words inside the PDF."))
    )
    while run_pass().pdfs_read:  # a few PDFs a pass
        pass
    return documents


def test_no_pdf_of_a_hidden_report_is_served(client, hidden_pdfs):
    for kind, document in hidden_pdfs.items():
        assert client.get(document.url).status_code == 404, kind


@pytest.mark.parametrize(
    "url",
    [
        "/reports/",
        "/reports/?author=writer",
        "/reports/?topic=korea",
        "/ru/reports/",
        "/authors/writer/",
        "/search/?q=inside+the+PDF",
        "/api/search/?q=inside+the+PDF",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
    ],
)
def test_no_hidden_report_or_its_pdf_on_the_reports_pages_search_and_feeds(
    client, hidden_pdfs, url
):
    text = _clean(client, url)
    if not url.startswith("/ru/"):
        assert "Public article" in text, url
    for document in hidden_pdfs.values():
        assert document.url not in text, url


@pytest.mark.parametrize("url", ["/ru/", "/ru/articles/", "/ru/articles/publichnaya/"])
def test_the_russian_pages(client, leaks, url):
    assert "Публичная статья" in _clean(client, url)


def test_suggestions_and_automatic_related_articles(client, leaks):
    suggested = _clean(client, "/api/search/suggest/", q="secretmark")
    assert '"suggestions": []' in suggested
    assert "Public article" in _clean(client, "/api/search/suggest/", q="public")
    # No picks: the related block is automatic, and holds only the public article.
    neighbour = _clean(client, "/articles/neighbour/")
    assert 'class="related__item' in neighbour
    assert "Public article" in neighbour


def _hide_each(pages: dict, members) -> None:
    """The ways a live, public article leaves the readers."""
    pages["unpublished"].unpublish()
    PageViewRestriction.objects.create(
        page=pages["private"], restriction_type="password", password="x"
    )
    pages["moved"].move(members, pos="last-child")
    Page.objects.get(pk=pages["deleted"].pk).delete()


def test_live_elasticsearch_forgets_what_was_hidden(
    client,
    site_tree,
    live_es,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    members = site_tree.home.add_child(instance=ArticleIndexPage(title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    rebuild()
    kinds = ["unpublished", "private", "moved", "deleted"]
    with django_capture_on_commit_callbacks(execute=True):  # indexed as a publish indexes
        ArticlePageFactory(title="Public article", tags=["leaky"])
        pages = {
            kind: ArticlePageFactory(
                title=f"{SECRET} {kind}", slug=f"secret-{kind}", tags=["leaky"]
            )
            for kind in kinds
        }
    refresh()
    found = client.get("/api/search/", {"q": SECRET}).json()
    assert found["backend"] == "elasticsearch"
    assert found["total"] == len(kinds)  # all of them were in the index

    with django_capture_on_commit_callbacks(execute=True):
        _hide_each(pages, members)
    refresh()

    for url, params in [
        ("/search/", {"q": "secretmarker public"}),
        ("/search/", {"tag": "leaky"}),
        ("/api/search/", {"q": "secretmarker public"}),
        ("/api/search/", {"tag": "leaky"}),
        ("/api/search/suggest/", {"q": "secretmark"}),
    ]:
        text = client.get(url, params).content.decode()
        assert "secret-" not in text, (url, params)
        assert f"{SECRET} " not in text, (url, params)
    assert client.get("/api/search/", {"tag": "leaky"}).json()["backend"] == "elasticsearch"
    assert client.get("/api/search/", {"tag": "leaky"}).json()["total"] == 1


CACHED_PAGES = ["/", "/articles/", "/tags/leaky/", "/topics/korea/", "/authors/writer/",
                "/feeds/rss/", "/tags/leaky/feed/", "/search/?tag=leaky",
                "/sitemap-pages.xml"]  # fmt: skip


def test_pages_cached_before_an_article_is_hidden_forget_it(
    client, site_tree, django_capture_on_commit_callbacks
):
    members = site_tree.home.add_child(instance=ArticleIndexPage(title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    author = AuthorPageFactory(slug="writer")
    topic = TopicFactory(slug="korea")
    kinds = ["unpublished", "private", "moved", "deleted"]
    pages = {
        kind: ArticlePageFactory(
            title=f"{SECRET} {kind}",
            slug=f"secret-{kind}",
            authors=[author],
            tags=["leaky"],
            topics=[topic],
        )
        for kind in kinds
    }
    for url in CACHED_PAGES:
        first = client.get(url)
        assert "secret-" in first.content.decode(), url  # a link to each, at least
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url

    with django_capture_on_commit_callbacks(execute=True):
        _hide_each(pages, members)

    for url in CACHED_PAGES:
        _clean(client, url)


# The expert directory (authors/experts.py) and an expert's private contact address.

PRIVATE_ADDRESS = "expert.private@example.net"


@pytest.fixture
def experts(site_tree):
    """A public expert on Korea speaking French, and hidden experts on Korea and on a
    topic of their own, speaking French and Korean: draft, scheduled, expired, past expiry,
    unpublished and private."""
    korea = TopicFactory(name="Korea", slug="korea")
    secret_topic = TopicFactory(name=f"{SECRET} topic", slug="secret-topic")

    def make(kind, **kwargs):
        return AuthorPageFactory(
            title=f"{SECRET} {kind}",
            slug=f"secret-{kind}",
            expertise=[korea, secret_topic],
            languages=["fr", "ko"],
            media_contact=True,
            contact_email=f"{kind}@secret.example",
            **kwargs,
        )

    hidden = hidden_pages(make)
    public = AuthorPageFactory(
        title="Public expert",
        slug="public-expert",
        expertise=[korea],
        languages=["fr"],
        contact_email=PRIVATE_ADDRESS,
    )
    ArticlePageFactory(title="Public article", authors=[public], topics=[korea])
    return {"public": public, "hidden": hidden}


@pytest.mark.parametrize(
    "url",
    [
        "/experts/",
        "/experts/?topic=korea",
        "/experts/?language=fr",
        "/experts/?topic=korea&language=fr",
    ],
)
def test_hidden_experts_are_neither_listed_nor_counted(client, experts, url):
    html = _clean(client, url)

    assert "Public expert" in html
    counts = re.findall(r'>([^<>]+) <span class="search-facet__count">\((\d+)\)', html)
    assert sorted(counts) == [("French", "1"), ("Korea", "1")]  # no Korean: hidden only


def test_no_contact_page_of_a_hidden_expert(client, experts):
    for kind in experts["hidden"]:
        assert client.get(f"/authors/secret-{kind}/contact/").status_code == 404, kind
    assert client.get("/authors/public-expert/contact/").status_code == 200


PUBLIC_ANSWERS = [
    ("/authors/public-expert/", {}),
    ("/authors/", {}),
    ("/experts/", {}),
    ("/experts/", {"topic": "korea", "language": "fr"}),
    ("/authors/public-expert/contact/", {}),
    ("/authors/public-expert/feed/", {}),
    ("/authors/public-expert/feed/atom/", {}),
    ("/feeds/json/", {}),
    ("/sitemap-pages.xml", {}),
    ("/api/v2/pages/", {"type": "authors.AuthorPage", "fields": "*"}),
    ("/search/", {"q": "Public"}),
    ("/api/search/suggest/", {"q": "Public"}),
]


@pytest.mark.parametrize(("url", "params"), PUBLIC_ANSWERS)
def test_an_experts_private_address_is_in_no_public_answer(client, experts, url, params):
    response = client.get(url, params)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Public expert" in text or "public-expert" in text  # the expert is there
    assert PRIVATE_ADDRESS not in text
    assert "@secret.example" not in text


def test_the_api_neither_shows_nor_searches_nor_filters_by_the_private_address(client, experts):
    public = experts["public"]
    detail = client.get(f"/api/v2/pages/{public.pk}/").json()
    by_name = client.get("/api/v2/pages/", {"type": "authors.AuthorPage", "search": "Public"})
    by_address = client.get("/api/v2/pages/", {"search": "expert.private"})
    filtered = client.get(
        "/api/v2/pages/", {"type": "authors.AuthorPage", "contact_email": PRIVATE_ADDRESS}
    )

    assert detail["title"] == "Public expert"
    assert PRIVATE_ADDRESS not in json.dumps(detail)
    assert [item["title"] for item in by_name.json()["items"]] == ["Public expert"]
    assert by_address.json()["items"] == []
    assert filtered.status_code == 400  # not a field of the API: no way to test a guess


def test_the_profiles_json_ld_holds_no_address(client, experts):
    html = client.get("/authors/public-expert/").content.decode()
    start = html.index('<script type="application/ld+json">')
    structured = html[start : html.index("</script>", start)]

    assert '"knowsAbout":["Korea"]' in structured
    assert "@" not in structured.replace('"@context"', "").replace('"@type"', "")
