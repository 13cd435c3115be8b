# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck messages compilemessages bench worker beat serve serve-stop clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

compilemessages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

## Run the product on embedded defaults (SQLite, in-process Celery, console email).
run: $(STAMP) compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## Run the whole test suite (uses DATABASE_URL / CELERY_BROKER_URL when set).
test: $(STAMP) compilemessages
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

typecheck: $(STAMP)
	$(VENV)/bin/mypy

## Extract strings into the ru and kk catalogues (English is the source).
messages: $(STAMP)
	$(PY) manage.py makemessages -l ru -l kk --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=tests --ignore=locale_thirdparty --no-obsolete --no-location --no-wrap

bench: $(STAMP)
	$(PY) bench/run.py

worker: $(STAMP)
	$(VENV)/bin/celery -A config worker -Q notifications,exports,data,default -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A config beat -l info

## The production processes in the background (gunicorn x4, 2 Celery workers, beat) on
## DATABASE_URL and CELERY_BROKER_URL; pid files and logs in RUN_DIR (./run). See deploy/.
serve: $(STAMP)
	deploy/serve.sh start

serve-stop:
	deploy/serve.sh stop

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
