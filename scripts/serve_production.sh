#!/usr/bin/env bash
# A production-like layout on this machine: gunicorn with several web processes, two task
# workers each restarted when it dies, static files collected and served by WhiteNoise.
# PostgreSQL by default (DATABASE_URL); the checks of EDQUALITY_ENV=production apply, with
# HTTPS off because nothing terminates TLS in front of it here. Ctrl-C stops everything.
#
#   make serve-production                 # http://127.0.0.1:8000, database "edquality"
#   WEB_PROCESSES=6 WORKERS=3 PORT=8100 make serve-production
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
WEB_PROCESSES="${WEB_PROCESSES:-4}"
WORKERS="${WORKERS:-2}"
export PYTHONUNBUFFERED=1
export EDQUALITY_ENV=production HTTPS="${HTTPS:-false}" EDQUALITY_DEMO=false
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/edquality}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SERVICE_URL="${SERVICE_URL:-http://127.0.0.1:${PORT}}"
export EMAIL_MODE="${EMAIL_MODE:-file}"
var_dir="${EDQUALITY_VAR_DIR:-var}"
mkdir -p "$var_dir"
if [[ -z "${SECRET_KEY:-}" ]]; then
  key_file="$var_dir/secret_key"
  [[ -s "$key_file" ]] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file"
  SECRET_KEY="$(cat "$key_file")"
fi
export SECRET_KEY

# Create the PostgreSQL database when it does not exist yet.
if [[ "$DATABASE_URL" == postgres* ]]; then
  "$PY" - "$DATABASE_URL" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the database {name}.")
PY
fi
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable -v0
"$PY" manage.py load_reference_data -v0
"$PY" manage.py collectstatic --noinput -v0

# Each worker runs under the supervisor (scripts/supervise.sh), which starts it again when it
# stops, whatever the reason (a crash, kill -9): queued work is never left without one.
pids=()
for n in $(seq 1 "$WORKERS"); do
  bash scripts/supervise.sh "worker-$n" \
    "$PY" manage.py run_worker --interval 1 --no-startup-delay >>"$var_dir/worker-$n.log" 2>&1 &
  pids+=($!)
done
.venv/bin/gunicorn edquality.wsgi:application \
  --bind "127.0.0.1:${PORT}" --workers "$WEB_PROCESSES" --worker-class sync \
  --timeout 60 --graceful-timeout 10 --access-logfile "$var_dir/access.log" \
  --error-logfile "$var_dir/gunicorn.log" &
pids+=($!)
stop() {
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
echo "edquality (production layout: $WEB_PROCESSES web processes, $WORKERS workers) is running on http://127.0.0.1:${PORT}/ - press Ctrl-C to stop."
echo "Logs: $var_dir/gunicorn.log, $var_dir/access.log, $var_dir/worker-*.log"
wait
