import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

import pytest


def ensure_demo_admin(*args) -> str:
    stdout = io.StringIO()
    call_command("ensure_demo_admin", *args, stdout=stdout)
    return stdout.getvalue()


def test_refused_outside_development_settings(db):
    with pytest.raises(CommandError, match="DEMO_ADMIN_ALLOWED"):
        ensure_demo_admin()
    assert not get_user_model().objects.exists()


def test_refused_when_explicitly_disabled(db, settings):
    settings.DEMO_ADMIN_ALLOWED = False
    with pytest.raises(CommandError, match="refusing"):
        ensure_demo_admin()
    assert not get_user_model().objects.exists()


def test_creates_a_superuser_who_can_log_in(db, settings, client):
    settings.DEMO_ADMIN_ALLOWED = True

    output = ensure_demo_admin()

    assert "Demo admin: admin / admin at http://127.0.0.1:8000/admin/" in output.splitlines()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.is_staff
    assert user.is_active
    assert client.login(request=HttpRequest(), username="admin", password="admin")


def test_resets_an_existing_admin(db, settings, client):
    settings.DEMO_ADMIN_ALLOWED = True
    user = get_user_model().objects.create_user("admin", password="changed", is_active=False)

    output = ensure_demo_admin("--host", "0.0.0.0", "--port", "8080")  # noqa: S104

    assert "Demo admin: admin / admin at http://0.0.0.0:8080/admin/" in output.splitlines()
    assert get_user_model().objects.count() == 1
    user.refresh_from_db()
    assert user.is_superuser
    assert user.is_active
    assert client.login(request=HttpRequest(), username="admin", password="admin")
