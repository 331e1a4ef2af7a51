from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("tags/<str:slug>/", views.tag_archive, name="tag"),
    path("topics/<str:slug>/", views.topic_archive, name="topic"),
]
