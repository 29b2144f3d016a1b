#!/usr/bin/env bash
# Serve edquality with its background task worker beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"

"$PY" manage.py schedule_reminders
"$PY" manage.py db_worker --interval 1 --no-startup-delay &
worker=$!
stop() {
  kill "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

"$PY" manage.py demo_logins
echo "edquality is running on http://127.0.0.1:${PORT}/ (task worker pid ${worker}). Press Ctrl-C to stop."
"$PY" manage.py runserver "127.0.0.1:${PORT}" --noreload
