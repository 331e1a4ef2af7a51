from playwright.sync_api import expect


def test_editor_publishes_an_article_that_readers_then_see(demo_server, page):
    page.goto(demo_server + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    # Pages › home › Articles › add child page
    page.goto(demo_server + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'The Discussion Club'").click()
    page.get_by_role("link", name="Explore child pages of 'Articles'").click()
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("textbox", name="Title*").fill("Sanctions after Hanoi")
    page.get_by_role("textbox", name="Standfirst*").fill("What the summit left behind.")
    page.get_by_role("tab", name="Authors & related").click()
    page.get_by_role("button", name="Choose a page (Author)").click()
    page.get_by_role("dialog").get_by_role("link", name="Georgy Toloraya").click()
    page.get_by_label("Role").fill("interviewed expert")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Sanctions after Hanoi").first).to_be_visible()

    page.goto(demo_server + "/")
    page.get_by_role("link", name="Sanctions after Hanoi").click()
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Sanctions after Hanoi")
    expect(main).to_contain_text("What the summit left behind.")
    expect(main.get_by_role("link", name="Georgy Toloraya")).to_be_visible()
    expect(main).to_contain_text("interviewed expert")
