"""How the site's connections to PostgreSQL are set up."""

from django.db import connection

import pytest

from tests.postgres import show

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def test_statements_are_planned_without_parallel_workers():
    # DATABASE_PARALLEL_WORKERS, 0 unless set: a parallel plan walked the whole newest-first
    # index in every worker for an author's latest articles (docs/performance.md).
    assert show("max_parallel_workers_per_gather") == "0"
