from django.core.management.base import BaseCommand, CommandError

from cms.core.commands import progress_stream
from cms.importer.jsonl import CHUNK_SIZE, import_file


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file (one article per line), creating or updating "
        "them by slug and publishing them. See docs/importer.md for the format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .jsonl file")
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"records written per transaction (default {CHUNK_SIZE})",
        )

    def handle(self, *args, file: str, chunk_size: int, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")
        try:
            report = import_file(
                file, progress_file=progress_stream(self.stderr), chunk_size=chunk_size
            )
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"cannot read {file}: not UTF-8 text ({exc.reason})") from exc
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} record(s) failed to import")
