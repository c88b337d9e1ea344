#!/usr/bin/env bash
# Runs the web server and a Celery worker with its embedded scheduler side by side (make run).
# Ctrl-C, or either process stopping, stops both.
set -u
PORT=${PORT:-8000}
BIN=${BIN:-.venv/bin}

"$BIN/celery" -A peersupport worker -B --concurrency 2 --loglevel INFO --schedule var/celerybeat-schedule &
worker=$!
"$BIN/python" manage.py runserver --noreload "0.0.0.0:$PORT" &
web=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$web" "$worker" 2>/dev/null
  wait "$web" "$worker" 2>/dev/null
  echo "Stopped the web server and the worker."
  exit 0
}
trap stop INT TERM EXIT
wait -n "$web" "$worker"
