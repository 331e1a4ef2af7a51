from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.signals import page_published

from .models import ArticlePage
from .pdf_text import mark_for_reading
from .reports import ArticleDocument, DocumentText


@receiver(page_published, sender=ArticlePage)
def default_display_date(sender, instance: ArticlePage, **kwargs):
    """An article with no display date shows the date it was first published."""
    if instance.display_date is None and instance.first_published_at:
        instance.display_date = instance.first_published_at.date()
        ArticlePage.objects.filter(pk=instance.pk).update(display_date=instance.display_date)


@receiver(post_save, sender=get_document_model())
def document_saved(sender, instance, raw=False, **kwargs):
    """A new or replaced file is read by the worker (``articles.pdf_text``)."""
    if not raw:
        mark_for_reading(instance)


@receiver(post_save, sender=ArticleDocument)
def document_attached(sender, instance, raw=False, **kwargs):
    """A document attached to an article is read (one uploaded before PDFs were read has
    no text yet) and from then on served only with a public article."""
    if not raw:
        mark_for_reading(instance.document, attached=True)
        DocumentText.objects.filter(document_id=instance.document_id).update(attached=True)
