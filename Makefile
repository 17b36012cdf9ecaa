# KLA Metro: `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# pytest-xdist processes for everything but the browser journeys, which run afterwards in one process.
TEST_WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format install sysdeps messages worker beat clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 tidak ditemukan ($(PYTHON)). Install python3.11 terlebih dahulu."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

sysdeps:
	@bash scripts/system-deps.sh

run: install sysdeps
	mkdir -p var/media
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py seed_demo --if-empty
	@echo "KLA Metro: http://127.0.0.1:$(PORT)/"
	DEBUG=True $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install sysdeps
	bash scripts/services-up.sh
	status=0; \
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not e2e" || status=$$?; \
	$(PY) -m pytest -m e2e || status=$$?; \
	exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	DEBUG=True $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	DEBUG=True $(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A kla_metro worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A kla_metro beat --loglevel=INFO --schedule=var/celerybeat-schedule

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
