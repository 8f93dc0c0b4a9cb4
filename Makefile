# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test soak lint format demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

## run: install, then start the service on embedded defaults (SQLite + local files) and print its URL
run: $(STAMP)
	$(BIN)/photoreel serve

## demo: render generated demo photos into out/demo.mp4, no server involved
demo: $(STAMP)
	$(BIN)/photoreel demo -o out/demo.mp4

## test: install with the dev extras and run the whole suite
test: $(STAMP)
	$(BIN)/python -m pytest

## soak: the long reliability tests (a 50-client burst with renders in flight); CI runs them after `make test`
soak: $(STAMP)
	$(BIN)/python -m pytest -m soak -o addopts="-q"

## lint: ruff check and format check, the layering contract (import-linter), types (mypy, see pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check photoreel tests benchmarks
	$(BIN)/ruff format --check photoreel tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format photoreel tests
	$(BIN)/ruff check --fix photoreel tests

## bench: photoreel side by side with the FFmpeg command line, MoviePy and the encoder floor -> benchmarks/RESULTS.md
## (BENCH_ARGS="--workloads W1,W2,W3,W4,W5 --runs 3" to choose; W2 is a 2-minute album and takes a while)
bench: $(STAMP)
	@command -v ffmpeg >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q --no-install-recommends ffmpeg) \
		|| echo "no system ffmpeg: the FFmpeg recipe's column stays empty"
	@bash benchmarks/install_editly.sh || echo "Editly could not be installed: its column stays empty"
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m benchmarks.run --write $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.turns
	$(BIN)/python -m benchmarks.reexport --write
	$(BIN)/python -m benchmarks.frames --write
	$(BIN)/python -m benchmarks.first_second --write

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
