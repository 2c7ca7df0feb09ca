# Two entry points for a fresh machine: `make run` and `make test`.
# Each creates the virtualenv and installs requirements when they are missing or changed.

PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test lint format browser-deps bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# `make run` needs only the runtime requirements (no test tools).
$(BIN)/.installed-runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Sets up the database, loads the demo profiles and serves them on the embedded SQLite default,
# with a background worker beside the server (exports, large imports, citation counts); the
# worker stops with the server. Production runs `manage.py worker` as a process of its own.
run: $(BIN)/.installed-runtime
	PORT=$(PORT) $(BIN)/python manage.py demo
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production set-up on this machine: production settings (SECRET_KEY and the others from
# the environment; docs/deployment.md), migrations, collected static files, then every process
# of the Procfile (gunicorn and the task worker) on PORT.
PROD := DJANGO_SETTINGS_MODULE=config.settings.production
serve: $(BIN)/.installed
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py load_venues
	$(PROD) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PROD) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --no-prefix --port $(PORT)

# Runs the whole suite (unit, HTML validity, browser). DATABASE_URL picks the database.
test: $(BIN)/.installed browser-deps
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Debian's Chromium, a JRE for the Nu HTML Checker and CJK/emoji fonts (names such as 孙新
# must not render as boxes in screenshots), a Redis server the cache tests start on a socket
# of their own; vnu-jar and axe-core from npm.
APT_TEST_PACKAGES := chromium default-jre-headless fonts-noto-cjk fonts-noto-color-emoji redis-server
browser-deps:
	@dpkg -s $(APT_TEST_PACKAGES) >/dev/null 2>&1 || { \
	  echo "Installing $(APT_TEST_PACKAGES) with apt-get (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_TEST_PACKAGES); }
	@test -f node_modules/vnu-jar/build/dist/vnu.jar -a -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var node_modules
