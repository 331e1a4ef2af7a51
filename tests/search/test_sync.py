"""Every content change reaches the index: recorded with the change, applied after commit."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import PageViewRestriction, Revision

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from articles.tag_merge import merge_tags
from search import outbox
from search.models import IndexChange
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.search.helpers import bulk_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(fake_es):
    """The fake, with the requests and outbox rows of the test's set-up forgotten."""

    def forget():
        IndexChange.objects.all().delete()
        fake_es.requests.clear()

    fake_es.forget = forget
    return fake_es


def sent(fake) -> list[tuple[str, str]]:
    """(action, document id) of every bulk action sent."""
    return [(action, meta["_id"]) for action, meta, _ in bulk_actions(fake)]


def pending_pages() -> set[int]:
    return set(IndexChange.objects.pending().values_list("page_id", flat=True))


def reload(page):
    return ArticlePage.objects.get(pk=page.pk)


def fresh(section):
    # Treebeard reads the number of children from the instance.
    return ArticleIndexPage.objects.get(pk=section.pk)


def test_publishing_records_the_change_and_indexes_the_article(
    site_tree, es, django_capture_on_commit_callbacks
):
    page = ArticlePageFactory(live=False, title="Fresh")
    es.forget()

    with django_capture_on_commit_callbacks() as callbacks:
        page.save_revision().publish()
        assert pending_pages() == {page.pk}  # recorded before the commit
    for callback in callbacks:
        callback()

    assert sent(es) == [("index", str(page.pk))]
    [(_, _meta, source)] = bulk_actions(es)
    assert source["title"] == "Fresh"
    assert source["url"] == f"/articles/{page.slug}/"
    assert es.of("_bulk")[0].query == {"require_alias": ["true"]}
    assert pending_pages() == set()


def test_unpublishing_removes_the_document(site_tree, es, django_capture_on_commit_callbacks):
    page = ArticlePageFactory()
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert set(sent(es)) == {("delete", str(page.pk))}
    assert pending_pages() == set()


def test_a_draft_revision_changes_nothing_in_the_index(site_tree, es):
    page = ArticlePageFactory()
    es.forget()

    page.title = "Draft title"
    page.save_revision()

    assert pending_pages() == set()


def test_restricting_a_section_removes_every_article_below_it(
    site_tree, es, django_capture_on_commit_callbacks
):
    pages = [ArticlePageFactory() for _ in range(2)]
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=site_tree.articles, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert sorted(sent(es)) == sorted(("delete", str(p.pk)) for p in pages)

    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert sorted(sent(es)) == sorted(("index", str(p.pk)) for p in pages)
    assert pending_pages() == set()


def test_moving_an_article_reindexes_it_at_its_new_url(
    site_tree, es, django_capture_on_commit_callbacks
):
    page = ArticlePageFactory(slug="moving")
    archive = site_tree.home.add_child(instance=ArticleIndexPage(title="Archive", slug="archive"))
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        reload(page).move(fresh(archive), pos="last-child")

    [(action, meta, source)] = bulk_actions(es)
    assert (action, meta["_id"], source["url"]) == ("index", str(page.pk), "/archive/moving/")

    PageViewRestriction.objects.create(page=archive, restriction_type="login")
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        reload(page).move(fresh(site_tree.articles), pos="last-child")
    assert sent(es) == [("index", str(page.pk))]
    with django_capture_on_commit_callbacks(execute=True):
        reload(page).move(fresh(archive), pos="last-child")  # into a private section
    assert sent(es)[-1] == ("delete", str(page.pk))


def test_renaming_a_section_reindexes_the_urls_below_it(
    site_tree, es, django_capture_on_commit_callbacks
):
    page = ArticlePageFactory(slug="inside")
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        section = ArticleIndexPage.objects.get(pk=site_tree.articles.pk)
        section.slug = "analysis"
        section.save_revision().publish()

    [(_, meta, source)] = bulk_actions(es)
    assert (meta["_id"], source["url"]) == (str(page.pk), "/analysis/inside/")


def test_deleting_articles_and_their_section_removes_their_documents(
    site_tree, es, django_capture_on_commit_callbacks
):
    lone = ArticlePageFactory()
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        reload(lone).delete()
    assert sent(es) == [("delete", str(lone.pk))]

    pages = [ArticlePageFactory() for _ in range(2)]
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleIndexPage.objects.get(pk=site_tree.articles.pk).delete()
    assert sorted(set(sent(es))) == sorted(("delete", str(p.pk)) for p in pages)
    assert pending_pages() == set()


def test_scheduled_publishing_and_expiry_take_the_same_path(
    site_tree, es, django_capture_on_commit_callbacks
):
    page = ArticlePageFactory(live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # scheduled, not live
    assert not reload(page).live
    assert ("index", str(page.pk)) not in sent(es)

    # The hour has passed.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert reload(page).live
    assert ("index", str(page.pk)) in sent(es)
    assert set(sent(es)) == {("index", str(page.pk))}

    ArticlePage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert reload(page).expired
    assert not reload(page).live
    assert set(sent(es)) == {("delete", str(page.pk))}
    assert pending_pages() == set()


def test_renaming_an_author_reindexes_their_articles(
    site_tree, es, django_capture_on_commit_callbacks
):
    author = AuthorPageFactory(title="Old Name")
    page = ArticlePageFactory(authors=[author])
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        author.title = "New Name"
        author.save_revision().publish()

    [(_, meta, source)] = bulk_actions(es)
    assert meta["_id"] == str(page.pk)
    assert source["authors"][0]["name"] == "New Name"


@pytest.mark.parametrize("kind", ["tag", "topic", "type"])
def test_deleting_a_term_reindexes_the_articles_filed_under_it(
    site_tree, es, django_capture_on_commit_callbacks, kind
):
    topic = TopicFactory(name="Korea", slug="korea")
    page = ArticlePageFactory(tags=["obsolete"], topics=[topic])
    other = ArticlePageFactory()
    term = {
        "tag": lambda: Tag.objects.get(name="obsolete"),
        "topic": lambda: topic,
        "type": lambda: page.article_type,
    }[kind]()
    other.article_type = None
    other.save()
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        term.delete()

    [(_, meta, source)] = bulk_actions(es)
    assert meta["_id"] == str(page.pk)
    field = {"tag": "tags", "topic": "topics", "type": "type"}[kind]
    assert source[field] in ([], None)


def test_without_elasticsearch_nothing_is_recorded(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory()
        page.unpublish()
    assert not IndexChange.objects.exists()


def test_applied_changes_are_applied_once(site_tree, es, django_capture_on_commit_callbacks):
    page = ArticlePageFactory(live=False)
    es.forget()
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
        revision.publish()
        reload(page).save_revision().publish()
    # Several rows of one page, one action for them all.
    assert sent(es) == [("index", str(page.pk))]
    call_command("search_index", "sync")
    assert len(es.of("_bulk")) == 1


def test_merging_tags_reindexes_the_articles_that_carried_a_source(
    site_tree, es, django_capture_on_commit_callbacks
):
    moved = ArticlePageFactory(tags=["dprk"])
    both = ArticlePageFactory(tags=["dprk", "north korea"])
    ArticlePageFactory(tags=["north korea"])  # unchanged: not reindexed
    target = Tag.objects.get(name="north korea")
    es.forget()

    with django_capture_on_commit_callbacks(execute=True):
        merge_tags([Tag.objects.get(name="dprk")], target)

    actions = bulk_actions(es)
    assert sorted(meta["_id"] for _, meta, _ in actions) == sorted([str(moved.pk), str(both.pk)])
    tags = {"slug": target.slug, "name": "north korea"}
    assert all(source["tags"] == [tags] for *_, source in actions)
    assert pending_pages() == set()


def test_batched_records_each_page_once_when_it_ends(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, outbox.batched():
        outbox.record([1, 2])
        with outbox.batched():  # a nested one hands its pages on
            outbox.record([2, 3])
        outbox.record([4], apply=False)
        assert not IndexChange.objects.exists()  # nothing until it ends
    assert sorted(IndexChange.objects.values_list("page_id", flat=True)) == [1, 2, 3, 4]
    assert len(callbacks) == 1  # one apply, after the commit, for all of them

    def failing():
        with outbox.batched():
            outbox.record([9])
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        failing()
    assert not IndexChange.objects.filter(page_id=9).exists()
