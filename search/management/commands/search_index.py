from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.timesince import timesince

from cms.core.commands import progress_bar, progress_stream
from search import outbox
from search.connection import ES_ERRORS, alias_name, is_configured
from search.documents import indexable_articles
from search.models import IndexChange
from search.rebuild import REBUILD_BATCH, rebuild
from search.status import index_status

NOT_CONFIGURED = (
    "Elasticsearch is not configured (ELASTICSEARCH_URL is empty): the reader search uses the "
    "database backend, which Wagtail keeps up to date itself."
)


class Command(BaseCommand):
    help = (
        "Manage the reader search's Elasticsearch index: rebuild it, apply pending changes "
        "(sync), or report on it (status). See docs/search-indexing.md."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rebuild_command = commands.add_parser(
            "rebuild", help="load every live public article into a new index, switch the alias"
        )
        rebuild_command.add_argument("--batch-size", type=int, default=REBUILD_BATCH)
        sync = commands.add_parser("sync", help="apply the pending index changes")
        sync.add_argument("--batch-size", type=int, default=500)
        sync.add_argument(
            "--retries", type=int, default=3, help="passes after a cluster failure (default 3)"
        )
        sync.add_argument(
            "--wait",
            type=float,
            default=2.0,
            help="seconds before the first retry, doubling each time (default 2)",
        )
        commands.add_parser("status", help="cluster, alias, counts, pending changes, mapping")

    def handle(self, *args, action: str, **options):
        if not is_configured():
            if action == "status":
                self.stdout.write(f"Backend: database. {NOT_CONFIGURED}")
                return
            raise CommandError(NOT_CONFIGURED)
        getattr(self, f"handle_{action}")(**options)

    def handle_rebuild(self, batch_size: int, **options):
        total = indexable_articles().count()
        show = False if options["verbosity"] == 0 else None
        with progress_bar(total, "Indexing", "article", progress_stream(self.stderr), show) as bar:
            try:
                report = rebuild(batch_size=batch_size, progress=bar.update)
            except ES_ERRORS as exc:
                raise CommandError(f"Rebuild failed, the alias is unchanged: {exc}") from exc
        name = report.index
        self.stdout.write(
            f"Indexed {report.indexed} of {total} articles into {name} "
            f"({report.analysis} analysis); {alias_name()} → {name}"
        )
        for page_id, error in sorted(report.failed.items()):
            self.stdout.write(f"  page {page_id}: rejected: {error}")
        for old in report.leftover:
            self.stdout.write(f"Could not delete the old index {old}: delete it by hand.")
        pending = IndexChange.objects.pending().count()
        if pending:
            self.stdout.write(f"{pending} changes stay pending: run `search_index sync`.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} articles were rejected (see above)")

    def handle_sync(self, batch_size: int, retries: int, wait: float, **options):
        report = outbox.sync(batch_size=batch_size, retries=max(retries, 0), wait=wait)
        self.stdout.write(
            f"Applied {report.applied_rows} changes: {len(report.indexed)} articles indexed, "
            f"{len(report.deleted)} documents removed."
        )
        for page_id, error in sorted(report.failed_pages.items()):
            self.stdout.write(f"  page {page_id}: rejected: {error}")
        if report.not_due:
            self.stdout.write(f"{report.not_due} rejected changes wait for their next attempt.")
        if report.cluster_error:
            raise CommandError(
                f"{report.pending_after} changes stay pending: Elasticsearch failed "
                f"{report.attempts} times ({report.cluster_error})"
            )
        if report.failed_pages:
            raise CommandError(f"{report.pending_after} changes stay pending (documents rejected)")
        self.stdout.write(f"{report.pending_after} changes pending.")

    def handle_status(self, **options):
        status = index_status()
        write = self.stdout.write
        write(f"Backend: elasticsearch at {status.url}")
        if status.error:
            write(f"Cluster: unreachable or failing: {status.error}")
        else:
            write(f"Cluster: {status.cluster or '?'}, health {status.health or '?'}")
            if not status.indices:
                write(f"Alias: {status.alias} does not exist: run `search_index rebuild`")
            else:
                write(f"Alias: {status.alias} → {', '.join(status.indices)}")
            if status.analysis:
                write(f"Analysis: {status.analysis}")
            if status.leftover:
                write(f"Indexes not behind the alias: {', '.join(status.leftover)}")
        if status.documents is not None:
            difference = status.documents - status.articles
            write(
                f"Documents: {status.documents} indexed, {status.articles} live public articles"
                + (f" ({difference:+d})" if difference else " (in step)")
            )
        else:
            write(f"Live public articles: {status.articles}")
        if status.pending and status.oldest_pending:
            age = timesince(status.oldest_pending, timezone.now())
            write(f"Pending changes: {status.pending}, the oldest recorded {age} ago")
            if status.last_error:
                write(f"  last error: {status.last_error}")
        else:
            write("Pending changes: none")
        if status.mapping_differences:
            write("Mapping: the index differs from search/documents.py (run `rebuild`):")
            for line in status.mapping_differences:
                write(f"  {line}")
        elif status.documents is not None:
            write("Mapping: matches search/documents.py")
        if not status.healthy:
            raise CommandError("the search index needs attention (see above)")
