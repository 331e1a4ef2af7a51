"""The languages an expert speaks: one row per language (``SpokenLanguage``), so the
expert directory filters and counts them in SQL on any database.

The list is fixed (ISO 639-1 codes); a language is added here, never typed by an editor.
Names are marked for translation; most are in Django's own catalogue already.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey

# By English name. The code is what is stored, filtered on (?language=) and put in JSON-LD.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("hy", _("Armenian")),
    ("az", _("Azerbaijani")),
    ("be", _("Belarusian")),
    ("zh", _("Chinese")),
    ("cs", _("Czech")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ka", _("Georgian")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("he", _("Hebrew")),
    ("hi", _("Hindi")),
    ("hu", _("Hungarian")),
    ("id", _("Indonesian")),
    ("it", _("Italian")),
    ("ja", _("Japanese")),
    ("kk", _("Kazakh")),
    ("ko", _("Korean")),
    ("ky", _("Kyrgyz")),
    ("mn", _("Mongolian")),
    ("fa", _("Persian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("sr", _("Serbian")),
    ("es", _("Spanish")),
    ("sv", _("Swedish")),
    ("tg", _("Tajik")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("uz", _("Uzbek")),
    ("vi", _("Vietnamese")),
]
LANGUAGE_NAMES = dict(LANGUAGES)
# Where each language comes in the list, to show an expert's in the list's order.
LANGUAGE_ORDER = {code: n for n, (code, _name) in enumerate(LANGUAGES)}


def in_list_order(codes) -> list[str]:
    """The known codes among ``codes``, in the list's order."""
    return sorted((c for c in set(codes) if c in LANGUAGE_NAMES), key=LANGUAGE_ORDER.__getitem__)


class SpokenLanguage(models.Model):
    """A language an author speaks; saved with the profile's revisions like its other parts."""

    author = ParentalKey(
        "authors.AuthorPage", on_delete=models.CASCADE, related_name="spoken_languages"
    )
    code = models.CharField(max_length=8, choices=LANGUAGES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "code"], name="one_row_per_spoken_language")
        ]
        indexes = [models.Index(fields=["code", "author"], name="spoken_language_code")]

    def __str__(self):
        return str(LANGUAGE_NAMES.get(self.code, self.code))
