from django.core.management.base import BaseCommand, CommandError

from cms.demo import load_demo

from .import_articles import progress_stream


class Command(BaseCommand):
    help = (
        "Load the demo site: the seed articles, their authors, related articles and the "
        "club's default disclaimer. Safe to run again; nothing is duplicated."
    )

    def handle(self, *args, **options):
        report = load_demo(progress_file=progress_stream(self.stderr))
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} demo record(s) failed to load")
