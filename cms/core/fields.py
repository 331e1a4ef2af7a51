import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from wagtail.fields import RichTextField as WagtailRichTextField
from wagtail.fields import StreamField as WagtailStreamField

from .rich_text import sanitise

# Inside ``searchable_content_once``: each StreamField value's searchable text, by identity.
_searchable: ContextVar[dict[int, tuple[object, list[str]]] | None] = ContextVar(
    "searchable", default=None
)


@contextmanager
def searchable_content_once() -> Iterator[None]:
    """Within it, a stream's searchable text is extracted once per value.

    Wagtail's database search backend reads every search field of an object for each of
    the five columns it writes, so a body that is a search field and, by its opening
    (``ArticlePage.body_opening``), an autocomplete field is parsed ten times for one index
    entry. Bulk indexing wraps its pass in this; values
    are not expected to change inside it.
    """
    token = _searchable.set({})
    try:
        yield
    finally:
        _searchable.reset(token)


class StreamField(WagtailStreamField):
    """A StreamField whose block definitions stay out of migrations.

    Wagtail writes the whole block tree into every migration touching the field, so each
    change to a block produces a large, noisy migration that changes nothing in the
    database (the column is JSON either way). The blocks are read from the model at run
    time instead, as the large production Wagtail sites do.
    """

    def deconstruct(self):
        name, _path, _args, kwargs = super().deconstruct()
        # What Wagtail's own StreamField([]) deconstructs to, so migrations see no change.
        kwargs["block_lookup"] = {}
        return name, "wagtail.fields.StreamField", [[]], kwargs

    def get_searchable_content(self, value):
        memo = _searchable.get()
        if memo is None:
            return super().get_searchable_content(value)
        found = memo.get(id(value))
        if found is None or found[0] is not value:  # the value is kept: its id stays its own
            found = memo[id(value)] = (value, super().get_searchable_content(value))
        return found[1]


class RichTextField(WagtailRichTextField):
    """Wagtail's rich-text field, stored sanitised (``cms.core.rich_text``); migrations
    see Wagtail's own field."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitise(value) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs


# A DOI as registries print it: "10.", a registrant code, "/", a suffix without spaces.
DOI_PATTERN = r"^10\.\d{4,9}(\.\d+)*/\S+$"
# What people paste before one: its resolver's address or the "doi:" label.
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class DOIField(models.CharField):
    """A Digital Object Identifier, kept bare (``10.1234/abcd``): a pasted resolver link
    or ``doi:`` label is taken off when the form is cleaned, and anything else that is not
    a DOI refused."""

    default_validators = [
        RegexValidator(DOI_PATTERN, "Enter a DOI such as 10.1234/abcd.5678.", "invalid_doi")
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return DOI_PREFIX.sub("", value.strip()) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def isbn_digits(value: str) -> str:
    """An ISBN's digits (and a final X), without the hyphens and spaces it is printed with."""
    return re.sub(r"[\s-]", "", value).upper()


def valid_isbn(value: str) -> bool:
    """Whether ``value`` is an ISBN-10 or ISBN-13 whose check digit is right."""
    digits = isbn_digits(value)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        values = [10 if d == "X" else int(d) for d in digits]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        return sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits)) % 10 == 0
    return False


def validate_isbn(value: str) -> None:
    if value and not valid_isbn(value):
        raise ValidationError(
            "Enter an ISBN-10 or ISBN-13 with its check digit (978-3-16-148410-0).",
            code="invalid_isbn",
        )


class ISBNField(models.CharField):
    """An ISBN as printed (hyphens kept, as editors type them), its check digit checked."""

    default_validators = [validate_isbn]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 17)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip() if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
