"""An article's citation as files reference managers import: BibTeX, RIS and CSL-JSON,
served at ``<article URL>cite.bib``, ``cite.ris`` and ``cite.json``.

All three are UTF-8. BibTeX keeps non-ASCII letters as they are (biber, biblatex and the
``inputenc`` package read them) and escapes the characters TeX gives a meaning to; RIS
writes one tag a line, CRLF-ended, as its specification asks; CSL-JSON is the list of items
citeproc processors (Zotero, Pandoc) read.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .citation import Citation

# TeX's special characters, as BibTeX fields must write them.
TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
TEX_SPECIAL = re.compile("|".join(re.escape(char) for char in TEX_ESCAPES))
# fmt: off
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# fmt: on
# ISO 639-1 codes as biblatex's ``langid`` names them.
LANGIDS = {"en": "english", "ru": "russian"}


def tex(text: str) -> str:
    return TEX_SPECIAL.sub(lambda match: TEX_ESCAPES[match.group()], text)


def bibtex_name(name) -> str:
    """ "Family, Given"; a name BibTeX would split wrongly ("and" inside, a comma, one word
    of an organisation) is braced whole."""
    if not name.given or "," in name.natural or " and " in f" {name.natural.lower()} ":
        return f"{{{tex(name.natural)}}}"
    return f"{tex(name.family)}, {tex(name.given)}"


def bibtex(citation: Citation) -> str:
    """A ``@misc`` entry, the type BibTeX's styles and biblatex both give a web page; the
    title braced so styles keep its capitals, the month as BibTeX's macro."""
    braced = [
        ("author", " and ".join(bibtex_name(name) for name in citation.authors)),
        ("title", f"{{{tex(citation.title)}}}"),
        ("howpublished", tex(citation.site)),
        ("date", citation.date.isoformat() if citation.date else ""),
        ("year", str(citation.date.year) if citation.date else ""),
        # URLs and DOIs are verbatim fields: escaping would change them.
        ("url", citation.url),
        ("doi", citation.doi),
        ("langid", LANGIDS.get(citation.language, citation.language)),
        ("abstract", tex(citation.abstract)),
    ]
    lines = [f"  {name} = {{{value}}}," for name, value in braced if value]
    if citation.date:
        lines.append(f"  month = {BIBTEX_MONTHS[citation.date.month - 1]},")
    return "\n".join([f"@misc{{{citation.key},", *lines, "}", ""])


def ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(citation: Citation) -> str:
    """An ``ELEC`` (web page) record."""
    tags = [("TY", "ELEC")]
    tags += [("AU", name.inverted) for name in citation.authors]
    tags += [("TI", citation.title), ("PB", citation.site), ("T2", citation.site)]
    if day := citation.date:
        tags += [("PY", str(day.year)), ("DA", day.strftime("%Y/%m/%d/"))]
    tags += [("UR", citation.url), ("DO", citation.doi), ("LA", citation.language)]
    tags += [("AB", citation.abstract)]
    tags += [("KW", keyword) for keyword in citation.keywords]
    lines = [f"{tag}  - {ris_value(value)}" for tag, value in tags if value]
    return "\r\n".join([*lines, "ER  - ", ""])


def csl_item(citation: Citation) -> dict:
    """The citation as one CSL-JSON item of type ``webpage``."""
    item: dict = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": [
            {"family": n.family, "given": n.given} if n.given else {"literal": n.family}
            for n in citation.authors
        ],
        "container-title": citation.site,
        "publisher": citation.site,
        "URL": citation.url,
        "language": citation.language,
    }
    if day := citation.date:
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    if citation.doi:
        item["DOI"] = citation.doi
    if citation.abstract:
        item["abstract"] = citation.abstract
    if citation.keywords:
        item["keyword"] = ", ".join(citation.keywords)
    return item


def csl_json(citation: Citation) -> str:
    return json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class CitationFile:
    write: Callable[[Citation], str]
    content_type: str
    extension: str


# By the last segment of the URL, after the article's own.
CITATION_FILES = {
    "cite.bib": CitationFile(bibtex, "application/x-bibtex", "bib"),
    "cite.ris": CitationFile(ris, "application/x-research-info-systems", "ris"),
    "cite.json": CitationFile(csl_json, "application/vnd.citationstyles.csl+json", "json"),
}


def citation_links(page_url: str | None) -> dict[str, str]:
    """The files' URLs by their extension, for a page at ``page_url`` (none for a page
    with no URL yet, in a preview)."""
    if not page_url:
        return {}
    return {kind.extension: f"{page_url}{name}" for name, kind in CITATION_FILES.items()}


def citation_file_response(citation: Citation, name: str, slug: str) -> HttpResponse:
    """The file ``name`` (a key of ``CITATION_FILES``), downloaded as ``<slug>.<ext>``."""
    kind = CITATION_FILES[name]
    response = HttpResponse(
        kind.write(citation), content_type=f"{kind.content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{slug}.{kind.extension}"
    )
    return response
