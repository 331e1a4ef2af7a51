"""Wagtail's admin search index and reference index, updated once per chunk of imported
records rather than once per save (``indexes_deferred``)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from articles.models import ArticlePage
from authors.models import AuthorPage
from cms.core.fields import searchable_content_once

DEFERRED_INDEXING = (ArticlePage, AuthorPage)


@contextmanager
def indexes_deferred() -> Iterator[None]:
    """Wagtail's admin search index and its reference index are not updated by each save
    inside: when it ends, each object saved inside that still exists is indexed once (the
    admin index in one bulk add per model)."""
    saved: dict[tuple[str, object], Model | None] = {}

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(instance._meta.label, instance.pk)] = _root(instance)

    disconnected = [
        model
        for model in DEFERRED_INDEXING
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    post_save.connect(collect, dispatch_uid="import_indexes_deferred", weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="import_indexes_deferred")
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
    roots = {(obj._meta.label, obj.pk): obj for obj in saved.values() if obj is not None}
    existing = _existing(roots.values())
    with searchable_content_once():
        for model in DEFERRED_INDEXING:
            objs = [obj for obj in existing if type(obj) is model]
            for backend in get_search_backends(with_auto_update=True) if objs else ():
                backend.add_bulk(model, objs)
    index_references([obj for obj in existing if ReferenceIndex.is_indexed(type(obj))])


def index_references(objs: list[Model]) -> None:
    """What ``ReferenceIndex.create_or_update_for_object`` leaves for each object: those the
    index holds nothing for yet (new ones) in one insert, the others one by one."""
    if not objs:
        return
    bases = {obj: _content_types(obj)[-1].pk for obj in objs}
    known = set(
        ReferenceIndex.objects.filter(
            base_content_type__in=set(bases.values()), object_id__in={str(o.pk) for o in objs}
        ).values_list("base_content_type", "object_id")
    )
    rows = []
    for obj in objs:
        if (bases[obj], str(obj.pk)) in known:
            ReferenceIndex.create_or_update_for_object(obj)
            continue
        types = _content_types(obj)
        rows += [
            ReferenceIndex(
                content_type=types[0],
                base_content_type=types[-1],
                object_id=obj.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(obj)
            )
        ]
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


def _content_types(obj: Model) -> list[ContentType]:
    """The object's content type, then its model's ancestors', as the reference index
    records them."""
    models: list[Model | type[Model]] = [obj, *obj._meta.get_parent_list()]
    return [ContentType.objects.get_for_model(m, for_concrete_model=False) for m in models]


def _root(instance: Model) -> Model | None:
    """The object whose references a saved object's are: its cluster parent, if any."""
    while True:
        keys = [f for f in instance._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return instance
        parent = getattr(instance, keys[0].name)
        if parent is None:
            return None
        instance = parent


# What indexing an object reads, fetched with it: the admin index's related fields, the
# reference index's child relations.
PREFETCH_FOR_INDEXING: dict[type[Model], tuple[str, ...]] = {
    ArticlePage: (
        *("article_authors__author", "tagged_items", "wagtail_admin_comments"),
        "documents__document__text",
    ),
    AuthorPage: ("wagtail_admin_comments",),
}


def _existing(objs) -> list[Model]:
    """Those of ``objs`` still in the database (a record rolled back takes its own), read
    again as they are now, with what indexing them reads: a few queries per model."""
    by_model: dict[type[Model], list[object]] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj.pk)
    fresh: list[Model] = []
    for model, pks in by_model.items():
        queryset = model._default_manager.filter(pk__in=pks)
        if model in PREFETCH_FOR_INDEXING:
            queryset = queryset.select_related("locale").prefetch_related(
                *PREFETCH_FOR_INDEXING[model]
            )
        fresh += queryset
    return fresh
