# wbanalysis: `make help` lists the targets.
# Every target that needs Python sets up .venv/ from requirements.lock first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=
PIP_VERSION := 26.3
UV_VERSION  := 0.13.8
# uv installs the lock in a few seconds; INSTALLER=pip installs it with pip alone (slower, same versions). uv is
# installed by the interpreter's own pip into .cache/ (not into .venv/, which is made without pip's few seconds of
# bootstrapping; pip is then installed into it from the lock's pin, with everything else)
INSTALLER   ?= uv
UV_HOME     := .cache/uv-$(UV_VERSION)
UV          := $(UV_HOME)/bin/uv
# the interpreter's pip asked to install into a folder of the project, whatever its configuration says
PIP_ANYWHERE := PIP_ROOT_USER_ACTION=ignore PIP_REQUIRE_VIRTUALENV=0 PIP_USER=0

# Python keeps what it compiles in .cache/pycache/ (never beside the code), even where $PYTHONDONTWRITEBYTECODE is
# set: otherwise every process of a build or of the tests compiles the libraries, and pytest rewrites every test
# module's asserts, again (a third of the fast lane's time on a 2-core machine)
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help setup reports test check lab notebooks bench lint clean chromium solutions workshop-check

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	@if [ "$(INSTALLER)" = uv ] && { [ -x $(UV) ] || { rm -rf $(UV_HOME) && $(PIP_ANYWHERE) $(PYTHON) -m pip install \
	      --quiet --disable-pip-version-check --target $(UV_HOME) uv==$(UV_VERSION); } || \
	    { echo "the interpreter's pip cannot install uv: installing it in a venv of its own"; rm -rf $(UV_HOME) && \
	      $(PYTHON) -m venv $(UV_HOME) && $(UV_HOME)/bin/python -m pip install --quiet uv==$(UV_VERSION); }; }; then \
	  echo "installing requirements.lock with uv $(UV_VERSION)"; \
	  $(PYTHON) -m venv --without-pip $(VENV) && \
	  $(UV) pip install --quiet --python $(BIN)/python --no-deps -r requirements.lock pip==$(PIP_VERSION) && \
	  $(UV) pip install --quiet --python $(BIN)/python --no-deps -e .; \
	else \
	  echo "installing requirements.lock with pip $(PIP_VERSION)"; \
	  $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install --quiet pip==$(PIP_VERSION) && \
	  $(BIN)/python -m pip install --quiet --no-deps -r requirements.lock && \
	  $(BIN)/python -m pip install --quiet --no-deps -e .; \
	fi
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	cp wbanalysis/templates/jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

setup: $(STAMP) ## create .venv/ from requirements.lock and install the package

reports: $(STAMP) ## build every HTML report into reports/ (ARGS="-p focus_country ALB" to change parameters)
	$(BIN)/wbanalysis build $(ARGS)

chromium: ## install Debian's chromium for the browser tests where it is missing (skipped tests say so if impossible)
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } || \
	  echo "note: chromium could not be installed here; the browser tests will be skipped"

AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4.10.2 >/dev/null || \
	  echo "note: npm could not install axe-core here; the accessibility test will be skipped"

test: $(STAMP) chromium $(AXE) ## run the whole test suite (unit, data, CLI, build, browser and accessibility, nbval)
	$(BIN)/python -m pytest $(ARGS)

# The fast lane's temporary files go to memory where the machine has a writable /dev/shm with 2 GB free, not mounted
# noexec, and $TMPDIR is not set (its tests copy data/ some eighty times: five times faster there than on disk); only
# a failed test's files are kept
FAST_TMP := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && ! grep -qs ' /dev/shm [^ ]* [^ ]*noexec' /proc/mounts && \
              [ "$$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $$4}')" -gt 2000000 ] 2>/dev/null && echo /dev/shm)

check: $(STAMP) ## the fast lane: ruff, then every test that starts no kernel (seconds, not minutes)
	$(BIN)/ruff check wbanalysis tests data/scripts benchmarks
	$(if $(FAST_TMP),TMPDIR="$${TMPDIR:-$(FAST_TMP)}" )$(BIN)/python -m pytest tests -m "not kernel" -q -n auto \
	  --dist worksteal -o tmp_path_retention_policy=failed $(ARGS)

lab: $(STAMP) ## open JupyterLab on the workshop's landing notebook (no news pop-up)
	$(BIN)/jupyter lab --notebook-dir=notebooks notebooks/workshop/00_start_here.ipynb $(if $(filter 0,$(shell id -u)),--allow-root,) $(ARGS)

workshop-check: $(STAMP) ## the teacher's pre-flight (under a minute): environment, every workshop notebook runs, every solution passes
	$(BIN)/python -m wbanalysis.workshop preflight

solutions: $(STAMP) ## write the workshop's solution notebooks for the teacher into workshop-solutions/ (OUT=folder elsewhere)
	$(BIN)/python -m wbanalysis.workshop solutions $(OUT)

notebooks: $(STAMP) ## re-execute the committed notebooks in place with default parameters
	$(BIN)/wbanalysis refresh

lint: $(STAMP) ## ruff over the package and the tests
	$(BIN)/ruff check wbanalysis tests data/scripts benchmarks

clean: ## remove the built reports and caches (keeps .venv/)
	rm -rf reports/*.html reports/.build reports/failed .pytest_cache .ruff_cache

bench: $(STAMP) ## benchmark the build against a naive papermill + nbconvert loop (prints figures)
	$(BIN)/python benchmarks/bench_build.py
