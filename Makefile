PY ?= python3

.PHONY: check test lint typecheck bench screenshots format

check: lint typecheck test

test:
	$(PY) -m pytest

lint:
	$(PY) -m ruff check roundplanner tests bench scripts
	$(PY) -m ruff format --check roundplanner tests bench scripts

format:
	$(PY) -m ruff format roundplanner tests bench scripts
	$(PY) -m ruff check --fix roundplanner tests bench scripts

typecheck:
	$(PY) -m mypy

bench:
	$(PY) bench/run.py

screenshots:
	$(PY) scripts/screenshots.py
