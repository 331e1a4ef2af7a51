from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.models import Disclaimer, SiteSettings

from .feeds import invalidate_feed_cache
from .models import ArticlePage, ArticleType, Topic


@receiver(page_published, sender=ArticlePage)
def default_display_date(sender, instance: ArticlePage, **kwargs):
    """An article with no display date shows the date it was first published."""
    if instance.display_date is None and instance.first_published_at:
        instance.display_date = instance.first_published_at.date()
        ArticlePage.objects.filter(pk=instance.pk).update(display_date=instance.display_date)


def feeds_changed(**kwargs):
    """What feeds show may have changed: cached feeds are retired."""
    invalidate_feed_cache()


# Any page type: an author's name, or a section's privacy or place, shows in feeds too.
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(feeds_changed, dispatch_uid=f"feeds_changed_{id(signal)}")
post_delete.connect(feeds_changed, sender=Page, dispatch_uid="feeds_changed_page_deleted")
for model in (PageViewRestriction, Disclaimer, Topic, ArticleType, Tag, SiteSettings):
    for signal in (post_save, post_delete):
        uid = f"feeds_changed_{model.__name__}_{id(signal)}"
        signal.connect(feeds_changed, sender=model, dispatch_uid=uid)
