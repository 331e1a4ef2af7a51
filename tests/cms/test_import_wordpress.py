"""``manage.py import_wordpress``: a WordPress export's posts become the site's articles, as
WordPress showed them (docs/wordpress.md)."""

import datetime
import io
import re

from django.core.management import CommandError, call_command
from django.utils import timezone

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

import pytest
import time_machine

from articles.models import ArticlePage, Topic
from authors.models import AuthorPage
from cms.core.models import WordPressPost
from cms.worker.passes import run_pass
from tests import wxr
from tests.wxr import article, blocks, run_import

Image = get_image_model()


def counts() -> dict[str, int]:
    models = [Page, ArticlePage, AuthorPage, Revision, Image, Redirect, Tag, Topic]
    return {model.__name__: model.objects.count() for model in [*models, WordPressPost]}


# Statuses ---------------------------------------------------------------------------------


def test_each_status_becomes_what_readers_see(site_tree, tmp_path, client):
    path = wxr.write_export(
        tmp_path,
        wxr.item("Published", post_id=1),
        wxr.item("Drafted", post_id=2, status="draft"),
        wxr.item("Pending", post_id=3, status="pending"),
        wxr.item("Private", post_id=4, status="private"),
        wxr.item("Future", post_id=5, status="future", date="2099-05-01 09:30:00"),
        wxr.item("Binned", post_id=6, status="trash", slug="binned__trashed"),
    )

    summary, error = run_import(path)

    assert error is None
    assert summary[0] == "created: 5, updated: 0, unchanged: 0, skipped: 1, failed: 0"
    assert "skipped: post 6 'Binned': in the trash" in summary
    assert "note: post 3 'Pending': pending review in WordPress: imported as a draft" in summary
    assert (
        "note: post 4 'Private': private in WordPress: imported as a draft, not shown to readers"
        in summary
    )
    assert article("published").live
    assert client.get("/articles/published/").status_code == 200
    for slug in ["drafted", "pending", "private", "future"]:
        page = article(slug)
        assert not page.live
        assert page.latest_revision is not None  # an editor finds it in the admin
        assert client.get(f"/articles/{slug}/").status_code == 404
    assert not ArticlePage.objects.filter(title="Binned").exists()


def test_a_future_post_goes_live_at_its_time_through_the_worker(site_tree, tmp_path, client):
    go_live = datetime.datetime(2099, 5, 1, 9, 30, tzinfo=datetime.UTC)
    path = wxr.write_export(
        tmp_path, wxr.item("Future", status="future", date="2099-05-01 09:30:00")
    )
    run_import(path)
    scheduled = Revision.objects.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == go_live

    with time_machine.travel(go_live - datetime.timedelta(minutes=1)):
        assert run_pass().published == 0
    assert client.get("/articles/future/").status_code == 404

    with time_machine.travel(go_live + datetime.timedelta(seconds=5)):
        assert run_pass().published == 1
    assert article("future").live
    assert client.get("/articles/future/").status_code == 200


def test_a_future_post_whose_time_has_passed_is_published(site_tree, tmp_path):
    path = wxr.write_export(tmp_path, wxr.item("Late", status="future", date="2020-01-01 00:00:00"))

    summary, _error = run_import(path)

    assert article("late").live
    assert any("scheduled for a time now past: published" in line for line in summary)


def test_a_post_unpublished_in_wordpress_is_unpublished_here(site_tree, tmp_path, client):
    run_import(wxr.write_export(tmp_path, wxr.item("Changing", post_id=9)))
    assert client.get("/articles/changing/").status_code == 200

    summary, _error = run_import(
        wxr.write_export(tmp_path, wxr.item("Changing", post_id=9, status="draft"))
    )

    assert summary[0].startswith("created: 0, updated: 1,")
    assert not article("changing").live
    assert client.get("/articles/changing/").status_code == 404


def test_a_scheduled_post_published_early_in_wordpress_is_not_published_again(site_tree, tmp_path):
    future = wxr.item("Soon", post_id=9, status="future", date="2099-05-01 09:30:00")
    run_import(wxr.write_export(tmp_path, future))

    run_import(wxr.write_export(tmp_path, wxr.item("Soon", post_id=9, date="2019-05-01 09:30:00")))

    assert article("soon").live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


# Authors, terms, standfirst, dates, slugs ---------------------------------------------------


def test_authors_and_co_authors_are_credited_in_order(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item("Solo", creator="bob"),
        wxr.item("Joint", creator="ann", coauthors=("cy", "ann")),
        wxr.item("Guest", creator="ann", coauthors=("guest-gil",)),
        wxr.item(
            "Gil",
            post_id=77,
            post_type="guest-author",
            meta={"cap-user_login": "guest-gil", "cap-display_name": "Gil Visitor"},
        ),
    )

    summary, error = run_import(path)

    assert error is None
    assert summary == ["created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0"]
    credited = {
        slug: [c.author.title for c in article(slug).article_authors.order_by("sort_order")]
        for slug in ["solo", "joint", "guest"]
    }
    assert credited == {
        "solo": ["Bob Expert"],  # no display name: first and last
        "joint": ["Cy Guest", "Ann Writer"],
        "guest": ["Gil Visitor"],
    }
    assert AuthorPage.objects.get(title="Ann Writer").live


def test_an_author_the_export_does_not_describe_fails_the_post(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path, wxr.item("Orphan", post_id=5, creator="ghost"), wxr.item("Fine")
    )

    summary, error = run_import(path)

    assert error is not None
    assert summary[0] == "created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 1"
    assert "failed: post 5 'Orphan': author 'ghost' is not among the export's authors" in summary
    assert not ArticlePage.objects.filter(title="Orphan").exists()
    assert not AuthorPage.objects.filter(title="ghost").exists()


def test_categories_are_topics_and_tags_are_tags(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item(
            "Termed",
            categories=("North Korea", "Uncategorized", "Q&amp;A"),
            tags=("sanctions", "Hanoi summit"),
        ),
    )
    run_import(path)

    page = article("termed")
    assert sorted(topic.name for topic in page.topics.all()) == ["North Korea", "Q&A"]
    assert sorted(page.tags.names()) == ["Hanoi summit", "sanctions"]


def test_the_excerpt_is_the_standfirst_else_the_first_paragraph_cut_at_a_word(site_tree, tmp_path):
    long_paragraph = " ".join(["word"] * 200)  # 999 characters
    path = wxr.write_export(
        tmp_path,
        wxr.item("Excerpted", excerpt="<p>The <em>teaser</em> &amp; more.</p>"),
        wxr.item("Unexcerpted", content="<h2>Heading</h2><p>First <b>paragraph</b>.</p><p>Two</p>"),
        wxr.item("Long", content=f"<p>{long_paragraph}</p>"),
    )
    run_import(path)

    assert article("excerpted").standfirst == "The teaser & more."
    assert article("unexcerpted").standfirst == "First paragraph ."
    standfirst = article("long").standfirst
    assert len(standfirst) <= 600
    assert standfirst.endswith("word…")
    assert standfirst.removesuffix("…") == " ".join(["word"] * 119)


def test_dates_are_the_posts(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item("Dated", date="2019-04-04 10:15:00", modified="2020-02-03 04:05:06"),
    )
    run_import(path)

    page = article("dated")
    assert page.display_date == datetime.date(2019, 4, 4)
    assert page.first_published_at == datetime.datetime(2019, 4, 4, 10, 15, tzinfo=datetime.UTC)
    assert page.last_published_at == datetime.datetime(2020, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def test_slugs_are_kept_and_a_draft_without_one_gets_its_titles(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item("Some Title", slug="the-wordpress-slug"),
        wxr.item("Без слага", slug="%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82"),
        wxr.item("Untitled Draft: Notes", status="draft", slug=""),
    )
    run_import(path)

    assert article("the-wordpress-slug").url == "/articles/the-wordpress-slug/"
    assert article("привет").title == "Без слага"
    assert article("untitled-draft-notes").title == "Untitled Draft: Notes"


def test_a_duplicate_slug_fails_the_later_post(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item("First", post_id=1, slug="same"),
        wxr.item("Second", post_id=2, slug="same"),
    )

    summary, error = run_import(path)

    assert error is not None
    assert "failed: post 2 'Second': slug 'same' is taken by post 1 of the export" in summary
    assert article("same").title == "First"


def test_a_slug_taken_by_an_article_from_elsewhere_fails_the_post(site_tree, tmp_path):
    run_import(wxr.write_export(tmp_path, wxr.item("Ours", post_id=1, slug="taken")))
    other = wxr.write_export(
        tmp_path, wxr.item("Theirs", post_id=1, slug="taken"), name="other.xml"
    )
    other.write_text(other.read_text().replace("blog.example.org", "other.example.org"))

    summary, error = run_import(other)

    assert error is not None
    assert "slug 'taken' is taken by another page in the section" in summary[1]
    assert article("taken").title == "Ours"


def test_a_russian_export_goes_into_the_russian_tree(site_tree, tmp_path):
    run_import(wxr.write_export(tmp_path, wxr.item("Po russki"), language="ru-RU"))

    assert article("po-russki").language == "ru"


# Redirects ----------------------------------------------------------------------------------


def test_the_wordpress_address_redirects_to_the_article(site_tree, tmp_path, client):
    path = wxr.write_export(
        tmp_path,
        wxr.item("Moved", post_id=1),
        wxr.item("Plain", post_id=2, link=f"{wxr.SITE}/?p=2"),
        wxr.item("Hidden", post_id=3, status="draft"),
    )

    summary, _error = run_import(path)

    response = client.get("/2019/04/04/moved/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/moved/"
    assert Redirect.objects.count() == 1  # none to a draft, none from the home page's address
    assert "the home page answers them" in summary[-1]

    run_import(path)
    assert Redirect.objects.count() == 1


def test_no_redirect_when_the_address_is_the_same(site_tree, tmp_path):
    path = wxr.write_export(tmp_path, wxr.item("Same", link=f"{wxr.SITE}/articles/same/"))
    run_import(path)

    assert not Redirect.objects.exists()


# What is skipped, and failures ---------------------------------------------------------------


def test_pages_menu_items_and_other_types_are_skipped_and_named(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.attachment(12, "2019/04/x.jpg"),
        wxr.item("About us", post_id=2, post_type="page"),
        wxr.item("Home", post_id=3, post_type="nav_menu_item"),
        wxr.item("Our event", post_id=4, post_type="event"),
        wxr.item("A post", post_id=5),
    )

    summary, error = run_import(path)

    assert error is None
    assert summary == [
        "created: 1, updated: 0, unchanged: 0, skipped: 3, failed: 0",
        "skipped: page 2 'About us': only posts are imported",
        "skipped: nav_menu_item 3 'Home': only posts are imported",
        "skipped: event 4 'Our event': only posts are imported",
    ]
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["A post"]


def test_malformed_xml_stops_with_its_line_keeping_the_posts_before(site_tree, tmp_path):
    path = wxr.write_export(tmp_path, wxr.item("Before", post_id=1), wxr.item("After", post_id=2))
    text = path.read_text()
    broken = text.replace("<title>After</title>", "<title>After</titel>")
    path.write_text(broken)
    line = broken[: broken.index("</titel>")].count("\n") + 1

    summary, error = run_import(path)

    assert error is not None
    assert f"malformed XML at line {line}" in str(error)
    assert summary[0] == "created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0"
    assert summary[-1].startswith(f"stopped: malformed XML at line {line}, column ")
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["Before"]


def test_a_file_that_is_not_an_export_is_a_clear_error(site_tree, tmp_path):
    path = tmp_path / "notes.xml"
    path.write_text("<html><body>Not an export</body></html>")

    _summary, error = run_import(path)

    assert error is not None
    assert "not a WordPress export" in str(error)


def test_a_missing_file_is_a_clear_error(site_tree, tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nothing\.xml: No such file"):
        call_command("import_wordpress", str(tmp_path / "nothing.xml"), stdout=io.StringIO())


def test_entities_are_refused(site_tree, tmp_path):
    path = tmp_path / "export.xml"
    text = wxr.export(wxr.item("Entity", content="&boom;"))
    path.write_text(text.replace("<rss", '<!DOCTYPE rss [<!ENTITY boom "bang">]>\n<rss', 1))

    _summary, error = run_import(path)

    assert error is not None
    assert not ArticlePage.objects.exists()


def test_a_failing_post_leaves_nothing_behind(site_tree, tmp_path):
    uploads = tmp_path / "uploads"
    wxr.write_image(uploads, "2019/04/x.jpg")
    content = f'<p><img src="{wxr.upload_url("2019/04/x.jpg")}"></p><h2>{"x" * 300}</h2>'
    path = wxr.write_export(
        tmp_path,
        wxr.item(
            "Doomed",
            post_id=6,
            creator="cy",
            content=content,
            categories=("Doomed topic",),
            tags=("doomed",),
        ),
    )
    before = counts()

    summary, error = run_import(path, uploads)

    assert error is not None
    assert summary[1].startswith("failed: post 6 'Doomed': heading 'xxx")
    assert counts() == before


# Re-importing, and the site as a whole --------------------------------------------------------


def every_kind_of_post(uploads) -> list[str]:
    """A few dozen posts of every status, with what each kind carries."""
    wxr.write_image(uploads, "2019/04/photo.jpg")
    items = [wxr.attachment(900, "2019/04/photo.jpg", title="Photo")]
    statuses = ["publish"] * 5 + ["draft", "pending", "private", "future", "trash"]
    for number in range(30):
        status = statuses[number % len(statuses)]
        date = (
            "2099-01-01 08:00:00"
            if status == "future"
            else f"2019-04-{number % 28 + 1:02d} 10:00:00"
        )
        items.append(
            wxr.item(
                f"Post number {number}",
                post_id=number + 1,
                status=status,
                creator=["ann", "bob"][number % 2],
                coauthors=("cy", "ann") if number % 3 == 0 else (),
                date=date,
                categories=(f"Topic {number % 4}",),
                tags=(f"tag{number % 3}",),
                content=f"<!-- wp:paragraph -->\n<p>Body of post {number}.</p>\n"
                "<!-- /wp:paragraph -->",
                meta={"_thumbnail_id": "900"} if number % 5 == 0 else None,
            )
        )
    items.append(wxr.item("About", post_id=100, post_type="page"))
    return items


def every_page_of(client, url: str) -> str:
    """A listing's pages, following its "next" links, as one text."""
    pages = []
    while url:
        html = client.get(url).content.decode()
        pages.append(html)
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = found.group(1).replace("&amp;", "&") if found else ""
        if url.startswith("?"):
            url = "/articles/" + url
    return "".join(pages)


def test_an_export_imports_reimports_and_reads_as_wordpress_did(site_tree, tmp_path, client):
    uploads = tmp_path / "uploads"
    path = wxr.write_export(tmp_path, *every_kind_of_post(uploads))

    summary, error = run_import(path, uploads)

    assert error is None
    # 30 posts: 15 published, 12 drafts, pending, private and future, 3 in the trash.
    assert summary[0] == "created: 27, updated: 0, unchanged: 0, skipped: 4, failed: 0"
    before = counts()
    log_entries = PageLogEntry.objects.count()
    assert before["Image"] == 1
    assert before["WordPressPost"] == 27
    assert Page.find_problems() == ([], [], [], [], [])

    again, error = run_import(path, uploads)

    assert error is None
    assert again[0] == "created: 0, updated: 0, unchanged: 27, skipped: 4, failed: 0"
    assert counts() == before
    assert PageLogEntry.objects.count() == log_entries

    published = [n for n in range(30) if n % 10 < 5]
    hidden = [n for n in range(30) if 5 <= n % 10 < 9]
    index = every_page_of(client, "/articles/")
    feed = client.get("/feeds/rss/").content.decode()
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    for number in published:
        response = client.get(f"/articles/post-number-{number}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f"Post number {number}" in html
        assert f"Body of post {number}." in html
        assert ("Bob Expert" if number % 2 else "Ann Writer") in html
        assert f"tag{number % 3}" in html
        assert f"Topic {number % 4}" in html
        assert f'href="/articles/post-number-{number}/"' in index
        assert f"/articles/post-number-{number}/" in sitemap
    for number in hidden:
        assert client.get(f"/articles/post-number-{number}/").status_code == 404
        assert f"post-number-{number}/" not in index
        assert f"post-number-{number}/" not in feed
        assert f"post-number-{number}/" not in sitemap
    assert f"post-number-{published[0]}/" in feed


def test_an_edited_post_updates_its_article(site_tree, tmp_path):
    run_import(wxr.write_export(tmp_path, wxr.item("Original", post_id=7, tags=("old",))))
    page = article("original")

    summary, error = run_import(
        wxr.write_export(
            tmp_path,
            wxr.item(
                "Revised title", post_id=7, slug="renamed", tags=("new",), content="<p>New.</p>"
            ),
        )
    )

    assert error is None
    assert summary[0] == "created: 0, updated: 1, unchanged: 0, skipped: 0, failed: 0"
    revised = ArticlePage.objects.get(pk=page.pk)
    assert (revised.title, revised.slug, revised.url) == (
        "Revised title",
        "renamed",
        "/articles/renamed/",
    )
    assert list(revised.tags.names()) == ["new"]
    assert blocks(revised) == [("paragraph", "<p>New.</p>")]
    assert ArticlePage.objects.count() == 1


def test_progress_bar_on_a_terminal(site_tree, tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stderr = Terminal()
    path = wxr.write_export(tmp_path, wxr.item("A"), wxr.item("B"), wxr.attachment(5, "x.jpg"))
    run_import(path, stderr=stderr)

    assert "Importing WordPress posts: 100%" in stderr.getvalue()
    assert "3/3" in stderr.getvalue()


def test_scheduled_at_its_time_not_before(site_tree, tmp_path):
    """The scheduled revision holds the post's time; the page is not live meanwhile."""
    with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)):
        run_import(
            wxr.write_export(
                tmp_path, wxr.item("Later", status="future", date="2030-06-01 12:00:00")
            )
        )
        page = article("later")
        assert not page.live
        assert page.go_live_at == datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)
        assert timezone.now() < page.go_live_at


def test_a_post_without_a_title_or_with_an_unknown_status_fails(site_tree, tmp_path):
    path = wxr.write_export(
        tmp_path,
        wxr.item("", post_id=1, slug="no-title"),
        wxr.item("Odd", post_id=2, status="limbo"),
        wxr.item("Fine", post_id=3),
    )

    summary, error = run_import(path)

    assert error is not None
    assert summary[:3] == [
        "created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 2",
        "failed: post 1 '': missing title",
        "failed: post 2 'Odd': unknown status 'limbo'",
    ]


def test_a_post_with_no_text_takes_its_title_as_standfirst(site_tree, tmp_path):
    content = f'<img src="{wxr.upload_url("2019/04/x.jpg")}">'
    run_import(wxr.write_export(tmp_path, wxr.item("Only a picture", content=content)))

    assert article("only-a-picture").standfirst == "Only a picture"
