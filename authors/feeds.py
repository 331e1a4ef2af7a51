"""An author's feed: their articles a reader may see (``articles.feeds`` does the rest)."""

from django.http import Http404

from articles.feeds import ArticleFeed, atom

from .models import AuthorPage


class AuthorFeed(ArticleFeed):
    kind = "author"

    def get_subject(self, request, slug: str) -> AuthorPage:
        author = AuthorPage.objects.for_readers(request).filter(slug=slug).order_by("path").first()
        if author is None:
            raise Http404
        return author

    def filter_articles(self, articles, author):
        return articles.filter(article_authors__author=author).distinct()

    def subject_title(self, author) -> str:
        return author.title

    def subject_link(self, author, request) -> str:
        return author.get_url(request)


AuthorAtomFeed = atom(AuthorFeed)
