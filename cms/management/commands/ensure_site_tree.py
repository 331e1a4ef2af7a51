from django.conf import settings
from django.core.management.base import BaseCommand

from cms.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = (
        "Make whatever part of the site's skeleton is missing, without demo content: the "
        "home page, the articles and authors sections, and each other language's tree (the "
        "home page and articles section as aliases, which the admin's Translate action "
        "fills). Safe to run again."
    )

    def handle(self, *args, **options):
        tree = ensure_site_tree(settings.WAGTAIL_SITE_NAME)
        languages = ", ".join(tree.indexes)
        self.stdout.write(f"site tree ready: {tree.home.title}, articles in {languages}")
