# TensorCanvas developer entry points. `make run` and `make test` work on a fresh
# Debian machine: they install missing system libraries (as root) and the venv.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help sysdeps sysdeps-headless venv run test lint bench screenshot

help:
	@echo "make run         open the editor (FILE=path to open a file)"
	@echo "make test        run the whole test suite headless"
	@echo "make lint        ruff, mypy engine/, and the import contracts (lint-imports)"
	@echo "make bench       run the benchmarks"
	@echo "make screenshot  write docs/screenshot.png"
	@echo "make sysdeps     install the system libraries Qt needs (as root)"

# Everything a real window needs (X11/xcb included).
sysdeps:
	@bash tools/sysdeps.sh --display

# What the offscreen Qt platform needs: enough for tests and screenshots.
sysdeps-headless:
	@bash tools/sysdeps.sh --headless

$(VPY):
	$(PYTHON) -m venv $(VENV)

# Reinstalled whenever pyproject.toml changes; the gpu extra only where a GPU is.
$(STAMP): pyproject.toml | $(VPY)
	@extras=dev; \
	if nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then extras=dev,gpu; fi; \
	echo "$(VPY) -m pip install -e '.[$$extras]'"; \
	$(VPY) -m pip install -e ".[$$extras]"
	@touch $@

venv: $(STAMP)

run: sysdeps venv
	$(VPY) main.py $(FILE)

test: sysdeps-headless venv
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest

lint: venv
	$(VPY) -m ruff check .
	$(VPY) -m mypy engine/
	PYTHONPATH=. $(VENV)/bin/lint-imports

bench: venv
	$(VPY) -m benchmarks

screenshot: sysdeps-headless venv
	QT_QPA_PLATFORM=offscreen $(VPY) tools/screenshot.py
