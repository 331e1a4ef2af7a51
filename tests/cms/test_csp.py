"""Every response carries a Content-Security-Policy: the strict one on reader pages, the
admin's (which lets Wagtail's inline editor code run) under /admin/ only."""

import pytest


@pytest.mark.django_db
def test_reader_pages_run_only_the_sites_own_scripts(client, site_tree):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert "https://www.youtube-nocookie.com" in directives["frame-src"]
    assert "unsafe" not in policy


def test_the_admin_allows_wagtails_inline_code(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["img-src"] == "'self' data: blob:"


@pytest.mark.django_db
def test_error_pages_and_feeds_carry_it_too(client, site_tree):
    for url in ("/no-such-page/", "/feeds/rss/", "/api/v2/pages/"):
        assert "default-src 'self'" in client.get(url)["Content-Security-Policy"], url
