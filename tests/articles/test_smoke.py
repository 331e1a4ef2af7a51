from tests.factories import ArticlePageFactory, AuthorPageFactory


def test_article_page_renders_title_and_author(client, site_tree):
    author = AuthorPageFactory(parent=site_tree.authors, title="Georgy Toloraya")
    ArticlePageFactory(parent=site_tree.articles, title="On summits", slug="on-summits", authors=[author], tags=["summit"])
    response = client.get("/articles/on-summits/")
    assert response.status_code == 200
