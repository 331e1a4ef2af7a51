"""Review links: a signed URL that shows an article's current draft to someone without an
account (an outside reviewer, a journalist under embargo) until it expires or is revoked.

The token is shown once, in the URL, when the link is created; only its SHA-256 digest is
stored, so the database alone never yields a working link. A lookup finds the digest of
what the URL carries among the links still active, so a wrong, expired or revoked token
are the same miss.
"""

import datetime
import hashlib
import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_DAYS = 7
MAX_DAYS = 90


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ReviewLinkQuerySet(models.QuerySet):
    def active(self) -> "ReviewLinkQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token: str) -> "ReviewLink | None":
        """The active link the token opens, with its article, or None."""
        return self.active().select_related("page").filter(digest=token_digest(token)).first()


class ReviewLink(models.Model):
    page = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="review_links"
    )
    label = models.CharField(max_length=100, blank=True, help_text='e.g. "for Dr X"')
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label or f"Review link {self.pk}"

    @classmethod
    def create(cls, page, user, days: int, label: str = "") -> tuple["ReviewLink", str]:
        """A new link and its token (not stored: the caller shows it once)."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            page=page,
            created_by=user,
            label=label,
            expires_at=timezone.now() + datetime.timedelta(days=days),
            digest=token_digest(token),
        )
        return link, token

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class ReviewLinkForm(forms.Form):
    label = forms.CharField(
        max_length=100,
        required=False,
        help_text='Who the link is for, e.g. "for Dr X". Only editors see it.',
    )
    days = forms.IntegerField(
        label="Expires after (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"From 1 to {MAX_DAYS} days.",
    )
