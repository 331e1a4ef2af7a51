"""What the hostile-input tests share: the payloads, and a reader of HTML that reports
whatever in it a browser would run."""

import json
from html.parser import HTMLParser

MARK = "pwned"  # in every payload, so a script of the site's own is told apart
SCRIPT = f"<script>alert('{MARK}')</script>"
JS_LINK = f"<a href=\"javascript:alert('{MARK}')\">click</a>"
IMG = f"<img src=x onerror=alert('{MARK}')>"
SVG = f"<svg onload=alert('{MARK}')>"
CLOSE_SCRIPT = f"</script><script>alert('{MARK}')</script>"
PAYLOADS = (SCRIPT, JS_LINK, IMG, SVG, CLOSE_SCRIPT)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class _ActiveContent(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the type of the script element being read
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            compact = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and compact.startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed") and MARK in str(attrs):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self._script, self._text = dict(attrs).get("type") or "", []
            if MARK in (dict(attrs).get("src") or ""):
                self.found.append("<script src=...>")

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        text = "".join(self._text)
        if self._script == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                self.found.append(f"JSON-LD that is not JSON: {text[:80]!r}")
        elif MARK in text:
            self.found.append(f"<script>{text[:80]}</script>")
        self._script = None


def active_content(html: str) -> list[str]:
    """What in ``html`` would run in a browser and came from a payload: event attributes,
    ``javascript:`` URLs, scripts carrying the mark, JSON-LD broken open. Empty when safe."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found
