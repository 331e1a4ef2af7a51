from django.urls import path, re_path

from wagtail.views import serve

from . import feeds, views
from .citation_files import CITATION_FILES

app_name = "articles"

urlpatterns = [
    path("feeds/rss/", feeds.ArticleFeed(), name="feed"),
    path("feeds/atom/", feeds.atom(feeds.ArticleFeed)(), name="feed_atom"),
    path("feeds/json/", feeds.ArticleJsonFeed(), name="feed_json"),
    path("tags/<str:slug>/", views.archive, {"kind": "tag"}, name="tag"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<str:slug>/feed/atom/", feeds.atom(feeds.TagFeed)(), name="tag_feed_atom"),
    path("topics/<str:slug>/", views.archive, {"kind": "topic"}, name="topic"),
    path("topics/<str:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<str:slug>/feed/atom/", feeds.atom(feeds.TopicFeed)(), name="topic_feed_atom"),
    path("types/<str:slug>/feed/", feeds.TypeFeed(), name="type_feed"),
    path("types/<str:slug>/feed/atom/", feeds.atom(feeds.TypeFeed)(), name="type_feed_atom"),
    path("review/<str:token>/", views.review, name="review"),
]

# An article's citation files (<article URL>cite.bib...): Wagtail's own serving, which routes
# the path through the pages (ArticlePage.route) and applies their privacy. Pages are served
# under their language's prefix, and so is this (cms/urls.py).
citation_file = re_path(
    rf"^(?P<path>(?:[\w\-]+/)+(?:{'|'.join(CITATION_FILES).replace('.', '[.]')}))$",
    serve,
    name="citation_file",
)
