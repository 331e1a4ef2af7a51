"""``make loadtest``: the site under gunicorn with the production settings, driven by wrk.

``server`` starts and stops gunicorn, ``wrk`` runs wrk with ``wrk.lua`` and reads the
summary that script writes, ``figures`` turns the summaries into the table and the JSON
under ``bench/results/``. ``manage.py loadtest`` runs them in order (docs/performance.md).
"""
