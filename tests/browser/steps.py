"""What people do on the demo site, one function a step, for the browser scenarios.

The Wagtail admin's markup is named here and nowhere else: when a widget changes (the
author chooser, say), one function changes with it."""

import datetime
import re

import feedparser
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def log_in(page: Page, base: str, person: tuple[str, str]) -> None:
    username, password = person
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def explore_articles(page: Page, base: str, language: str = "English") -> None:
    """Pages › The Discussion Club (the ``language`` tree's: each language's home page has
    the same title) › Articles."""
    page.goto(base + "/admin/pages/")
    home = page.get_by_role("row").filter(has_text=language)
    home.get_by_role("link", name="Explore child pages of 'The Discussion Club'").click()
    page.get_by_role("link", name="Explore child pages of 'Articles'").click()


def open_new_article(page: Page, base: str) -> None:
    """Pages › The Discussion Club › Articles › Add child page."""
    explore_articles(page, base)
    page.get_by_role("link", name="Add child page").first.click()


def open_article(page: Page, base: str, title: str) -> None:
    """Pages › The Discussion Club › Articles › the article titled ``title``: its edit view."""
    explore_articles(page, base)
    page.get_by_role("table").get_by_role("link", name=title, exact=True).click()
    page.wait_for_url("**/edit/")


def translate(page: Page, language: str) -> None:
    """The edit page's header actions › Translate: tick ``language`` and submit. Lands on
    the edit view of the new draft in that language."""
    header = page.locator("header")
    header.get_by_role("button", name="Actions").click()
    header.get_by_role("link", name="Translate").click()
    page.get_by_role("checkbox", name=language, exact=True).check()
    page.get_by_role("button", name="Submit").click()
    expect(
        page.get_by_text(re.compile(r"The page '.+' was successfully created in"))
    ).to_be_visible()
    page.wait_for_url("**/edit/")


def retitle(page: Page, title: str) -> None:
    """The Content tab's title, alone."""
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("textbox", name="Title*").fill(title)


def write_article(page: Page, title: str, standfirst: str) -> None:
    """The Content tab's required fields."""
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("textbox", name="Title*").fill(title)
    page.get_by_role("textbox", name="Standfirst*").fill(standfirst)


def choose_author(page: Page, name: str) -> None:
    """Pick ``name`` in the credit form still empty (the newest one)."""
    page.get_by_role("button", name="Choose an author", exact=True).click()
    page.get_by_role("dialog").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("dialog")).to_be_hidden()


def add_new_author(page: Page, name: str, affiliation: str) -> None:
    """The author chooser's New author tab, in the empty credit: a name is required."""
    page.get_by_role("button", name="Choose an author", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="New author").click()
    dialog.get_by_role("button", name="Create author").click()
    expect(dialog.get_by_text("This field is required.")).to_be_visible()
    dialog.get_by_role("textbox", name="Name*").fill(name)
    dialog.get_by_role("textbox", name="Affiliation").fill(affiliation)
    dialog.get_by_role("button", name="Create author").click()
    expect(dialog).to_be_hidden()


def credit_authors(page: Page, *credits: tuple[str, str]) -> None:
    """The Authors & related tab: one credit per (name, role), in order; role may be ""."""
    page.get_by_role("tab", name="Authors & related").click()
    for number, (name, role) in enumerate(credits):
        if number:
            page.get_by_role("button", name="Add Author").click()
        choose_author(page, name)
        page.get_by_label("Role").nth(number).fill(role)


def insert_block(page: Page, inserter: Locator, kind: str) -> None:
    """A block of ``kind`` from the block menu ``inserter`` opens. A click that lands before
    Wagtail's script has bound a newly added stream's button opens nothing: the button is
    clicked again while the menu is not shown, up to three times."""
    option = page.get_by_role("option", name=kind, exact=True)
    for _ in range(3):
        if not option.is_visible():
            inserter.click()
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    option.click()


def relate(page: Page, article: str, external: dict[str, str]) -> None:
    """The Authors & related tab: a related-articles block with the internal ``article``
    and one external item (title, url, author, teaser)."""
    page.get_by_role("tab", name="Authors & related").click()
    section = page.locator("#panel-child-authors_related-related-section")
    section.get_by_role("button", name="Insert a block").click()
    items = section.locator('[data-contentpath="items"]')
    insert_block(page, items.get_by_role("button", name="Insert a block").last, "Article")
    items.get_by_role("button", name="Choose a page (Article)").click()
    page.get_by_role("dialog").get_by_role("link", name=article, exact=True).click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    insert_block(page, items.get_by_role("button", name="Insert a block").last, "External article")
    for field, value in external.items():
        items.get_by_label("URL" if field == "url" else field.capitalize()).last.fill(value)


def upload_hero_image(page: Page, path: str, title: str, caption: str = "") -> None:
    """The Content tab: the hero image, uploaded through the image chooser."""
    page.get_by_role("tab", name="Content").click()
    _upload_in_chooser(page, "Choose an image", path, title)
    if caption:
        page.get_by_label("Hero caption").fill(caption)


def file_under(page: Page, tags: list[str], topic: str, disclaimer: str = "") -> None:
    """The Promotion & settings tab: tags, one topic and, if named, a disclaimer other
    than the site's default."""
    page.get_by_role("tab", name="Promotion & settings").click()
    tag_input = page.locator("#panel-child-promotion_settings-tags-section .ui-autocomplete-input")
    for tag in tags:
        tag_input.fill(tag)
        tag_input.press("Enter")
    page.get_by_label(topic, exact=True).check()
    if disclaimer:
        _choose_in_chooser(page, "Choose disclaimer", disclaimer)


def footer_actions(page: Page):
    """Open the footer's action menu; answers the footer to pick an action in."""
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    return footer


def save_draft(page: Page) -> None:
    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Page '.+' (created|has been updated)\."))).to_be_visible()


def publish(page: Page) -> None:
    footer_actions(page).get_by_role("button", name="Publish").click()
    # "created and ..." when the page is new, "has been ..." once an autosave created it.
    done = re.compile(r"(created and|has been) (published|scheduled for publishing)\.")
    expect(page.get_by_text(done)).to_be_visible()


def unpublish(page: Page) -> None:
    """The edit page's header actions › Unpublish, confirmed."""
    header = page.locator("header")
    header.get_by_role("button", name="Actions").click()
    header.get_by_role("link", name="Unpublish").click()
    page.get_by_role("button", name="Yes, unpublish it").click()
    expect(page.get_by_text(re.compile(r"Page .+ unpublished\."))).to_be_visible()


def share_preview(page: Page, label: str) -> str:
    """The edit page's header actions › Share a preview: a new link, labelled; answers
    its URL, shown once."""
    header = page.locator("header")
    header.get_by_role("button", name="Actions").click()
    header.get_by_role("link", name="Share a preview").click()
    page.get_by_label("Label").fill(label)
    page.get_by_role("button", name="Create link").click()
    url = page.get_by_role("textbox", name="Review link")
    expect(url).to_have_value(re.compile("/review/"))
    return url.input_value()


def revoke_review_link(page: Page, label: str) -> None:
    """On the Share a preview page: revoke the link labelled ``label``."""
    row = page.get_by_role("row").filter(has_text=label)
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text(re.compile(f"“{re.escape(label)}” is revoked"))).to_be_visible()


def publish_article(page: Page, base: str, title: str, standfirst: str, author: str, tags):
    """An editor, logged in, publishes a plain article; answers its edit URL."""
    open_new_article(page, base)
    write_article(page, title, standfirst)
    credit_authors(page, (author, ""))
    file_under(page, list(tags), "North Korea")
    save_draft(page)
    edit_url = page.url
    publish(page)
    return edit_url


def submit_for_review(page: Page, action: str = "Submit to Editorial review") -> None:
    """A contributor's submission (or, with ``action="Resubmit to Editors approval"``,
    after changes were requested)."""
    footer_actions(page).get_by_role("button", name=action).click()
    done = re.compile(r"(created and|has been) submitted for moderation\.")
    expect(page.get_by_text(done)).to_be_visible()


def request_changes(page: Page, comment: str) -> None:
    """An editor sends the article under review back to its author, with a comment."""
    footer_actions(page).get_by_role("button", name="Request changes").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text(re.compile("has been updated"))).to_be_visible()


def approve(page: Page) -> None:
    """An editor approves the article under review, which publishes it."""
    footer_actions(page).get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_text(re.compile("has been updated"))).to_be_visible()


def review_history(page: Page):
    """The status side panel's workflow details: a dialog, answered."""
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_text("View details").click()
    return page.get_by_role("dialog").filter(has_text="Editorial review")


def post_edit_form(page: Page, action: str):
    """POST the edit form on screen as it stands, plus the button ``action`` (e.g.
    "action-publish") whether or not the page offers it: what a hand-made request could
    send. Uses the browser's session and the form's CSRF token; answers the response."""
    fields = page.evaluate(
        """() => Object.fromEntries(
            [...new FormData(document.querySelector("#page-edit-form"))]
                .filter(([, value]) => typeof value === "string"))"""
    )
    return page.request.post(page.url, form={**fields, action: action})


def schedule(page: Page, go_live: datetime.datetime) -> None:
    """The status side panel's "Set schedule": the go-live time (UTC, the admin's time
    zone). The field keeps whole minutes."""
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    field = dialog.get_by_label("Go live date/time")
    field.fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # By keyboard: the date picker stays open over the button.
    dialog.get_by_role("button", name="Save schedule").press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(re.compile(r"Page '.+' (created|has been updated)\."))).to_be_visible()


def create_disclaimer(page: Page, base: str, name: str, text: str) -> None:
    """Snippets › Disclaimers › Add."""
    page.goto(base + "/admin/snippets/core/disclaimer/add/")
    page.get_by_role("textbox", name="Name*").fill(name)
    rich_text = page.locator("#panel-text-section [contenteditable=true]")
    rich_text.press_sequentially(text)
    # Draftail writes the field's value a moment after the last keystroke.
    expect(page.locator('input[name="text"]')).to_have_value(re.compile(re.escape(text)))
    page.locator("footer").get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Disclaimer '{name}' created.")).to_be_visible()


def feed_titles(page: Page, url: str) -> list[str]:
    """The entry titles of the feed at ``url``, fetched as a feed reader would."""
    response = page.request.get(url)
    assert response.status == 200, f"{url}: {response.status}"
    return [entry.title for entry in feedparser.parse(response.body()).entries]


def assert_top_to_bottom(*locators: Locator) -> None:
    """The located elements are visible, and appear on the page in this order."""
    tops = []
    for locator in locators:
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        assert box is not None, locator
        tops.append(box["y"])
    assert tops == sorted(tops), list(zip(locators, tops, strict=True))


def write_note(page: Page, text: str) -> None:
    """The Content tab's Notes panel: a new note with ``text``."""
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name="Add Note").click()
    note = page.locator("[id^='inline_child_footnotes-']:not([id*='__prefix__'])").last
    expect(note.get_by_text("Key", exact=True)).to_be_hidden()  # written by the button
    note.locator("[contenteditable=true]").press_sequentially(text)
    expect(note.locator('input[name$="-text"]')).to_have_value(re.compile(re.escape(text)))


def write_paragraph_with_reference(page: Page, before: str, note: int, after: str) -> None:
    """A new paragraph of the body: ``before``, a reference to the panel's note ``note``
    (the toolbar's footnote button and its dialog), then ``after``."""
    body = page.locator("#panel-child-content-body-section")
    editors = body.locator("[contenteditable=true]")
    count = editors.count()
    insert_block(page, body.get_by_role("button", name="Insert a block").last, "Paragraph")
    expect(editors).to_have_count(count + 1)
    editor = editors.last
    editor.press_sequentially(before)
    editor.select_text()  # a selection shows the toolbar; the reference goes after it
    page.get_by_role("button", name="Footnote reference").click()
    dialog = page.get_by_role("dialog", name="Insert a reference to a note")
    dialog.get_by_role("button", name=re.compile(f"^Note {note}:")).click()
    expect(dialog).to_be_hidden()
    editor.press("End")
    editor.press_sequentially(after)


def make_report(page: Page) -> None:
    """The Content tab's article type: Report."""
    page.get_by_role("tab", name="Content").click()
    _choose_in_chooser(page, "Choose article type", "Report")


def attach_pdf(page: Page, path: str, title: str) -> None:
    """The Report tab: a PDF, uploaded through the document chooser."""
    page.get_by_role("tab", name="Report").click()
    page.get_by_role("button", name="Add PDF").click()
    _upload_in_chooser(page, "Choose a document", path, title)


def _upload_in_chooser(page: Page, button: str, path: str, title: str) -> None:
    """Wagtail's image or document chooser opened by ``button``: its Upload tab, the file
    at ``path`` under ``title``."""
    page.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Upload").click()
    dialog.get_by_label("File*").set_input_files(path)
    dialog.get_by_label("Title*").fill(title)
    dialog.get_by_role("button", name="Upload").click()
    expect(dialog).to_be_hidden()


def _choose_in_chooser(page: Page, button: str, name: str) -> None:
    """A snippet chooser opened by ``button``: the item called ``name``."""
    page.get_by_role("button", name=button).click()
    page.get_by_role("dialog").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("dialog")).to_be_hidden()
