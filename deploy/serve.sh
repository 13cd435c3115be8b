#!/usr/bin/env bash
# `make serve` / `make serve-stop`: the production processes on this machine,
# in the background, on PostgreSQL and Redis: gunicorn (4 workers), two
# Celery workers (notifications; exports + data + default) and one beat.
# Pid files and logs go to $RUN_DIR (default ./run). Production settings,
# over plain HTTP on 127.0.0.1 (no TLS redirect, cookies not Secure).
#
#   DATABASE_URL, CELERY_BROKER_URL   required: the services to run on
#   SERVE_PORT (8000), RUN_DIR (./run), GUNICORN_WORKERS (4)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_DIR=$(realpath -m "${RUN_DIR:-$ROOT/run}")
PORT=${SERVE_PORT:-8000}
VENV=${VENV:-$ROOT/.venv}
PIDS=(gunicorn worker-notifications worker-tasks beat)

stop() {
  local name pid
  for name in "${PIDS[@]}"; do
    [ -f "$RUN_DIR/$name.pid" ] || continue
    pid=$(cat "$RUN_DIR/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" && echo "serve: $name ($pid) killed"
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
  echo "serve: stopped"
}

launch() {
  local name=$1
  shift
  setsid nohup "$@" >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

start() {
  : "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
  : "${CELERY_BROKER_URL:?set CELERY_BROKER_URL (Redis)}"
  mkdir -p "$RUN_DIR"
  for name in "${PIDS[@]}"; do
    if [ -f "$RUN_DIR/$name.pid" ] && kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      echo "serve: already running ($RUN_DIR/$name.pid); make serve-stop first" >&2
      exit 1
    fi
  done
  export DJANGO_SETTINGS_MODULE=config.settings.production
  # A secret made once per run dir (sessions survive a restart of the same run dir).
  if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    [ -s "$RUN_DIR/.secret" ] || (umask 077 && echo "serve-local-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$RUN_DIR/.secret")
    DJANGO_SECRET_KEY=$(cat "$RUN_DIR/.secret")
  fi
  export DJANGO_SECRET_KEY
  export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
  export DJANGO_CSRF_TRUSTED_ORIGINS=${DJANGO_CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$PORT,http://localhost:$PORT}
  export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0
  export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
  export MEDIA_ROOT=${MEDIA_ROOT:-$RUN_DIR/media}
  export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
  export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$RUN_DIR/mail}
  export PROMETHEUS_MULTIPROC_DIR=$RUN_DIR/prometheus
  export GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=${GUNICORN_WORKERS:-4}
  export GUNICORN_ACCESS_LOG=${GUNICORN_ACCESS_LOG:-} GUNICORN_ERROR_LOG=-
  mkdir -p "$MEDIA_ROOT" "$EMAIL_FILE_PATH"

  "$VENV/bin/python" manage.py migrate --noinput -v 0
  "$VENV/bin/python" manage.py compilemessages --ignore=.venv -v 0
  "$VENV/bin/python" manage.py collectstatic --noinput -v 0

  # Each process in its own session, its output (JSON log lines) in a log file.
  launch gunicorn "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py config.wsgi:application
  launch worker-notifications "$VENV/bin/celery" -A config worker -Q notifications -n "notifications-$PORT@%h" \
    --concurrency 2 -l INFO
  launch worker-tasks "$VENV/bin/celery" -A config worker -Q exports,data,default -n "tasks-$PORT@%h" \
    --concurrency 2 -l INFO
  launch beat "$VENV/bin/celery" -A config beat -l INFO --schedule "$RUN_DIR/celerybeat-schedule"

  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null -H "Accept: application/json" "http://127.0.0.1:$PORT/ready/"; then
      echo "serve: ready on http://127.0.0.1:$PORT (pids and logs in $RUN_DIR)"
      return 0
    fi
    sleep 0.5
  done
  echo "serve: /ready/ did not answer within 60 s; see $RUN_DIR/*.log" >&2
  curl -sS -H "Accept: application/json" "http://127.0.0.1:$PORT/ready/" >&2 || true
  exit 1
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
