"""The outbox of index changes: what must reach Elasticsearch, recorded with the content."""

from django.db import models
from django.utils import timezone


class IndexChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(applied_at__isnull=True)


class IndexChange(models.Model):
    """One page whose search document may be out of date.

    A row is written in the same transaction as the content change, so a change cannot be
    lost between the database and the index. It holds the page id, not a foreign key: the
    page may be deleted, and the deletion still has to reach the index. Applying a change
    re-reads the page (index it if it is a live public article, delete its document
    otherwise), so several rows of one page collapse into one action.

    Applied rows are kept for ``search.outbox.KEEP_APPLIED``: a rebuild replays the
    changes recorded while it ran (see docs/search-indexing.md).
    """

    page_id = models.PositiveIntegerField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = IndexChangeQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        state = "applied" if self.applied_at else "pending"
        return f"page {self.page_id} ({state})"
