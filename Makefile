# Leverage: make play | make test | make bench
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: play test test-other-cpu test-browser load-test bench lint typecheck pytest clean

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
	$(VENV)/bin/ruff check leverage tests main.py tools

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy leverage/core leverage/scenario

pytest: $(VENV)/.installed-dev
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(VENV)/bin/pytest

# The tests again with numpy's AVX-512 and AVX2 code paths off: a stand-in for another CPU.
test-other-cpu: $(VENV)/.installed-dev
	NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX X86_V4 AVX512_ICL X86_V3" \
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(VENV)/bin/pytest -q

# The team page in headless Chromium (Debian's `chromium`; Playwright drives it and never
# downloads a browser). Skipped with its reason when no Chromium binary is found.
test-browser: $(VENV)/.installed-dev
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(VENV)/bin/pytest -rs tests/net/test_browser.py

# 40 simulated team devices (10 teams x 4) over 10 turns against a hosted game on 127.0.0.1,
# on the ten-role test scenario tests/data/classroom/ten_teams.yaml.
load-test: $(VENV)/.installed
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) tools/host_load.py \
		--scenario tests/data/classroom/ten_teams.yaml --teams 10 --devices-per-team 4 --turns 10

bench: $(VENV)/.installed
	$(PY) main.py bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
