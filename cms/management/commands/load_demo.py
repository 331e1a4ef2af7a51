from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from cms.core.commands import progress_stream
from cms.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo site: the seed articles, their authors, related articles and the "
        "club's default disclaimer. Safe to run again; nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            metavar="HOST:PORT",
            help="where the site is served (e.g. 127.0.0.1:8000): absolute links use it",
        )

    def handle(self, *args, site: str | None = None, **options):
        report = load_demo(progress_file=progress_stream(self.stderr))
        if site:
            set_site_address(site)
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} demo record(s) failed to load")


def set_site_address(address: str) -> None:
    hostname, _, port = address.rpartition(":")
    if not hostname or not port.isdigit():
        raise CommandError(f"--site must be HOST:PORT, not {address!r}")
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (hostname, int(port)):
        site.hostname, site.port = hostname, int(port)
        site.save()
