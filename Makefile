# presswork: `make report` sets up and renders the sample article report; `make test` sets up and tests.
# Both are idempotent: the .venv is reused and only reinstalled when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.presswork-installed

.PHONY: setup report test lint clean-reports browser

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "presswork needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name presswork --display-name "Python (presswork)" >/dev/null
	$(BIN)/python -c 'from analysis.nlp import load_model; load_model()'
	touch $(STAMP)

report: setup
	$(BIN)/presswork report article

test: setup browser
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

# Chromium for the browser test (tests/test_browser.py); never fails: without it that test skips, saying so.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get install -y chromium >/dev/null 2>&1 \
	  || sudo -n apt-get install -y chromium >/dev/null 2>&1 \
	  || echo "note: could not install chromium (apt-get); the browser test will skip"; } || true

lint: setup
	$(BIN)/ruff check analysis tests benchmarks

clean-reports:
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
