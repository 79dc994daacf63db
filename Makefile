# `make run` and `make test` do all the set-up a fresh clone needs, and redo only
# what changed since the last run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` runs the suite in parallel processes (pytest-xdist), one a CPU by default: two on
# this project's 2-core machines, where three ran no faster. PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= auto

.PHONY: run test bench install static collectstatic migrate seed demo lint format clean

# The task queue's worker (which sends the emails) runs beside the development server and
# stops with it.
run: collectstatic migrate seed
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install static
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed; this python3 is " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: install
	$(BIN)/python scripts/build_static.py

collectstatic: static
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed

# Not part of `make test`: timings belong in a benchmark, not in tests that can flake.
# Needs PostgreSQL, Redis and wrk; BENCH_SCALE (100), BENCH_SECONDS (10 a page) and
# BENCH_LOAD_SECONDS (60) change the scale and durations. Exits non-zero on a missed target.
bench: install static
	$(BIN)/python bench/run.py

demo: seed
	$(BIN)/python manage.py seed --demo

# ruff, then the apps' dependency rules (pyproject.toml's importlinter contracts) and no
# queries in views (scripts/check_views.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_views.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static_build staticfiles
