from django.core.management.base import BaseCommand, CommandError

from cms.core.commands import progress_stream
from cms.demo.bulk import CHUNK, generate_corpus


class Command(BaseCommand):
    help = (
        "Write a synthetic archive of realistic articles in bulk (docs/performance.md): "
        "deterministic for a seed; running it again with the same seed adds only what is "
        "missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="how many articles")
        parser.add_argument("--authors", type=int, default=200, help="how many authors")
        parser.add_argument("--seed", type=int, default=1, help="the corpus to write")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="articles per transaction")

    def handle(self, *args, articles: int, authors: int, seed: int, chunk: int, **options):
        if articles < 0 or authors < 1 or chunk < 1:
            raise CommandError("--articles must be 0 or more, --authors and --chunk 1 or more")
        report = generate_corpus(
            articles, authors, seed, chunk=chunk, progress_file=progress_stream(self.stderr)
        )
        self.stdout.write(report.summary())
        self.stdout.write(
            "The reader search on Elasticsearch indexes them with `manage.py search_index rebuild`."
        )
