"""Signing in to the admin is throttled per account and per address: the fifth failure
locks them for a quarter of an hour."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

import pytest
import time_machine

from cms.core.client_ip import client_ip

LOGIN = "/admin/login/"
LOCKED = "Too many sign-in attempts"


@pytest.fixture
def users(db):
    User = get_user_model()
    return [
        User.objects.create_user(name, password="right-horse-battery", is_staff=True)
        for name in ("editor", "other")
    ]


WRONG = "wrong-password"


def sign_in(client, username, password=WRONG, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_account_for_a_quarter_of_an_hour(client, users):
    for attempt in range(4):
        response = sign_in(client, "editor", address=f"192.0.2.{attempt}")
        assert response.status_code == 200  # the form again, with its error
    assert sign_in(client, "editor", address="192.0.2.4").status_code == 429  # the fifth
    locked = sign_in(client, "editor", "right-horse-battery", address="198.51.100.7")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    # Another account, from another address, still signs in.
    assert (
        sign_in(client, "other", "right-horse-battery", address="198.51.100.8").status_code == 302
    )

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, "editor", "right-horse-battery").status_code == 302


def test_five_failures_from_one_address_lock_that_address(client, users):
    for name in ("a", "b", "c", "d"):
        assert sign_in(client, name, address="203.0.113.5").status_code == 200
    assert sign_in(client, "e", address="203.0.113.5").status_code == 429
    assert sign_in(client, "other", "right-horse-battery", address="203.0.113.5").status_code == 429
    assert sign_in(client, "other", "right-horse-battery", address="203.0.113.6").status_code == 302


def test_a_success_resets_the_count(client, users):
    for _ in range(4):
        sign_in(client, "editor")
    assert sign_in(client, "editor", "right-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "editor").status_code == 200
    assert sign_in(client, "editor", "right-horse-battery").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the connection's address
        (1, "203.0.113.9", "203.0.113.9"),  # what nginx saw
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 172.16.0.1", "203.0.113.9"),  # a CDN, then nginx
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
