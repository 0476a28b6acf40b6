# Leverage: make play | make test | make bench
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: play test bench lint typecheck pytest clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

play: $(VENV)/.installed
	$(PY) main.py

test: $(VENV)/.installed-dev lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check game tests main.py tools

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy game/core game/scenario

pytest: $(VENV)/.installed-dev
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(VENV)/bin/pytest

bench: $(VENV)/.installed
	$(PY) main.py bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
