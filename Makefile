# Softmax Regression, derived and run. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBIAN_DATA := /usr/share/datasets/fashion-mnist

.PHONY: help install data assets figures browser serve site test test-fast bench lint format clean distclean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements and the package (once)

data: data/.fetched ## Find, verify and cache Fashion-MNIST (Debian package where possible, else download)

# Loading verifies the files' SHA-256 every time; this stamp only spares warm runs the set-up step.
data/.fetched: $(STAMP)
	@if [ -z "$${FASHION_MNIST_DIR:-}" ] && [ ! -d $(DEBIAN_DATA) ] && [ ! -d data/FashionMNIST/raw ] \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's dataset-fashion-mnist"; \
	  apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 \
	    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1; } \
	    || echo "apt-get could not install it; torchvision's download is the fallback"; \
	fi
	@echo -n "Fashion-MNIST files: " && $(BIN)/python -m softmax_regression data
	@mkdir -p data && touch $@

assets: docs/assets/katex/.copied ## Install KaTeX from the npm registry (package-lock.json) and copy it into docs/assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

docs/assets/katex/.copied: node_modules/.package-lock.json
	rm -rf docs/assets/katex && mkdir -p docs/assets/katex/fonts
	cp node_modules/katex/dist/katex.min.js node_modules/katex/dist/katex.min.css docs/assets/katex/
	cp node_modules/katex/dist/fonts/*.woff2 docs/assets/katex/fonts/
	@touch $@

figures: data assets ## Train on Fashion-MNIST and write every figure and result table into docs/generated (cached)
	$(BIN)/python -m sitebuild $(FIGURES_ARGS)

serve: figures ## Set up everything and serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

site: figures ## Set up everything and build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

browser: ## Install Debian's Chromium for the browser tests where that can work (root, apt-get)
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get install -y -qq chromium >/dev/null 2>&1 \
	    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } \
	    || echo "!!! could not install chromium: the browser tests will be SKIPPED"; \
	else echo "!!! no chromium and no root apt-get: the browser tests will be SKIPPED"; fi

# The tests run torch on one thread unless you say otherwise: on two busy cores two OpenMP
# threads spin against each other (pages that train took 40 to 98 s instead of 2 to 5 s
# beside other work), and at this problem size one thread loses little on a quiet machine.
test test-fast: export OMP_NUM_THREADS ?= 1

test: figures lint browser ## Set up everything, lint, and run all tests: unit, property, JavaScript and every code block of every page
	node --test tests/js/
	$(BIN)/python -m pytest

test-fast: figures lint ## The edit-test loop: every test but the browser, the slow ones and the pages that train
	node --test tests/js/
	$(BIN)/python -m pytest -m "not slow and not browser" -q

bench: figures ## Measure the trainer against the book's pipeline, the build and memory; feeds the Performance page
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)
	$(BIN)/python -m sitebuild

lint: $(STAMP) ## Check the code style with ruff, and the JavaScript's syntax with node
	$(BIN)/ruff check code tests benchmarks conftest.py
	$(BIN)/ruff format --check code tests benchmarks conftest.py
	@for file in docs/javascripts/*.js docs/javascripts/explorables/*.js tests/js/*.js; do \
	  node --check "$$file" || exit 1; done

format: $(STAMP) ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff check --fix code tests benchmarks conftest.py
	$(BIN)/ruff format code tests benchmarks conftest.py

clean: ## Remove the built site, the generated figures and caches (keeps .venv and data/)
	rm -rf site build docs/generated docs/assets/katex .cache .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and the data cache
	rm -rf $(VENV) data node_modules
