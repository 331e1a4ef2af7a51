"""The demo site: the seed articles, their authors and the club's disclaimer.

The articles live in ``articles.jsonl`` next to this module, in the import format, and are
loaded through the same importer as any other file.
"""

from pathlib import Path
from typing import TextIO

from django.db import transaction

from authors.models import AuthorPage
from cms.core.models import Disclaimer, SiteSettings
from cms.importer.jsonl import ImportReport, import_file
from cms.site_tree import ensure_site_tree

ARTICLES_FILE = Path(__file__).with_name("articles.jsonl")
ORGANISATION_NAME = "The Discussion Club"
DISCLAIMER_NAME = "Club disclaimer"
DISCLAIMER_TEXT = (
    "<p>Views expressed are of individual Members and Contributors, rather than the Club's, "
    "unless explicitly stated otherwise.</p>"
)
# Profiles: the affiliation, and a biography that says no more than the affiliation does.
AUTHORS = {
    "Konstantin Asmolov": (
        (
            "Leading Research Fellow, Center for Korean Studies, Institute of Far Eastern "
            "Studies, Russian Academy of Sciences"
        ),
        (
            "<p>Konstantin Asmolov is a Leading Research Fellow at the Center for Korean "
            "Studies of the Institute of Far Eastern Studies, Russian Academy of Sciences.</p>"
        ),
    ),
    "Georgy Toloraya": (
        (
            "MGIMO Professor, executive director of Russian National Research Committee on "
            "BRICS research"
        ),
        (
            "<p>Georgy Toloraya is a Professor at the Moscow State Institute of International "
            "Relations (MGIMO) and executive director of the Russian National Research "
            "Committee on BRICS research.</p>"
        ),
    ),
}


def load_demo(progress_file: TextIO | None = None) -> ImportReport:
    """Build or refresh the demo site; running it again changes nothing."""
    tree = ensure_site_tree(ORGANISATION_NAME)
    with transaction.atomic():
        disclaimer, _ = Disclaimer.objects.update_or_create(
            name=DISCLAIMER_NAME, defaults={"text": DISCLAIMER_TEXT}
        )
        site_settings = SiteSettings.for_site(tree.site)
        site_settings.organisation_name = ORGANISATION_NAME
        site_settings.default_disclaimer = disclaimer
        site_settings.save()
    report = import_file(ARTICLES_FILE, tree=tree, progress_file=progress_file)
    _fill_profiles(tree.authors)
    return report


def _fill_profiles(authors_index) -> None:
    for author in AuthorPage.objects.child_of(authors_index).filter(title__in=AUTHORS):
        affiliation, biography = AUTHORS[author.title]
        if (author.affiliation, author.biography) != (affiliation, biography):
            author.affiliation, author.biography = affiliation, biography
            author.save_revision().publish()
