# Vanban: two commands on a fresh machine with Python 3.11, make and git.
#   make run   install everything, load corpus/samples into data/vanban.db, serve on 127.0.0.1:8000
#   make test  install everything and run the lint gate and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/vanban.db
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd chromium fonts-dejavu-core antiword postgresql redis-server

.PHONY: install system-deps run test lint bench eval accuracy clean clean-bench

install: $(STAMP) system-deps

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# System packages (OCR, the test browser, a font with Vietnamese glyphs, PostgreSQL and Redis that
# the tests start on loopback), installed when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: install
	$(BIN)/vanban --db $(DB) ingest corpus/samples
	$(BIN)/vanban --db $(DB) serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check ingest extract corpus service api tests $(wildcard bench)
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

eval: install
	$(BIN)/vanban eval corpus/gold --docs corpus/samples
	$(BIN)/vanban eval-search corpus/data/queries.json --docs corpus/samples
	$(BIN)/vanban eval-links corpus/tracking
	$(BIN)/vanban eval-links corpus/tracking_heldout
	@if [ -d ../shared/real/pages ]; then $(BIN)/vanban eval ../shared/real/pages/gold --docs ../shared/real/pages/docs; fi
	@if [ -d ../shared/gold ]; then $(BIN)/vanban eval ../shared/gold --docs ../shared/seeds; fi

# The README's accuracy table, row by row (tests/extract/test_readme_accuracy.py keeps the README equal to it).
accuracy: install
	@$(BIN)/python -c "from extract.evaluate import TABLE_HEADER; print(TABLE_HEADER)"
	@$(BIN)/vanban eval corpus/gold --docs corpus/samples --row "own gold (corpus/gold)"
	@if [ -d ../shared/real/pages ]; then $(BIN)/vanban eval ../shared/real/pages/gold --docs ../shared/real/pages/docs --row "real pages (dev)"; fi
	@if [ -d ../shared/gold ]; then $(BIN)/vanban eval ../shared/gold --docs ../shared/seeds --row "seed pages"; fi

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data .pytest_cache

clean-bench:
	rm -rf .bench
