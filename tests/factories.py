"""Factories for the content model. Pages are created live unless ``live=False``, under
the index of their kind in the site skeleton (``cms.site_tree``), made when missing."""

import datetime

import factory
import wagtail_factories

from articles.models import ArticlePage, ArticlePageAuthor, ArticleType, Topic
from authors.models import AuthorPage, SpokenLanguage
from cms.core.models import Disclaimer
from cms.site_tree import ensure_site_tree


class ImageFactory(wagtail_factories.ImageFactory):
    """A Wagtail image backed by a real 1600×900 PNG, so renditions can be generated."""

    title = "Hanoi summit"
    file = factory.django.ImageField(width=1600, height=900, color="navy")


class AuthorPageFactory(wagtail_factories.PageFactory):
    """Under the site's authors index unless ``parent=`` says otherwise;
    ``AuthorPageFactory(expertise=[topic], languages=["en", "ru"])`` for an expert."""

    parent = factory.LazyFunction(lambda: ensure_site_tree().authors)
    title = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    affiliation = "Senior Fellow"

    class Meta:
        model = AuthorPage
        skip_postgeneration_save = True

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if extracted:
            self.expertise.set(extracted)
            self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            self.spoken_languages = [SpokenLanguage(code=code) for code in extracted]
            self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ["slug"]


class ArticleTypeFactory(factory.django.DjangoModelFactory):
    name = "Analysis"
    slug = "analysis"

    class Meta:
        model = ArticleType
        django_get_or_create = ["slug"]


class DisclaimerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Disclaimer {n}")
    text = "<p>Views expressed are the authors' own.</p>"

    class Meta:
        model = Disclaimer


class ArticlePageFactory(wagtail_factories.PageFactory):
    """``ArticlePageFactory(authors=[a, b], tags=["x"], topics=[t])``, under the articles
    index of its ``language``'s tree (made when missing) unless ``parent=`` says otherwise."""

    language = "en"
    parent = factory.LazyAttribute(lambda o: ensure_site_tree().articles_in(o.language))
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = factory.LazyAttribute(lambda o: f"Standfirst of {o.title}.")
    # Distinct days within 2019 whatever the sequence number, so year facets stay predictable.
    display_date = factory.Sequence(
        lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n % 365)
    )
    body = factory.LazyAttribute(lambda o: [("paragraph", f"<p>Body of {o.title}.</p>")])
    article_type = factory.SubFactory(ArticleTypeFactory)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for i, credit in enumerate(extracted or []):
            author, role, affiliation = credit if isinstance(credit, tuple) else (credit, "", "")
            ArticlePageAuthor.objects.create(
                page=self, author=author, role=role, affiliation=affiliation, sort_order=i
            )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            self.save()
