# Entry points for readers' previews, contributors' checks and CI.
# `make serve` and `make test` work from a fresh clone: each installs what it needs.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export TMPDIR ?= /tmp

.PHONY: help installs serve build build-deps publish wheel test test-generator test-fast check check-external bench audit offline pdf urls i18n-status i18n-refresh import import-check review-due system-deps clean
.DEFAULT_GOAL := help

## help: list the targets and what each does
help:
	@awk -F': ' '/^## [a-z0-9-]+:/ {sub(/^## /, ""); name=$$1; sub(/^[^:]*: /, ""); printf "  make %-15s %s\n", name, $$0}' $(MAKEFILE_LIST)

SITEGEN := $(VENV)/bin/sitegen

# The pinned packages, then the generator itself (scripts/sitegen), editable. pip installs only uv, at the
# version requirements.txt pins; uv installs the rest from its cache, compiled (the test processes run with
# PYTHONDONTWRITEBYTECODE set and would otherwise compile every import again). Measured on 2 cores, warm
# caches: 8 s against pip's 25 s. --system-certs: uv trusts the machine's certificate store, as pip does.
# The environment is made without pip (putting pip in it was a quarter of the install): the machine's pip
# installs uv into it; where the machine has no pip (Debian's python3 without python3-pip), the environment
# gets its own first.
UV := $(VENV)/bin/uv
UV_PIN = $$(grep -E '^uv==' requirements.txt | cut -d' ' -f1)
PIP_QUIET := --quiet --disable-pip-version-check
UV_INSTALL := $(UV) pip install --quiet --python $(PY) --compile-bytecode --system-certs
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@$(PYTHON) -m pip --python $(PY) install $(PIP_QUIET) "$(UV_PIN)" 2>/dev/null \
		|| { $(PY) -m ensurepip --default-pip >/dev/null && $(PY) -m pip install $(PIP_QUIET) "$(UV_PIN)"; }
	$(UV_INSTALL) -r requirements.txt
	$(UV_INSTALL) --no-deps -e .
	@touch $@

NODE_STAMP := node_modules/.installed
# `npm ci` rejects this lock file here ("Missing: third-party-web"); install from it instead.
# Nothing but the registry's packages is downloaded: no install scripts (puppeteer's would fetch a
# Chrome, vnu-jar's a Java runtime when `java` is not installed yet), and PUPPETEER_SKIP_DOWNLOAD
# as well. pa11y drives Debian's chromium; the Nu Html Checker runs on Debian's Java (system-deps).
# --prefer-offline: a package already in npm's cache is taken from it without asking the registry again
# (the lock pins every version and its checksum).
$(NODE_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund --loglevel=error --prefer-offline
	@touch $@

## installs: the Python packages (.venv) and the Node tools (node_modules), side by side; every target runs it
# On a clean clone the two take about the same time (about 9 s and 8 s; 14 s side by side).
installs:
	@$(MAKE) --no-print-directory -j2 $(STAMP) $(NODE_STAMP)

## serve: preview on http://127.0.0.1:8000, rebuilt on every edit; a broken edit keeps the last good build and shows its file:line
serve: installs build-deps
	$(SITEGEN) serve --host $(HOST) --port $(PORT)

## build: strict build of the pages into a temporary folder; replaces site/ only on success (no downloads)
build: installs build-deps
	$(SITEGEN) build

## publish: `make build` plus the downloads (PDFs, worksheets, offline pack): what the deploy workflow runs
publish: installs system-deps
	$(SITEGEN) publish

## system-deps: Debian's chromium and CJK fonts for browser tests and PDFs (installed when root)
system-deps: $(STAMP)
	@$(SITEGEN) system-deps

## build-deps: the Debian package every build needs, the CJK fonts its share cards are drawn with (installed when root)
build-deps: $(STAMP)
	@$(SITEGEN) system-deps fonts-noto-cjk

# Test processes (pytest-xdist): two per core. A browser test spends part of its time waiting for a page's
# network to go quiet (axe, pa11y, Lighthouse): another process uses the core meanwhile. Measured on 2 cores:
# 563 s with 2 processes, 460 s with 3, 422 s with 4. The real site is built once and shared (tests/conftest.py).
TEST_JOBS ?= $(shell echo $$(( 2 * $$(nproc) )))
# Each process takes a stretch of the tests, then they share what is left; the long ones are spread through
# the order (tests/conftest.py). A module's fixtures are made once per process that runs its tests, so
# handing out tests one at a time (--dist load --maxschedchunk 1) made them several times: 378 s against 351 s.
TEST_DIST := --dist worksteal

## test: every test, browser tests included, in TEST_JOBS processes (default: two per core)
test: installs system-deps
	$(PY) -m pytest tests -n $(TEST_JOBS) $(TEST_DIST)

## wheel: the generator's wheel in dist/ (what `pip install` takes; `sitegen new` then starts a campaign)
wheel: $(STAMP)
	$(PY) -m build --wheel --outdir dist .

## test-generator: the wheel in a fresh virtual environment, `sitegen new` in three languages, its build and check, and the generator's tests on it alone
GENERATOR_LANGUAGES ?= zh,en,fr
test-generator: installs system-deps
	@TEST_JOBS=$(TEST_JOBS) TEST_DIST="$(TEST_DIST)" bash scripts/test_generator.sh $(GENERATOR_LANGUAGES)

## test-fast: the tests that need no browser and no full site build, for contributors (under a minute)
test-fast: installs
	$(PY) -m pytest tests -m "not browser and not build" -n $(TEST_JOBS)

## check: build with downloads into a temporary folder and check links, anchors, sources, reviews and domains
check: installs system-deps
	$(SITEGEN) check

## check-external: `make check`, then fetch every external URL and report its HTTP status
check-external: installs system-deps
	$(SITEGEN) check --external

## i18n-status: translation state of every page (fails when a page is missing)
i18n-status: $(STAMP)
	$(SITEGEN) i18n-status

## i18n-refresh: after updating a translation, record its source's hash (PAGE=docs/en/... or all)
i18n-refresh: $(STAMP)
	$(SITEGEN) i18n-status --refresh $(PAGE)

## review-due: the pages due for review in the next 60 days (DAYS=n), by month
review-due: $(STAMP)
	$(SITEGEN) review-due --days $(or $(DAYS),60)

## import: scaffold draft lessons and topics from a source article (SOURCE=docs/_data/sources/<file> [LANG=zh] [FORCE=1] [DRY_RUN=1])
# LANG is also the shell's locale variable: only a LANG given on the make command line is passed on.
import: $(STAMP)
	@test -n "$(SOURCE)" || { echo "usage: make import SOURCE=docs/_data/sources/<file> [LANG=zh] [FORCE=1] [DRY_RUN=1]" >&2; exit 2; }
	$(SITEGEN) import "$(SOURCE)" $(if $(filter command line,$(origin LANG)),--lang $(LANG)) \
		$(if $(FORCE),--force) $(if $(DRY_RUN),--dry-run)

## import-check: every chapter and topic line of every source has a page that names it, and still matches
import-check: $(STAMP)
	$(SITEGEN) import-check

## urls: rewrite the published-URL manifest (docs/_data/published-urls.txt) after adding pages
urls: $(STAMP)
	$(SITEGEN) urls

## offline: dist/downloads/<id>-offline.zip, the site for use from file:// (search included)
offline: installs
	$(SITEGEN) offline

## pdf: dist/: every lesson, the course and each worksheet as PDF, printed by headless Chromium
pdf: installs system-deps
	$(SITEGEN) pdf

## audit: Lighthouse mobile + desktop on home, a lesson, a topic and 404, both languages; fails below budget
audit: installs system-deps
	$(SITEGEN) audit

## bench: page weight; the build against a bare Material + i18n build; make check at 100/200/400 pages; against budgets
bench: installs system-deps
	$(SITEGEN) bench $(if $(ONLY),--only $(ONLY))

## clean: remove the built site, dist/ and the caches, the tools' shared cache included (sitegen.tool_cache)
clean:
	rm -rf site .cache dist build .check-site "$${XDG_CACHE_HOME:-$$HOME/.cache}/sitegen"
