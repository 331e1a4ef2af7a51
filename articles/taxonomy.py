"""The managed taxonomy of articles: article types and topics."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel


class SlugNamedModel(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100]
        super().save(*args, **kwargs)


class ArticleType(SlugNamedModel):
    """Analysis, opinion, interview / expert commentary, news, report; editors add more."""

    is_report = models.BooleanField(
        "reports",
        default=False,
        help_text="Articles of this type are reports: listed under /reports/, and on an "
        "expert's page apart from their commentary.",
    )

    panels = [*SlugNamedModel.panels, FieldPanel("is_report")]


class Topic(SlugNamedModel):
    """A managed taxonomy term (a region or theme) with its own archive page."""

    description = models.TextField(blank=True)

    panels = [*SlugNamedModel.panels, FieldPanel("description")]

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])
