# The two commands a new user needs:  make site  (set up and build)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE   := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site docs check test lint serve screenshots bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# axe-core, which the accessibility tests inject into pages, and OpenSeadragon, the page-image
# viewer the build copies into a site with page images (pinned in package-lock.json).
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE)

## docs: the TEI in tei/ → the Markdown in docs/
docs: $(STAMP) $(NODE)
	$(BIN)/python build.py

## check: read and check the TEI, write nothing
check: $(STAMP)
	$(BIN)/python build.py --check

## site: docs/ → site/ (a failed build leaves the old site/ in place)
site: docs
	$(BIN)/python build.py site

## test: every test (the browser tests use Debian's chromium), the linter and the type checker
test: $(STAMP) $(NODE)
	$(BIN)/ruff check edition tests bench build.py
	$(BIN)/mypy
	$(BIN)/python -m pytest

## bench: synthetic editions of 1,000 and 10,000 letters (.bench/), built and measured: a table
## (heavy: minutes and GBs at 10,000; not part of make test; uses Debian's chromium, see .ci/run)
bench: $(STAMP)
	$(BIN)/python -m bench.run

## serve: a live preview at http://127.0.0.1:8000: saving a TEI file rewrites its pages, and the
## browser reloads (build.py --watch and mkdocs serve, both stopped by Ctrl-C)
serve: $(STAMP)
	$(BIN)/python build.py serve

## screenshots: the browser tests' pictures of the letter → screenshots/, shown in the README
screenshots: $(STAMP) $(NODE)
	$(BIN)/python -m pytest -q tests/test_reader.py
	cp tests/output/letter-desktop.png tests/output/letter-phone.png screenshots/

clean:
	rm -rf site .site.staging .site.old .pytest_cache .mypy_cache .ruff_cache
