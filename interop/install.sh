#!/usr/bin/env bash
# Installs the Debian packages the interoperability suite runs: Knot DNS
# (authoritative), Unbound (recursive), ldnsutils (key generation, zone
# signing, DS), Postfix (SMTP server and posttls-finger, the oracle), swaks,
# openssl. Idempotent; fails (non-zero) when a package cannot be installed.
source "$(dirname "$0")/lib/common.sh"
require_root

PACKAGES="knot knot-dnsutils unbound ldnsutils postfix swaks libnet-ssleay-perl openssl iproute2 util-linux"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  log "packages already installed: $PACKAGES"
else
  log "installing:$missing"
  # Postfix asks how to configure the machine's own mail system: "No
  # configuration" leaves /etc/postfix/main.cf absent; the suite runs its own
  # instance with its own configuration directory.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  # Keep the packages' own services from starting (they would bind 127.0.0.1:53
  # and :25); only the suite's instances run. A policy file already present is
  # left as it is.
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing </dev/null
  } || rc=$?
  [ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ "$rc" -eq 0 ] || die "apt-get could not install:$missing (exit $rc)"
fi

for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' \
    || die "package $p is not installed after apt-get"
done
require_tools knotd knotc unbound ldns-keygen ldns-signzone ldns-key2ds postfix posttls-finger \
  openssl unshare ss swaks
log "versions: $(knotd --version | head -1); unbound $(unbound -V | sed -n 's/^Version //p');" \
  "postfix $(postconf -d -h mail_version); $(ldns-signzone -v 2>&1 | head -1); $(openssl version)"
