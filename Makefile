# The two commands: `make run` and `make test`. Both work from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=cms.settings.dev
TEST := DJANGO_SETTINGS_MODULE=cms.settings.test

.PHONY: run worker test e2e test-browser lint format messages lock bench loadtest clean services services-stop elasticsearch elasticsearch-stop

# Local services on 127.0.0.1 (deploy/local/): PostgreSQL, Redis and Elasticsearch.
# The newest Elasticsearch 8.x test distribution Maven Central serves; pinned here only.
ES_VERSION ?= 8.19.21
ES_PORT ?= 9200
SERVICES := deploy/local

# The pinned dependency trees (`make lock` writes both): LOCK is the runtime plus the test
# and dev extras, for the suite, lint and CI; LOCK_RUNTIME its runtime part, for deployments.
LOCK := requirements/lock.txt
LOCK_RUNTIME := requirements/lock-runtime.txt
# `make lock` keeps the locked versions pyproject.toml still allows; to move on,
# `make lock LOCK_ARGS=--upgrade` (everything) or `LOCK_ARGS="--upgrade-package django"`.
LOCK_ARGS ?=
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(LOCK_ARGS)
# make test prints the coverage of the apps ([tool.coverage.*] in pyproject.toml); measuring
# slows the suite down, `make test COV_ARGS=` runs it without.
COV_ARGS ?= --cov --cov-report=term

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml or the lock file changes: the pinned tree first, then
# the project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml $(LOCK_RUNTIME) | $(PY)
	$(PY) -m pip install --quiet -r $(LOCK_RUNTIME)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

# The runtime lock is resolved within the full one, so both hold the same versions.
lock: $(VENV)/.installed-test
	$(UV_COMPILE) --extra test --extra dev -o $(LOCK)
	$(UV_COMPILE) --constraint $(LOCK) -o $(LOCK_RUNTIME)

run: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo --site $(HOST):$(PORT)
	$(DEV) $(PY) manage.py ensure_demo_admin --host $(HOST) --port $(PORT)
	@# The worker runs beside the server (scheduled articles go live by themselves) and
	@# stops with it.
	$(DEV) $(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

# The background work alone: scheduled publishing, expiry, the search index sync.
worker: $(VENV)/.installed
	$(DEV) $(PY) manage.py worker

test: $(VENV)/.installed-test
	$(TEST) $(PY) manage.py check
	$(TEST) $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(COV_ARGS) $(PYTEST_ARGS)

# The end-to-end browser tests alone (tests/browser/, marked `browser`): Playwright drives
# Chromium against the demo site; `make test` runs them too. test-browser is the old name.
e2e: $(VENV)/.installed-test
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

test-browser: e2e

# All three checks run; lint fails if any of them does. .pre-commit-config.yaml runs the same.
lint: $(VENV)/.installed-test
	@status=0; \
	echo "ruff check ."; $(VENV)/bin/ruff check . || status=1; \
	echo "ruff format --check ."; $(VENV)/bin/ruff format --check . || status=1; \
	echo "mypy (cms articles authors search)"; $(VENV)/bin/mypy || status=1; \
	exit $$status

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The site's own words in each language but English (docs/translations.md): the strings
# marked in the templates and the code, collected into locale/<code>/LC_MESSAGES/django.po
# (translate what is new or changed, then run it again), compiled to the django.mo beside it.
# Both are committed: deploying needs no gettext tools. Needs GNU gettext (Debian's `gettext`).
MESSAGES_LOCALES ?= ru
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=build --ignore=static \
	--ignore=test-results --ignore=bench --ignore=deploy --ignore=docs
messages: $(VENV)/.installed
	$(DEV) $(PY) manage.py makemessages $(MESSAGES_LOCALES:%=-l %) --add-location=file \
		$(MESSAGES_IGNORE)
	$(DEV) $(PY) manage.py compilemessages $(MESSAGES_LOCALES:%=-l %) $(MESSAGES_IGNORE)

# The site measured on synthetic archives (docs/performance.md): a PostgreSQL database per
# size, thinktank_bench_<size>, generated the first time and reused after; the search
# measured on the database and on the local Elasticsearch node. Figures printed and written
# to bench/results/, never asserted. A million articles: BENCH_SIZES="1000 1000000".
BENCH_SIZES ?= 1000 10000 100000
BENCH_ARGS ?=
bench: $(VENV)/.installed services
	ELASTICSEARCH_URL=http://127.0.0.1:$(ES_PORT) $(DEV) $(PY) manage.py bench \
		--sizes $(BENCH_SIZES) $(BENCH_ARGS)

# Reader pages under load, as ratios to a static file: gunicorn with the production settings
# on a throwaway database (DATABASE_URL may name a fresh PostgreSQL database instead), driven
# by wrk. Figures printed and written to bench/results/, never asserted (docs/performance.md).
DURATION ?= 30
CONNECTIONS ?= 32
LOADTEST_DIR := build/loadtest
LOADTEST := DATABASE_URL=$(or $(DATABASE_URL),sqlite:///$(CURDIR)/$(LOADTEST_DIR)/db.sqlite3) \
	MEDIA_ROOT=$(CURDIR)/$(LOADTEST_DIR)/media REDIS_URL= \
	ELASTICSEARCH_INDEX_PREFIX=thinktank-loadtest $(DEV)
loadtest: $(VENV)/.installed
	$(SERVICES)/packages.sh wrk
	rm -rf $(LOADTEST_DIR) && mkdir -p $(LOADTEST_DIR)
	$(LOADTEST) $(PY) manage.py migrate -v0
	$(LOADTEST) $(PY) manage.py loadtest --duration $(DURATION) --connections $(CONNECTIONS) \
		--build-dir $(LOADTEST_DIR)

services: elasticsearch
	$(SERVICES)/postgres.sh start
	$(SERVICES)/redis.sh start

services-stop: elasticsearch-stop
	$(SERVICES)/redis.sh stop
	$(SERVICES)/postgres.sh stop

elasticsearch:
	ES_VERSION=$(ES_VERSION) ES_PORT=$(ES_PORT) $(SERVICES)/elasticsearch.sh start

elasticsearch-stop:
	ES_VERSION=$(ES_VERSION) ES_PORT=$(ES_PORT) $(SERVICES)/elasticsearch.sh stop

# .cache/ (the services' downloads and data) is kept: `rm -rf .cache` after services-stop.
clean:
	rm -rf $(VENV) build static
