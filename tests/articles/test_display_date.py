import datetime

from tests.factories import ArticlePageFactory


def test_display_date_defaults_to_first_publication(site_tree):
    article = ArticlePageFactory(display_date=None, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.display_date == article.first_published_at.date()


def test_an_edited_display_date_is_kept_on_publish(site_tree):
    article = ArticlePageFactory(display_date=None, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    article.display_date = datetime.date(2019, 4, 4)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.display_date == datetime.date(2019, 4, 4)
