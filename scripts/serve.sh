#!/usr/bin/env bash
# Serve edquality with its background task worker beside it; Ctrl-C stops both.
# The worker's log goes to a file, so the last lines printed are where the service runs and
# how to sign in. The worker is supervised: if it ever stops, it is started again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
export PORT PYTHONUNBUFFERED=1
var_dir="${EDQUALITY_VAR_DIR:-var}"
mkdir -p "$var_dir"
worker_log="$var_dir/worker.log"

"$PY" manage.py schedule_reminders
bash scripts/supervise.sh "The task worker" \
  "$PY" manage.py run_worker --interval 1 --no-startup-delay >>"$worker_log" 2>&1 &
worker=$!
"$PY" manage.py runserver "127.0.0.1:${PORT}" --noreload &
server=$!
stop() {
  kill "$server" "$worker" 2>/dev/null || true
  wait "$server" "$worker" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# Wait (up to 30 s) until the server answers, so its start-up lines come before ours.
"$PY" - "$PORT" <<'PY'
import sys
import time
import urllib.request

for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=1)  # noqa: S310
        break
    except Exception:
        time.sleep(0.25)
PY
echo
"$PY" manage.py demo_logins
echo
echo "The task worker writes its log to ${worker_log}."
echo "edquality is running on http://127.0.0.1:${PORT}/ - press Ctrl-C to stop."
wait "$server"
