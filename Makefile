# Plain targets; each sets up .venv from the pinned requirements first (see tasks.py).
PYTHON ?= python3

.PHONY: build test bench validate fuzz
build:
	$(PYTHON) tasks.py build
test:
	$(PYTHON) tasks.py test
bench:
	$(PYTHON) tasks.py bench
validate:
	$(PYTHON) tasks.py validate
fuzz:
	$(PYTHON) tasks.py fuzz
