import re

from playwright.sync_api import expect


def test_reader_finds_the_seed_article_and_follows_its_links(demo_server, page):
    page.goto(demo_server + "/")
    page.get_by_role("link", name="Prospects of Kim Jong-un’s Visit to Russia").first.click()

    article = page.locator("main")
    assert page.locator("h1").inner_text() == "Prospects of Kim Jong-un’s Visit to Russia"
    assert "Speculations that Kim Jong-un will soon arrive in Russia" in article.inner_text()
    assert "Views expressed are of individual Members and Contributors" in article.inner_text()
    for title in (
        "Kim – Trump: I Know that You Know I Know",
        "Second Trump-Kim Summit: Started with a Bang, Ended in a Fizzle",
        "North Korea: The Winding Road to Denuclearization",
    ):
        assert article.get_by_role("link", name=title).count() == 1

    article.get_by_role("link", name="North Korea: The Winding Road to Denuclearization").click()
    assert page.locator("h1").inner_text() == "North Korea: The Winding Road to Denuclearization"
    page.locator("main").get_by_role("link", name="Georgy Toloraya").first.click()
    assert page.locator("h1").inner_text() == "Georgy Toloraya"
    assert "BRICS" in page.locator("main").inner_text()


def test_skip_link_moves_focus_to_the_main_content(demo_server, page):
    page.goto(demo_server + "/articles/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_reader_searches_from_the_header_and_narrows_by_a_facet(demo_server, page):
    page.goto(demo_server + "/")
    page.get_by_role("search").get_by_role("searchbox").fill("sanctions")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=sanctions*")
    results = page.locator("main")
    expect(results.locator("mark").first).to_have_text(re.compile("sanctions", re.I))
    expect(
        results.get_by_role("link", name="Prospects of Kim Jong-un’s Visit to Russia")
    ).to_be_visible()

    results.get_by_role("link", name=re.compile(r"^Konstantin Asmolov")).first.click()
    expect(
        results.get_by_role("link", name="Prospects of Kim Jong-un’s Visit to Russia")
    ).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("Russia–DPRK Summit"))).to_have_count(0)


def test_reader_follows_the_site_feed_link(demo_server, page):
    page.goto(demo_server + "/")
    with page.expect_response(re.compile(r"/feeds/rss/$")) as feed:
        page.locator("footer").get_by_role("link", name="RSS").click()
    response = feed.value
    assert response.status == 200
    assert "xml" in response.headers["content-type"]
    assert "Prospects of Kim Jong-un’s Visit to Russia" in response.text()
