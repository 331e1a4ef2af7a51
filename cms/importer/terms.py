"""Article types and topics found by name as an import names them (any case), or created
with a free slug: for the importers and the synthetic corpus."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.text import slugify


def terms_by_name(model, names: set[str]) -> dict:
    """The types or topics named (any case), by their folded name: one query."""
    if not names:
        return {}
    found: dict = {}
    query = reduce(or_, (Q(name__iexact=name) for name in names))
    for term in model.objects.filter(query).order_by(*model._meta.ordering or ["pk"], "pk"):
        found.setdefault(term.name.casefold(), term)
    return found


def new_term(model, name: str):
    """A new type or topic with a free slug."""
    base = slugify(name, allow_unicode=True)[:90] or "item"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return model.objects.create(name=name, slug=slug)
