#!/usr/bin/env bash
# Runs the web server, a Celery worker with the embedded scheduler, and the safety-lane worker (make run).
# A worker that stops is started again while the web server keeps serving; Ctrl-C stops everything.
set -u
PORT=${PORT:-8000}
# The demo's logins and password are public and it runs on plain HTTP: it answers this machine only.
# BIND=0.0.0.0 opens it to the network, for a trial you trust the network for.
BIND=${BIND:-127.0.0.1}
BIN=${BIN:-.venv/bin}
RUN_DIR=${RUN_DIR:-var/run}
mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR/stopping"

# supervise NAME COMMAND...: run COMMAND, and again whenever it stops, until Ctrl-C. Its pid is in
# $RUN_DIR/NAME.pid. Nothing is lost meanwhile: every message is a database row the dispatcher republishes.
supervise() {
  local name=$1
  shift
  while [ ! -f "$RUN_DIR/stopping" ]; do
    "$@" &
    echo $! >"$RUN_DIR/$name.pid"
    wait $!
    status=$?
    [ -f "$RUN_DIR/stopping" ] && break
    echo "serve.sh: the $name stopped (exit $status); starting it again in 2 s." >&2
    sleep 2
  done
}

supervise worker "$BIN/celery" -A peersupport worker -B --queues celery --concurrency 2 --loglevel INFO \
  --schedule var/celerybeat-schedule &
worker_supervisor=$!
supervise safety-worker "$BIN/celery" -A peersupport worker --queues safety --concurrency 1 --loglevel INFO \
  --hostname "safety@%h" &
safety_supervisor=$!
"$BIN/python" manage.py runserver --noreload "$BIND:$PORT" &
web=$!
echo "$web" >"$RUN_DIR/web.pid"

stop() {
  trap - INT TERM EXIT
  touch "$RUN_DIR/stopping"
  kill -TERM "$web" 2>/dev/null
  local pids=()
  for name in worker safety-worker; do
    [ -f "$RUN_DIR/$name.pid" ] && pids+=("$(cat "$RUN_DIR/$name.pid")")
  done
  kill -TERM "${pids[@]}" 2>/dev/null
  # A worker gets 20 s to finish the task in hand (warm shutdown); one that is still there after that (a
  # worker stopped while it was starting can hang) is killed, so that no scheduler is left behind. Its
  # unfinished message is redelivered: the rows are the truth.
  for _ in $(seq 1 40); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "${pids[@]}" 2>/dev/null
  wait "$web" "$worker_supervisor" "$safety_supervisor" 2>/dev/null
  echo "Stopped the web server and the workers."
  exit 0
}
trap stop INT TERM EXIT
# Only the web server stopping ends the whole set (workers are restarted by their supervisors).
wait "$web"
