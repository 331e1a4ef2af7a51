"""Merging tags: every tagging of the source tags moves to the target, and the sources go.

Whatever carried a source (an article, or an image or document, which share the tags)
carries the target once. A bulk update sends no ``post_save`` of the articles, so the
merge sends ``tags_merged`` with the articles it changed, inside its transaction: the
search index and anything else that shows an article's tags listens to it.

An article's revisions hold its tags as tag ids. The latest revision of each article
changed, and of each article with a draft (which may have a source when the live version
does not), is rewritten to name the target instead of a source, so that the editor opens
the merged tag and publishing keeps it; older revisions keep the ids of the deleted
sources, which Wagtail drops when one is compared or reverted to.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal

from taggit.models import ItemBase, Tag
from wagtail.models import Revision

from .credits import ArticlePageTag
from .models import ArticlePage

# Sent with ``target`` (the tag kept) and ``article_ids`` (the articles whose tags changed).
tags_merged = Signal()


def merge_tags(sources: Iterable[Tag], target: Tag) -> list[int]:
    """Merge ``sources`` into ``target`` (a source that is the target is left out) and
    return the ids of the articles whose tags changed."""
    sources = [tag for tag in sources if tag.pk != target.pk]
    source_ids = [tag.pk for tag in sources]
    with transaction.atomic():
        article_ids = sorted(
            set(
                ArticlePageTag.objects.filter(tag_id__in=source_ids).values_list(
                    "content_object_id", flat=True
                )
            )
        )
        for through in _tagging_models():
            for source_id in source_ids:
                _move(through, source_id, target.pk)
        _rewrite_latest_revisions(article_ids, set(source_ids), target.pk)
        tags_merged.send(sender=Tag, target=target, article_ids=article_ids)
        Tag.objects.filter(pk__in=source_ids).delete()
    return article_ids


def _tagging_models() -> list[type[ItemBase]]:
    """Every model linking something to a tag (taggit's own, the articles', ...)."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if issubclass(relation.related_model, ItemBase)
    ]


def _move(through: type[ItemBase], source_id: int, target_id: int) -> None:
    """Move one tag's links to the target; a link whose object has the target already goes."""
    # What a link points at: every column but its own id and the tag.
    keys = [
        field.attname
        for field in through._meta.concrete_fields
        if not field.primary_key and field.name != "tag"
    ]
    links = through.objects.filter(tag_id=source_id)
    has_target = through.objects.filter(tag_id=target_id, **{key: OuterRef(key) for key in keys})
    links.filter(Exists(has_target)).delete()
    links.update(tag_id=target_id)


def _rewrite_latest_revisions(article_ids: list[int], source_ids: set[int], target_id: int):
    articles = ArticlePage.objects.filter(Q(pk__in=article_ids) | Q(has_unpublished_changes=True))
    for revision in Revision.objects.filter(pk__in=articles.values("latest_revision_id")):
        tagged = revision.content.get("tagged_items") or []
        if not any(item.get("tag") in source_ids for item in tagged):
            continue
        items, seen = [], set()
        for item in tagged:
            tag = target_id if item.get("tag") in source_ids else item.get("tag")
            if tag not in seen:
                seen.add(tag)
                items.append({**item, "tag": tag})
        revision.content["tagged_items"] = items
        revision.save(update_fields=["content"])
