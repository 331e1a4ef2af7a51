"""An article going live takes its new authors with it.

A credited profile that was never published (a contributor's new author, a draft made in
the author chooser) is published with the article, so a live byline never links to a
profile readers cannot open. A profile unpublished on purpose (published before) is left
as it is.
"""

from django.dispatch import receiver

from wagtail.signals import page_published

from articles.models import ArticlePage

from .models import AuthorPage


@receiver(page_published, sender=ArticlePage)
def publish_new_authors(sender, instance: ArticlePage, **kwargs):
    new_authors = AuthorPage.objects.filter(
        article_credits__page=instance, live=False, first_published_at__isnull=True
    ).distinct()
    for author in new_authors:
        (author.get_latest_revision() or author.save_revision()).publish()
