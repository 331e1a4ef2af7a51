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
