# The two commands of the README: `make run` and `make test`. Everything else they need
# (uv, the locked Python dependencies, Debian's chromium and CJK fonts for the browser
# and PDF tests) is installed on first use.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)

.PHONY: run test lint deps system-deps bench messages fuzz fuzz-api

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q uv

deps: $(UV)
	$(UV) sync --locked -q

system-deps:
	@bash scripts/system-deps.sh

run: deps
	$(UV) run jixiao demo

# The web tests run twice: on SQLite (with everything else) and on PostgreSQL (each xdist
# worker gets its own test database). PYTEST_WORKERS=0 runs in one process.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_WORKERS ?= auto

test: deps system-deps
	$(UV) run pytest -n $(PYTEST_WORKERS)
	DATABASE_URL=$(PG_TEST_URL) $(UV) run pytest -n $(PYTEST_WORKERS) tests/web -m "not browser"

lint: deps
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports

# A longer Schemathesis run over the API (docs/api.md): 200 examples per operation and caller.
fuzz-api: deps
	JIXIAO_SCHEMA_EXAMPLES=200 $(UV) run pytest -p no:xdist -q tests/web/test_api_schema.py

# A long fuzz run over every reader, check, score and the CLI (issue 11); make test runs
# the same tests with a few examples each. FUZZ_EXAMPLES per test (default 3000); then
# the longer Schemathesis run over the API (fuzz-api).
FUZZ_EXAMPLES ?= 3000
fuzz: deps
	JIXIAO_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(UV) run pytest -p no:xdist -q \
		tests/core/test_fuzz.py tests/cli/test_fuzz_cli.py -p no:cacheprovider
	$(MAKE) fuzz-api

bench: deps
	$(UV) run python -m bench

# Translation catalogue: the web app's strings and the core's labels (jixiao.core.i18n).
messages: deps
	cd src/jixiao && DJANGO_SETTINGS_MODULE=jixiao.web.settings $(UV) run django-admin makemessages -l en --no-location --no-obsolete
	cd src/jixiao && DJANGO_SETTINGS_MODULE=jixiao.web.settings $(UV) run django-admin compilemessages
