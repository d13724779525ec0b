# Two commands do everything on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test lint check golden clean bench-search bench bench-relevance bench-intake eval

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error  # axe-core, html-validate, lighthouse for the tests
	touch $(STAMP)

site: $(STAMP)  ## Generate content/ from seeds/ and build site/
	$(BIN)/briefings build

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000/
	$(BIN)/briefings serve

check: $(STAMP)  ## Validate the seeds; write nothing
	$(BIN)/briefings check

test: lint  ## Lint, type-check, then run every test
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff (lint and format) and mypy, as configured in pyproject.toml
	$(BIN)/ruff check generator tests bench tools
	$(BIN)/ruff format --check generator tests bench tools
	$(BIN)/mypy

bench: $(STAMP)  ## Archive-scale benchmark, writes docs/benchmarks.md (tens of minutes on 2 cores; not part of test)
	$(BIN)/python bench/run.py

bench-search: $(STAMP)  ## Search download sizes at 1,000 and 10,000 briefings (several minutes; not part of test)
	$(BIN)/python bench/search_size.py 1000 10000

bench-relevance: $(STAMP)  ## Relevance of both searches on ../shared/corpus in Chromium: MRR, P@5, nDCG@10 (a few minutes; not part of test)
	$(BIN)/python bench/relevance.py $(RELEVANCE_ARGS)

bench-intake: $(STAMP)  ## `briefings add` on the intake fixtures: title, date, boilerplate, recall, time per article (seconds; not part of test)
	$(BIN)/python bench/intake_eval.py

eval: $(STAMP)  ## Score the automatic analysis against the corpus's gold labels (../shared/corpus; seconds; not part of test)
	$(BIN)/python bench/eval_analysis.py

golden: $(STAMP)  ## Refresh tests/golden/ from tests/fixtures/seeds (review the diff!)
	$(BIN)/python -m tests.refresh_golden

clean:
	rm -rf site .pytest_cache .cache/plugin/briefings
