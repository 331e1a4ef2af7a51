from django.core.management.base import BaseCommand, CommandError

from cms.core.commands import progress_stream
from cms.importer.jsonl import import_file


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file (one article per line), creating or updating "
        "them by slug and publishing them. See docs/importer.md for the format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .jsonl file")

    def handle(self, *args, file: str, **options):
        try:
            report = import_file(file, progress_file=progress_stream(self.stderr))
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"cannot read {file}: not UTF-8 text ({exc.reason})") from exc
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} record(s) failed to import")
