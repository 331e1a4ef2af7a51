"""Record index changes in the content's own transaction; apply them once it commits.

Wagtail sends ``page_published``, ``page_unpublished`` and ``post_page_move`` after its
own writes, outside their transaction; so a change is also recorded from a signal that
runs inside it (the page's full ``save()``, ``pre_page_move``, the restriction's
``pre_save``). Recording twice costs nothing: applying reads the page as it is then, and
all rows of one page collapse into one action.

Nothing is recorded when Elasticsearch is not configured: the database backend is
Wagtail's own index, kept by Wagtail.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from articles.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, ArticleType, Topic
from articles.tag_merge import tags_merged
from authors.models import AuthorPage

from .connection import is_configured
from .outbox import record


def articles_under(page_id: int) -> list[int]:
    """The page itself if it is an article, and every article below it."""
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is None:
        return []
    return list(ArticlePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


@receiver(post_save, sender=ArticlePage)
def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A full save is how Wagtail publishes and unpublishes (and how scripts edit a live
    # page); a draft revision saves a few named fields only and changes nothing indexed.
    if is_configured() and not raw and update_fields is None:
        record([instance.pk])


@receiver(page_published)
@receiver(page_unpublished)
def page_published_or_unpublished(sender, instance, **kwargs):
    if not is_configured():
        return
    if isinstance(instance, ArticlePage):
        record([instance.pk])
    elif isinstance(instance, AuthorPage) and kwargs.get("signal") is page_published:
        # The author's name is in the document of each article it is credited on.
        credited = ArticlePageAuthor.objects.filter(author_id=instance.pk).values_list(
            "page_id", flat=True
        )
        record(credited)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    # Sent inside the deletion's transaction, also for articles deleted with an ancestor.
    if is_configured():
        record([instance.pk])


@receiver(pre_page_move)
def page_moving(sender, instance, **kwargs):
    if is_configured():
        record(articles_under(instance.pk), apply=False)


@receiver(post_page_move)
@receiver(page_slug_changed)
def page_moved(sender, instance, **kwargs):
    # A moved or renamed page changes the URL of every article below it.
    if is_configured():
        record(articles_under(instance.pk))


@receiver(pre_save, sender=PageViewRestriction)
def restriction_saving(sender, instance, raw=False, **kwargs):
    if is_configured() and not raw and instance.page_id:
        record(articles_under(instance.page_id), apply=False)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    # A restriction on a section hides every article below it.
    if is_configured() and not raw and instance.page_id:
        record(articles_under(instance.page_id))


def _filed_under(sender, term) -> list[int]:
    """The articles a tag, topic or type is on."""
    if sender is Topic:
        ids = ArticlePage.topics.through.objects.filter(topic_id=term.pk)
        return list(ids.values_list("articlepage_id", flat=True))
    if sender is ArticleType:
        return list(
            ArticlePage.objects.filter(article_type_id=term.pk).values_list("pk", flat=True)
        )
    ids = ArticlePageTag.objects.filter(tag_id=term.pk)
    return list(ids.values_list("content_object_id", flat=True))


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=ArticleType)
@receiver(post_save, sender=Tag)
def term_saved(sender, instance, raw=False, created=False, **kwargs):
    # A renamed tag, topic or type is in the documents of its articles.
    if is_configured() and not raw and not created:
        record(_filed_under(sender, instance))


@receiver(pre_delete, sender=Topic)
@receiver(pre_delete, sender=ArticleType)
@receiver(pre_delete, sender=Tag)
def term_deleting(sender, instance, **kwargs):
    # Its articles lose it: read them while the links still exist, apply after the commit.
    if is_configured():
        record(_filed_under(sender, instance))


@receiver(tags_merged)
def tags_merged_into(sender, article_ids, **kwargs):
    # The merge moved the links in bulk, without a save of any article.
    if is_configured():
        record(article_ids)
