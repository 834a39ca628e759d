#!/usr/bin/env bash
# Cluster init for the PostgreSQL container of docker-compose.yml (the postgres:15-bookworm
# image runs the scripts of /docker-entrypoint-initdb.d once, on an empty data volume, as the
# postgres account, with the server listening on its unix socket only).
#
# Creates the role the ncirt programs log in as, with the password from the compose secret
# ncirt_db_password, and the database it owns. The role is no superuser: ncirt-migrate creates
# the schemas (intake, triage, exchange, audit) inside the database it owns. Same names as
# deploy/local/pg.sh's local cluster: role and database `ncirt`.
set -euo pipefail

password_file=/run/secrets/ncirt_db_password
[[ -r "$password_file" ]] || {
  echo "10-ncirt.sh: cannot read the ncirt role's password from $password_file" >&2
  exit 1
}
password=$(tr -d '\n' < "$password_file")
[[ -n "$password" ]] || { echo "10-ncirt.sh: $password_file is empty" >&2; exit 1; }

psql -X -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v pw="$password" <<'SQL'
CREATE ROLE ncirt LOGIN PASSWORD :'pw';
CREATE DATABASE ncirt OWNER ncirt ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE ncirt FROM PUBLIC;
SQL
echo "10-ncirt.sh: role and database ncirt created"
