# Two commands do everything on a fresh machine: `make site` and `make test`.
# `make site` needs Python 3.11+ (with venv: Debian's python3-venv) and git; `make test` also needs
# Node.js 20+ with npm, Chromium and pdftotext (.ci/run installs them on Debian).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The package, what `make site` needs; then the test extras (pytest, ruff, mypy, Playwright…) and the Node tools.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test lint check golden clean bench-search bench bench-relevance bench-intake eval

# A stamp is written only when its install succeeded, so an interrupted or failed install is finished
# by the next run (pip skips what is already in place); a virtual environment that could not be made
# whole (no ensurepip) is removed, not left half-made.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	  || { echo "make: Python 3.11 or newer is needed as '$(PYTHON)' (set PYTHON=...)"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null \
	  || { echo "make: $(PYTHON) cannot make virtual environments; on Debian or Ubuntu: apt-get install python3-venv"; exit 1; }
	@test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml package.json package-lock.json
	@command -v npm >/dev/null 2>&1 \
	  || { echo "make: the tests need Node.js 20+ and npm (axe-core, html-validate, lighthouse); make site does not"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error  # axe-core, html-validate, lighthouse for the tests
	touch $@

site: $(STAMP)  ## Generate content/ from seeds/ and build site/
	$(BIN)/briefings build

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000/
	$(BIN)/briefings serve

check: $(STAMP)  ## Validate the seeds; write nothing
	$(BIN)/briefings check

test: lint  ## Lint, type-check, then run every test (needs Node.js, Chromium and pdftotext)
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)  ## ruff (lint and format) and mypy, as configured in pyproject.toml
	$(BIN)/ruff check generator tests bench tools
	$(BIN)/ruff format --check generator tests bench tools
	$(BIN)/mypy

bench: $(TEST_STAMP)  ## Archive-scale benchmark, writes docs/benchmarks.md (tens of minutes on 2 cores; not part of test)
	$(BIN)/python bench/run.py

bench-search: $(TEST_STAMP)  ## Search download sizes at 1,000 and 10,000 briefings (several minutes; not part of test)
	$(BIN)/python bench/search_size.py 1000 10000

bench-relevance: $(TEST_STAMP)  ## Relevance of both searches on ../shared/corpus in Chromium: MRR, P@5, nDCG@10 (a few minutes; not part of test)
	$(BIN)/python bench/relevance.py $(RELEVANCE_ARGS)

bench-intake: $(STAMP)  ## `briefings add` on the intake fixtures: title, date, boilerplate, recall, time per article (seconds; not part of test)
	$(BIN)/python bench/intake_eval.py

eval: $(STAMP)  ## Score the automatic analysis against the corpus's gold labels (../shared/corpus; seconds; not part of test)
	$(BIN)/python bench/eval_analysis.py

golden: $(STAMP)  ## Refresh tests/golden/ from tests/fixtures/seeds (review the diff!)
	$(BIN)/python -m tests.refresh_golden

clean:
	rm -rf site .pytest_cache .cache/plugin/briefings
