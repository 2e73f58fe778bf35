#!/usr/bin/env bash
# The interoperability suite in one command (as root, on Debian 12, no stdin needed):
#   1. install the Debian packages (fails loudly when one cannot be installed)
#   2. generate certificates, the signed DNS tree and the server configurations
#   3. start Knot, Unbound and Postfix on loopback
#   4. run the oracle (posttls-finger) over every scenario
#   5. run dane4j's JUnit interop tests (Maven profile "interop")
#   5b. compare `dane check`/`dane ds` with posttls-finger and ldns-key2ds
#   6. stop what it started, whatever happened
# Exit status: non-zero on any failure. Options:
#   --no-install   skip step 1 (the packages must then be there)
#   --keep         leave the servers running afterwards (stop them with interop/stop.sh)
#   --oracle-only  skip step 5
source "$(dirname "$0")/lib/common.sh"
require_root

install=1; keep=""; java=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install="" ;;
    --keep) keep=1 ;;
    --oracle-only) java="" ;;
    *) die "unknown option $arg (known: --no-install --keep --oracle-only)" ;;
  esac
done

started=$(date +%s)
step() { log "== $* (+$(( $(date +%s) - started ))s)"; }

if [ -n "$install" ]; then step "install packages"; "$INTEROP_HOME/install.sh"; fi
# Stop a previous run's servers before regenerating what they serve.
"$INTEROP_HOME/stop.sh"
step "generate certificates, zones and configurations"
"$INTEROP_HOME/setup.sh"
[ -n "$keep" ] || trap '"$INTEROP_HOME/stop.sh"' EXIT
step "start servers"
"$INTEROP_HOME/start.sh"
step "oracle: posttls-finger"
"$INTEROP_HOME/oracle.sh"
if [ -n "$java" ]; then
  step "dane4j: mvn -Pinterop (interop-tests)"
  rm -f "$INTEROP_DIR/results.tsv"
  (cd "$INTEROP_HOME/.." && mvn -B -Pinterop -pl interop-tests -am test \
     -Dtest='org.dane4j.interop.*Test' -Dsurefire.failIfNoSpecifiedTests=false \
     -DinteropDir="$INTEROP_DIR" </dev/null) || rc=$?
  if [ -s "$INTEROP_DIR/results.tsv" ]; then
    log "dane4j vs posttls-finger:"
    column -t -s $'\t' "$INTEROP_DIR/results.tsv" >&2 || cat "$INTEROP_DIR/results.tsv" >&2
  fi
  [ "${rc:-0}" -eq 0 ] || die "dane4j interop tests failed (mvn exit ${rc})"
  step "dane check and dane ds vs posttls-finger and ldns-key2ds (dane-cli/interop/compare.sh)"
  (cd "$INTEROP_HOME/.." && mvn -B -q -pl dane-cli -am -DskipTests package </dev/null) \
    || die "building the dane command line failed"
  INTEROP_DIR="$INTEROP_DIR" "$INTEROP_HOME/../dane-cli/interop/compare.sh" </dev/null \
    || die "dane check or dane ds disagrees with posttls-finger or ldns-key2ds (see above)"
fi
step "interop suite passed"
