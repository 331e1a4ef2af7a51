import re

from playwright.sync_api import expect

from tests.browser import steps


def test_editor_publishes_an_article_that_readers_then_see(demo_server, page):
    steps.log_in(page, demo_server, ("admin", "admin"))
    steps.open_new_article(page, demo_server)
    steps.write_article(page, "Sanctions after Hanoi", "What the summit left behind.")
    steps.credit_authors(page, ("Georgy Toloraya", "interviewed expert"))
    steps.publish(page)

    page.goto(demo_server + "/")
    page.get_by_role("link", name="Sanctions after Hanoi").click()
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Sanctions after Hanoi")
    expect(main).to_contain_text("What the summit left behind.")
    expect(main.get_by_role("link", name="Georgy Toloraya")).to_be_visible()
    expect(main).to_contain_text("interviewed expert")


def test_editor_adds_a_new_author_from_the_article(demo_server, page):
    steps.log_in(page, demo_server, ("admin", "admin"))
    steps.open_new_article(page, demo_server)
    steps.write_article(page, "A new voice on Korea", "A first piece by a new author.")
    page.get_by_role("tab", name="Authors & related").click()
    steps.add_new_author(page, "Alexandra Novak", "Visiting Fellow")
    expect(page.get_by_text("Alexandra Novak").first).to_be_visible()
    steps.publish(page)

    page.goto(demo_server + "/")
    page.get_by_role("link", name="A new voice on Korea").click()
    page.locator("main").get_by_role("link", name="Alexandra Novak").click()
    expect(page.locator("h1")).to_have_text("Alexandra Novak")
    expect(page.locator("main")).to_contain_text("Visiting Fellow")


def test_editor_writes_notes_and_references_them(demo_server, page):
    steps.log_in(page, demo_server, ("admin", "admin"))
    steps.open_new_article(page, demo_server)
    steps.write_article(page, "Notes on Hanoi", "Where the claims come from.")
    steps.write_note(page, "Reuters, 28 February 2019.")
    steps.write_note(page, "The White House transcript.")
    steps.write_paragraph_with_reference(page, "The talks ended early", 2, " on the second day.")
    steps.write_paragraph_with_reference(page, "No deal was signed", 1, ".")
    steps.credit_authors(page, ("Georgy Toloraya", ""))
    steps.publish(page)

    page.goto(demo_server + "/articles/notes-on-hanoi/")
    main = page.locator("main")
    references = main.get_by_role("link", name=re.compile(r"^Note \d$"))
    expect(references).to_have_text(["1", "2"])  # numbered by their order in the text
    notes = main.get_by_role("region", name="Notes").locator("li")
    expect(notes).to_have_count(2)
    expect(notes.nth(0)).to_contain_text("The White House transcript.")
    expect(notes.nth(1)).to_contain_text("Reuters, 28 February 2019.")

    references.first.click()
    assert page.evaluate("location.hash") == "#fn-1"
    notes.nth(0).get_by_role("link", name="Back to reference 1").click()
    assert page.evaluate("location.hash") == "#fnref-1"
