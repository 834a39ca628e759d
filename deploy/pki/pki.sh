#!/usr/bin/env bash
# pki.sh - the CIRT's own small PKI: its CA, the certificates its services present, the
# certificate request it hands to a partner CIRT, and the SPKI pins both sides compare.
# deploy/local/ncirt.sh uses it for the development PKI in var/pki; docs/operations.md uses it
# for a real deployment. Keys are EC P-256, files are PEM, private keys mode 0600.
#
#   pki.sh ca DIR [CN]                  make DIR/ca.pem + DIR/ca.key unless both exist
#   pki.sh issue DIR NAME CN SANS [server|peer]
#                                       DIR/NAME.pem signed by DIR's CA, for subjectAltName
#                                       SANS (e.g. DNS:intake,IP:127.0.0.1). server: TLS server
#                                       only; peer: server and client (mutual TLS). Kept when it
#                                       still verifies, matches SANS and is valid for more than
#                                       a day; otherwise issued again WITH THE SAME KEY
#                                       (DIR/NAME.key, made once), so its pin does not change.
#   pki.sh renew DIR NAME CN SANS [server|peer]
#                                       issue again now, same key (certificate rotation)
#   pki.sh request DIR NAME CN          a key and DIR/NAME.csr to hand to a partner whose CA
#                                       signs it; prints the request's SHA-256 and SPKI pin
#   pki.sh pin FILE                     the SPKI pin of a certificate (or .csr) in FILE
#   pki.sh show FILE                    subject, issuer, validity, SHA-256 fingerprint and pin
#
# A pin is base64(SHA-256(DER SubjectPublicKeyInfo)): services/common/net/tls_context.hpp.
set -euo pipefail

CA_DAYS=${PKI_CA_DAYS:-825}
LEAF_DAYS=${PKI_LEAF_DAYS:-397}

log() { printf 'pki: %s\n' "$*"; }
die() { printf 'pki: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '6,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The pin of a certificate, with the exact command of tls_context.hpp.
cert_pin() {
  openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64
}

# The same pin read from a certificate request (the key is what is pinned).
csr_pin() {
  openssl req -in "$1" -noout -pubkey | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64
}

new_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" \
    2>/dev/null) || die "openssl could not create the key $1"
}

cmd_ca() {
  local dir=$1 cn=${2:-ncirt CA}
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [[ -f "$dir/ca.pem" && -f "$dir/ca.key" ]]; then
    return 0
  fi
  log "creating the CA '$cn' in $dir"
  new_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -out "$dir/ca.pem" -days "$CA_DAYS" -sha256 \
    -subj "/CN=$cn" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
    die "openssl could not create the CA certificate in $dir"
}

# True when DIR/NAME.pem is from DIR's CA, valid for more than a day, and names exactly SANS.
leaf_is_current() {
  local dir=$1 name=$2 sans=$3 have want
  [[ -f "$dir/$name.pem" && -f "$dir/$name.key" ]] || return 1
  openssl x509 -checkend 86400 -noout -in "$dir/$name.pem" >/dev/null || return 1
  openssl verify -CAfile "$dir/ca.pem" "$dir/$name.pem" >/dev/null 2>&1 || return 1
  have=$(openssl x509 -in "$dir/$name.pem" -noout -ext subjectAltName 2>/dev/null |
    sed -n '2p' | tr -d ' ' | sed 's/IPAddress:/IP:/g; s/:0:0:0:0:0:0:0:1/:::1/g')
  want=$(printf '%s' "$sans" | tr -d ' ')
  [[ "$have" == "$want" ]]
}

sign_leaf() {
  local dir=$1 name=$2 cn=$3 sans=$4 usage=$5 eku
  case "$usage" in
    server) eku=serverAuth ;;
    peer) eku=serverAuth,clientAuth ;;
    *) die "usage '$usage' is neither server nor peer" ;;
  esac
  [[ -f "$dir/ca.pem" && -f "$dir/ca.key" ]] || die "no CA in $dir; run: pki.sh ca $dir"
  [[ -f "$dir/$name.key" ]] || new_key "$dir/$name.key"
  log "issuing $name.pem for $sans ($usage)"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$dir/$name.csr" 2>/dev/null ||
    die "openssl could not make a request for $name"
  printf '%s\n' "subjectAltName=$sans" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=$eku" > "$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$LEAF_DAYS" -sha256 \
    -extfile "$dir/$name.ext" -out "$dir/$name.pem.new" 2>/dev/null ||
    die "openssl could not sign the certificate $name"
  mv "$dir/$name.pem.new" "$dir/$name.pem"
  rm -f "$dir/$name.csr" "$dir/$name.ext"
  chmod 600 "$dir/$name.key"
}

cmd_issue() {
  local dir=$1 name=$2 cn=$3 sans=$4 usage=${5:-server}
  leaf_is_current "$dir" "$name" "$sans" && return 0
  sign_leaf "$dir" "$name" "$cn" "$sans" "$usage"
}

cmd_renew() {
  sign_leaf "$1" "$2" "$3" "$4" "${5:-server}"
  log "pin of $2 (unchanged by a renewal): $(cert_pin "$1/$2.pem")"
}

cmd_request() {
  local dir=$1 name=$2 cn=$3
  mkdir -p "$dir"
  [[ -f "$dir/$name.key" ]] || new_key "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$dir/$name.csr" 2>/dev/null ||
    die "openssl could not make the request $dir/$name.csr"
  log "request for the partner: $dir/$name.csr (keep $dir/$name.key here)"
  printf 'request sha256: %s\n' \
    "$(openssl req -in "$dir/$name.csr" -outform der | openssl dgst -sha256 -r | cut -d' ' -f1)"
  printf 'spki pin: %s\n' "$(csr_pin "$dir/$name.csr")"
}

cmd_pin() {
  local file=$1
  [[ -f "$file" ]] || die "no file $file"
  if grep -q 'BEGIN CERTIFICATE REQUEST' "$file"; then csr_pin "$file"; else cert_pin "$file"; fi
}

cmd_show() {
  local file=$1
  [[ -f "$file" ]] || die "no file $file"
  openssl x509 -in "$file" -noout -subject -issuer -startdate -enddate -fingerprint -sha256 ||
    die "$file is not a PEM certificate"
  printf 'spki pin: %s\n' "$(cert_pin "$file")"
}

command -v openssl >/dev/null || die "openssl is missing: apt-get install -y openssl"
case "${1:-}" in
  ca) [[ $# -ge 2 && $# -le 3 ]] || usage; cmd_ca "$2" "${3:-}" ;;
  issue) [[ $# -ge 5 && $# -le 6 ]] || usage; cmd_issue "$2" "$3" "$4" "$5" "${6:-server}" ;;
  renew) [[ $# -ge 5 && $# -le 6 ]] || usage; cmd_renew "$2" "$3" "$4" "$5" "${6:-server}" ;;
  request) [[ $# -eq 4 ]] || usage; cmd_request "$2" "$3" "$4" ;;
  pin) [[ $# -eq 2 ]] || usage; cmd_pin "$2" ;;
  show) [[ $# -eq 2 ]] || usage; cmd_show "$2" ;;
  *) usage ;;
esac
