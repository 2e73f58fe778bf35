# shellcheck shell=bash
# Shared settings and helpers for the dane4j interoperability suite.
# Sourced by the scripts in interop/; not meant to be run on its own.
# shellcheck disable=SC2034  # the settings are used by the scripts that source this file

set -euo pipefail

INTEROP_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Generated keys, zones, certificates, configs, logs and the mail store.
INTEROP_DIR="${INTEROP_DIR:-/tmp/dane4j-interop}"

# The private DNS tree: one Knot instance per zone level, so that every
# delegation is a real referral between servers (DS answered by the parent).
TLD="test"
KNOT_ROOT_ADDR="127.53.0.1"
KNOT_TLD_ADDR="127.53.0.2"
KNOT_DOMAINS_ADDR="127.53.0.3"
# A name server address where nothing listens (a dead delegation).
UNREACHABLE_NS_ADDR="127.53.0.9"
# Unbound: one validating instance (its AD bit is trusted in the AD-bit mode,
# and posttls-finger uses it) and one iterator-only instance (plain recursive
# upstream for dane4j's own validation: bogus data passes through it unchanged).
UNBOUND_VALIDATING_ADDR="127.53.1.1"
UNBOUND_RECURSIVE_ADDR="127.53.1.2"
DNS_PORT=53
# Postfix listeners, all on port 25 (the TLSA owner is _25._tcp.<host>).
SMTP_PORT=25
LISTENER_GOOD="127.25.0.1"
LISTENER_EXPIRED="127.25.0.2"
LISTENER_WRONGNAME="127.25.0.3"
LISTENER_ATTACKER="127.25.0.4"
LISTENER_SELFSIGNED="127.25.0.5"
LISTENER_NOSTARTTLS="127.25.0.6"
LISTENER_NEXTHOPNAME="127.25.0.7"
LISTENER_WILDCARD="127.25.0.8"
LISTENERS="good:$LISTENER_GOOD expired:$LISTENER_EXPIRED wrongname:$LISTENER_WRONGNAME \
attacker:$LISTENER_ATTACKER selfsigned:$LISTENER_SELFSIGNED nostarttls:$LISTENER_NOSTARTTLS \
nexthopname:$LISTENER_NEXTHOPNAME wildcard:$LISTENER_WILDCARD"

PKI_DIR="$INTEROP_DIR/pki"
ZONE_DIR="$INTEROP_DIR/zones"
KNOT_DIR="$INTEROP_DIR/knot"
UNBOUND_DIR="$INTEROP_DIR/unbound"
POSTFIX_DIR="$INTEROP_DIR/postfix"
MAIL_DIR="$INTEROP_DIR/mail"
ORACLE_DIR="$INTEROP_DIR/oracle"
SCENARIOS="$INTEROP_HOME/scenarios.tsv"

log() { printf '[interop %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[interop] FATAL: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (binds port 53 and 25 on loopback, installs packages)"
}

require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool '$t': run interop/install.sh first"
  done
}

# True when something listens on addr:port (TCP) or is bound to it (UDP).
port_in_use() {
  local addr="$1" port="$2"
  ss -Hlntu "( sport = :$port )" 2>/dev/null | awk '{print $5}' \
    | grep -qE "^(${addr//./\\.}|0\.0\.0\.0|\*|\[::\]):$port$"
}

require_free() {
  local addr="$1" port="$2" what="$3"
  if port_in_use "$addr" "$port"; then
    ss -Hlntup "( sport = :$port )" >&2 || true
    die "$addr:$port is already in use (needed for $what); stop the other process first (interop/stop.sh stops ours)"
  fi
}

# Wait until a TCP listener is up on addr:port (bounded: 10 s).
wait_listening() {
  local addr="$1" port="$2" what="$3" i
  for i in $(seq 1 100); do
    if ss -Hlnt "( sport = :$port )" | awk '{print $4}' | grep -qx "$addr:$port"; then
      return 0
    fi
    sleep 0.1
  done
  die "$what did not start listening on $addr:$port"
}

# Stop the processes whose PIDs are in the given files ("file:what" pairs): signal
# all of them first, then wait (bounded: 10 s, then SIGKILL), then remove the files.
stop_pidfiles() {
  local entry file what pid i pids=()
  for entry in "$@"; do
    file="${entry%%:*}"; what="${entry#*:}"
    [ -s "$file" ] || { rm -f "$file"; continue; }
    pid="$(tr -dc '0-9' < "$file")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "stopping $what (pid $pid)"
      kill "$pid" 2>/dev/null || true
      pids+=("$pid:$what")
    fi
    rm -f "$file"
  done
  for entry in "${pids[@]}"; do
    pid="${entry%%:*}"
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "${entry#*:} (pid $pid) still alive after 10 s, sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}

# Fields of scenarios.tsv (tab-separated, '#' comments): id, domain, expected
# posttls-finger verdict, expected match (record or '-'), expected depth ('-'),
# description.
scenario_rows() {
  grep -v '^#' "$SCENARIOS" | grep -v '^[[:space:]]*$'
}
