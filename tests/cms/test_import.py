import datetime
import io
import json
import re

from django.core.management import CommandError, call_command

from taggit.models import Tag
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page, PageLogEntry

import pytest

from articles.models import (
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Topic,
)
from authors.models import AuthorPage
from cms.core.blocks import rich_text_features
from cms.core.models import Disclaimer
from tests.factories import ArticlePageFactory, AuthorPageFactory, DisclaimerFactory


def record(**fields) -> dict:
    data = {
        "title": "Sanctions and Summits",
        "standfirst": "What the summit changed.",
        "date": "2019-03-01",
        "type": "Analysis",
        "authors": [{"name": "Ann Writer", "affiliation": "Senior Fellow", "role": ""}],
        "body": "<p>First paragraph.</p>",
    }
    data.update(fields)
    return data


RATE_LINE = re.compile(r"^\d+ records in \d+\.\d s \(\d+\.\d articles/s\)$")


def run_import(tmp_path, *lines, stderr=None, **options) -> tuple[str, CommandError | None]:
    """Run ``import_articles`` on the given lines (dicts are JSON-encoded); its output (the
    summary without its last line, the rate, which it checks) and its error."""
    path = tmp_path / "articles.jsonl"
    text = "\n".join(json.dumps(line) if isinstance(line, dict) else line for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    stdout = io.StringIO()
    error = None
    try:
        call_command(
            "import_articles", str(path), stdout=stdout, stderr=stderr or io.StringIO(), **options
        )
    except CommandError as exc:
        error = exc
    *summary, rate = stdout.getvalue().splitlines()
    assert RATE_LINE.match(rate), rate
    return "\n".join(summary) + "\n", error


def counts() -> dict[str, int]:
    models = [Page, ArticlePage, AuthorPage, ArticlePageAuthor, ArticlePageTag, Tag, Topic]
    models += [ArticleType, Disclaimer]
    return {model.__name__: model.objects.count() for model in models}


def article(slug: str) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


def related_items(page: ArticlePage) -> list[dict]:
    """The picked related items as stored, without their block ids."""
    items = page.related.raw_data[0]["value"]["items"]
    return [{"type": item["type"], "value": item["value"]} for item in items]


def test_good_file_creates_published_articles(site_tree, tmp_path):
    AuthorPageFactory(title="Bob Expert", affiliation="Old profile")
    first = record(
        slug="sanctions-and-summits",
        type="Interview / expert commentary",
        authors=[
            {"name": "Ann Writer", "affiliation": "Senior Fellow, Asia Programme", "role": ""},
            {
                "name": "Bob Expert",
                "affiliation": "Printed affiliation",
                "role": "interviewed expert",
            },
        ],
        tags=["sanctions", "Hanoi summit"],
        topics=["North Korea", "Korean Peninsula"],
    )
    second = record(
        title="After Hanoi",
        date="2019-03-05",
        related=[
            {"slug": "sanctions-and-summits"},
            {
                "title": "Elsewhere",
                "url": "https://example.org/a",
                "author": "C. D.",
                "teaser": "T",
            },
        ],
        related_heading="Read more",
    )

    output, error = run_import(tmp_path, first, second)

    assert error is None
    assert output.splitlines() == ["created: 2, updated: 0, unchanged: 0, failed: 0"]
    page = article("sanctions-and-summits")
    assert page.live
    assert not page.has_unpublished_changes
    assert page.url == "/articles/sanctions-and-summits/"
    assert page.title == "Sanctions and Summits"
    assert page.standfirst == "What the summit changed."
    assert page.display_date == datetime.date(2019, 3, 1)
    assert page.first_published_at == datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC)
    assert page.article_type.name == "Interview / expert commentary"
    credits = [
        (c.author.title, c.role, c.affiliation) for c in page.article_authors.order_by("sort_order")
    ]
    assert credits == [
        ("Ann Writer", "", "Senior Fellow, Asia Programme"),
        ("Bob Expert", "interviewed expert", "Printed affiliation"),
    ]
    assert sorted(page.tags.names()) == ["Hanoi summit", "sanctions"]
    assert sorted(t.name for t in page.topics.all()) == ["Korean Peninsula", "North Korea"]
    assert [t.slug for t in page.topics.order_by("name")] == ["korean-peninsula", "north-korea"]
    assert page.show_disclaimer
    assert page.disclaimer is None

    # A new author is a live profile with the record's affiliation; a known one is reused.
    ann = AuthorPage.objects.get(title="Ann Writer")
    assert ann.live
    assert ann.get_parent().specific == site_tree.authors
    assert ann.affiliation == "Senior Fellow, Asia Programme"
    assert AuthorPage.objects.filter(title="Bob Expert").count() == 1
    assert AuthorPage.objects.get(title="Bob Expert").affiliation == "Old profile"

    related = article("after-hanoi").related.raw_data[0]
    assert related["type"] == "related_articles"
    assert related["value"]["heading"] == "Read more"
    assert related_items(article("after-hanoi")) == [
        {"type": "article", "value": page.pk},
        {
            "type": "external",
            "value": {
                "title": "Elsewhere",
                "url": "https://example.org/a",
                "author": "C. D.",
                "teaser": "T",
            },
        },
    ]


def test_reimport_updates_without_duplicates(site_tree, tmp_path):
    lines = [
        record(slug="one", tags=["sanctions"], topics=["Russia"]),
        record(
            title="Two",
            authors=[{"name": "Ann Writer"}, {"name": "Bob Expert"}],
            tags=["sanctions", "summit diplomacy"],
            topics=["Russia", "North Korea"],
            related=[{"slug": "one"}],
            disclaimer={"name": "Guest disclaimer", "text": "Guests speak for themselves."},
        ),
    ]
    output, error = run_import(tmp_path, *lines)
    assert error is None
    assert output.startswith("created: 2, updated: 0, unchanged: 0, failed: 0")
    before = counts()
    publishes = PageLogEntry.objects.filter(action="wagtail.publish").count()

    output, error = run_import(tmp_path, *lines)

    assert error is None
    assert output.splitlines() == ["created: 0, updated: 0, unchanged: 2, failed: 0"]
    assert counts() == before
    assert PageLogEntry.objects.filter(action="wagtail.publish").count() == publishes
    assert [c.author.title for c in article("two").article_authors.all()] == [
        "Ann Writer",
        "Bob Expert",
    ]
    assert related_items(article("two")) == [{"type": "article", "value": article("one").pk}]


def test_update_replaces_authors_tags_topics_and_related(site_tree, tmp_path):
    run_import(tmp_path, record(slug="one"))
    first = record(
        slug="two",
        authors=[{"name": "Ann Writer"}, {"name": "Bob Expert", "role": "editor"}],
        tags=["old tag"],
        topics=["Old topic"],
        related=[{"slug": "one"}],
        disclaimer="none",
    )
    run_import(tmp_path, first)
    original = article("two")

    changed = record(
        slug="two",
        title="Two, revised",
        date="2019-04-01",
        authors=[{"name": "Bob Expert", "role": "author"}],
        tags=["new tag"],
        topics=["New topic"],
    )
    output, error = run_import(tmp_path, changed)

    assert error is None
    assert output.startswith("created: 0, updated: 1, unchanged: 0, failed: 0")
    page = article("two")
    assert page.pk == original.pk
    assert page.title == "Two, revised"
    assert page.display_date == datetime.date(2019, 4, 1)
    # The first publication date is history: an update does not move it.
    assert page.first_published_at == original.first_published_at
    assert [(c.author.title, c.role) for c in page.article_authors.all()] == [
        ("Bob Expert", "author")
    ]
    assert list(page.tags.names()) == ["new tag"]
    assert [t.name for t in page.topics.all()] == ["New topic"]
    assert list(page.related.raw_data) == []  # automatic related articles again
    assert page.show_disclaimer
    assert page.disclaimer is None


def test_body_html_is_sanitised_and_split_into_blocks(site_tree, tmp_path):
    body = (
        "<h2>Where <em>things</em> stand</h2>"
        '<p onclick="x()">One &amp; <strong>two</strong> <em>three</em> '
        '<a href="https://example.org/?a=1&b=2" target="_blank">link</a> '
        '<a href="javascript:alert(1)">bad link</a></p>'
        "<script>alert('x')</script><div><p>In a div.</p></div>"
        "<h3>Next</h3><ul><li>a</li><li>b</li></ul><blockquote>Quoted</blockquote>"
        "<h4>Small heading</h4><p>Line<br>break</p>"
    )
    _output, error = run_import(tmp_path, record(slug="body", body=body))

    assert error is None
    blocks = [(b["type"], b["value"]) for b in article("body").body.raw_data]
    assert blocks == [
        ("heading", {"text": "Where things stand", "level": "h2"}),
        (
            "paragraph",
            (
                '<p>One &amp; <b>two</b> <i>three</i> <a href="https://example.org/?a=1&amp;b=2">'
                "link</a> bad link</p><p>In a div.</p>"
            ),
        ),
        ("heading", {"text": "Next", "level": "h3"}),
        (
            "paragraph",
            (
                "<ul><li>a</li><li>b</li></ul><blockquote>Quoted</blockquote>"
                "<h4>Small heading</h4><p>Line<br>break</p>"
            ),
        ),
    ]
    rendered = str(article("body").body[1].value)
    assert 'href="https://example.org/?a=1&amp;b=2"' in rendered
    assert "alert" not in rendered


def test_body_opens_in_the_editor_without_loss(site_tree, tmp_path):
    body = (
        "<p>Text with <strong>bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/">a link</a>.</p>'
        "<ol><li>one</li></ol><blockquote>Quoted</blockquote><h4>Small</h4>Loose text"
    )
    run_import(tmp_path, record(slug="editor", body=body))

    stored = article("editor").body.raw_data[0]["value"]
    editor = ContentstateConverter(rich_text_features)
    round_trip = editor.to_database_format(editor.from_database_format(stored))
    assert re.sub(r' data-block-key="\w+"', "", round_trip) == stored


def test_markdown_body_converts(site_tree, tmp_path):
    body = "## The summit\n\nA *short* note with a [link](https://example.org/).\n\n- one\n- two"
    _output, error = run_import(tmp_path, record(slug="md", body=body, body_format="markdown"))

    assert error is None
    blocks = [(b["type"], b["value"]) for b in article("md").body.raw_data]
    assert blocks == [
        ("heading", {"text": "The summit", "level": "h2"}),
        (
            "paragraph",
            (
                '<p>A <i>short</i> note with a <a href="https://example.org/">link</a>.</p>'
                "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
            ),
        ),
    ]


def test_plain_text_body_becomes_paragraphs(site_tree, tmp_path):
    body = "First “quoted” paragraph – with a dash.\n\nSecond paragraph,\nstill second.\n \n3 < 4"
    run_import(tmp_path, record(slug="plain", body=body))

    assert [b["value"] for b in article("plain").body.raw_data] == [
        (
            "<p>First “quoted” paragraph – with a dash.</p>"
            "<p>Second paragraph,\nstill second.</p><p>3 &lt; 4</p>"
        )
    ]


def test_lines_end_only_at_newlines(site_tree, tmp_path):
    path = tmp_path / "articles.jsonl"
    unusual = record(slug="separators", standfirst="One\u2028two\x85three\x0cfour")
    path.write_bytes(
        b"\xef\xbb\xbf"  # a byte order mark, as some editors write
        + json.dumps(record(slug="crlf"), ensure_ascii=False).encode()
        + b"\r\n"
        + json.dumps(unusual, ensure_ascii=False).encode()
        + b"\r\n\r\n{oops\r\n"
    )
    stdout = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=stdout, stderr=io.StringIO())

    assert stdout.getvalue().splitlines()[0] == "created: 2, updated: 0, unchanged: 0, failed: 1"
    assert stdout.getvalue().splitlines()[1].startswith("line 4: malformed JSON")
    assert article("separators").standfirst == "One\u2028two\x85three\x0cfour"


def test_slug_defaults_to_slugified_title(site_tree, tmp_path):
    run_import(tmp_path, record(title="Kim – Trump: I Know that You Know I Know"))

    assert article("kim-trump-i-know-that-you-know-i-know").live


def test_disclaimer_modes(site_tree, tmp_path):
    DisclaimerFactory(name="Guest disclaimer", text="<p>Old text.</p>")
    lines = [
        record(slug="default", disclaimer="default"),
        record(slug="absent"),
        record(slug="none", disclaimer="none"),
        record(slug="named", disclaimer="Guest disclaimer"),
        record(slug="defined", disclaimer={"name": "Partner", "text": "Partner <b>views</b>."}),
        record(slug="redefined", disclaimer={"name": "Guest disclaimer", "text": "<p>New.</p>"}),
    ]
    output, error = run_import(tmp_path, *lines)

    assert error is None
    assert output.startswith("created: 6,")
    modes = {
        slug: (article(slug).show_disclaimer, str(article(slug).disclaimer or ""))
        for slug in ["default", "absent", "none", "named", "defined", "redefined"]
    }
    assert modes == {
        "default": (True, ""),
        "absent": (True, ""),
        "none": (False, ""),
        "named": (True, "Guest disclaimer"),
        "defined": (True, "Partner"),
        "redefined": (True, "Guest disclaimer"),
    }
    assert Disclaimer.objects.get(name="Partner").text == "<p>Partner <b>views</b>.</p>"
    assert Disclaimer.objects.get(name="Guest disclaimer").text == "<p>New.</p>"
    assert Disclaimer.objects.count() == 2


GOOD = record(title="Good", slug="good", tags=["good tag"], topics=["Good topic"])


def bad(**fields) -> dict:
    """A record that would leave traces (an author, a tag, a topic, a type) if written."""
    return record(
        **{
            "slug": "bad",
            "authors": [{"name": "Bad Author", "affiliation": "Nowhere"}],
            "tags": ["bad tag"],
            "topics": ["Bad topic"],
            "type": "Bad type",
            **fields,
        }
    )


NO_TITLE = {key: value for key, value in bad().items() if key != "title"}


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (bad(title=""), "missing title"),
        (bad(title="t" * 256), "'title' is longer than 255 characters (256): shorten it"),
        (
            bad(standfirst="s" * 601),
            "'standfirst' is longer than 600 characters (601): shorten it",
        ),
        (  # the editor counts a line break as two characters, as a browser sends it
            bad(standfirst="s" * 597 + "\n\n" + "s"),
            "'standfirst' is longer than 600 characters (602): shorten it",
        ),
        (NO_TITLE, "missing title"),
        (bad(standfirst="  "), "missing standfirst"),
        (bad(authors=[]), "missing authors"),
        (bad(authors=[{"name": "", "role": "x"}]), "author 1 has no name"),
        (bad(date="2019-02-30"), "bad date '2019-02-30' (no such day)"),
        (bad(date="1 March 2019"), "bad date '1 March 2019' (expected YYYY-MM-DD)"),
        (bad(date=None), "missing date"),
        (bad(related=[{"slug": "nowhere"}]), "unknown related article slug 'nowhere'"),
        (bad(related=[{"slug": "good"}] * 7), "too many related articles: 7 (at most 6)"),
        (bad(related=[{"title": "No URL"}]), "related item 1 needs a slug, or a title and a url"),
        (
            bad(related=[{"title": "Spaces", "url": "https://example.org/a b"}]),
            "invalid related: items: url: Enter a valid URL.",
        ),
        (bad(body="<h2>" + "x" * 256 + "</h2>"), "heading 'xxxx"),
        (bad(disclaimer="No such one"), "unknown disclaimer 'No such one'"),
        (bad(body_format="rst"), "unknown body_format 'rst' (use 'html' or 'markdown')"),
        ("[1, 2, 3]", "not a JSON object (got list)"),
        ('"just a string"', "not a JSON object (got str)"),
        ('{"title": "Broken",', "malformed JSON: "),
    ],
)
def test_bad_record_fails_alone_with_its_line_number(site_tree, tmp_path, bad_line, reason):
    output, error = run_import(tmp_path, GOOD, bad_line, "", record(title="Also good"))

    assert error is not None
    assert "1 record(s) failed" in str(error)
    lines = output.splitlines()
    assert lines[0] == "created: 2, updated: 0, unchanged: 0, failed: 1"
    assert lines[1].startswith(f"line 2: {reason}")
    assert len(lines) == 2
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["also-good", "good"]
    assert not AuthorPage.objects.filter(title="Bad Author").exists()
    assert not Tag.objects.filter(name="bad tag").exists()
    assert not Topic.objects.filter(name="Bad topic").exists()
    assert not ArticleType.objects.filter(name="Bad type").exists()


def test_duplicate_slug_in_one_file_fails_the_later_record(site_tree, tmp_path):
    output, error = run_import(
        tmp_path, record(slug="same"), record(slug="other"), record(slug="same", title="Again")
    )

    assert error is not None
    assert output.splitlines() == [
        "created: 2, updated: 0, unchanged: 0, failed: 1",
        "line 3: duplicate slug 'same' (first seen on line 1)",
    ]
    assert article("same").title == "Sanctions and Summits"


def test_related_slug_must_already_be_imported(site_tree, tmp_path):
    output, error = run_import(
        tmp_path, record(slug="first", related=[{"slug": "later"}]), record(slug="later")
    )

    assert error is not None
    assert "line 1: unknown related article slug 'later'" in output.splitlines()
    assert list(ArticlePage.objects.values_list("slug", flat=True)) == ["later"]


def test_related_article_from_before_the_file(site_tree, tmp_path):
    existing = ArticlePageFactory(slug="from-before")

    _output, error = run_import(tmp_path, record(slug="new", related=[{"slug": "from-before"}]))

    assert error is None
    assert related_items(article("new")) == [{"type": "article", "value": existing.pk}]


def test_record_failing_midway_leaves_nothing_behind(site_tree, tmp_path, monkeypatch):
    """An error after the page and its author were created rolls the whole record back."""
    serializable_data = ArticlePage.serializable_data

    def failing_serializable_data(page, *args, **kwargs):
        assert ArticlePage.objects.filter(slug=page.slug).exists()  # written, then undone
        if page.slug == "boom":
            raise RuntimeError("disk on fire")
        return serializable_data(page, *args, **kwargs)

    monkeypatch.setattr(ArticlePage, "serializable_data", failing_serializable_data)
    before = counts()
    boom = record(
        slug="boom",
        authors=[{"name": "Doomed Author"}],
        tags=["doomed"],
        topics=["Doomed topic"],
        type="Doomed type",
        disclaimer={"name": "Doomed disclaimer", "text": "x"},
    )

    output, error = run_import(tmp_path, boom)

    assert error is not None
    assert output.splitlines()[1] == "line 1: RuntimeError: disk on fire"
    assert counts() == before

    # The tree is still sound: the next records in a file are added normally.
    output, error = run_import(tmp_path, boom, record(slug="fine"), record(slug="fine-too"))
    assert output.splitlines()[0] == "created: 2, updated: 0, unchanged: 0, failed: 1"
    index = Page.objects.get(pk=site_tree.articles.pk)
    assert [p.slug for p in index.get_children()] == ["fine", "fine-too"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_missing_file_is_a_clear_error(site_tree, tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nothing\.jsonl: No such file"):
        call_command("import_articles", str(tmp_path / "nothing.jsonl"), stdout=io.StringIO())


def test_file_that_is_not_text_is_a_clear_error(site_tree, tmp_path):
    path = tmp_path / "binary.jsonl"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("import_articles", str(path), stdout=io.StringIO())


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal(site_tree, tmp_path):
    stderr = Terminal()
    output, error = run_import(tmp_path, record(slug="a"), record(slug="b"), stderr=stderr)

    assert error is None
    assert "Importing articles: 100%" in stderr.getvalue()
    assert "2/2" in stderr.getvalue()
    assert "Importing" not in output  # stdout carries only the summary


def test_no_progress_bar_when_not_a_terminal(site_tree, tmp_path):
    stderr = io.StringIO()
    run_import(tmp_path, record(slug="a"), stderr=stderr)

    assert stderr.getvalue() == ""


def test_language_is_imported_and_checked(site_tree, tmp_path):
    out, error = run_import(
        tmp_path, record(slug="po-russki", language="ru"), record(slug="klingon", language="tlh")
    )
    assert error is not None
    assert article("po-russki").language == "ru"
    assert not ArticlePage.objects.filter(slug="klingon").exists()
    assert "line 2: unknown language 'tlh'" in out


def test_doi_is_imported_bare_and_checked(site_tree, tmp_path):
    out, error = run_import(
        tmp_path,
        record(slug="with-doi", doi="https://doi.org/10.1234/vc.2024.17"),
        record(slug="bad-doi", doi="ISBN 978-5-00000-000-0"),
        record(slug="numeric-doi", doi=10.1234),
    )
    assert error is not None
    assert article("with-doi").doi == "10.1234/vc.2024.17"
    assert not ArticlePage.objects.filter(slug__in=["bad-doi", "numeric-doi"]).exists()
    assert "line 2: 'doi' is not a DOI: 'ISBN 978-5-00000-000-0'" in out
    assert "line 3: 'doi' must be a string" in out

    again, error = run_import(tmp_path, record(slug="with-doi", doi="doi:10.1234/vc.2024.17"))
    assert error is None
    assert again.splitlines()[0] == "created: 0, updated: 0, unchanged: 1, failed: 0"


def test_a_title_and_standfirst_at_the_editors_limits_import(site_tree, tmp_path):
    title, standfirst = "t" * 255, "s" * 300 + "\n" + "s" * 298  # 600 as the editor counts
    output, error = run_import(tmp_path, record(slug="long", title=title, standfirst=standfirst))
    assert error is None
    assert output.splitlines()[0] == "created: 1, updated: 0, unchanged: 0, failed: 0"
    assert (article("long").title, article("long").standfirst) == (title, standfirst)
