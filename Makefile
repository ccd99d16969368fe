# Two commands for a new user:  `make run`  and  `make test`.
# Both create or update a local .venv with pinned dependencies first.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed.stamp
PYTHON  ?= python3
ARGS    ?=

# Offline, quiet, project-local defaults (see README "Configuration").
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup run test evaluate benchmark train clean-store lock

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first: the CPU build 2.13.0; anything else pulls GBs of CUDA wheels
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup            ## set up, then run the whole pipeline on raw/ into processed/
	$(VENV)/bin/upr run $(ARGS)

test: setup           ## set up, then run the test suite (offline)
	$(PY) -m pytest $(ARGS)

evaluate: setup       ## print every evaluation (segmentation, classification, matching); fails if a target is missed
	@rc=0; for what in segmentation classification matching; do \
	  echo "== upr evaluate $$what"; $(VENV)/bin/upr evaluate $$what || rc=1; done; exit $$rc

benchmark: setup      ## speed benchmarks: reading (pages/s), classification (texts/s), matching (20k x 200k)
	$(PY) evaluation/benchmark_read.py
	$(PY) evaluation/benchmark_classify.py
	$(PY) evaluation/benchmark_match.py

train: setup          ## rebuild models/ from the UPR Info export (UPR_INFO_CSV=path)
	$(VENV)/bin/upr train $(ARGS)

lock:                 ## refresh requirements.lock from the current .venv
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
