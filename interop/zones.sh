#!/usr/bin/env bash
# Builds and signs the private DNS tree with real signing tools (ldns-keygen,
# ldns-signzone, ldns-key2ds), from its own root '.' through the test TLD down
# to one zone per scenario, with the faults the scenarios need:
#   expired signatures (whole zone, or only the TLSA RRset), a DS that does not
#   match, an unsigned delegation, NSEC and NSEC3 denial, CNAMEs.
# Needs pki.sh's $PKI_DIR/tlsa.tsv. Writes $ZONE_DIR; idempotent (regenerates).
source "$(dirname "$0")/lib/common.sh"
require_tools ldns-keygen ldns-signzone ldns-key2ds

[ -s "$PKI_DIR/tlsa.tsv" ] || die "run pki.sh first ($PKI_DIR/tlsa.tsv missing)"
rm -rf "$ZONE_DIR"
mkdir -p "$ZONE_DIR/keys"

# Signatures valid from yesterday for 30 days; "expired" ones ended in 2021.
VALID_FROM="$(date -u -d '-1 day' +%Y%m%d)"
VALID_TO="$(date -u -d '+30 days' +%Y%m%d)"
EXPIRED_FROM=20200101
EXPIRED_TO=20210101

# tlsa KEY SELECTOR MATCHING -> "S S M <hex>" line data for a TLSA record with usage prefix added by caller
tlsa() {
  local usage="$1" key="$2" sel="$3" mt="$4" data
  data="$(awk -F'\t' -v k="$key" -v s="$sel" -v m="$mt" '$1==k && $2==s && $3==m {print $4}' "$PKI_DIR/tlsa.tsv")"
  [ -n "$data" ] || die "no TLSA data for $key $sel $mt"
  echo "TLSA $usage $sel $mt $data"
}

zfile() { echo "$ZONE_DIR/${1:-root}.zone"; }

# zone_begin ORIGIN NS_HOST : SOA and apex NS
zone_begin() {
  local origin="$1" ns="$2"
  cat > "$(zfile "${origin%.}")" <<ZONE
\$ORIGIN $origin
\$TTL 300
@ IN SOA $ns hostmaster.$TLD. 1 3600 600 86400 60
@ IN NS $ns
ZONE
}
# rr ORIGIN "record text"
rr() { echo "$2" >> "$(zfile "${1%.}")"; }

# keys ORIGIN : KSK + ZSK, ECDSA P-256 (algorithm 13); prints nothing
keys() {
  local origin="$1" dir="$ZONE_DIR/keys/${1%.}"
  [ "$origin" = "." ] && dir="$ZONE_DIR/keys/root"
  mkdir -p "$dir"
  (cd "$dir" && ldns-keygen -a ECDSAP256SHA256 -k -r /dev/urandom "$origin" > ksk \
    && ldns-keygen -a ECDSAP256SHA256 -r /dev/urandom "$origin" > zsk)
}
keydir() { if [ "$1" = "." ]; then echo "$ZONE_DIR/keys/root"; else echo "$ZONE_DIR/keys/${1%.}"; fi; }
ksk() { local d; d="$(keydir "$1")"; echo "$d/$(cat "$d/ksk")"; }
zsk() { local d; d="$(keydir "$1")"; echo "$d/$(cat "$d/zsk")"; }

# sign ORIGIN [nsec3] [expired] : writes <zone>.signed
sign() {
  local origin="$1" mode="${2:-nsec}" dates="${3:-valid}" in out args=()
  in="$(zfile "${origin%.}")"; out="$in.signed"
  if [ "$dates" = expired ]; then args+=(-i "$EXPIRED_FROM" -e "$EXPIRED_TO")
  else args+=(-i "$VALID_FROM" -e "$VALID_TO"); fi
  # RFC 9276: NSEC3 with no extra iterations and no salt.
  [ "$mode" = nsec3 ] && args+=(-n -a 1 -t 0)
  ldns-signzone "${args[@]}" -o "$origin" -f "$out" "$in" "$(ksk "$origin")" "$(zsk "$origin")" \
    || die "ldns-signzone failed for $origin"
}

# ds ORIGIN : the DS record (SHA-256) of the zone's KSK, as a line for the parent
ds() { ldns-key2ds -n -2 "$(ksk "$1").key" | awk '{print $1" "$3" DS "$5" "$6" "$7" "$8}'; }

# Replaces the RRSIGs covering TLSA in a signed zone by RRSIGs made with the
# same keys but validity that ended in 2021: only the TLSA RRset is bogus.
expire_tlsa_signatures() {
  local origin="$1" f; f="$(zfile "${origin%.}")"
  ldns-signzone -i "$EXPIRED_FROM" -e "$EXPIRED_TO" -o "$origin" -f "$f.expired" "$f" \
    "$(ksk "$origin")" "$(zsk "$origin")" || die "ldns-signzone (expired) failed for $origin"
  { awk '!($4 == "RRSIG" && $5 == "TLSA")' "$f.signed"
    awk '$4 == "RRSIG" && $5 == "TLSA"' "$f.expired"; } > "$f.tmp"
  grep -qP '\tRRSIG\tTLSA ' "$f.tmp" || grep -q 'RRSIG.TLSA' "$f.tmp" || die "no TLSA RRSIG in $origin"
  mv "$f.tmp" "$f.signed"; rm -f "$f.expired"
}

# Removes every NSEC record and its signatures from a signed zone: the server then
# answers NXDOMAIN and NODATA without proof, as a forger would.
strip_denial() {
  local f; f="$(zfile "${1%.}").signed"
  awk '!($4 == "NSEC" || ($4 == "RRSIG" && $5 == "NSEC"))' "$f" > "$f.tmp"
  grep -q 'NSEC' "$f.tmp" && die "NSEC records left in $1"
  mv "$f.tmp" "$f"
}

NS_DOMAINS="dns.$TLD."
LISTENER_OF() { eval "echo \$LISTENER_$(echo "$1" | tr a-z A-Z)"; }

# domain NAME LISTENER [records...] : a zone NAME.test with MX 10 mx, mx A <listener>
#   records are relative to the zone; "T <usage> <key> <sel> <mt>" adds _25._tcp.mx TLSA
domain() {
  local name="$1" listener="$2"; shift 2
  local origin="$name.$TLD." line
  zone_begin "$origin" "$NS_DOMAINS"
  if [ "$listener" != "-" ]; then
    rr "$origin" "@ IN MX 10 mx"
    rr "$origin" "mx IN A $(LISTENER_OF "$listener")"
  fi
  for line in "$@"; do
    case "$line" in
      T\ *) set -- $line; rr "$origin" "_25._tcp.mx IN $(tlsa "$2" "$3" "$4" "$5")" ;;
      *) rr "$origin" "$line" ;;
    esac
  done
  keys "$origin"
}

# ---- one zone per scenario (names match scenarios.tsv) ----
domain ee-good good "T 3 good 1 1" "tlsa-target IN $(tlsa 3 good 1 1)"
domain ee-expired expired "T 3 expired 1 1"
domain ee-selfsigned selfsigned "T 3 selfsigned 0 1"
domain ta-good good "T 2 issuing 1 1"
domain ta-wrongname wrongname "T 2 issuing 1 1"
domain ta-oob-full good "T 2 root 1 0"
domain ta-oob-digest good "T 2 root 0 1"
domain ee-mismatch attacker "T 3 good 1 1"
domain ta-attacker attacker "T 2 issuing 1 1"
domain pkix-only good "T 0 root 0 1" "T 1 good 1 1"
domain sha512 good "T 3 good 1 2"
domain agility-strong-wrong good "T 3 good 1 1" "T 3 attacker 1 2"
domain agility-strong-right good "T 3 attacker 1 1" "T 3 good 1 2"
domain rollover-ee good "T 3 next 1 1" "T 3 good 1 1"
domain rollover-ta good "T 3 next 1 1" "T 2 issuing 1 1"
domain tlsa-cname good "_25._tcp.mx IN CNAME tlsa-target.ee-good.$TLD."
domain mx-cname - "@ IN MX 10 mx" "mx IN CNAME host" "host IN A $LISTENER_GOOD" \
  "_25._tcp.host IN $(tlsa 3 good 1 1)" "_25._tcp.mx IN $(tlsa 3 attacker 1 1)"
domain tlsa-nxdomain good
domain tlsa-denial-stripped good
domain ta-nexthop-name nexthopname "T 2 issuing 1 1"
domain ta-wildcard wildcard "T 2 issuing 1 1"
domain ta-wildcard-deep - "@ IN MX 10 mx.sub" "mx.sub IN A $LISTENER_WILDCARD" "_25._tcp.mx.sub IN $(tlsa 2 issuing 1 1)"
domain tlsa-bad-length good "_25._tcp.mx IN TLSA 3 1 1 deadbeef" "T 3 good 1 1"
domain tlsa-unknown-usage good "_25._tcp.mx IN TLSA 4 1 1 $(tlsa 3 good 1 1 | awk '{print $NF}')" "T 3 good 1 1"
domain tlsa-all-malformed good "_25._tcp.mx IN TLSA 3 1 1 deadbeef" "_25._tcp.mx IN TLSA 4 1 1 $(tlsa 3 good 1 1 | awk '{print $NF}')"
domain tlsa-nxdomain-nsec3 good
domain unsigned good "T 3 attacker 1 1" "tlsa IN $(tlsa 3 attacker 1 1)"
domain insecure-host - "@ IN MX 10 mx.unsigned.$TLD."
domain tlsa-cname-insecure good "_25._tcp.mx IN CNAME tlsa.unsigned.$TLD."
domain pkix-only-nostarttls nostarttls "T 0 root 0 1" "T 1 good 1 1"
domain nostarttls-notlsa nostarttls
domain insecure-mx - "@ IN MX 10 mx.ee-good.$TLD."
domain tlsa-sigexp attacker "T 3 good 1 1"
domain zone-sigexp good "T 3 good 1 1"
domain ds-mismatch good "T 3 good 1 1"
domain nostarttls nostarttls "T 3 good 1 1"
domain unreachable-ns good "T 3 good 1 1"
domain mx-fallback - "@ IN MX 10 mx.tlsa-sigexp.$TLD." "@ IN MX 20 mx2" "mx2 IN A $LISTENER_GOOD" \
  "_25._tcp.mx2 IN $(tlsa 3 good 1 1)"

# Every scenario of the table has a zone.
while IFS=$'\t' read -r id domain _rest; do
  [ -f "$(zfile "$domain")" ] || die "scenario $id has no zone $domain"
done < <(scenario_rows)

# Signing: NSEC by default; the exceptions are the faults and the NSEC3 cases.
DOMAIN_ZONES=""
for f in "$ZONE_DIR"/*."$TLD".zone; do
  name="$(basename "$f" .zone)"; origin="$name."
  DOMAIN_ZONES="$DOMAIN_ZONES $name"
  case "${name%.$TLD}" in
    unsigned|insecure-mx) cp "$f" "$f.signed" ;;
    ta-good|sha512|tlsa-nxdomain-nsec3) sign "$origin" nsec3 ;;
    zone-sigexp) sign "$origin" nsec expired ;;
    tlsa-sigexp) sign "$origin"; expire_tlsa_signatures "$origin" ;;
    tlsa-denial-stripped) sign "$origin"; strip_denial "$origin" ;;
    *) sign "$origin" ;;
  esac
done

# ---- the TLD: delegations with DS (none for the unsigned ones, a wrong one for ds-mismatch) ----
zone_begin "$TLD." "ns.nic.$TLD."
rr "$TLD." "ns.nic IN A $KNOT_TLD_ADDR"
rr "$TLD." "a.root IN A $KNOT_ROOT_ADDR"
rr "$TLD." "dns IN A $KNOT_DOMAINS_ADDR"
# unreachable-ns is signed and has its DS, but its name server address has no server.
rr "$TLD." "dns-unreachable IN A $UNREACHABLE_NS_ADDR"
for name in $DOMAIN_ZONES; do
  if [ "$name" = "unreachable-ns.$TLD" ]; then
    rr "$TLD." "$name. IN NS dns-unreachable.$TLD."
  else
    rr "$TLD." "$name. IN NS $NS_DOMAINS"
  fi
  case "${name%.$TLD}" in
    unsigned|insecure-mx) ;;
    ds-mismatch)
      # Same key tag and algorithm, digest of a different value: a DS mismatch.
      ds "$name." | awk '{ d=$NF; $NF=substr(d,1,length(d)-4) (substr(d,length(d)-3)=="0000" ? "1111" : "0000"); print }' \
        >> "$(zfile "$TLD")" ;;
    *) ds "$name." >> "$(zfile "$TLD")" ;;
  esac
done
keys "$TLD."
sign "$TLD." nsec3

# ---- the root ----
zone_begin "." "a.root.$TLD."
rr "." "a.root.$TLD. IN A $KNOT_ROOT_ADDR"
rr "." "$TLD. IN NS ns.nic.$TLD."
rr "." "ns.nic.$TLD. IN A $KNOT_TLD_ADDR"
ds "$TLD." >> "$(zfile "")"
keys "."
sign "."

# Trust anchor for validators: the root KSK as DS (Unbound) and as DNSKEY.
ldns-key2ds -n -2 "$(ksk .).key" > "$ZONE_DIR/root-anchor.ds"
grep -v '^;' "$(ksk .).key" > "$ZONE_DIR/root-anchor.dnskey"
# Root hints for the resolvers.
printf '. 3600000 IN NS a.root.%s.\na.root.%s. 3600000 IN A %s\n' "$TLD" "$TLD" "$KNOT_ROOT_ADDR" \
  > "$ZONE_DIR/root.hints"
log "zones signed in $ZONE_DIR: root, $TLD, $(echo $DOMAIN_ZONES | wc -w) domains"
