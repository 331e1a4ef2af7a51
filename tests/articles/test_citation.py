"""An article's citation on its page and in its files, read back by independent parsers:
bibtexparser (with pylatexenc decoding TeX) for BibTeX, rispy for RIS, and the Citation
Style Language's own JSON schema for CSL-JSON (tests/articles/csl/, MIT-licensed)."""

import datetime
import json
import re
from html import unescape
from pathlib import Path

from django.core.exceptions import ValidationError

from wagtail.models import PageViewRestriction

import bibtexparser
import jsonschema
import pytest
import rispy
from pylatexenc.latex2text import LatexNodes2Text

from cms.core.models import SiteSettings
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads((Path(__file__).parent / "csl" / "csl-data.json").read_text())
# Every character TeX gives a meaning to, and a Cyrillic word.
TITLE = r"Oil & gas: 50% {up} #1 $5 a_b ~x ^y \z — Корея"
DOI = "10.1234/vc.2024.17"


@pytest.fixture
def article(site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.organisation_name = "Valdai Club"
    settings.save()
    authors = [
        AuthorPageFactory(title="Georgy Toloraya", slug="toloraya"),
        AuthorPageFactory(title="Андрей Кортунов", slug="kortunov"),
    ]
    return ArticlePageFactory(
        title=TITLE,
        slug="oil-and-gas",
        standfirst="Prices,\nand what follows.",
        display_date=datetime.date(2024, 3, 5),
        authors=authors,
        tags=["energy", "Korea"],
        doi=DOI,
    )


def download(client, name: str):
    response = client.get(f"/articles/oil-and-gas/{name}")
    assert response.status_code == 200, name
    return response, response.content.decode()


def test_bibtex_reads_back(client, article):
    response, text = download(client, "cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="oil-and-gas.bib"'

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "toloraya2024koreya")
    fields = {field.key: field.value for field in entry.fields}

    def decode(tex: str) -> str:
        # pylatexenc reads \textasciicircum as the modifier letter U+02C6, LaTeX prints "^".
        return LatexNodes2Text().latex_to_text(tex).replace("\u02c6", "^")

    assert fields["author"] == "Toloraya, Georgy and Кортунов, Андрей"
    assert decode(fields["title"]) == TITLE
    assert fields["title"].startswith("{Oil \\& gas: 50\\% \\{up\\}")  # braced: capitals kept
    assert fields["howpublished"] == "Valdai Club"
    assert (fields["year"], fields["date"], fields["month"]) == ("2024", "2024-03-05", "mar")
    assert fields["url"] == "http://localhost/articles/oil-and-gas/"
    assert fields["doi"] == DOI
    assert fields["langid"] == "english"
    assert fields["abstract"] == "Prices, and what follows."


def test_ris_reads_back(client, article):
    response, text = download(client, "cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert text.startswith("TY  - ELEC\r\n")
    assert text.endswith("ER  - \r\n")

    [record] = rispy.loads(text)
    assert record["type_of_reference"] == "ELEC"
    assert record["authors"] == ["Toloraya, Georgy", "Кортунов, Андрей"]
    assert record["title"] == TITLE
    assert record["publisher"] == "Valdai Club"
    assert (record["year"], record["date"]) == ("2024", "2024/03/05/")
    assert record["urls"] == ["http://localhost/articles/oil-and-gas/"]
    assert record["doi"] == DOI
    assert record["abstract"] == "Prices, and what follows."
    assert sorted(record["keywords"]) == ["Korea", "energy"]


def test_csl_json_is_valid_by_the_schema(client, article):
    response, text = download(client, "cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"

    items = json.loads(text)
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(items)
    [item] = items
    assert item["type"] == "webpage"
    assert item["title"] == TITLE
    assert item["author"] == [
        {"family": "Toloraya", "given": "Georgy"},
        {"family": "Кортунов", "given": "Андрей"},
    ]
    assert item["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert (item["DOI"], item["container-title"]) == (DOI, "Valdai Club")


def test_the_schema_refuses_what_is_not_csl():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "web page", "title": "Not a type"}], CSL_SCHEMA)


def meta(html: str, name: str) -> list[str]:
    found = re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)">', html)
    return [unescape(value) for value in found]


def test_the_page_carries_scholar_and_dublin_core_tags(client, article):
    html = client.get("/articles/oil-and-gas/").content.decode()
    head = html[: html.index("</head>")]

    assert meta(head, "citation_title") == [TITLE]
    assert meta(head, "citation_author") == ["Toloraya, Georgy", "Кортунов, Андрей"]
    assert meta(head, "citation_publication_date") == ["2024/03/05"]
    assert meta(head, "citation_publisher") == ["Valdai Club"]
    assert meta(head, "citation_doi") == [DOI]
    assert meta(head, "DC.creator") == ["Toloraya, Georgy", "Кортунов, Андрей"]
    assert meta(head, "DC.date") == ["2024-03-05"]
    assert meta(head, "DC.identifier") == [f"https://doi.org/{DOI}"]
    assert '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">' in head


def test_cite_this_offers_each_style_and_file(client, article):
    html = client.get("/articles/oil-and-gas/").content.decode()
    box = html[html.index('<details class="cite">') :]
    box = box[: box.index("</details>")]

    styles = re.findall(r"<dt>(\w+)</dt>", box)
    assert styles == ["APA", "Chicago", "MLA"]
    assert "Toloraya, G., &amp; Кортунов, А. (2024, March 5). <i>Oil &amp; gas" in box  # noqa: RUF001
    assert f"https://doi.org/{DOI}" in box
    links = re.findall(r'<a href="([^"]+)" download', box)
    assert links == [f"/articles/oil-and-gas/cite.{ext}" for ext in ("bib", "ris", "json")]
    for link in links:
        assert client.get(link).status_code == 200


def test_doi_in_json_ld_and_the_api(client, article):
    html = client.get("/articles/oil-and-gas/").content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": DOI}
    assert data["sameAs"] == f"https://doi.org/{DOI}"
    api = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert api["doi"] == DOI


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (DOI, DOI),
        (f" https://doi.org/{DOI} ", DOI),
        (f"http://dx.doi.org/{DOI}", DOI),
        (f"doi: {DOI}", DOI),
        ("", ""),
    ],
)
def test_a_pasted_doi_is_kept_bare(article, typed, kept):
    article.doi = typed
    article.full_clean()
    assert article.doi == kept


@pytest.mark.parametrize("typed", ["10.12/short", "doi.org/x", "11.1234/abc", "10.1234/a b"])
def test_what_is_not_a_doi_is_refused(article, typed):
    article.doi = typed
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "Enter a DOI" in str(refused.value.message_dict["doi"])


def test_an_article_without_doi_date_or_tags_still_cites(client, site_tree):
    ArticlePageFactory(
        slug="plain", title="Plain", authors=[AuthorPageFactory(title="UNESCO")], tags=[]
    )
    _, bib = download_plain(client, "cite.bib")
    [entry] = bibtexparser.parse_string(bib).entries
    assert entry.fields_dict["author"].value == "{UNESCO}"
    assert "doi" not in entry.fields_dict
    _, csl = download_plain(client, "cite.json")
    jsonschema.validate(json.loads(csl), CSL_SCHEMA)
    assert json.loads(csl)[0]["author"] == [{"literal": "UNESCO"}]


def download_plain(client, name: str):
    response = client.get(f"/articles/plain/{name}")
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("path", ["cite.pdf", "cite.bib/more", "cite", "CITE.BIB", "cite.bib.bak"])
def test_other_paths_under_an_article_are_not_found(client, article, path):
    assert client.get(f"/articles/oil-and-gas/{path}", follow=True).status_code == 404


def test_no_citation_of_an_article_readers_cannot_see(client, article):
    article.unpublish()
    for ext in ("bib", "ris", "json"):
        assert client.get(f"/articles/oil-and-gas/cite.{ext}").status_code == 404
    article.save_revision().publish()
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    for ext in ("bib", "ris", "json"):
        response = client.get(f"/articles/oil-and-gas/cite.{ext}")
        assert "Toloraya" not in response.content.decode()
        assert not response.get("Content-Disposition")
