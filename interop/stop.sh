#!/usr/bin/env bash
# Stops the servers the suite started, by the PIDs in their own PID files.
# Never touches other processes. Idempotent.
source "$(dirname "$0")/lib/common.sh"

master_pidfile="$POSTFIX_DIR/spool/pid/master.pid"
if [ -s "$master_pidfile" ] && kill -0 "$(tr -dc 0-9 < "$master_pidfile")" 2>/dev/null; then
  log "stopping postfix (master pid $(tr -dc 0-9 < "$master_pidfile"))"
  postfix -c "$POSTFIX_DIR/etc" stop >/dev/null 2>&1 || true
fi
stop_pidfile "$master_pidfile" "postfix master"
for u in validating recursive; do stop_pidfile "$UNBOUND_DIR/$u/unbound.pid" "unbound $u"; done
for d in root tld domains; do stop_pidfile "$KNOT_DIR/$d/knot.pid" "knot $d"; done
