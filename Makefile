# TensorCanvas developer entry points. `make run` and `make test` work on a fresh
# Debian machine: they install missing system libraries (as root) and the venv.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help sysdeps sysdeps-headless venv run test lint bench screenshot guide translations lupdate

help:
	@echo "make run         open the editor (FILE=path to open a file)"
	@echo "make test        run the whole test suite headless"
	@echo "make lint        ruff, mypy engine/, and the import contracts (lint-imports)"
	@echo "make bench       run the benchmarks"
	@echo "make screenshot  write docs/screenshot.png"
	@echo "make guide       write the user guide's pictures (docs/guide/*.png, English and Korean)"
	@echo "make translations  build the .qm files from resources/translations/*.ts"
	@echo "make lupdate     collect app/ and editor/ texts into the .ts files"
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

# The interface's translations: .ts sources (edited with pyside6-linguist) compiled to
# the .qm files the app loads. The .qm files are committed too, so a checkout runs in
# Korean without this step; tests/app/test_translations.py checks they match the .ts.
TS_FILES := resources/translations/tensorcanvas_ko.ts
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(QM_FILES)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# After changing texts in app/ or editor/: refresh the .ts files (new texts come in
# unfinished; translate them, then make translations).
lupdate: venv
	$(VENV)/bin/pyside6-lupdate -locations none -no-obsolete $$(git ls-files -co --exclude-standard 'app/*.py' 'editor/*.py') -ts $(TS_FILES)

run: sysdeps venv translations
	$(VPY) main.py $(FILE)

test: sysdeps-headless venv translations
	QT_QPA_PLATFORM=offscreen PYTHONUTF8=1 $(VPY) -m pytest

lint: venv
	$(VPY) -m ruff check .
	$(VPY) -m mypy engine/
	PYTHONPATH=. $(VENV)/bin/lint-imports

bench: venv
	$(VPY) -m benchmarks

screenshot: sysdeps-headless venv
	QT_QPA_PLATFORM=offscreen $(VPY) tools/screenshot.py

guide: sysdeps-headless venv translations
	QT_QPA_PLATFORM=offscreen $(VPY) tools/guide_screenshots.py
