from django.urls import path

from . import feeds
from .contact import contact_expert
from .experts import expert_directory

app_name = "authors"

# Served by Django ahead of Wagtail's page routing, under the profile's own URL.
urlpatterns = [
    path("authors/<str:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("authors/<str:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed_atom"),
    path("authors/<str:slug>/contact/", contact_expert, name="contact"),
    path("experts/", expert_directory, name="experts"),
]
