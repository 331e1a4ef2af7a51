"""The editorial flow end to end: people in the admin, readers on the site, feed readers.

Each scenario creates its own article under a title of its own, so any one runs alone
(``-k``); the demo server is shared by them all, so none counts the site's articles."""

import datetime
import re
import time

from PIL import Image
from playwright.sync_api import expect

from tests.browser import steps

EXTERNAL = {
    "title": "The Hanoi summit, one year on",
    "url": "https://example.org/hanoi-one-year-on",
    "author": "A. Visiting Scholar",
    "teaser": "What changed after the talks broke down.",
}


def test_an_editor_publishes_a_complete_article(demo_server, editor, page, tmp_path):
    hero = tmp_path / "tumen-bridge.png"
    Image.new("RGB", (640, 360), (30, 90, 160)).save(hero)
    steps.log_in(page, demo_server, editor)
    steps.create_disclaimer(
        page, demo_server, "Guest disclaimer", "This guest essay does not bind the Club."
    )

    steps.open_new_article(page, demo_server)
    steps.write_article(page, "A Bridge over the Tumen", "Rail links between Russia and Korea.")
    steps.upload_hero_image(page, str(hero), "Tumen bridge", caption="The bridge at Khasan.")
    steps.credit_authors(
        page, ("Georgy Toloraya", "interviewed expert"), ("Konstantin Asmolov", "")
    )
    steps.relate(page, "Prospects of Kim Jong-un’s Visit to Russia", EXTERNAL)
    steps.file_under(page, ["rail links", "Khasan"], "Russia", disclaimer="Guest disclaimer")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("A Bridge over the Tumen")
    expect(preview.get_by_label("Authors")).to_contain_text("Georgy Toloraya, interviewed expert")
    expect(preview.get_by_label("Authors")).to_contain_text("Konstantin Asmolov")
    steps.publish(page)

    page.goto(demo_server + "/articles/")
    page.get_by_role("link", name="A Bridge over the Tumen").first.click()
    article = page.locator("main")
    expect(page.locator("h1")).to_have_text("A Bridge over the Tumen")
    credits = article.get_by_label("Authors").get_by_role("listitem")
    expect(credits).to_contain_text(["Georgy Toloraya, interviewed expert", "Konstantin Asmolov"])
    expect(article.locator(".byline__role")).to_have_text(["interviewed expert"])
    expect(article.locator("figure.hero img")).to_be_visible()
    expect(article.locator("figure.hero")).to_contain_text("The bridge at Khasan.")
    expect(article.get_by_role("link", name="rail links")).to_be_visible()
    expect(article.get_by_role("link", name="Khasan", exact=True)).to_be_visible()
    expect(article.get_by_role("link", name="Russia", exact=True)).to_be_visible()
    expect(article.get_by_label("Disclaimer")).to_have_text(
        "This guest essay does not bind the Club."
    )
    related = article.locator(".related__title").get_by_role("link")
    expect(related).to_have_text(
        ["Prospects of Kim Jong-un’s Visit to Russia", f"{EXTERNAL['title']} ↗ (external site)"]
    )
    expect(related.nth(1)).to_have_attribute("href", EXTERNAL["url"])
    steps.assert_top_to_bottom(
        page.locator("h1"),
        article.get_by_label("Authors"),
        article.locator("figure.hero"),
        article.get_by_text("Rail links between Russia and Korea."),
        article.get_by_role("link", name="Russia", exact=True),
        article.get_by_role("link", name="rail links"),
        article.get_by_label("Disclaimer"),
        related.first,
        related.nth(1),
    )


def test_a_contributor_submits_and_an_editor_sends_back_then_approves(
    demo_server, contributor, editor, page, new_page
):
    steps.log_in(page, demo_server, contributor)
    steps.open_new_article(page, demo_server)
    steps.write_article(page, "Ferries to Rajin", "A sea route north of the border.")
    steps.credit_authors(page, ("Konstantin Asmolov", ""))
    steps.save_draft(page)
    edit_url = page.url
    expect(steps.footer_actions(page).get_by_role("button", name="Publish")).to_have_count(0)
    page.keyboard.press("Escape")

    forged = steps.post_edit_form(page, "action-publish")
    assert forged.ok
    assert "has been updated" in forged.text()  # a valid form, saved as a draft only
    assert page.request.get(demo_server + "/articles/ferries-to-rajin/").status == 404
    steps.submit_for_review(page)

    reviewer = new_page()
    steps.log_in(reviewer, demo_server, editor)
    reviewer.goto(edit_url)
    steps.request_changes(reviewer, "Please name the ferry operator.")

    page.goto(edit_url)
    expect(steps.review_history(page)).to_contain_text("Please name the ferry operator.")
    page.keyboard.press("Escape")
    steps.write_article(page, "Ferries to Rajin, run by Mangyongbong", "A sea route north.")
    steps.submit_for_review(page, "Resubmit to Editors approval")
    assert page.request.get(demo_server + "/articles/ferries-to-rajin/").status == 404

    reviewer.goto(edit_url)
    steps.approve(reviewer)
    page.goto(demo_server + "/articles/")
    page.get_by_role("link", name="Ferries to Rajin, run by Mangyongbong").click()
    expect(page.locator("h1")).to_have_text("Ferries to Rajin, run by Mangyongbong")
    assert page.request.get(page.url).status == 200


def test_a_scheduled_article_appears_everywhere_once_the_worker_has_run(
    demo_server, editor, manage, page
):
    url = demo_server + "/articles/the-khasan-timetable/"
    steps.log_in(page, demo_server, editor)
    steps.open_new_article(page, demo_server)
    steps.write_article(page, "The Khasan Timetable", "Four trains a week across the Tumen.")
    steps.credit_authors(page, ("Georgy Toloraya", ""))
    # The admin schedules by the minute: the next whole minute at least 30 s away, time
    # enough to publish before it.
    go_live = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=90)).replace(
        second=0, microsecond=0
    )
    steps.schedule(page, go_live)
    steps.publish(page)
    expect(page.get_by_text(re.compile("scheduled for publishing"))).to_be_visible()

    def shown() -> dict[str, bool]:
        title, get = "The Khasan Timetable", page.request.get
        return {
            "page": get(url).status == 200,
            "index": title in get(demo_server + "/articles/").text(),
            "search": title in get(demo_server + "/search/?q=Khasan+timetable").text(),
            "site feed": title in steps.feed_titles(page, demo_server + "/feeds/rss/"),
        }

    assert not any(shown().values()), shown()
    while datetime.datetime.now(datetime.UTC) < go_live:
        time.sleep(1)
    assert not any(shown().values()), shown()  # due, but nothing has published it yet
    assert "1 published on schedule" in manage("worker", "--once")
    assert all(shown().values()), shown()


def test_a_reviewer_without_an_account_reads_the_draft_until_the_link_is_revoked(
    demo_server, editor, page, new_page
):
    title = "Embargoed: the Tumen Corridor Deal"
    steps.log_in(page, demo_server, editor)
    steps.open_new_article(page, demo_server)
    steps.write_article(page, title, "Terms agreed in Vladivostok, out on Monday.")
    steps.credit_authors(page, ("Georgy Toloraya", "interviewed expert"))
    steps.save_draft(page)
    link = steps.share_preview(page, "for the Vladivostok desk")
    assert link.startswith(demo_server + "/review/")

    reviewer = new_page()  # no account, no session
    response = reviewer.goto(link)
    assert response is not None
    assert response.status == 200
    expect(reviewer.locator("h1")).to_have_text(title)
    expect(reviewer.get_by_text("Preview — not published")).to_be_visible()
    expect(reviewer.locator("main").get_by_label("Authors")).to_contain_text(
        "Georgy Toloraya, interviewed expert"
    )
    robots = reviewer.locator('meta[name="robots"]')
    expect(robots).to_have_attribute("content", "noindex, nofollow")
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    # The article itself is still unpublished.
    assert (
        reviewer.request.get(demo_server + "/articles/embargoed-the-tumen-corridor-deal/").status
        == 404
    )
    assert title not in reviewer.request.get(demo_server + "/articles/").text()

    steps.revoke_review_link(page, "for the Vladivostok desk")
    response = reviewer.goto(link)
    assert response is not None
    assert response.status == 404
    expect(reviewer.get_by_text(title)).to_have_count(0)


def test_a_reader_finds_the_article_by_search_facet_and_feeds(demo_server, editor, page, new_page):
    steps.log_in(page, demo_server, editor)
    steps.publish_article(
        page,
        demo_server,
        "A Summit on the Tumen Estuary",
        "Three neighbours meet where the river reaches the sea.",
        "Georgy Toloraya",
        tags=["Tumen estuary"],
    )

    reader = new_page()
    reader.goto(demo_server + "/")
    reader.get_by_role("search").get_by_role("searchbox").fill("summit")
    reader.get_by_role("search").get_by_role("button", name="Search").click()
    results = reader.locator(".search-hits")
    expect(results.get_by_role("link", name="A Summit on the Tumen Estuary")).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("^Second Trump-Kim Summit"))).to_be_visible()
    facets = reader.get_by_role("complementary", name="Refine")
    facets.locator("section", has_text="Tags").get_by_role(
        "link", name=re.compile(r"^Tumen estuary \(1\)")
    ).click()
    expect(results.locator(".search-hit__title")).to_have_text(["A Summit on the Tumen Estuary"])
    results.get_by_role("link", name="A Summit on the Tumen Estuary").click()
    expect(reader.locator("h1")).to_have_text("A Summit on the Tumen Estuary")

    for feed in ("/feeds/rss/", "/authors/georgy-toloraya/feed/"):
        assert "A Summit on the Tumen Estuary" in steps.feed_titles(reader, demo_server + feed)


def test_an_unpublished_article_leaves_search_feeds_and_listings(demo_server, editor, page):
    title = "Tumen Shipping Resumes"
    steps.log_in(page, demo_server, editor)
    edit_url = steps.publish_article(
        page, demo_server, title, "River barges are back.", "Konstantin Asmolov", tags=[]
    )

    def shown() -> dict[str, bool]:
        get = page.request.get
        return {
            "search": title in get(demo_server + "/search/?q=Tumen+shipping").text(),
            "site feed": title in steps.feed_titles(page, demo_server + "/feeds/rss/"),
            "author feed": title
            in steps.feed_titles(page, demo_server + "/authors/konstantin-asmolov/feed/"),
            "author page": title in get(demo_server + "/authors/konstantin-asmolov/").text(),
            "index": title in get(demo_server + "/articles/").text(),
        }

    assert all(shown().values()), shown()
    page.goto(edit_url)
    steps.unpublish(page)
    assert not any(shown().values()), shown()
