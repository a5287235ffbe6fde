# rapportsok: `make run` sets everything up and serves; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install run test test-fast bench profile lint clean browser office ocr

install: $(STAMP)

# torch first, from the CPU build on local disk: any other order pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

run: install
	$(BIN)/rapportsok model
	$(BIN)/rapportsok index corpus/
	$(BIN)/rapportsok status
	$(BIN)/rapportsok serve

test: install browser office ocr
	$(BIN)/pytest -q

# Everything but the tests that need the real model and the broad sweeps (marked `model` and `slow`
# in tests/conftest.py): under a minute on 2 cores.
test-fast: install
	$(BIN)/pytest -q -m "not model and not slow"

# Debian's Chromium for the browser test (Playwright drives it; it downloads no browser of its own).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: the browser test is skipped"

# LibreOffice Writer, headless, for the layout matrix's real word-processor PDFs (about 60 s to
# install with apt-get update; the fonts are the metric-compatible ones the .docx names).
office:
	@command -v soffice >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core \
		>/dev/null) || echo "LibreOffice could not be installed: its layouts in the PDF layout matrix are skipped"

# Tesseract with Swedish: scanned PDF pages are read by OCR (about 11 s to install).
ocr:
	@(command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		tesseract-ocr tesseract-ocr-swe >/dev/null) || echo "tesseract-ocr-swe could not be installed: scanned PDFs are refused and the OCR test is skipped"

bench: install
	$(BIN)/python bench/run.py

# Where a hybrid query's time goes at 100× the corpus (pyinstrument); FACTOR=10 for less.
profile: install
	$(BIN)/python bench/hotspots.py $(or $(FACTOR),100)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
