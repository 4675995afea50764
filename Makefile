# The two commands of the README: `make run` and `make test`. Both provision what
# is missing (Python packages, PostgreSQL, Redis) inside this clone's .local/.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
PYTHON := .venv/bin/python
export PATH := $(CURDIR)/.venv/bin:$(PATH)
# Every recipe line that talks to the database or Redis runs with this clone's URLs.
WITH_ENV := eval "$$(scripts/local.sh env)" &&

.PHONY: help system install services run test bench lint format migrations-check check stop messages makemessages clean backup restore

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

system: ## the Debian packages (apt-get as root; otherwise one message naming them)
	@scripts/local.sh system

install: system ## the Python packages into .venv (uv, from uv.lock)
	@scripts/local.sh python

services: ## start this clone's PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL are set)
	@scripts/local.sh services

messages: install ## compile the French translations (locale/fr/LC_MESSAGES/django.po)
	@$(PYTHON) manage.py compilemessages --ignore=.venv --ignore=.local -v0

makemessages: install ## collect the strings marked for translation into locale/fr
	@$(PYTHON) manage.py makemessages --locale fr --extension html,txt,py,md --ignore=.venv --ignore=.local --no-obsolete

run: install services messages ## serve the portal on http://127.0.0.1:$(PORT)/ with a worker and beat
	@$(WITH_ENV) $(PYTHON) manage.py migrate --no-input -v0
	@$(WITH_ENV) $(PYTHON) manage.py load_demo
	@$(WITH_ENV) $(PYTHON) manage.py collectstatic --no-input -v0
	@echo "==> serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops; make stop stops PostgreSQL and Redis)"
	@$(WITH_ENV) PORTAL_URL="$${PORTAL_URL:-http://127.0.0.1:$(PORT)}" \
	    exec .venv/bin/honcho start --procfile Procfile --port $(PORT)

test: install services messages ## run every test on real PostgreSQL and Redis
	@$(WITH_ENV) $(PYTHON) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ -d test-artifacts/screenshots ]; then \
	    echo "==> screenshots of the pages the browser tests visited: test-artifacts/screenshots/"; fi; \
	exit $$status

bench: install services messages ## measure the pages and the reminder scan at demo and large size (bench/run.py)
	@scripts/local.sh system wrk
	@$(WITH_ENV) $(PYTHON) -m bench.run $(BENCH_ARGS)

lint: install ## ruff check, format check, and the import contracts (pyproject.toml)
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports --no-cache

format: install ## apply ruff's fixes and formatting
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

migrations-check: install services ## fail when a model change has no migration
	@$(WITH_ENV) $(PYTHON) manage.py makemigrations --check --dry-run

check: lint migrations-check test ## everything CI runs

backup: services ## a dated dump of the database into backups/ (and the uploaded files)
	@$(WITH_ENV) scripts/local.sh backup $(DIR)

restore: services ## restore FILE=backups/confed-....dump into a fresh database (DATABASE=name)
	@$(WITH_ENV) scripts/local.sh restore "$(FILE)" $(DATABASE)

stop: ## stop this clone's PostgreSQL and Redis
	@scripts/local.sh stop

clean: ## stop, then remove .venv and .local (the local database with it)
	@scripts/local.sh clean
