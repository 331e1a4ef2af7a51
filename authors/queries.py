"""The queryset of author profiles: the reader rule (``for_readers``), who is an expert,
and the expert directory's filters.

Each filter is a subquery, not a join: no author twice, so no DISTINCT to count.
"""

from django.db.models import Exists, OuterRef, Q

from wagtail.models import PageManager

from cms.core.visibility import ReaderPageQuerySet

from .languages import SpokenLanguage


class AuthorPageQuerySet(ReaderPageQuerySet):
    def experts(self) -> "AuthorPageQuerySet":
        """The expert directory's people: an expertise topic or two, or available for
        media enquiries (``AuthorPage.is_expert`` is the same rule for one profile)."""
        return self.filter(Q(media_contact=True) | Q(self._has_expertise()))

    def expert_in(self, topic_slug: str) -> "AuthorPageQuerySet":
        return self.filter(self._has_expertise(topic__slug=topic_slug))

    def speaking(self, code: str) -> "AuthorPageQuerySet":
        return self.filter(Exists(SpokenLanguage.objects.filter(author=OuterRef("pk"), code=code)))

    def directory(self) -> "AuthorPageQuerySet":
        """By name, with what the directory shows of each: topics and languages in two
        more queries, no biography or links."""
        return (
            self.order_by("title", "pk")
            .prefetch_related("expertise", "spoken_languages")
            .defer("biography")
            .defer_streamfields()
        )

    def for_api(self) -> "AuthorPageQuerySet":
        """With what the API's fields read of each profile: topics and languages."""
        return self.prefetch_related("expertise", "spoken_languages")

    def _has_expertise(self, **match) -> Exists:
        through = self.model._meta.get_field("expertise").remote_field.through
        return Exists(through.objects.filter(authorpage=OuterRef("pk"), **match))


AuthorPageManager = PageManager.from_queryset(AuthorPageQuerySet)
