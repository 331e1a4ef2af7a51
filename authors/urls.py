from django.urls import path

from . import feeds

app_name = "authors"

# Served by Django ahead of Wagtail's page routing, under the profile's own URL.
urlpatterns = [
    path("authors/<str:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("authors/<str:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed_atom"),
]
