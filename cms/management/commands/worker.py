import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.worker.passes import run_pass

logger = logging.getLogger("cms.worker")


class Command(BaseCommand):
    help = (
        "Run the background work in a loop: scheduled publishing and expiry, and the search "
        "index sync. --once runs one pass and exits (for cron). Stops cleanly on SIGTERM or "
        "Ctrl-C, after the pass in progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.WORKER_INTERVAL,
            help=f"seconds between passes (default {settings.WORKER_INTERVAL:g})",
        )

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            self.report(run_pass(), always=True)
            return
        stop = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stop.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(f"Worker: a pass every {interval:g}s; SIGTERM or Ctrl-C stops it.")
        try:
            while not stop.is_set():
                self.report(run_pass())
                stop.wait(max(interval, 0.1))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("Worker: stopped.")

    def report(self, result, always: bool = False) -> None:
        """A pass that did something is logged (a failing one as a warning); an idle one
        stays quiet. ``--once`` prints its pass whatever it did, for cron's mail."""
        if always:
            self.stdout.write(f"Worker pass: {result}")
        elif result.errors:
            logger.warning("Worker pass: %s", result)
        elif result.did_something:
            logger.info("Worker pass: %s", result)
