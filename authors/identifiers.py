"""What an author's profile may link to: web addresses (http or https only, so no
``javascript:`` link reaches a reader) and an ORCID iD, checked by its check digit.

``validate_web_url`` refuses anything else in the editor's form; ``is_web_url`` keeps what
a page, its JSON-LD and the API show to the same rule, whatever wrote the row (an import).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

WEB_SCHEMES = ["http", "https"]
# A code of its own: a form field's message for "invalid" ("Enter a valid URL.") would
# replace this one.
validate_web_url = URLValidator(
    schemes=WEB_SCHEMES,
    message="Enter a web address starting with https:// or http://.",
    code="not_web_url",
)

# An ORCID iD: four groups of four, the last character a digit or X (the check digit).
ORCID_PATTERN = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
# What people paste before one: the registry's address.
ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
ORCID_RESOLVER = "https://orcid.org/"
PASTED_ORCID_LENGTH = 60


def is_web_url(url: str) -> bool:
    try:
        validate_web_url(url)
    except ValidationError:
        return False
    return True


def orcid_check_digit(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an iD's first fifteen digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def valid_orcid(value: str) -> bool:
    if not ORCID_PATTERN.fullmatch(value):
        return False
    digits = value.replace("-", "")
    return orcid_check_digit(digits[:15]) == digits[15]


def validate_orcid(value: str) -> None:
    if value and not valid_orcid(value):
        raise ValidationError(
            "Enter an ORCID iD such as 0000-0002-1825-0097 (its last character is a check "
            "digit: a typing error is caught by it).",
            code="invalid_orcid",
        )


def orcid_url(orcid: str) -> str:
    return f"{ORCID_RESOLVER}{orcid}" if orcid else ""


class ORCIDField(models.CharField):
    """An ORCID iD kept bare (``0000-0002-1825-0097``): a pasted ``https://orcid.org/``
    link is taken off when the form is cleaned, a lower-case check ``x`` raised, and an iD
    whose check digit is wrong refused."""

    default_validators = [validate_orcid]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 19)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Room for the pasted link, which is taken off before the iD is checked.
        return super().formfield(**{"max_length": PASTED_ORCID_LENGTH, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return ORCID_PREFIX.sub("", value.strip()).upper() if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
