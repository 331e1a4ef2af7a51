"""The "Cite this" styles, each as its manual prints a page on a website: APA 7, Chicago 17
(author-date), MLA 9."""

import datetime

import pytest

from articles.citation import Citation, Name, citation_key
from articles.citation_styles import apa, chicago, mla

URL = "https://valdaiclub.com/a/highlights/korean-peninsula/"


def cite(*names: str, title="The Korean Peninsula", day=datetime.date(2024, 3, 5), doi=""):
    authors = tuple(Name.parse(name) for name in names)
    return Citation(
        key=citation_key(authors, day, title, 1),
        authors=authors,
        title=title,
        site="Valdai Club",
        date=day,
        url=URL,
        doi=doi,
        language="en",
        abstract="",
        keywords=(),
    )


TWO = ("Georgy Toloraya", "John A. Smith")


def test_apa():
    assert apa(cite(*TWO)) == (
        "Toloraya, G., &amp; Smith, J. A. (2024, March 5). <i>The Korean Peninsula.</i> "
        f"Valdai Club. {URL}"
    )
    assert apa(cite("Georgy Toloraya")).startswith("Toloraya, G. (2024, March 5).")
    three = apa(cite("Anna Ivanova", "Georgy Toloraya", "John Smith"))
    assert three.startswith("Ivanova, A., Toloraya, G., &amp; Smith, J. (2024")


def test_apa_lists_nineteen_authors_then_the_last():
    names = [f"Given Family{n}" for n in range(25)]
    text = apa(cite(*names))
    assert "Family18, G., . . . Family24, G. (2024" in text
    assert "Family19" not in text


def test_chicago_author_date():
    assert chicago(cite(*TWO)) == (
        "Toloraya, Georgy, and John A. Smith. 2024. “The Korean Peninsula.” Valdai Club, "
        f"March 5, 2024. {URL}."
    )
    three = chicago(cite("Anna Ivanova", "Georgy Toloraya", "John Smith"))
    assert three.startswith("Ivanova, Anna, Georgy Toloraya, and John Smith. 2024.")
    eleven = chicago(cite(*[f"Given Family{n}" for n in range(11)]))
    assert eleven.startswith("Family0, Given, Given Family1, ")
    assert "Given Family6, et al. 2024." in eleven
    assert "Family7" not in eleven


def test_mla():
    assert mla(cite(*TWO)) == (
        "Toloraya, Georgy, and John A. Smith. “The Korean Peninsula.” <i>Valdai Club</i>, "
        "5 Mar. 2024, valdaiclub.com/a/highlights/korean-peninsula/."
    )
    assert mla(cite("Georgy Toloraya")).startswith("Toloraya, Georgy. “The")
    three = mla(cite("Anna Ivanova", "Georgy Toloraya", "John Smith"))
    assert three.startswith("Ivanova, Anna, et al. “The Korean Peninsula.”")
    assert ", 5 June 2024," in mla(cite("A B", day=datetime.date(2024, 6, 5)))
    assert ", 5 Sept. 2024," in mla(cite("A B", day=datetime.date(2024, 9, 5)))


def test_a_doi_is_the_link_every_style_gives():
    doi = cite(*TWO, doi="10.1234/vc.2024.17")
    for style in (apa, chicago, mla):
        assert "https://doi.org/10.1234/vc.2024.17" in style(doi)
        assert URL not in style(doi)


def test_no_date_and_a_title_ending_its_own_sentence():
    undated = cite("Georgy Toloraya", title="Will the talks resume?", day=None)
    assert apa(undated) == (
        f"Toloraya, G. (n.d.). <i>Will the talks resume?</i> Valdai Club. {URL}"
    )
    assert "“Will the talks resume?” Valdai Club. https://" in chicago(undated)
    assert "n.d." in chicago(undated)
    assert "“Will the talks resume?” <i>Valdai Club</i>, valdaiclub.com" in mla(undated)


def test_cyrillic_names_and_text_are_kept_and_escaped():
    text = cite("Георгий Толорая", title="Корея <b>и</b> мы")
    escaped = "Корея &lt;b&gt;и&lt;/b&gt; мы"
    assert apa(text).startswith(f"Толорая, Г. (2024, March 5). <i>{escaped}.</i>")
    assert mla(text).startswith("Толорая, Георгий. “Корея &lt;b&gt;")


@pytest.mark.parametrize(
    ("full", "given", "family", "initials"),
    [
        ("Georgy Toloraya", "Georgy", "Toloraya", "G."),
        ("John A. Smith", "John A.", "Smith", "J. A."),
        ("Jean-Paul Sartre", "Jean-Paul", "Sartre", "J.-P."),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven", "L."),
        ("Георгий Дмитриевич Толорая", "Георгий Дмитриевич", "Толорая", "Г. Д."),
        ("UNESCO", "", "UNESCO", ""),
    ],
)
def test_names(full, given, family, initials):
    name = Name.parse(full)
    assert (name.given, name.family, name.initials) == (given, family, initials)
    assert name.natural == full


def test_citation_keys_are_ascii():
    day = datetime.date(2024, 3, 5)
    assert citation_key((Name.parse("Georgy Toloraya"),), day, "The Korean Peninsula", 7) == (
        "toloraya2024korean"
    )
    assert citation_key((Name.parse("Георгий Толорая"),), day, "Корея и мы", 7) == (
        "toloraya2024koreya"
    )
    assert citation_key((), None, "和平", 7) == "article7"
