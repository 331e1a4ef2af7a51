"""An editor translates a published article into Russian with the admin's Translate action;
readers see the Russian version, and the links between the two, once it is published.

The demo server is shared with the other scenarios: the English article is left as it was
(a Russian version of it is added, under a Russian title)."""

from playwright.sync_api import expect

from tests.browser import steps

TITLE = "Prospects of Kim Jong-un’s Visit to Russia"
SLUG = "prospects-of-kim-jong-uns-visit-to-russia"
RUSSIAN_TITLE = "Перспективы визита Ким Чен Ына в Россию"


def test_an_editor_translates_an_article_and_readers_follow_the_links(
    demo_server, editor, page, new_page
):
    english_url = f"{demo_server}/articles/{SLUG}/"
    steps.log_in(page, demo_server, editor)
    steps.open_article(page, demo_server, TITLE)
    steps.translate(page, "Russian")
    # The Russian draft: a copy of the article, to translate, at the same slug.
    expect(page.get_by_role("textbox", name="Title*")).to_have_value(TITLE)
    page.get_by_role("tab", name="Promotion & settings").click()
    expect(page.get_by_role("textbox", name="Slug*")).to_have_value(SLUG)

    # While it is a draft, readers neither reach it nor are pointed to it.
    reader = new_page()
    response = reader.goto(f"{demo_server}/ru/articles/{SLUG}/")
    assert response is not None
    assert response.status == 404
    reader.goto(english_url)
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.get_by_text("Also in")).to_have_count(0)
    expect(reader.locator("link[hreflang]")).to_have_count(0)

    steps.retitle(page, RUSSIAN_TITLE)
    steps.publish(page)

    reader.goto(english_url)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    also_in = reader.locator(".article__translations")
    expect(also_in).to_contain_text("Also in")
    expect(reader.locator("link[hreflang]")).to_have_count(3)  # en, ru and x-default
    also_in.get_by_role("link", name="Русский").click()

    # At the English slug: the Russian title did not rewrite it.
    reader.wait_for_url(f"{demo_server}/ru/articles/{SLUG}/")
    expect(reader.locator("html")).to_have_attribute("lang", "ru")
    expect(reader.locator("h1")).to_have_text(RUSSIAN_TITLE)
    expect(reader.locator("link[hreflang]")).to_have_count(3)
    reader.locator(".article__translations").get_by_role("link", name="English").click()

    reader.wait_for_url(english_url)
    expect(reader.locator("h1")).to_have_text(TITLE)
