#!/usr/bin/env bash
# `make bench`: the large-organisation benchmark (docs/benchmarks.md).
#
# Installs PostgreSQL and Redis if they are missing (as .ci/run does), starts a private PostgreSQL on
# loopback whose data folder is kept under var/bench/ (so the 50,000-person organisation is built once and
# reused while the generator's version is unchanged) and a throwaway Redis, builds the organisation, starts
# gunicorn and a Celery worker with production settings, drives them with locust (bench/locustfile.py), prints
# the figures and stops everything it started. Run as root (PostgreSQL runs as the postgres user through
# runuser), like CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${BIN:-.venv/bin}
LOCUST=${LOCUST:-.venv-bench/bin/locust}
BENCH_DIR=$ROOT/var/bench
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
log() { printf '\n==> %s\n' "$*"; }

need=()
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  log "Installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

free_port() {
  "$BIN/python" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while port < 32000:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            print(port)
            break
        except OSError:
            port += 1
PY
}

RUN=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
chmod 755 "$RUN"
PGDATA=$BENCH_DIR/pgdata
PG_STARTED=""; REDIS_PIDFILE=$RUN/redis.pid
cleanup() {
  status=$?
  log "Stopping what the benchmark started"
  for pidfile in "$RUN"/gunicorn.pid "$RUN"/worker.pid; do
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  sleep 2
  if [ -f "$REDIS_PIDFILE" ]; then kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true; fi
  if [ -n "$PG_STARTED" ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$RUN"
  exit $status
}
trap cleanup EXIT

# --- PostgreSQL, data kept under var/bench/pgdata ----------------------------------------------------
PG_PORT=$(free_port 25432)
mkdir -p "$RUN/pg"
chown postgres:postgres "$RUN/pg"
if [ ! -f "$PGDATA/PG_VERSION" ] || [ "$(cat "$PGDATA/PG_VERSION")" != "$("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+)\..*/\1/')" ]; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
fi
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in var/bench/pgdata)"
# Durability off for the benchmark's own throwaway data; the rest is PostgreSQL's defaults.
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$RUN/pg/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN/pg -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB -c maintenance_work_mem=256MB" \
  start >/dev/null
PG_STARTED=yes
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc \
  "SELECT 1 FROM pg_roles WHERE rolname = 'peersupport'" | grep -q 1 ||
  runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc \
    "CREATE ROLE peersupport LOGIN CREATEDB PASSWORD 'peersupport';"
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc \
  "SELECT 1 FROM pg_database WHERE datname = 'peersupport_bench'" | grep -q 1 ||
  runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc \
    "CREATE DATABASE peersupport_bench OWNER peersupport;"

# --- Redis (cache and broker, nothing kept) -------------------------------------------------------------
REDIS_PORT=$(free_port 26379)
log "Redis on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" --appendonly no \
  --pidfile "$REDIS_PIDFILE" --logfile "$RUN/redis.log"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# --- Production settings (bench/settings.py adds the query counter and the trivial page) -------------
export DJANGO_SETTINGS_MODULE=bench.settings
export DEBUG=false DEMO=false
export SECRET_KEY=${BENCH_SECRET_KEY:-benchmark-only-key-$(date +%s)-never-used-elsewhere}
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://peersupport:peersupport@127.0.0.1:$PG_PORT/peersupport_bench"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SITE_URL=http://127.0.0.1:8000
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.dummy.EmailBackend}
export MFA_REQUIRED_FOR_PRIVILEGED_ROLES=false  # load users sign in with a password only
export PGVERSION_TEXT="$("$PG_BIN/postgres" --version)"

log "Migrations"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py createcachetable

log "The large organisation (bench/orgdata.py)"
"$BIN/python" -m bench.orgdata --password "${DEMO_PASSWORD:-listen-with-care}"
"$BIN/python" -m bench.orgdata --targets > "$RUN/targets.json"

WEB_PORT=$(free_port 28000)
WORKERS=${BENCH_WORKERS:-3}
log "gunicorn ($WORKERS sync workers) on 127.0.0.1:$WEB_PORT and a Celery worker"
"$BIN/gunicorn" peersupport.wsgi --bind "127.0.0.1:$WEB_PORT" --workers "$WORKERS" \
  --pid "$RUN/gunicorn.pid" --log-level warning --error-logfile "$RUN/gunicorn.log" \
  --access-logfile "$RUN/access.log" --daemon
"$BIN/celery" -A peersupport worker --detach --queues celery,safety --loglevel WARNING \
  --concurrency 2 --hostname "bench@%h" --pidfile "$RUN/worker.pid" --logfile "$RUN/worker.log"
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$WEB_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

log "Load (locust, headless)"
BENCH_HOST="http://127.0.0.1:$WEB_PORT" BENCH_TARGETS="$RUN/targets.json" BENCH_OUT="$BENCH_DIR" \
  BENCH_GUNICORN_PID="$RUN/gunicorn.pid" BENCH_WORKER_PID="$RUN/worker.pid" \
  LOCUST="$LOCUST" "$BIN/python" -m bench.drive
