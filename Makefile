# Two commands do everything (each builds .venv on first use from constraints.txt):
#   make report   run every notebook headless and write build/report/index.html
#   make test     unit tests + every notebook re-executed by nbval + ruff
#   make data     rebuild data/ from ../shared/data (or SHARED=...) and curation/ (maintainers)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared/data

.PHONY: report test data lab notebooks bench lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,scale]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m analysis report

test: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks notebooks scripts
	$(BIN)/python -m pytest -q

# data/ is built, never edited: checks every curated quote against $(SHARED), writes the CSVs and
# dots.parquet, then datapackage.json (hashes). tests/test_build_data.py checks the result is data/.
data: $(STAMP)
	$(BIN)/python scripts/build_data.py --shared $(SHARED) --out data
	$(BIN)/python scripts/build_datapackage.py data

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[bench]"
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Regenerate the pinned versions (after changing dependencies); commit constraints.txt.
lock:
	rm -rf /tmp/cbt-lock && $(PYTHON) -m venv /tmp/cbt-lock
	/tmp/cbt-lock/bin/python -m pip install --quiet --upgrade pip
	/tmp/cbt-lock/bin/python -m pip install --quiet -e ".[dev,scale,bench]"
	/tmp/cbt-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) build

# Re-run the notebooks in place (after changing data/, analysis/ or a notebook); commit the result.
notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py
