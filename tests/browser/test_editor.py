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
