"""With TWO_FACTOR_REQUIRED, the admin asks for a code from an authenticator app after the
password: set up at the first sign-in, asked for at every one after."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "right-horse-battery"


def code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits) + offset:06d}"[-6:]


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("edna", "edna@example.org", PASSWORD)


def sign_in(client, next_url="/admin/pages/"):
    response = client.post(
        "/admin/login/", {"username": "edna", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    return client.get(next_url)


def test_the_first_sign_in_sets_up_an_app(client, required, editor, site_tree):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/2fa/setup/?next=/admin/pages/"
    assert client.get("/admin/").status_code == 302  # every admin page waits

    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = re.search(r'<code aria-label="Key for your authenticator app">([A-Z2-7 ]+)</code>', page)
    assert key is not None
    assert device.config_url.count(key.group(1).replace(" ", "")) == 1

    wrong = client.post("/admin/2fa/setup/", {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    confirmed = client.post("/admin/2fa/setup/", {"code": code(device), "next": "/admin/pages/"})
    assert confirmed["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_later_sign_ins_ask_for_a_code(client, required, editor, site_tree):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    response = sign_in(client)
    assert response["Location"] == "/admin/2fa/verify/?next=/admin/pages/"
    assert client.get("/admin/2fa/setup/")["Location"].startswith("/admin/2fa/verify/")

    wrong = client.post("/admin/2fa/verify/", {"code": code(device, offset=1)})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/pages/").status_code == 302
    throttled = client.post("/admin/2fa/verify/", {"code": code(device)})
    assert "That code is not right" in throttled.content.decode()  # too soon after a miss

    # A wrong code slows the next attempt (django-otp's throttling); not in this test.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    verified = client.post(
        "/admin/2fa/verify/", {"code": code(device), "next": "https://evil.example/"}
    )
    assert verified["Location"] == "/admin/"  # never a redirect off the site
    assert client.get("/admin/pages/").status_code == 200


def test_reader_pages_do_not_ask(client, required, editor, site_tree):
    sign_in(client)
    assert client.get("/").status_code == 200


def test_nothing_is_asked_unless_required(client, editor, site_tree):
    assert sign_in(client).status_code == 200


def test_the_steps_need_a_password_first(client, required, db):
    response = client.get("/admin/2fa/verify/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_lost_phone_is_reset_from_the_command_line(client, required, editor, site_tree):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    out = io.StringIO()
    call_command("reset_two_factor", "edna", stdout=out)
    assert "1 authenticator app(s) forgotten" in out.getvalue()
    assert sign_in(client)["Location"].startswith("/admin/2fa/setup/")
    with pytest.raises(CommandError, match="no user is called 'nobody'"):
        call_command("reset_two_factor", "nobody")
