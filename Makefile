# edquality: `make run` serves the demo, `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV_VERSION := 0.13.8
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Test processes run side by side (pytest-xdist); 2 suits a 2-core machine.
TEST_WORKERS ?= 2
# Days the date-sensitive tests run on again: the academic year's edges and a leap day.
DATE_SENSITIVE_DAYS ?= 2027-08-01 2027-09-01 2028-02-29

.PHONY: help install run serve-production load-test test lint imports types migrations-check pytest test-days test-postgres lock bench clean

help:
	@echo "make run    install what is needed, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   lint, types, migration check and every test"
	@echo "make lock   re-resolve Python dependencies into requirements.lock"

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "edquality needs Python 3.12 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed
	@mkdir -p var/static var/mail var/media

run: install
	$(MANAGE) migrate --noinput -v0
	EDQUALITY_DEMO=true $(MANAGE) seed_demo --scale small
	@EDQUALITY_DEMO=true EMAIL_MODE=file PORT=$(PORT) bash scripts/serve.sh

# Production-like: gunicorn, two supervised workers, PostgreSQL (DATABASE_URL), collected static.
serve-production: install
	PORT=$(PORT) bash scripts/serve_production.sh

# 50 users for 10 minutes against the production-like layout, with faults; see bench/load.
load-test: install
	$(PY) -m bench.load

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_sizes.py

# The layers and the independence of the processes (pyproject.toml, [tool.importlinter]).
imports: install
	$(VENV)/bin/lint-imports --no-cache

types: install
	$(VENV)/bin/mypy

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run -v1

pytest: install
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

test: lint imports types migrations-check pytest

test-days: install
	@for day in $(DATE_SENSITIVE_DAYS); do \
	  echo "== date-sensitive tests on $$day"; \
	  EDQUALITY_TODAY=$$day $(VENV)/bin/pytest -n $(TEST_WORKERS) -q -m date_sensitive || exit 1; \
	done

test-postgres: install
	DATABASE_URL=$(PG_URL) $(MANAGE) makemigrations --check --dry-run -v1
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS)

lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --universal --python-version 3.12 --generate-hashes -q -o requirements.lock

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules var/static
