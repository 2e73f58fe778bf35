#!/usr/bin/env bash
# The oracle: runs Postfix's own DANE client probe, posttls-finger, against
# every scenario through the validating Unbound, classifies what it concluded,
# and checks that against the expected verdicts in scenarios.tsv.
#
# posttls-finger resolves through libc: it runs in a private mount namespace
# where /etc/resolv.conf is bind-mounted to a file naming the suite's Unbound
# with "options trust-ad" (the machine's own file is never touched). It runs
# with "-l dane-only" and no CA file, so "Verified" can only come from DANE;
# when a host has no (usable) TLSA records it says "resorting to secure",
# which RFC 7672 2.2 turns into unauthenticated TLS: opportunistic (cleartext
# allowed) without TLSA records, mandatory when the records are all unusable.
#
# Writes $ORACLE_DIR/<id>.log (raw output) and $ORACLE_DIR/verdicts.tsv:
#   id, verdict, match, depth, address of the last server connected to.
# Exit status: non-zero when a verdict differs from scenarios.tsv.
source "$(dirname "$0")/lib/common.sh"
require_root
require_tools posttls-finger unshare

rm -rf "$ORACLE_DIR"
mkdir -p "$ORACLE_DIR"
ids="$(scenario_rows | cut -f1 | tr '\n' ' ')"

# One namespace for all probes; the bind mount dies with it.
unshare -m bash -s -- "$INTEROP_DIR/resolv.conf" "$POSTFIX_DIR/client" "$ORACLE_DIR" "$TLD" $ids <<'PROBE'
set -eu
resolv="$1" config="$2" out="$3" tld="$4"; shift 4
mount --make-rprivate / 2>/dev/null || true
mount --bind "$resolv" /etc/resolv.conf
for id in "$@"; do
  MAIL_CONFIG="$config" timeout 60 posttls-finger -a ipv4 -t 5 -T 10 -l dane-only \
    -L routine,certmatch "$id.$tld" > "$out/$id.log" 2>&1 || echo "posttls-finger exit status $?" >> "$out/$id.log"
done
PROBE

# classify LOG -> "verdict<TAB>match<TAB>depth<TAB>address"
classify() {
  awk '
    /Connected to / {
      connected = 1; tls = ""; starttls = 0; match_rec = "-"; depth = "-"
      addr = $0; sub(/.*\[/, "", addr); sub(/\].*/, "", addr)
    }
    # Secure TLSA RRset, every record unusable: TLS stays mandatory (RFC 7672 2.2).
    /no usable TLSA records found, resorting to "secure"/ { no_tlsa = 1; tls_required = 1 }
    # No TLSA records (secure denial, or an insecure host/RRset): opportunistic TLS.
    /no TLSA records found, resorting to "secure"/ { no_tlsa = 1 }
    /< 250.STARTTLS/ { starttls = 1 }
    /Matched DANE .* at depth [0-9]+: / {
      s = $0; sub(/.* at depth /, "", s); depth = s; sub(/:.*/, "", depth)
      sub(/^[0-9]+: /, "", s); split(s, f, " "); match_rec = f[1] " " f[2] " " f[3]
    }
    /Verified TLS connection established/ { tls = "verified" }
    /Trusted TLS connection established/ { tls = "trusted" }
    /Untrusted TLS connection established/ { tls = "untrusted" }
    /Anonymous TLS connection established/ { tls = "untrusted" }
    END {
      if (!connected) { verdict = "deferred"; addr = "-" }
      else if (tls == "verified" || tls == "trusted") verdict = tls
      else if (no_tlsa && (tls == "untrusted" || !tls_required)) verdict = "unauthenticated"
      else verdict = "refused"   # usable TLSA: an unauthenticated or missing TLS session fails (RFC 7672 2.2)
      if (verdict != "verified" && verdict != "trusted") { match_rec = "-"; depth = "-" }
      printf "%s\t%s\t%s\t%s\n", verdict, match_rec, depth, addr
    }' "$1"
}

listener_addr() {
  local entry
  [ "$1" = "-" ] && { echo "-"; return; }
  for entry in $LISTENERS; do [ "${entry%%:*}" = "$1" ] && { echo "${entry#*:}"; return; }; done
  die "unknown listener $1 in scenarios.tsv"
}

fail=0
printf '# id\tverdict\tmatch\tdepth\taddress\n' > "$ORACLE_DIR/verdicts.tsv"
while IFS=$'\t' read -r id _domain verdict match depth listener _what; do
  got="$(classify "$ORACLE_DIR/$id.log")"
  printf '%s\t%s\n' "$id" "$got" >> "$ORACLE_DIR/verdicts.tsv"
  want="$(printf '%s\t%s\t%s\t%s' "$verdict" "$match" "$depth" "$(listener_addr "$listener")")"
  # A refused or deferred delivery reaches no mailbox, whatever was connected to.
  case "$verdict" in refused|deferred) got="$(echo "$got" | cut -f1-3)"; want="$(echo "$want" | cut -f1-3)";; esac
  if [ "$got" = "$want" ]; then
    printf '  ok    %-22s %s\n' "$id" "$(echo "$got" | tr '\t' ' ')"
  else
    printf '  FAIL  %-22s posttls-finger: %s; scenarios.tsv expects: %s (see %s)\n' "$id" \
      "$(echo "$got" | tr '\t' ' ')" "$(echo "$want" | tr '\t' ' ')" "$ORACLE_DIR/$id.log"
    fail=1
  fi
done < <(scenario_rows)
[ "$fail" -eq 0 ] || die "posttls-finger disagrees with scenarios.tsv: the test servers are not set up as the table says"
log "oracle: posttls-finger agrees with scenarios.tsv on all $(scenario_rows | wc -l) scenarios"
