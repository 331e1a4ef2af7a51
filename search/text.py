"""The reader's query text: cleaned, split into phrases and words, and highlighted.

Nothing here parses query syntax. Double quotes make a phrase; every other character is
text. Whatever arrives (10,000 characters, NUL, lone brackets, backslashes) comes out as a
short, printable string.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from wagtail.rich_text import get_text_for_indexing

from articles.footnotes import without_references

# Longer queries are cut at a word boundary: no reader types more, and every extra word
# makes the query (fuzzy expansions per word and field) more expensive.
MAX_QUERY_CHARS = 200
MAX_WORDS = 24

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass
class ParsedQuery:
    text: str = ""  # the cleaned query, as echoed back to the reader
    phrases: list[str] = field(default_factory=list)  # each a space-joined run of words
    words: list[str] = field(default_factory=list)  # words outside quotes

    @property
    def has_text(self) -> bool:
        return bool(self.text)

    @property
    def searchable(self) -> bool:
        """False when the text holds no word at all (only punctuation): nothing can match."""
        return bool(self.phrases or self.words)

    @property
    def free_text(self) -> str:
        return " ".join(self.words)

    @property
    def terms(self) -> list[str]:
        """Every word of the query, for highlighting."""
        return [w for p in self.phrases for w in p.split()] + self.words


def clean(raw: str | None) -> str:
    text = _SPACE.sub(" ", _CONTROL.sub(" ", raw or "")).strip()
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    return text


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def parse(raw: str | None) -> ParsedQuery:
    text = clean(raw)
    phrases = []
    for quoted in _PHRASE.findall(text):
        phrase_words = words(quoted)
        if len(phrase_words) == 1:
            phrases.append(phrase_words[0])
        elif phrase_words:
            phrases.append(" ".join(phrase_words))
    rest = words(_PHRASE.sub(" ", text))
    budget = max(MAX_WORDS - sum(len(p.split()) for p in phrases), 0)
    return ParsedQuery(text=text, phrases=phrases, words=rest[:budget])


def highlight(text: str, terms: list[str], size: int = 180) -> str:
    """An excerpt of ``text`` around the first term found, HTML-escaped, terms in <mark>.

    Matching happens on the raw text; each piece is escaped on its own before the marks go
    in, so the result is safe HTML whatever the text or the terms hold. Empty when no term
    occurs.
    """
    if not text or not terms:
        return ""
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
        + r")\w*",
        re.IGNORECASE,
    )
    first = pattern.search(text)
    if not first:
        return ""
    start = max(first.start() - size // 3, 0)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(start + size, len(text))
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    excerpt = text[start:end]
    out, pos = [], 0
    for match in pattern.finditer(excerpt):
        out.append(html.escape(excerpt[pos : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        pos = match.end()
    out.append(html.escape(excerpt[pos:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def body_text(raw_data) -> str:
    """A body stream as plain text, a paragraph a block, read from its stored JSON."""
    return "\n\n".join(body_paragraphs(raw_data))


def body_paragraphs(raw_data, holding: list[str] | None = None) -> Iterator[str]:
    """A body stream's text, block by block, read from its stored JSON.

    Paragraphs, headings, pull quotes with their attribution and image captions. The raw
    data needs no database query (an image block's value would load its image); each block
    is made plain text only when it is asked for. With ``holding``, a paragraph whose
    markup does not hold one of those words (in any case) is passed over without being
    made plain text: a word split by markup inside it is not looked for.
    """
    folded = [word.casefold() for word in holding or []]
    for block in raw_data or []:
        if not isinstance(block, dict):
            continue
        kind, value, text = block.get("type"), block.get("value"), ""
        if kind == "paragraph" and isinstance(value, str):
            if folded and not any(word in value.casefold() for word in folded):
                continue
            text = get_text_for_indexing(without_references(value))
        elif kind == "heading" and isinstance(value, dict):
            text = str(value.get("text") or "")
        elif kind == "pull_quote" and isinstance(value, dict):
            text = " ".join(filter(None, [value.get("quote"), value.get("attribution")]))
        elif kind == "image" and isinstance(value, dict):
            text = str(value.get("caption") or "")
        text = strip_tags(text).strip() if text else ""
        if text:
            yield text
