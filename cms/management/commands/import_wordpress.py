from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.core.commands import progress_stream
from cms.importer.wordpress_posts import import_export


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (Tools → Export, a WXR file) as articles, "
        "with their authors, categories, tags, images and statuses, creating or updating "
        "them by WordPress post id. See docs/wordpress.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the export's .xml file")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="a copy of the site's wp-content/uploads folder, where the images are read",
        )

    def handle(self, *args, file: str, uploads: str | None, **options):
        if uploads is not None and not Path(uploads).is_dir():
            raise CommandError(f"--uploads {uploads}: not a folder")
        try:
            report = import_export(
                file, uploads=uploads, progress_file=progress_stream(self.stderr)
            )
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        self.stdout.write(report.summary())
        if report.error:
            raise CommandError(f"the export could not be read to its end: {report.error}")
        if report.failed:
            raise CommandError(f"{report.failed} post(s) failed to import")
