from django.dispatch import receiver

from wagtail.signals import page_published

from .models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def default_display_date(sender, instance: ArticlePage, **kwargs):
    """An article with no display date shows the date it was first published."""
    if instance.display_date is None and instance.first_published_at:
        instance.display_date = instance.first_published_at.date()
        ArticlePage.objects.filter(pk=instance.pk).update(display_date=instance.display_date)
