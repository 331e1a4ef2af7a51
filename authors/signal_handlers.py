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
    # A profile published once stays published or unpublished on purpose, whatever copy of
    # it the page holds; only the others are read again.
    credited = instance.article_authors.select_related("author")
    never = {c.author_id for c in credited if c.author.first_published_at is None}
    if not never:
        return
    new_authors = AuthorPage.objects.filter(
        pk__in=never, live=False, first_published_at__isnull=True
    )
    for author in new_authors:
        (author.get_latest_revision() or author.save_revision()).publish()
