# The two commands a newcomer needs: `make pipeline` and `make test`. Both install what they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
SCALE ?= 1
SEED ?= 20260401

# The virtualenv's tools first on PATH, for the tools that look for each other there (dagster dev runs dbt).
export PATH := $(BIN):$(PATH)
# Everything the run writes lives under data/ (git-ignored).
export DAGSTER_HOME := $(CURDIR)/data/dagster_home
export DBT_PROFILES_DIR := $(CURDIR)/dbt
# Telemetry off everywhere: dbt, Dagster (dagster.yaml), Great Expectations, and anything honouring DO_NOT_TRACK.
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export GX_ANALYTICS_ENABLED := false

INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
EVIDENCE_DIR := dashboards/evidence
EVIDENCE_INSTALLED := $(EVIDENCE_DIR)/node_modules/.installed

.PHONY: help install dbt-registry agency pipeline accept drop sample dev dashboards evidence evidence-serve test test-fast bench chaos lint format manifest clean distclean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install --quiet --python $(BIN)/python --constraint constraints.txt --editable '.[dev]'
	@touch $@

# JavaScript served locally, never from a CDN (package.json pins exact versions; .npmrc: no lockfile).
$(NODE_INSTALLED): package.json
	npm install --silent --no-package-lock
	@touch $@

# The Evidence site's own project (exact versions, no lockfile: see README "The Evidence site").
$(EVIDENCE_INSTALLED): $(EVIDENCE_DIR)/package.json
	cd $(EVIDENCE_DIR) && npm install --silent --no-package-lock
	@touch $@

install: $(INSTALLED) $(NODE_INSTALLED) $(EVIDENCE_INSTALLED) ## Create .venv and node_modules with the pinned dependencies (safe to re-run)

$(DAGSTER_HOME)/dagster.yaml: dagster_project/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@cp $< $@

# dbt reads the agency registry as a generated macro (warehouse/dbt_registry.py). Both it and dbt's parse are
# remade only when what they are made from changed, so a run with nothing new does not pay for them.
DBT_REGISTRY := dbt/generated/agency_registry.sql
DBT_SOURCES := dbt_project.yml $(shell find models dbt/macros seeds -type f 2>/dev/null)

$(DBT_REGISTRY): $(INSTALLED) $(wildcard agencies/*.yml) warehouse/registry.py warehouse/dbt_registry.py
	@$(BIN)/python -m warehouse.dbt_registry
	@touch $@

target/manifest.json: $(DBT_REGISTRY) $(DBT_SOURCES)
	@$(BIN)/dbt parse --quiet

dbt-registry: $(DBT_REGISTRY)

manifest: install target/manifest.json ## Parse the dbt project (target/manifest.json, which Dagster reads)

pipeline: install $(DAGSTER_HOME)/dagster.yaml manifest ## Load the inbox, build and publish the warehouse
	@$(BIN)/python -m sample_generator --if-inbox-empty --scale $(SCALE) --seed $(SEED)
	@$(BIN)/python -m dagster_project.run $(if $(FORCE),--force) $(if $(WITHOUT_SITE),--without-site)

accept: install ## Make a held (or superseded) file current, then run the pipeline: make accept FILE=data/inbox/<agency>/<file>
	@$(BIN)/python -m warehouse.review accept "$(FILE)"
	@$(MAKE) --no-print-directory pipeline FORCE=1

drop: install ## Discard a file held for review: make drop FILE=data/inbox/<agency>/<file>
	@$(BIN)/python -m warehouse.review drop "$(FILE)"

agency: install ## Onboard an agency: NAME=<agency> FROM=<sample file> (docs/ADDING_AN_AGENCY.md; FORCE=1 rewrites)
	@test -n "$(NAME)" || { echo "Give NAME=<agency> (and FROM=<sample file> the first time)"; exit 2; }
	$(BIN)/python -m warehouse.scaffold $(NAME) $(if $(FROM),--from "$(FROM)") $(if $(FORCE),--force)

sample: install ## Regenerate the synthetic Coventry sample (SCALE=1 SEED=20260401)
	$(BIN)/python -m sample_generator --replace --scale $(SCALE) --seed $(SEED)

dev: install $(DAGSTER_HOME)/dagster.yaml manifest ## The Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -m dagster_project.definitions -h 127.0.0.1 -p 3000

dashboards: install ## The board dashboards (Dash) on http://127.0.0.1:8050, reading the published warehouse
	$(BIN)/python -m dashboards.app --host 127.0.0.1 --port 8050

evidence: install ## Build the Evidence site from the published Parquet files into data/outputs/evidence_site/
	$(BIN)/python -m dashboards.evidence_site build

evidence-serve: ## Serve the built Evidence site on http://127.0.0.1:3001
	$(BIN)/python -m dashboards.evidence_site serve --port 3001

lint: dbt-registry ## ruff (Python) and sqlfluff (dbt SQL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint models dbt --processes 2

format: dbt-registry ## Apply ruff and sqlfluff fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/sqlfluff fix models dbt --processes 2

# Tests run on TEST_WORKERS processes (pytest-xdist), each test file on one of them; the session's
# pipeline run is made once and shared (tests/conftest.py). TEST_WORKERS=0 runs them all in one process.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test: install lint ## Lint, then the test suite (real DuckDB, dbt and Dagster)
	$(PYTEST) --durations=10

# The everyday tier: every test that runs no whole pipeline (dbt's unit tests and the convention checks
# included), in under a minute. `make test` before pushing.
test-fast: install ## The tests that run no whole pipeline, dbt's unit tests and convention checks included
	$(PYTEST) -m "not e2e"

# SCALE=100 make bench for one scale; by default scales 1 and 10. ONLY_FULL_REBUILD=1 leaves out the
# one-new-month pair of runs (at scale 100 the four runs take hours).
bench: install manifest ## Time a full rebuild, one new month and a run with nothing new (SCALE="1 10"); JSON in data/bench/
	$(BIN)/python -m benchmarks.bench $(if $(filter command line environment,$(origin SCALE)),$(SCALE),1 10) $(if $(ONLY_FULL_REBUILD),--only-full-rebuild)

chaos: install ## kill -9 the pipeline at random points (TRIALS=10) and count the runs that recovered
	$(BIN)/python tests/chaos.py --trials $(or $(TRIALS),10)

clean: ## Remove generated data, the warehouse and build outputs (keeps .venv)
	rm -rf data target logs .pytest_cache

distclean: clean ## Also remove the virtual environment and node_modules
	rm -rf $(VENV) node_modules $(EVIDENCE_DIR)/node_modules
