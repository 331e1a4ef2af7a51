"""A page's other-language versions, as readers may reach them.

Each language has its own page tree (a Wagtail locale: English at the root of the site's
URLs, Russian under ``/ru/``); a translation is the page in another tree with the same
``translation_key``, made by the admin's "Translate" action. ``translations`` lists the
versions of a page a reader may see (the reader rule, ``readers_q``), which the pages link
to and name as ``hreflang`` alternates, and the sitemap lists.

A URL's language prefix and the tree its page is in agree: ``/ru/...`` serves only pages of
the Russian tree (``in_url_language``), so no English page is also served under ``/ru/``.
"""

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language, get_language_info

from wagtail.models import Page, Site

from .visibility import all_root_paths, readers_q, site_root_paths

# Pages' translations looked up during this request, by page id.
REQUEST_CACHE = "_page_translations"
# The attribute of a site's root page that holds its version in the request's language.
LOCALIZED_ROOT = "localized_for_request"


@dataclass(frozen=True)
class Version:
    """A page in one language, as a reader may reach it."""

    language: str  # its code: "en", "ru"
    pk: int
    path: str  # on the reader's site: links in pages
    url: str  # absolute, with the site's own host: alternates, for robots

    @property
    def is_default(self) -> bool:
        """The version in the site's own language: ``hreflang="x-default"``."""
        return self.language == settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Translation(Version):
    name: str = ""  # the language's name in that language: "English", "Русский"
    current: bool = False  # the page itself


def has_translations() -> Exists:
    """Annotation for a query of pages: has the page a version in another language, whether
    or not readers may see it? Where it has none, ``translations`` needs no query."""
    others = Page.objects.filter(translation_key=OuterRef("translation_key"))
    return Exists(others.exclude(pk=OuterRef("pk")))


def translations(page: Page, request) -> list[Translation]:
    """``page`` in each language a reader may read it in, itself included, in the order of
    the site's languages; empty when there is no other. One query, none at all on a site
    with one language, and none for a page asked about again in the same request."""
    if getattr(page, "has_translations", None) is False:  # as its route found it
        return []
    cache = getattr(request, REQUEST_CACHE, None)
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, REQUEST_CACHE, cache)
    if page.pk not in cache:
        cache[page.pk] = _translations(page, request)
    return cache[page.pk]


def _translations(page: Page, request) -> list[Translation]:
    versions = translations_of([page], request).get(page.translation_key, [])
    return [
        Translation(
            **vars(version),
            name=get_language_info(version.language)["name_local"],
            current=version.pk == page.pk,
        )
        for version in versions
    ]


def translations_of(pages, request) -> dict[UUID, list[Version]]:
    """For each of ``pages`` that a reader may read in more than one language, by its
    ``translation_key``: each version, in the order of the site's languages. One query; none
    on a site with one language."""
    roots = site_root_paths(request)
    if roots is not None and len(roots) < 2:
        return {}
    rows = (
        Page.objects.filter(translation_key__in={page.translation_key for page in pages})
        .filter(readers_q(request))
        .values_list("translation_key", "locale__language_code", "pk", "url_path")
    )
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    found: dict[UUID, list[Version]] = {}
    for key, code, pk, url_path in sorted(rows, key=lambda row: order.index(row[1])):
        _site, root_url, path = Page(url_path=url_path).get_url_parts(request) or (0, "", "")
        found.setdefault(key, []).append(Version(code, pk, path or "", f"{root_url}{path}"))
    return {key: versions for key, versions in found.items() if len(versions) > 1}


def with_url_language_root(site: Site, request) -> Site:
    """``site`` with its root page as its own type, holding as ``LOCALIZED_ROOT`` the home
    page of the URL's language, which routing starts from (``Page.localized`` on a home page
    reads it). That is the site's own home when the language has no live one, as Wagtail's
    ``localized`` has it. The language's root comes from Wagtail's cached site root paths,
    and both pages from one query."""
    root = site.root_page
    wanted = next(iter(_url_language_roots(request, site)), root.url_path)
    found = {
        page.url_path: page
        for page in root.specific_class.objects.filter(url_path__in={root.url_path, wanted})
        if page.pk == root.pk or page.live
    }
    site.root_page = found[root.url_path]
    setattr(site.root_page, LOCALIZED_ROOT, found.get(wanted, site.root_page))
    return site


def in_url_language(page: Page, request) -> bool:
    """Is ``page`` in the tree of the language its URL names? From Wagtail's cached site
    root paths: no query."""
    roots = _url_language_roots(request, Site.find_for_request(request))
    return any(page.url_path.startswith(root) for root in roots)


def _url_language_roots(request, site: Site | None) -> list[str]:
    """The ``url_path`` of the root of the URL's language's tree on ``site`` (on every site
    without one)."""
    language = get_language()
    return [
        root.root_path
        for root in all_root_paths(request)
        if root.language_code == language and (site is None or root.site_id == site.pk)
    ]
