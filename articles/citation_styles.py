"""An article's citation as readers copy it: APA (7th edition), Chicago (17th, author-date)
and MLA (9th), each as the style's manual gives a page on a website.

The date a reader accessed the page, which MLA and APA add for pages that change, is theirs
to add. Titles are printed as the editor wrote them: the styles' sentence or title case
cannot be made from a title mechanically (names, acronyms), so they are left alone.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .citation import MONTHS, Citation

# MLA's abbreviations of the months (May, June and July are written in full).
# fmt: off
MLA_MONTHS = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
]
# fmt: on
APA_MOST = 20  # authors APA lists before "…" and the last one
CHICAGO_MOST = 10  # more, and Chicago lists seven, then "et al."


def ended(text: str) -> str:
    """``text`` with a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def joined(names: list[str], conjunction: str) -> str:
    """ "A", or "A, B, {conjunction} C": the styles put the comma before the last name even
    of two, the first name being inverted ("Toloraya, G., & Smith, J.")."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])}, {conjunction} {names[-1]}"


def apa(citation: Citation) -> SafeString:
    """Toloraya, G., & Smith, J. A. (2024, March 5). *Title*. Site. https://…"""
    names = [f"{n.family}, {n.initials}" if n.given else n.family for n in citation.authors]
    if len(names) > APA_MOST:
        authors = f"{', '.join(names[: APA_MOST - 1])}, . . . {names[-1]}"
    else:
        authors = joined(names, "&")
    day = citation.date
    when = f"{day.year}, {MONTHS[day.month - 1]} {day.day}" if day else "n.d."
    return format_html(
        "{} ({}). <i>{}</i> {} {}",
        ended(authors) if authors else "",
        when,
        ended(citation.title),
        ended(citation.site),
        citation.link,
    )


def chicago(citation: Citation) -> SafeString:
    """Toloraya, Georgy, and John A. Smith. 2024. “Title.” Site, March 5, 2024. https://…"""
    people = list(citation.authors)
    shown = people if len(people) <= CHICAGO_MOST else people[:7]
    names = [shown[0].inverted, *(n.natural for n in shown[1:])] if shown else []
    authors = f"{', '.join(names)}, et al" if len(shown) < len(people) else joined(names, "and")
    day = citation.date
    year = f"{day.year}." if day else "n.d."
    dated = f", {MONTHS[day.month - 1]} {day.day}, {day.year}" if day else ""
    return format_html(
        "{} {} “{}” {}{}. {}",
        ended(authors) if authors else "",
        year,
        ended(citation.title),
        citation.site,
        dated,
        ended(citation.link),
    )


def mla(citation: Citation) -> SafeString:
    """Toloraya, Georgy, and John A. Smith. “Title.” *Site*, 5 Mar. 2024, site.org/…"""
    people = citation.authors
    if len(people) == 1:
        authors = people[0].inverted
    elif len(people) == 2:
        authors = joined([people[0].inverted, people[1].natural], "and")
    else:
        authors = f"{people[0].inverted}, et al" if people else ""
    day = citation.date
    dated = f", {day.day} {MLA_MONTHS[day.month - 1]} {day.year}" if day else ""
    link = citation.link if citation.doi else citation.url.split("://", 1)[-1]
    return format_html(
        "{} “{}” <i>{}</i>{}, {}.",
        ended(authors) if authors else "",
        ended(citation.title),
        citation.site,
        dated,
        link,
    )


STYLES = {"APA": apa, "Chicago": chicago, "MLA": mla}


def formatted(citation: Citation) -> dict[str, SafeString]:
    """The citation in each style, by the style's name."""
    return {name: style(citation) for name, style in STYLES.items()}
