import pytest

from articles.models import BODY_OPENING_WORDS
from search.service import search
from tests.factories import ArticlePageFactory, AuthorPageFactory


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_article_editor_has_the_three_tabs(editor_client, site_tree):
    article = ArticlePageFactory()
    response = editor_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Content", "Authors &amp; related", "Promotion &amp; settings"):
        assert tab in html


def test_new_article_form_renders(editor_client, site_tree):
    response = editor_client.get(f"/admin/pages/add/articles/articlepage/{site_tree.articles.pk}/")
    assert response.status_code == 200
    assert "Standfirst" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["Winding Road", "denuclearisation pathway", "Hanoi aftermath", "Toloraya"]
)
def test_admin_search_finds_articles_by_title_standfirst_body_and_author(
    editor_client, site_tree, query
):
    author = AuthorPageFactory(title="Georgy Toloraya")
    article = ArticlePageFactory(
        title="The Winding Road",
        standfirst="A denuclearisation pathway.",
        body=[("paragraph", "<p>In the Hanoi aftermath.</p>")],
        authors=[author],
    )
    ArticlePageFactory(title="Unrelated piece")
    article.save_revision().publish()  # indexing happens on publish, as in the admin
    response = editor_client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Winding Road" in html
    assert "Unrelated piece" not in html


def test_admin_search_reads_the_opening_of_a_body_and_readers_search_all_of_it(
    editor_client, site_tree
):
    filler = " ".join(["filler"] * BODY_OPENING_WORDS)
    article = ArticlePageFactory(
        title="The Long Read",
        body=[("paragraph", f"<p>An opening gambit. {filler} A closing sentinel.</p>")],
    )
    article.save_revision().publish()

    def found_by_editors(query: str) -> bool:
        response = editor_client.get("/admin/pages/search/", {"q": query})
        return "The Long Read" in response.content.decode()

    assert found_by_editors("gambit")
    assert not found_by_editors("sentinel")
    assert [hit.title for hit in search("sentinel").hits] == ["The Long Read"]
