# Entraide: two commands on a fresh machine with Python 3.11+ and git:
#   make serve   installs into .venv if needed, builds, serves http://127.0.0.1:8000/
#   make test    installs the development tools if needed, runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1

.PHONY: install dev serve build check test lint format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Entraide demande Python 3.11 ou plus récent.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(INSTALLED)

install: $(INSTALLED)

dev: $(DEV_INSTALLED)

serve: install
	$(BIN)/entraide serve

build: install
	$(BIN)/entraide build --strict

check: install
	$(BIN)/entraide check

CHROMIUM := /usr/bin/chromium

test: dev
	@test -x $(CHROMIUM) || echo "NOTE : $(CHROMIUM) absent : les tests dans un navigateur (tests/browser) seront sautés. Installez-le avec « apt-get install -y chromium » (ce que fait .ci/run)."
	$(BIN)/python -m pytest
	@test -x $(CHROMIUM) || echo "NOTE : tests dans un navigateur sautés : $(CHROMIUM) absent (apt-get install -y chromium)."

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
