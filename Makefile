# presswork: `make report` sets up and renders the sample article report; `make test` sets up and tests.
# Both are idempotent: the .venv is reused and only reinstalled when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.presswork-installed

.PHONY: setup report test lint clean-reports browser model encoder-model

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

# One pytest worker more than cores: the suite spends much of its time waiting on notebook kernels, Jupyter
# servers, browsers and child processes, and a third worker on 2 cores kept them busy (794 tests: 384 s with
# -n 2, 312 s with -n 3, one run each on the same machine under the same background load). A test file runs on
# one worker (its fixtures are shared).
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: setup browser
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

# Debian's Chromium for the browser tests (tests/reports/test_notebooks.py, tests/test_jupyterlab_ui.py; Playwright drives
# it, it never downloads a browser). On a fresh machine: apt-get update, then install. Where that is impossible
# (no root) the tests skip saying why, except on CI (CI=true), where this target fails instead.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
	  ($$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium) >/dev/null 2>&1 || true; }
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ -n "$$CI" ]; then echo "error: chromium could not be installed (apt-get); CI must run the browser tests"; exit 1; fi; \
	  echo "note: could not install chromium (apt-get); the browser tests will skip"; }

# The quote attribution tagger (analysis/data/models/quote_tagger.crfsuite), trained on PolNeAR train from
# ../shared/eval/polnear and scored on dev; test is scored once, by benchmarks/quotes_polnear.py. ~25 min on a loaded 2-core machine.
model: setup
	$(BIN)/python benchmarks/quotes_train.py

# The encoder attribution tagger (analysis/data/models/quote_encoder.safetensors, `--quotes encoder`): MiniLM's six
# layers and a classifier trained on PolNeAR train, scored on dev after each epoch. ~100 min on 2 cores.
encoder-model: setup
	$(BIN)/python benchmarks/quotes_train_encoder.py

lint: setup
	$(BIN)/ruff check analysis tests benchmarks

clean-reports:
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
