"""The two ways a reader search is answered: Elasticsearch, and the database as fallback.

Each module exposes ``search(params, request) -> SearchResult``, ``suggest(text, limit)`` and
``related_ids(page, limit)``; ``search.service`` picks one.
"""
