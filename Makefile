# Two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
FLASK := $(BIN)/flask --app audit
# pytest-xdist workers: the machine has 2 cores; `make test WORKERS=1` to debug.
WORKERS ?= auto

.PHONY: run serve worker test lint format bench docs venv lock clean catalogues

# Installs come from the hashed lock (requirements-dev.txt), never from whatever was
# released last night; `make lock` refreshes it on purpose.
LOCK := requirements-dev.txt
UV_VERSION := 0.13.9

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	$(BIN)/python -m audit.catalogues compile
	@touch $(STAMP)

# Re-resolve the locks from pyproject.toml (keeps current pins unless UPGRADE=1).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 $(if $(UPGRADE),--upgrade) -q -o requirements-dev.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal \
		--python-version 3.11 $(if $(UPGRADE),--upgrade) -q -o requirements.txt

venv: $(STAMP)

run: $(STAMP)
	PORT=$(PORT) $(FLASK) serve --port $(PORT)

# Production: migrate, sweep, refuse demo passwords, then gunicorn (never seeds the demo).
# HOST, PORT (8000), WEB_CONCURRENCY, WEB_THREADS; see docs/deploy.md.
serve: $(STAMP)
	$(FLASK) preflight
	$(BIN)/gunicorn -c python:audit.gunicorn_config audit.wsgi:app

# Background jobs when REDIS_URL is set (without it, jobs run in the web process).
worker: $(STAMP)
	$(FLASK) worker

test: $(STAMP) lint
	$(BIN)/pytest -n $(WORKERS) -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/api-reference.md from the OpenAPI document (a test fails when it is out of date).
docs: $(STAMP)
	$(FLASK) api-docs

# Messages of the code and templates into audit/translations/{en,ar,ru} (keeps every
# translation; new ones are empty, changed ones fuzzy: a test fails until they are done).
catalogues: $(STAMP)
	$(BIN)/python -m audit.catalogues update

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
