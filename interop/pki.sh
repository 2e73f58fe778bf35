#!/usr/bin/env bash
# Generates the certificates the Postfix listeners present, with openssl only
# (the infrastructure does not depend on dane4j's own test PKI):
#   root        "Interop Root CA" (self-signed; never sent by any server)
#   issuing     "Interop Issuing CA", issued by root
#   good        leaf issued by issuing, valid now, names of every test MX host
#   expired     same names and issuer, validity ended in 2021
#   wrongname   issued by issuing, valid now, only the name wrong-name.invalid
#   nexthopname issued by issuing, valid now, only the scenario domains (no MX host names)
#   wildcard    issued by issuing, valid now, only *.ta-wildcard.test and *.ta-wildcard-deep.test
#   attacker    leaf for every test name, issued by an unrelated "Attacker CA"
#   selfsigned  self-signed leaf for every test name
#   next        a key pair only: the key a rollover announces before it is used
# All keys are ECDSA P-256. Writes $PKI_DIR; idempotent (regenerates).
source "$(dirname "$0")/lib/common.sh"
require_tools openssl

rm -rf "$PKI_DIR"
mkdir -p "$PKI_DIR"
cd "$PKI_DIR"

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

# Every name a test MX host can have: <d>, mx.<d>, mx2.<d>, host.<d> for each scenario domain.
names=""
domain_names=""
while IFS=$'\t' read -r _id domain _rest; do
  names="$names,DNS:$domain,DNS:mx.$domain,DNS:mx2.$domain,DNS:host.$domain"
  domain_names="$domain_names,DNS:$domain"
done < <(scenario_rows)
names="${names#,}"
domain_names="${domain_names#,}"

cat > ca.cnf <<CNF
[ca]
default_ca = issuing
[issuing]
dir = $PKI_DIR
database = \$dir/index.txt
new_certs_dir = \$dir/issued
serial = \$dir/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[v3_root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_issuing]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $names
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_wrongname]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong-name.invalid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_nexthopname]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $domain_names
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_wildcard]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.ta-wildcard.$TLD,DNS:*.ta-wildcard-deep.$TLD
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_selfsigned]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $names
subjectKeyIdentifier = hash
CNF
mkdir -p issued
: > index.txt
echo 1000 > serial

# selfsign NAME CN EXT
selfsign() {
  openssl req -new -x509 -config ca.cnf -key "$1.key" -subj "/CN=$2" -days 3650 \
    -extensions "$3" -out "$1.pem" 2>/dev/null
}
# issue NAME CN EXT ISSUER START END   (dates as YYYYMMDDHHMMSSZ)
issue() {
  openssl req -new -config ca.cnf -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  openssl ca -batch -config ca.cnf -notext -in "$1.csr" -cert "$4.pem" -keyfile "$4.key" \
    -extensions "$3" -startdate "$5" -enddate "$6" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr"
}

now="$(date -u +%Y%m%d%H%M%SZ)"
start="$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)"
end="$(date -u -d '+1 year' +%Y%m%d%H%M%SZ)"
: "$now"

for k in root issuing good expired wrongname nexthopname wildcard attacker-root attacker selfsigned next; do newkey "$k"; done
selfsign root "Interop Root CA" v3_root
issue issuing "Interop Issuing CA" v3_issuing root "$start" "$end"
issue good "mx.ee-good.$TLD" v3_leaf issuing "$start" "$end"
issue expired "mx.ee-expired.$TLD" v3_leaf issuing 20200101000000Z 20210101000000Z
issue wrongname "wrong-name.invalid" v3_wrongname issuing "$start" "$end"
issue nexthopname "ta-nexthop-name.$TLD" v3_nexthopname issuing "$start" "$end"
issue wildcard "wildcard.invalid" v3_wildcard issuing "$start" "$end"
selfsign attacker-root "Attacker CA" v3_root
issue attacker "mx.ee-good.$TLD" v3_leaf attacker-root "$start" "$end"
selfsign selfsigned "mx.ee-selfsigned.$TLD" v3_selfsigned

# What each listener sends: leaf then issuers, never the self-signed root
# (so that "2 x 0" records of the root test trust anchors the server omits).
cat good.pem issuing.pem > good.chain.pem
cat expired.pem issuing.pem > expired.chain.pem
cat wrongname.pem issuing.pem > wrongname.chain.pem
cat nexthopname.pem issuing.pem > nexthopname.chain.pem
cat wildcard.pem issuing.pem > wildcard.chain.pem
cat attacker.pem attacker-root.pem > attacker.chain.pem
cp selfsigned.pem selfsigned.chain.pem

openssl verify -CAfile root.pem -untrusted issuing.pem good.pem >/dev/null \
  || die "good leaf does not verify against the interop root"

# TLSA association data helpers (hex, lower case).
spki_der() { openssl pkey -in "$1.key" -pubout -outform DER 2>/dev/null; }
cert_der() { openssl x509 -in "$1.pem" -outform DER; }
hex() { od -An -v -tx1 | tr -d ' \n'; }
# tlsa NAME SELECTOR MATCHING -> association data
tlsa() {
  local content=spki_der
  [ "$2" = 0 ] && content=cert_der
  case "$3" in
    0) "$content" "$1" | hex ;;
    1) "$content" "$1" | openssl dgst -sha256 -binary | hex ;;
    2) "$content" "$1" | openssl dgst -sha512 -binary | hex ;;
  esac
}
{
  for k in root issuing good expired wrongname nexthopname wildcard attacker-root attacker selfsigned next; do
    for s in 0 1; do
      for m in 0 1 2; do
        # No certificate for "next": it is a key only.
        if [ "$k" = next ] && [ "$s" = 0 ]; then continue; fi
        printf '%s\t%s\t%s\t%s\n' "$k" "$s" "$m" "$(tlsa "$k" "$s" "$m")"
      done
    done
  done
} > tlsa.tsv
log "PKI ready in $PKI_DIR ($(wc -l < tlsa.tsv) TLSA values)"
