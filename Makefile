# Every target that runs Python first makes sure .venv exists and holds the project with its
# dev dependencies, so a fresh clone needs nothing but Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: chat serve package test test-ha lint validate bench load load-slow clean

$(STAMP): pyproject.toml
	@echo "Installing the project and its dev dependencies into $(VENV) (first run, or after pyproject.toml changes)..."
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

chat: $(STAMP)
	$(PY) -m skill chat

serve: $(STAMP)
	$(PY) -m skill serve

package: $(STAMP)
	$(PY) -m skill package

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

# The Home Assistant integration, with Home Assistant's own test harness (Python 3.13, in
# .venv-ha), run against the folder `python -m skill package` builds.
VENV_HA := .venv-ha
HA_STAMP := $(VENV_HA)/.installed

$(HA_STAMP): tests_ha/requirements.txt tests_ha/venv.sh
	bash tests_ha/venv.sh

test-ha: $(STAMP) $(HA_STAMP)
	$(PY) -m skill package
	cd build/home-assistant && ../../$(VENV_HA)/bin/mypy --config-file ../../tests_ha/mypy.ini \
		-p custom_components.thigh_cramp_helper
	cd tests_ha && ../$(VENV_HA)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

validate: $(STAMP)
	$(PY) -m skill validate

bench: $(STAMP)
	command -v espeak-ng >/dev/null || (apt-get update -qq && apt-get install -y -qq espeak-ng) \
		|| echo "espeak-ng could not be installed: spoken length will not be measured"
	$(PY) -m bench.run

load: $(STAMP)
	$(PY) -m bench.load

# /healthz under slow clients: gunicorn's sync workers vs deploy/gunicorn.conf.py
load-slow: $(STAMP)
	$(PY) -m bench.slow_clients

clean:
	rm -rf $(VENV) $(VENV_HA) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis

# The OpenVoiceOS skill under the real ovos-core 2.1.1 intent service, in a venv of its own:
# ovos-core pins ovos-workshop below 8, while .venv (make test) has 8.x. The FakeBus tests
# run here again, so both workshop lines are checked.
VENV_OVOS := .venv-ovos
OVOS_STAMP := $(VENV_OVOS)/.installed

.PHONY: test-ovos-core clean-ovos

$(OVOS_STAMP): pyproject.toml
	@echo "Installing the project with [ovos] and ovos-core 2.1.1 into $(VENV_OVOS)..."
	test -x $(VENV_OVOS)/bin/python || $(PYTHON) -m venv $(VENV_OVOS)
	$(VENV_OVOS)/bin/python -m pip install --quiet --disable-pip-version-check \
		-e '.[ovos]' 'ovos-core==2.1.1' 'pytest>=8' 'hypothesis>=6.100'
	touch $(OVOS_STAMP)

test-ovos-core: $(OVOS_STAMP)
	$(VENV_OVOS)/bin/python -m pytest -q tests/test_openvoiceos.py tests_ovos_core

clean: clean-ovos
clean-ovos:
	rm -rf $(VENV_OVOS)
