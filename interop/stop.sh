#!/usr/bin/env bash
# Stops the servers the suite started, by the PIDs in their own PID files.
# Never touches other processes. Idempotent.
source "$(dirname "$0")/lib/common.sh"

# Postfix's master stops its children itself on SIGTERM.
stop_pidfiles "$POSTFIX_DIR/spool/pid/master.pid:postfix master" \
  "$UNBOUND_DIR/validating/unbound.pid:unbound validating" \
  "$UNBOUND_DIR/recursive/unbound.pid:unbound recursive" \
  "$KNOT_DIR/root/knot.pid:knot root" "$KNOT_DIR/tld/knot.pid:knot tld" "$KNOT_DIR/domains/knot.pid:knot domains"
