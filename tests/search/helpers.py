"""Helpers the search tests share for driving and reading the recording fake (fake_es.py)."""

from search.connection import alias_name

# An index name the alias is said to point at before a rebuild.
OLD = "thinktank-test-articles-20190101000000000000"


def serve_alias(fake, *indices):
    """Answer alias look-ups as if the alias pointed at ``indices`` (none: no alias)."""
    alias = alias_name()
    if indices:
        answer = {name: {"aliases": {alias: {}}} for name in indices}
        fake.routes[("GET", "_alias")] = lambda request: (200, answer)
    else:
        error = {"error": f"alias [{alias}] missing", "status": 404}
        fake.routes[("GET", "_alias")] = lambda request: (404, error)
    fake.routes[("HEAD", f"/{alias}")] = lambda request: (404, None)


def bulk_actions(fake) -> list[tuple[str, dict, dict | None]]:
    """Every bulk action sent: (action, metadata, source or None), in order."""
    actions = []
    for request in fake.of("_bulk"):
        lines = iter(request.body)
        for line in lines:
            action, meta = next(iter(line.items()))
            actions.append((action, meta, next(lines) if action == "index" else None))
    return actions
