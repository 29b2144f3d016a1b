#!/usr/bin/env bash
# Run a command and start it again whenever it stops, waiting a little longer after each quick
# failure (1 s, 2 s, 4 s ... at most 30 s; back to 1 s once it has run for a minute). TERM or INT
# stops the command and this loop. Used by serve.sh for the task worker:
#   scripts/supervise.sh <name> <command> [arguments...]
set -uo pipefail
name="$1"
shift
first_wait="${SUPERVISE_FIRST_WAIT:-1}"
longest_wait="${SUPERVISE_LONGEST_WAIT:-30}"
healthy_after="${SUPERVISE_HEALTHY_AFTER:-60}"
wait_for="$first_wait"
child=""
stopping=""

stop() {
  stopping=1
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit 0
}
trap stop TERM INT

while true; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  [ -n "$stopping" ] && exit 0
  if [ $((SECONDS - started)) -ge "$healthy_after" ]; then
    wait_for="$first_wait"
  fi
  echo "$(date '+%Y-%m-%d %H:%M:%S') ${name} stopped (exit status ${status}); starting it again in ${wait_for} s." >&2
  sleep "$wait_for" &
  wait $! 2>/dev/null || true
  wait_for=$(awk -v w="$wait_for" -v m="$longest_wait" 'BEGIN { w = w * 2; if (w > m) w = m; print w }')
done
