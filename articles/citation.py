"""What a citation of an article says, whichever style or file writes it.

An article is cited with its authors in credit order, its title, the site's name as its
publisher, its date, its permalink and, when it has one, its DOI. The styles a reader copies
(``citation_styles``), the files a reference manager imports (``citation_files``) and the
tags Google Scholar and Zotero read from the page (``scholar_meta``) all start here.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Words that open a family name rather than end the given names ("Ludwig van Beethoven").
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la"}
# Latin letters for Cyrillic ones, for citation keys (which reference managers want ASCII).
# fmt: off
CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
], strict=True))
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
# fmt: on


@dataclass(frozen=True)
class Name:
    """A person's name split as citations print it; ``family`` empty for a one-word name
    (an organisation, a pen name), printed whole."""

    given: str
    family: str

    @classmethod
    def parse(cls, full: str) -> "Name":
        words = full.split()
        if len(words) < 2:
            return cls(given="", family=" ".join(words))
        start = len(words) - 1
        while start > 1 and words[start - 1].lower() in PARTICLES:
            start -= 1
        return cls(given=" ".join(words[:start]), family=" ".join(words[start:]))

    @property
    def natural(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self) -> str:
        """ "G. D." for "Georgy Dmitrievich", "J.-P." for "Jean-Paul"."""
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )


@dataclass(frozen=True)
class Citation:
    key: str  # the entry's key in BibTeX and its id in CSL-JSON
    authors: tuple[Name, ...]
    title: str
    site: str  # the publisher and the website's name
    date: date | None
    url: str
    doi: str
    language: str
    abstract: str
    keywords: tuple[str, ...]

    @property
    def link(self) -> str:
        """Where the citation sends a reader: the DOI's resolver when there is one."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def citation_for(page, request, *, credits, tags, site_name: str) -> Citation:
    """The citation of ``page``, its ``credits`` (``ArticlePageAuthor`` rows) in order."""
    authors = tuple(Name.parse(credit.author.title) for credit in credits)
    return Citation(
        key=citation_key(authors, page.date, page.title, page.pk),
        authors=authors,
        title=" ".join(page.title.split()),
        site=site_name,
        date=page.date,
        url=page.get_full_url(request) or "",
        doi=page.doi,
        language=page.language,
        abstract=" ".join(page.standfirst.split()),
        keywords=tuple(tag.name for tag in tags),
    )


def ascii_word(text: str) -> str:
    """``text`` in lower-case ASCII letters and digits: Cyrillic spelt out in Latin,
    accents dropped, anything else left out."""
    spelt = "".join(CYRILLIC.get(char, char) for char in text.lower())
    plain = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain)


def citation_key(authors, published: date | None, title: str, pk: int) -> str:
    """``toloraya2024korean``: the first author's family name, the year and the title's
    first long word, as reference managers make keys; ``article<id>`` when none is left."""
    family = ascii_word(authors[0].family) if authors else ""
    words = [ascii_word(word) for word in title.split()]
    word = next((w for w in words if len(w) > 3), "")
    year = str(published.year) if published else ""
    return f"{family}{year}{word}" if family or word else f"article{pk}"


def scholar_meta(citation: Citation) -> SafeString:
    """Google Scholar's Highwire Press tags and Dublin Core's, for the page's head."""
    tags = [("citation_title", citation.title)]
    tags += [("citation_author", name.inverted) for name in citation.authors]
    if citation.date:
        tags.append(("citation_publication_date", citation.date.strftime("%Y/%m/%d")))
    tags += [
        ("citation_publisher", citation.site),
        ("citation_language", citation.language),
        ("citation_abstract_html_url", citation.url),
    ]
    if citation.doi:
        tags.append(("citation_doi", citation.doi))
    if citation.keywords:
        tags.append(("citation_keywords", "; ".join(citation.keywords)))
    tags += [("DC.title", citation.title)]
    tags += [("DC.creator", name.inverted) for name in citation.authors]
    if citation.date:
        tags.append(("DC.date", citation.date.isoformat()))
    tags += [
        ("DC.publisher", citation.site),
        ("DC.language", citation.language),
        ("DC.type", "Text"),
        ("DC.identifier", citation.link),
    ]
    if citation.abstract:
        tags.append(("DC.description", citation.abstract))
    return format_html(
        '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">{}',
        format_html_join("", '<meta name="{}" content="{}">', tags),
    )
