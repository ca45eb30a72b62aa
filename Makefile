# The two commands of the README:
#   make serve   install the serving dependencies (no torch) and start the API on the default bundle
#   make test    install everything (torch CPU wheel first) and run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PYTHON ?= python3
SHELL := /bin/bash

# Where the tests find the public data sets and PostgreSQL (override from the environment).
export POLARSCAN_SHARED_DATA ?= $(abspath $(CURDIR)/../shared/data)
export POLARSCAN_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: serve test install-serve install-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.serve-installed: pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

# torch is pinned and installed first: a bare `torch` requirement would pull CUDA packages.
$(VENV)/.dev-installed: pyproject.toml | $(PY)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[train,dev]"
	touch $@ $(VENV)/.serve-installed

install-serve: $(VENV)/.serve-installed
install-dev: $(VENV)/.dev-installed

serve: $(VENV)/.serve-installed
	$(VENV)/bin/polarscan serve

test: $(VENV)/.dev-installed
	bash .ci/services
	$(VENV)/bin/pytest -q
