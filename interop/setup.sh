#!/usr/bin/env bash
# Generates everything the servers need under $INTEROP_DIR: certificates
# (pki.sh), the signed DNS tree (zones.sh), and the Knot, Unbound and Postfix
# configurations. Idempotent; refuses to run while the suite's servers run.
source "$(dirname "$0")/lib/common.sh"
require_root
require_tools knotd unbound unbound-checkconf postfix postconf openssl

for pidfile in "$KNOT_DIR"/*/knot.pid "$UNBOUND_DIR"/*/unbound.pid "$POSTFIX_DIR/spool/pid/master.pid"; do
  if [ -s "$pidfile" ] && kill -0 "$(tr -dc 0-9 < "$pidfile")" 2>/dev/null; then
    die "servers are running ($pidfile): run interop/stop.sh first"
  fi
done
rm -rf "$KNOT_DIR" "$UNBOUND_DIR" "$POSTFIX_DIR" "$MAIL_DIR" "$ORACLE_DIR"
mkdir -p "$INTEROP_DIR"

"$INTEROP_HOME/pki.sh"
"$INTEROP_HOME/zones.sh"

# ---- Knot: three instances (root, TLD, domains), pre-signed zones served as they are ----
knot_conf() {
  local name="$1" addr="$2"; shift 2
  local d="$KNOT_DIR/$name" zone
  mkdir -p "$d/db"
  {
    cat <<CONF
server:
    rundir: "$d"
    pidfile: "$d/knot.pid"
    listen: $addr@$DNS_PORT
    identity: "interop-$name"
    version: ""
database:
    storage: "$d/db"
control:
    listen: "$d/knot.sock"
log:
  - target: "$d/knot.log"
    any: info
template:
  - id: default
    storage: "$ZONE_DIR"
    zonefile-load: whole
    zonefile-sync: -1
    journal-content: none
zone:
CONF
    for zone in "$@"; do
      if [ "$zone" = "." ]; then echo "  - domain: \".\""; echo "    file: \"root.zone.signed\""
      else echo "  - domain: \"$zone\""; echo "    file: \"$zone.zone.signed\""; fi
    done
  } > "$d/knot.conf"
}
knot_conf root "$KNOT_ROOT_ADDR" .
knot_conf tld "$KNOT_TLD_ADDR" "$TLD"
domains=()
for f in "$ZONE_DIR"/*."$TLD".zone.signed; do
  d="$(basename "$f" .zone.signed)"
  [ "$d" = "unreachable-ns.$TLD" ] || domains+=("$d")
done
knot_conf domains "$KNOT_DOMAINS_ADDR" "${domains[@]}"
for d in root tld domains; do
  knotc -c "$KNOT_DIR/$d/knot.conf" conf-check >/dev/null || die "knot $d configuration invalid"
done

# ---- Unbound: validating and iterator-only instances ----
unbound_conf() {
  local name="$1" addr="$2" modules="$3" d="$UNBOUND_DIR/$1"
  mkdir -p "$d"
  {
    cat <<CONF
server:
    interface: $addr
    port: $DNS_PORT
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    # The authoritative servers are on loopback: allow querying it.
    do-not-query-localhost: no
    # "$TLD." is reserved (RFC 6761) and answered locally by default.
    local-zone: "$TLD." nodefault
    so-reuseport: no
    # Queries to the authoritative servers leave from this address too: loopback only.
    outgoing-interface: $addr
    num-threads: 1
    username: ""
    chroot: ""
    directory: "$d"
    pidfile: "$d/unbound.pid"
    logfile: "$d/unbound.log"
    use-syslog: no
    verbosity: 1
    log-servfail: yes
    val-log-level: 2
    ede: yes
    root-hints: "$ZONE_DIR/root.hints"
    module-config: "$modules"
CONF
    if [ "$modules" != iterator ]; then echo "    trust-anchor-file: \"$ZONE_DIR/root-anchor.ds\""; fi
    cat <<CONF
remote-control:
    control-enable: no
CONF
  } > "$d/unbound.conf"
  unbound-checkconf "$d/unbound.conf" >/dev/null || die "unbound $name configuration invalid"
}
unbound_conf validating "$UNBOUND_VALIDATING_ADDR" "validator iterator"
unbound_conf recursive "$UNBOUND_RECURSIVE_ADDR" "iterator"

# ---- Postfix: one instance, one smtpd listener per chain, virtual mailboxes ----
etc="$POSTFIX_DIR/etc"
mkdir -p "$etc" "$POSTFIX_DIR/spool" "$POSTFIX_DIR/data" "$MAIL_DIR"
chown postfix "$POSTFIX_DIR/data"
# virtual(8) delivers as this unprivileged user into the mail store.
chown nobody:nogroup "$MAIL_DIR"
vdomains="$(scenario_rows | cut -f2 | tr '\n' ' ')"
cat > "$etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $POSTFIX_DIR/spool
data_directory = $POSTFIX_DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = interop-postfix.$TLD
mydomain = $TLD
myorigin = \$myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_received_header = yes
smtpd_tls_loglevel = 1
smtp_dns_support_level = disabled
local_transport = error:local delivery is disabled
# Nothing leaves this instance (bounces included): no lookups through the machine's resolver.
default_transport = error:outbound mail is disabled
relay_transport = error:outbound mail is disabled
alias_maps =
alias_database =
biff = no
smtputf8_enable = no
maillog_file = $POSTFIX_DIR/maillog
maillog_file_prefixes = $INTEROP_DIR
virtual_mailbox_domains = $vdomains
virtual_mailbox_base = $MAIL_DIR
virtual_mailbox_maps = texthash:$etc/vmailbox
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(getent group nogroup | cut -d: -f3)
CONF
# Every recipient of a test domain goes to that domain's Maildir, <mail store>/<domain>/
# (virtual(8) refuses regexp substitutions, so the table lists each domain).
for d in $vdomains; do printf '@%s %s/\n' "$d" "$d"; done > "$etc/vmailbox"
{
  for entry in $LISTENERS; do
    name="${entry%%:*}"; addr="${entry#*:}"
    printf '%s:%s inet n - n - - smtpd\n  -o myhostname=%s.listener.%s\n' "$addr" "$SMTP_PORT" "$name" "$TLD"
    if [ "$name" = nostarttls ]; then
      printf '  -o smtpd_tls_security_level=none\n'
    else
      printf '  -o smtpd_tls_chain_files=%s/%s.key,%s/%s.chain.pem\n' "$PKI_DIR" "$name" "$PKI_DIR" "$name"
    fi
  done
  cat <<'CONF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
} > "$etc/master.cf"

# posttls-finger's own configuration (it reads main.cf; the machine has none).
mkdir -p "$POSTFIX_DIR/client"
cat > "$POSTFIX_DIR/client/main.cf" <<CONF
compatibility_level = 3.6
myhostname = posttls-finger.$TLD
inet_protocols = ipv4
CONF
# The resolver configuration posttls-finger sees inside its mount namespace:
# the validating Unbound, and trust in its AD bit (glibc strips AD otherwise).
printf 'nameserver %s\noptions trust-ad\n' "$UNBOUND_VALIDATING_ADDR" > "$INTEROP_DIR/resolv.conf"
log "setup done in $INTEROP_DIR"
