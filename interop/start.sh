#!/usr/bin/env bash
# Starts the suite's servers, bound to loopback only: three Knot instances,
# two Unbound instances, one Postfix instance. Checks every address is free
# first (Postfix binds with SO_REUSEPORT and would share a port silently).
# Idempotent: stops what an earlier run of the suite left running.
source "$(dirname "$0")/lib/common.sh"
require_root
require_tools knotd unbound postfix ss kdig swaks

[ -f "$POSTFIX_DIR/etc/main.cf" ] || die "run interop/setup.sh first"
"$INTEROP_HOME/stop.sh"

for addr in "$KNOT_ROOT_ADDR" "$KNOT_TLD_ADDR" "$KNOT_DOMAINS_ADDR" \
    "$UNBOUND_VALIDATING_ADDR" "$UNBOUND_RECURSIVE_ADDR"; do
  require_free "$addr" "$DNS_PORT" "DNS"
done
for entry in $LISTENERS; do require_free "${entry#*:}" "$SMTP_PORT" "Postfix ${entry%%:*}"; done
# The unreachable-ns scenario needs silence there.
require_free "$UNREACHABLE_NS_ADDR" "$DNS_PORT" "nothing (the unreachable name server)"

for d in root tld domains; do
  conf="$KNOT_DIR/$d/knot.conf"
  knotd -c "$conf" -d || die "knotd ($d) did not start; see $KNOT_DIR/$d/knot.log"
done
wait_listening "$KNOT_ROOT_ADDR" "$DNS_PORT" "knot root"
wait_listening "$KNOT_TLD_ADDR" "$DNS_PORT" "knot tld"
wait_listening "$KNOT_DOMAINS_ADDR" "$DNS_PORT" "knot domains"
# The zones load after the listeners open: wait until each answers its SOA.
for z in ".:$KNOT_ROOT_ADDR" "$TLD.:$KNOT_TLD_ADDR" "ee-good.$TLD.:$KNOT_DOMAINS_ADDR" \
    "mx-fallback.$TLD.:$KNOT_DOMAINS_ADDR"; do
  for i in $(seq 1 100); do
    kdig +norec +timeout=1 +retry=0 @"${z##*:}" "${z%:*}" SOA 2>/dev/null | grep -q 'status: NOERROR' && break
    [ "$i" -lt 100 ] || die "knot at ${z##*:} does not serve ${z%:*}"
    sleep 0.1
  done
done
log "knot up: root $KNOT_ROOT_ADDR, $TLD $KNOT_TLD_ADDR, domains $KNOT_DOMAINS_ADDR"

for u in validating recursive; do
  unbound -c "$UNBOUND_DIR/$u/unbound.conf" || die "unbound ($u) did not start; see $UNBOUND_DIR/$u/unbound.log"
done
wait_listening "$UNBOUND_VALIDATING_ADDR" "$DNS_PORT" "unbound validating"
wait_listening "$UNBOUND_RECURSIVE_ADDR" "$DNS_PORT" "unbound recursive"
log "unbound up: validating $UNBOUND_VALIDATING_ADDR, recursive $UNBOUND_RECURSIVE_ADDR"

script -qec "postfix -c $POSTFIX_DIR/etc start" /dev/null >"$POSTFIX_DIR/start.log" 2>&1 \
  || { cat "$POSTFIX_DIR/start.log" >&2; die "postfix did not start"; }
for entry in $LISTENERS; do wait_listening "${entry#*:}" "$SMTP_PORT" "postfix ${entry%%:*}"; done
log "postfix up: $LISTENERS (master pid $(tr -dc 0-9 < "$POSTFIX_DIR/spool/pid/master.pid"))"

# The chain of trust must validate end to end before any scenario runs.
kdig +timeout=2 +retry=1 +dnssec @"$UNBOUND_VALIDATING_ADDR" "ee-good.$TLD." MX | grep -qi "flags:.* ad" \
  || die "unbound does not validate ee-good.$TLD MX (no AD bit); see $UNBOUND_DIR/validating/unbound.log"
log "DNSSEC chain validates: ee-good.$TLD MX is secure"

# The mail store works: one message over STARTTLS to the good listener must land in
# the domain's Maildir (swaks is an independent SMTP client).
token="smoke-$(date +%s)-$$"
swaks --silent 2 --server "$LISTENER_GOOD" --port "$SMTP_PORT" --tls --helo smoke.interop.invalid \
  --from smoke@interop.invalid --to "smoke@ee-good.$TLD" --header "X-Interop-Token: $token" </dev/null \
  || die "swaks could not deliver to the good listener; see $POSTFIX_DIR/maillog"
for i in $(seq 1 100); do
  grep -qs "$token" "$MAIL_DIR/ee-good.$TLD/new/"* && break
  [ "$i" -lt 100 ] || die "the smoke message did not reach $MAIL_DIR/ee-good.$TLD/new; see $POSTFIX_DIR/maillog"
  sleep 0.1
done
log "mail store works: swaks delivered over STARTTLS into $MAIL_DIR/ee-good.$TLD/new"
