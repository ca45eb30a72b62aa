# The two commands of the README:
#   make serve   install the serving dependencies (no torch) and start the API on the default bundle
#   make test    install everything (torch CPU wheel first) and run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PYTHON ?= python3

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
	. .ci/test-env && $(VENV)/bin/pytest -q
