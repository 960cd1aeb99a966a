# Statement Archive. `make run` serves the demo; `make test` runs every test.
# Needs only Python 3.11+ and make: PostgreSQL comes embedded unless DATABASE_URL is set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check clean backup restore

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); run make PYTHON=python3.12 …")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	@echo
	@echo "  Statement Archive: http://$(HOST):$(PORT)/"
	@echo "  Admin:             http://$(HOST):$(PORT)/admin/  (create an account first: $(BIN)/python manage.py createsuperuser)"
	@echo "  Files uploaded in the admin are imported by a worker started alongside."
	@echo
	@$(BIN)/python manage.py import_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

# make backup [FILE=path]: the whole archive to one file (default var/backups/archive-<time>.dump).
backup: install
	$(BIN)/python manage.py backup $(FILE)

# make restore FILE=path: replace the archive with a backup (asks first; all or nothing).
restore: install
	@test -n "$(FILE)" || (echo "Say which backup: make restore FILE=var/backups/…dump"; exit 2)
	$(BIN)/python manage.py restore "$(FILE)"

test: install
	$(BIN)/python -m pytest

# Imports at module top unless a reason is written beside the noqa: `# noqa: PLC0415 — why`.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@! grep -rnE --include='*.py' 'noqa:[A-Z0-9, ]*PLC0415[A-Z0-9, ]*$$' archive statements bench tests \
	  || (echo "Say why beside each noqa: PLC0415 (# noqa: PLC0415 — <reason>)"; exit 1)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: test lint
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
