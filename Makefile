# The two commands of the README: `make edition` and `make test`.
# Everything else (the virtual environment, the packages, Chromium for the
# browser tests) is set up on the way, and skipped where it is already there.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: edition test bench setup system clean

edition: $(VENV)/.installed
	$(BIN)/edition validate
	$(BIN)/edition build

test: $(VENV)/.installed system
	$(BIN)/pytest -q

bench: $(VENV)/.installed
	$(BIN)/python -m toolkit.bench $(BENCH_ARGS)

setup: $(VENV)/.installed system

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# System packages for the browser tests (Debian's Chromium) and for looking
# at PDF pages (poppler-utils); installed only where missing.
system:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "note: chromium or poppler-utils missing and cannot be installed here; browser tests will be skipped"; fi

clean:
	rm -rf output build dist *.egg-info
