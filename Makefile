# The two commands of the README: `make run` and `make test`. Everything else they need
# (uv, the locked Python dependencies, Debian's chromium and CJK fonts for the browser
# and PDF tests) is installed on first use.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)

.PHONY: run test lint check-types deps system-deps bench

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q uv

deps: $(UV)
	$(UV) sync --locked -q

system-deps:
	@bash scripts/system-deps.sh

run: deps
	$(UV) run jixiao demo

# The web tests run twice: on SQLite (with everything else) and on PostgreSQL.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

test: deps system-deps
	$(UV) run pytest
	DATABASE_URL=$(PG_TEST_URL) $(UV) run pytest tests/web -m "not browser"

lint: deps
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy

bench: deps
	$(UV) run python -m bench
