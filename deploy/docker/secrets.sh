#!/usr/bin/env bash
# secrets.sh - makes the files docker-compose.yml mounts as secrets, once, for one CIRT.
#
#   deploy/docker/secrets.sh DIR PUBLIC_NAME
#
# DIR (docker-compose.yml reads var/secrets for the first CIRT, var/secrets-b for the second)
# receives:
#   postgres_password   the database superuser's password (db container only)
#   db_password         the password of role ncirt (db container's init: deploy/postgres)
#   pgpass              the same password as a libpq password file, for the ncirt programs:
#                       NCIRT_DATABASE_URL names it with ?passfile=, so the URL holds no secret
#   console_password    the first console admin's password (triage creates that user once)
#   pki/                the CIRT's CA and service certificates (deploy/pki/pki.sh): intake's
#                       and triage's name PUBLIC_NAME, their compose service name and
#                       localhost; exchange's (server and client: mutual TLS) names PUBLIC_NAME
#                       and exchange. pki/partner-cas.pem is the CAs exchange trusts: this
#                       CIRT's own at first; append each partner's (docs/operations.md).
#
# Compose bind-mounts file secrets as they are on the host, so their owners must be the
# containers' accounts: uid 999 (postgres in postgres:15-bookworm) and uid 10001 (ncirt in
# deploy/docker/*.Dockerfile). Run as root to have that set; files stay mode 0600 or 0400 and
# DIR itself 0700. Existing files are kept: run it again after adding a service.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pki_sh="$here/../pki/pki.sh"
postgres_uid=999
ncirt_uid=10001

die() { printf 'secrets: error: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 DIR PUBLIC_NAME (e.g. $0 secrets cirt.example.org)"
dir=$1
public_name=$2
[[ "$public_name" =~ ^[A-Za-z0-9.-]+$ ]] || die "PUBLIC_NAME '$public_name' is not a host name"

mkdir -p "$dir"
chmod 700 "$dir"
random_secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }
for name in postgres_password db_password console_password; do
  [[ -s "$dir/$name" ]] || (umask 077 && random_secret > "$dir/$name")
done
# host:port:database:user:password; * because the second CIRT's database has another host name.
(umask 077 && printf '*:*:ncirt:ncirt:%s\n' "$(cat "$dir/db_password")" > "$dir/pgpass")

"$pki_sh" ca "$dir/pki" "ncirt CA $public_name"
for service in intake triage; do
  "$pki_sh" issue "$dir/pki" "$service" "$public_name" \
    "DNS:$public_name,DNS:$service,DNS:localhost,IP:127.0.0.1" server
done
# Partners connect to PUBLIC_NAME; the health check inside the container to localhost.
"$pki_sh" issue "$dir/pki" exchange "$public_name" \
  "DNS:$public_name,DNS:exchange,DNS:localhost,IP:127.0.0.1" peer
[[ -s "$dir/pki/partner-cas.pem" ]] || cp "$dir/pki/ca.pem" "$dir/pki/partner-cas.pem"
chmod 755 "$dir/pki"
chmod 644 "$dir/pki/ca.pem" "$dir/pki/partner-cas.pem" "$dir/pki/"{intake,triage,exchange}.pem

if [[ $(id -u) -eq 0 ]]; then
  chown "$postgres_uid:$postgres_uid" "$dir/postgres_password" "$dir/db_password"
  chown "$ncirt_uid:$ncirt_uid" "$dir/pgpass" "$dir/console_password" "$dir/pki/"*.key
  chown 0:0 "$dir/pki/ca.key"
  chmod 400 "$dir/postgres_password" "$dir/db_password"
  chmod 600 "$dir/pgpass" "$dir/console_password" "$dir/pki/"*.key
else
  echo "secrets: not root, so the files belong to $(id -un); before docker-compose up, run as" \
    "root: chown $postgres_uid $dir/*_password && chown $ncirt_uid $dir/pgpass" \
    "$dir/console_password $dir/pki/{intake,triage,exchange}.key" >&2
fi
echo "secrets: $dir is ready; the console admin's password is in $dir/console_password"
echo "secrets: hand partners exchange's certificate $dir/pki/exchange.pem, the CA $dir/pki/ca.pem" \
  "and this pin: $("$pki_sh" pin "$dir/pki/exchange.pem")"
