# The two commands the README promises: `make demo` and `make test`. Both set up what they need.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: demo test lint typecheck schema schema-check system-deps services bench soak fuzz fidelity

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.server: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server]'
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Start the service on the embedded demo snapshot (http://127.0.0.1:8000/graphql).
demo: $(VENV)/.server
	$(BIN)/aind-metadata-graphql serve --demo $(ARGS)

## Lint, type check, schema drift check and the whole test suite with coverage.
test: system-deps services $(VENV)/.dev lint typecheck schema-check
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

schema-check: $(VENV)/.dev
	$(BIN)/aind-metadata-graphql export-schema --check schema.graphql

## Regenerate schema.graphql from the code.
schema: $(VENV)/.dev
	$(BIN)/aind-metadata-graphql export-schema --output schema.graphql

system-deps:
	scripts/system-deps.sh

services:
	scripts/services.sh

## The benchmark suite (about 4 minutes; not in CI): every backend delayed, the report in
## benchmarks/results/latest.{json,md}. Options: make bench ARGS="--latency-ms 50 --clients 16
## --duration 30" (or ARGS=--smoke for a run of seconds).
bench: system-deps services $(VENV)/.dev
	$(BIN)/python -m benchmarks.suite $(ARGS)

## Ten minutes of mixed queries against live loopback backends with random faults (not in CI).
## Options: make soak ARGS="--duration 30 --concurrency 8 --fault-rate 0.1 --seed 1"
soak: $(VENV)/.dev services
	$(BIN)/python benchmarks/soak.py $(ARGS)

## Fuzz /graphql longer than CI does (random seed; tests/test_fuzz.py runs 1,200 fixed ones).
## Options: make fuzz ARGS="--examples 20000 --seconds 600 --seed 1 --process"
fuzz: $(VENV)/.dev
	$(BIN)/python benchmarks/fuzz.py $(ARGS)

## Compare our mappings with the old service's outputs for every reference record:
## make fidelity REFERENCE=DIR (DIR holds the reference records; see the README).
fidelity: $(VENV)/.dev
	@test -n "$(REFERENCE)" || { echo "usage: make fidelity REFERENCE=DIR (a folder of reference records)"; exit 2; }
	$(BIN)/python -m fidelity $(REFERENCE)
