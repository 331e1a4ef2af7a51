"""One measure of ``make bench`` on the database it is given, printed as one JSON line.

``manage.py bench`` runs it in a process of its own for each measure, so that the peak
memory it reads is that measure's.
"""

import json
import resource

from django.core.management.base import BaseCommand

from cms.bench.pages import STEPS


class Command(BaseCommand):
    help = "One measure of `make bench` (run by `manage.py bench`)."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=sorted(STEPS))
        parser.add_argument("--articles", type=int, default=0)
        parser.add_argument("--authors", type=int, default=500)
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--only-search", action="store_true")

    def handle(self, *args, step: str, articles: int, authors: int, requests: int, **options):
        if step == "pages":
            figures = STEPS[step](articles, requests, only_search=options["only_search"])
        elif step == "import":
            figures = STEPS[step](200, authors)
        else:
            figures = STEPS[step]()
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(json.dumps({"figures": figures, "peak_memory_mib": peak_kib / 1024}))
