import re
from pathlib import Path

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


SEED_ARTICLE = "/articles/prospects-of-kim-jong-uns-visit-to-russia/"


def test_reader_copies_a_citation_and_downloads_it(demo_server, page):
    page.goto(demo_server + SEED_ARTICLE)
    expect(page.locator(".article__reading-time")).to_have_text(re.compile(r"^\d+ min read$"))
    cite = page.locator("details.cite")
    expect(cite.get_by_text("Asmolov, K. (2019,")).to_be_hidden()
    cite.get_by_text("Cite this").click()
    expect(cite.get_by_text(re.compile(r"^Asmolov, K\. \(2019, "))).to_be_visible()
    expect(cite.locator("dt")).to_have_text(["APA", "Chicago", "MLA"])

    with page.expect_download() as download:
        cite.get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename == "prospects-of-kim-jong-uns-visit-to-russia.bib"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("@misc{asmolov2019")
    assert "Prospects of Kim Jong-un’s Visit to Russia" in text


def test_a_printed_article_has_its_permalink_and_citation_and_no_navigation(demo_server, page):
    page.goto(demo_server + SEED_ARTICLE)
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()
    expect(page.locator(".related")).to_be_hidden()
    expect(page.locator("details.cite")).to_be_hidden()
    printed = page.locator(".cite-print")
    expect(printed).to_be_visible()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(SEED_ARTICLE)
    expect(printed).to_contain_text(f"Permalink: {canonical}")
    expect(printed).to_contain_text("Cite as: Asmolov, K. (2019,")
    expect(page.locator(".byline")).to_be_visible()
    expect(page.locator(".disclaimer")).to_be_visible()
    assert len(page.pdf()) > 10_000  # Chromium lays the printed page out

    page.emulate_media(media="screen")
    expect(printed).to_be_hidden()
