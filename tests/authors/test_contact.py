"""Writing to an expert through the site (/authors/<slug>/contact/): one mail to the
expert's private address with the sender to reply to; CSRF, the honeypot and the limit per
client refuse the rest; the page is never cached; only a live, public expert with a
private address has one."""

from django.core import mail
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from authors.contact import MESSAGES_PER_CLIENT
from tests.factories import AuthorPageFactory, TopicFactory
from tests.ports import free_port

pytestmark = pytest.mark.django_db

URL = "/authors/anna-kim/contact/"
ADDRESS = "anna.private@example.net"
MESSAGE = {
    "name": "Jo Reporter",
    "email": "jo@newsroom.example",
    "message": "Could we talk about the summit on Friday?",
}


@pytest.fixture
def korea(db):
    return TopicFactory(name="Korea", slug="korea")


@pytest.fixture
def anna(site_tree, korea):
    return AuthorPageFactory(
        title="Anna Kim", slug="anna-kim", expertise=[korea], contact_email=ADDRESS
    )


def test_the_form_sends_one_mail_to_the_expert_with_the_sender_to_reply_to(client, anna):
    response = client.post(URL, MESSAGE)

    assert response.status_code == 200
    assertContains(response, "Your message has been sent to Anna Kim.")
    assertNotContains(response, ADDRESS)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [ADDRESS]
    assert sent.reply_to == ["Jo Reporter <jo@newsroom.example>"]
    assert sent.from_email == "webmaster@localhost"
    assert "Jo Reporter" in sent.subject
    assert "Could we talk about the summit on Friday?" in sent.body
    assert "http://localhost/authors/anna-kim/" in sent.body


def test_the_page_shows_the_form_and_is_never_cached(client, anna):
    first = client.get(URL)
    second = Client().get(URL)

    assert first.status_code == 200
    assertContains(first, 'name="csrfmiddlewaretoken"')
    assertContains(first, "Contact Anna Kim")
    assertNotContains(first, ADDRESS)
    assert "no-store" in first["Cache-Control"]
    assert second.get("X-Page-Cache") != "hit"
    assert second.content != first.content  # a token of its own


def test_a_post_without_the_csrf_token_is_refused(anna):
    client = Client(enforce_csrf_checks=True)

    assert client.post(URL, MESSAGE).status_code == 403
    token = client.get(URL).cookies["csrftoken"].value
    response = client.post(URL, {**MESSAGE, "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert len(mail.outbox) == 1


def test_a_filled_honeypot_sends_nothing(client, anna):
    response = client.post(URL, {**MESSAGE, "website": "http://spam.example"})

    assert response.status_code == 400
    assertContains(response, "Your message was not sent.", status_code=400)
    assert mail.outbox == []


def test_a_form_with_errors_sends_nothing_and_says_what_is_wrong(client, anna):
    response = client.post(URL, {**MESSAGE, "email": "not an address", "message": ""})

    assert response.status_code == 400
    assertContains(response, "Enter a valid email address.", status_code=400)
    assertContains(response, "This field is required.", status_code=400)
    assert mail.outbox == []


def test_one_client_may_send_only_so_many_messages(client, anna):
    for _ in range(MESSAGES_PER_CLIENT):
        assert client.post(URL, MESSAGE, REMOTE_ADDR="203.0.113.5").status_code == 200

    refused = client.post(URL, MESSAGE, REMOTE_ADDR="203.0.113.5")
    other = client.post(URL, MESSAGE, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assertContains(refused, "Too many messages", status_code=429)
    assert other.status_code == 200
    assert len(mail.outbox) == MESSAGES_PER_CLIENT + 1


def test_the_limit_counts_the_client_behind_the_trusted_proxy(client, anna, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(MESSAGES_PER_CLIENT):
        # The proxy's address is the same for all; the client spoofs a new one each time.
        forwarded = f"10.0.0.{n}, 203.0.113.5"
        response = client.post(URL, MESSAGE, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 200

    refused = client.post(URL, MESSAGE, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")

    assert refused.status_code == 429


def test_a_name_with_line_breaks_stays_on_one_header_line(client, anna):
    response = client.post(URL, {**MESSAGE, "name": "Jo\r\nBcc: victim@example.org"})

    assert response.status_code == 200
    sent = mail.outbox[0].message()
    assert sent["Subject"] == "Message from Jo Bcc: victim@example.org via Thinktank"
    assert sent["Bcc"] is None
    assert mail.outbox[0].recipients() == [ADDRESS]


def test_a_mail_server_that_does_not_answer_is_a_503_not_a_500(client, anna, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()

    response = client.post(URL, MESSAGE)

    assert response.status_code == 503
    assertContains(response, "could not be sent just now", status_code=503)
    assertContains(response, "Could we talk about the summit", status_code=503)  # kept


@pytest.mark.parametrize(
    "who",
    ["no address", "contact page only", "not an expert", "draft", "private", "unknown"],
)
def test_no_contact_page_without_a_live_public_expert_with_an_address(
    client, site_tree, korea, who
):
    expert = {"expertise": [korea], "contact_email": ADDRESS}
    people = {
        "no address": {"expertise": [korea]},
        "contact page only": {"expertise": [korea], "contact_url": "https://example.org/"},
        "not an expert": {"contact_email": ADDRESS},
        "draft": {**expert, "live": False},
        "private": expert,
    }
    if who in people:
        person = AuthorPageFactory(slug="anna-kim", **people[who])
        if who == "private":
            PageViewRestriction.objects.create(
                page=person, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )

    assert client.get(URL).status_code == 404
    assert client.post(URL, MESSAGE).status_code == 404
    assert mail.outbox == []


def test_a_media_contact_without_topics_has_a_contact_page(client, site_tree):
    AuthorPageFactory(slug="anna-kim", media_contact=True, contact_email=ADDRESS)

    assert client.get(URL).status_code == 200
