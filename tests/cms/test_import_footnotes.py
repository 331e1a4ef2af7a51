"""Footnotes in imported bodies: Markdown's and HTML's, made the article's notes and
references (cms/importer/footnotes.py)."""

import re

import pytest

from articles.models import ArticlePage
from tests.cms.test_import import article, record, run_import

pytestmark = pytest.mark.django_db


MARKDOWN_NOTES = """Sanctions bite.[^a] Talks stall.[^b]

## Later

Again.[^a]

[^a]: See *the* [UN](https://un.org/).
[^b]: Second note.
"""

PANDOC_NOTES = (
    '<p>Sanctions<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref">'
    '<sup>1</sup></a> bite; talks<sup><a href="#fn2" id="fnref2">2</a></sup> stall.</p>'
    '<section id="footnotes" class="footnotes" role="doc-endnotes"><hr /><ol>'
    '<li id="fn1"><p>See <em>the</em> <a href="https://un.org/">UN</a>.'
    '<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>'
    '<li id="fn2">Second note. <a href="#fnref2">↩</a></li></ol></section>'
    "<p>After the notes.</p>"
)


@pytest.mark.parametrize(
    ("body", "body_format"), [(MARKDOWN_NOTES, "markdown"), (PANDOC_NOTES, "html")]
)
def test_footnotes_are_imported_as_references_and_notes(site_tree, tmp_path, body, body_format):
    out, error = run_import(tmp_path, record(slug="noted", body=body, body_format=body_format))
    assert error is None, out
    page = article("noted")
    stored = "".join(block["value"] for block in page.body.raw_data if block["type"] == "paragraph")
    assert re.findall(r'<a linktype="footnote" id="(\w+)">\*</a>', stored)[:2] == ["n1", "n2"]
    notes = list(page.footnotes.values_list("key", "text"))
    assert notes == [
        ("n1", '<p>See <i>the</i> <a href="https://un.org/">UN</a>.</p>'),
        ("n2", "<p>Second note.</p>"),
    ]
    assert "↩" not in stored
    assert "footnote" not in stored.replace('linktype="footnote"', "")

    again, error = run_import(tmp_path, record(slug="noted", body=body, body_format=body_format))
    assert error is None
    assert again.splitlines()[0] == "created: 0, updated: 0, unchanged: 1, failed: 0"


def test_a_note_referenced_from_nowhere_fails_the_record(site_tree, tmp_path):
    body = '<h2>Title<sup><a href="#fn1">1</a></sup></h2><ol><li id="fn1">Note.</li></ol>'
    out, error = run_import(tmp_path, record(slug="orphan", body=body))
    assert error is not None
    assert "line 1: footnote 1 is referenced from no paragraph" in out
    assert not ArticlePage.objects.filter(slug="orphan").exists()
