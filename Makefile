# Carer Portal. `make help` lists what each target does.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
PYTEST_ARGS ?=

.PHONY: help run test lint format install install-test assets chromium migrate serve keys clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# `make run PORT=8080` serves elsewhere; the base URL follows unless CARER_PORTAL_BASE_URL is set.
PORT ?= 8000

run: install ## Install, migrate, load the demo council and serve at http://127.0.0.1:$(PORT) (PORT=8000)
	CARER_PORTAL_BASE_URL="$${CARER_PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/carer-portal demo --port $(PORT)

test: install-test ## Install test tools (Chromium included) and run the whole suite
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

LINTED := carer_portal tests bench migrations

lint: $(BIN)/uv ## Check the Python code with ruff (lint and format); `make format` fixes what it can
	$(BIN)/uv sync --frozen --inexact --quiet
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: $(BIN)/uv ## Format the Python code and apply ruff's safe fixes
	$(BIN)/uv sync --frozen --inexact --quiet
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# Bytecode compiled once at install: each process would otherwise compile every module it
# imports (this machine sets PYTHONDONTWRITEBYTECODE), costing start-up time and memory.
install: $(BIN)/uv assets ## Install Python packages (from uv.lock) and build the front-end assets
	$(BIN)/uv sync --frozen --inexact --no-dev --compile-bytecode --quiet
	$(BIN)/python -m compileall -q carer_portal

install-test: $(BIN)/uv assets chromium wrk ## Install everything the tests need
	$(BIN)/uv sync --frozen --inexact --compile-bytecode --quiet
	$(BIN)/python -m compileall -q carer_portal

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json ## Build static/dist (Sass, the script bundle, icons, service worker)
	npm run --silent build

chromium: ## Install Debian's Chromium for the browser tests, if it is missing
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

migrate: install ## Bring the database schema up to date
	$(BIN)/carer-portal migrate

serve: install ## Serve without loading demo data
	$(BIN)/carer-portal serve

keys: install ## Show the web push public key and key status
	$(BIN)/carer-portal keys

clean: ## Remove the virtual environment, node_modules and built assets (keeps data/)
	rm -rf $(VENV) node_modules static/dist

.PHONY: wrk bench

wrk: ## Install wrk (HTTP load generator) for the benchmark, if it is missing
	@if ! command -v wrk >/dev/null 2>&1; then \
	  echo "Installing wrk for the benchmark..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

bench: install-test wrk ## Measure against the budgets (bench/README.md); writes bench/results/ (about 8 minutes)
	$(BIN)/python -m bench.run $(BENCH_ARGS)
