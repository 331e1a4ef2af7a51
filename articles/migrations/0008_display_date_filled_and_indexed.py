from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate


def fill_display_dates(apps, schema_editor):
    """Articles published with no display date take the date of first publication."""
    ArticlePage = apps.get_model("articles", "ArticlePage")
    Page = apps.get_model("wagtailcore", "Page")
    first = Page.objects.filter(pk=OuterRef("pk")).values("first_published_at")
    ArticlePage.objects.filter(
        display_date__isnull=True, page_ptr__first_published_at__isnull=False
    ).update(
        display_date=Subquery(
            first.annotate(day=TruncDate("first_published_at", tzinfo=None)).values("day")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_review_links")]

    operations = [
        migrations.RunPython(fill_display_dates, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(fields=["-display_date", "-page_ptr"], name="article_newest"),
        ),
    ]
