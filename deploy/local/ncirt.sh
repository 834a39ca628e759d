#!/usr/bin/env bash
# The local launcher: the README's two commands, and how an operator runs ncirt without Docker.
#
#   deploy/local/ncirt.sh up      install what is missing, build, start PostgreSQL (var/pg),
#                                 migrate, make a development PKI (var/pki), start the services,
#                                 print addresses and a login, and write the same for scripts to
#                                 var/ncirt.env (database settings, NCIRT_INTAKE_URL,
#                                 NCIRT_CA_FILE, NCIRT_API_TOKEN)
#   deploy/local/ncirt.sh test    install what is missing, build with tests, run every test
#   deploy/local/ncirt.sh down    stop what `up` started (services first, gracefully)
#   deploy/local/ncirt.sh status  show what is running
#
# It starts the same programs with the same NCIRT_* variables as docker-compose.yml does.
# `up` may be run again at any time: it keeps the cluster, the PKI and a still-valid API token,
# and restarts the services (so a rebuilt binary is used).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
var="$root/var"
build="${NCIRT_BUILD_DIR:-$root/build}"
pg="$root/deploy/local/pg.sh"
pki="$var/pki"
pki_sh="$root/deploy/pki/pki.sh"
# Where the local services answer; docker-compose.yml names its services instead.
local_sans="DNS:localhost,IP:127.0.0.1,IP:::1"
intake_bin="$build/services/intake/ncirt-intake"
intake_pid_file="$var/run/intake.pid"
intake_log="$var/log/intake.log"
intake_url=""
api_token=""

log() { printf 'ncirt: %s\n' "$*"; }
die() { printf 'ncirt: error: %s\n' "$*" >&2; exit 1; }

setup() {
  "$root/deploy/local/setup.sh"
}

build() {
  local tests=$1
  log "building in $build (tests: $tests)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNCIRT_BUILD_TESTS="$tests" >/dev/null
  cmake --build "$build" -- -k 0 || die "build failed (see the compiler output above)"
}

# var/ncirt.env: the database settings and, once intake runs, how clients reach it.
write_env() {
  mkdir -p "$var"
  local env_file="$var/ncirt.env"
  {
    echo "# Written by deploy/local/ncirt.sh up; source it: . var/ncirt.env"
    "$pg" env "$var/pg"
    if [[ -n "$intake_url" ]]; then
      printf "NCIRT_INTAKE_URL='%s'\n" "$intake_url"
      printf "NCIRT_CA_FILE='%s'\n" "$pki/ca.pem"
      printf "NCIRT_API_TOKEN='%s'\n" "$api_token"
    fi
  } > "$env_file.tmp"
  chmod 600 "$env_file.tmp"
  mv "$env_file.tmp" "$env_file"
}

# Runs a command with var/ncirt.env exported, as the services see it.
with_env() {
  (
    set -a
    # shellcheck source=/dev/null
    . "$var/ncirt.env"
    set +a
    "$@"
  )
}

database_url() {
  "$pg" env "$var/pg" | sed -n "s/^NCIRT_DATABASE_URL='\(.*\)'$/\1/p"
}

# A TCP port on 127.0.0.1 that is free now (perl-base is Essential on Debian).
free_port() {
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0,
                                  Proto => "tcp") or die "cannot bind 127.0.0.1:0: $!\n";
    print $s->sockport, "\n";'
}

# The development PKI (deploy/pki/pki.sh): a CA, and a certificate for localhost, 127.0.0.1 and
# ::1 that the services present. Kept across runs; the server certificate is issued again (same
# key) when it is missing, not from this CA, or expires within a day.
make_pki() {
  "$pki_sh" ca "$pki" "ncirt local development CA" || die "could not create the development CA"
  "$pki_sh" issue "$pki" server localhost "$local_sans" server ||
    die "could not issue the localhost server certificate"
}

# The pid of the intake `up` started, if it still runs.
intake_pid() {
  local pid
  [[ -f "$intake_pid_file" ]] || return 1
  pid=$(cat "$intake_pid_file")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q ncirt-intake || return 1
  echo "$pid"
}

# SIGTERM: intake stops accepting, finishes what is in flight, and exits.
stop_intake() {
  local pid i
  if ! pid=$(intake_pid); then
    rm -f "$intake_pid_file"
    return 0
  fi
  log "stopping intake (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "intake did not stop within 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$intake_pid_file"
}

# Starts ncirt-intake in the background with exactly its NCIRT_* settings and waits for /readyz.
start_intake() {
  local port_file="$var/intake.port" port pid i
  stop_intake
  mkdir -p "$var/run" "$var/log"
  [[ -s "$port_file" ]] || free_port > "$port_file"
  port=$(cat "$port_file")
  intake_url="https://127.0.0.1:$port"
  log "starting intake on $intake_url (log: var/log/intake.log)"
  env -i PATH="$PATH" \
    NCIRT_DATABASE_URL="$(database_url)" \
    NCIRT_INTAKE_LISTEN="127.0.0.1:$port" \
    NCIRT_INTAKE_TLS_CERT="$pki/server.pem" \
    NCIRT_INTAKE_TLS_KEY="$pki/server.key" \
    NCIRT_LOG_LEVEL=info \
    setsid "$intake_bin" >> "$intake_log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$intake_pid_file"
  for ((i = 0; i < 300; i++)); do
    if curl -fsS -o /dev/null --cacert "$pki/ca.pem" "$intake_url/readyz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$intake_log" >&2
      die "intake exited during start-up (see var/log/intake.log)"
    fi
    sleep 0.1
  done
  tail -n 20 "$intake_log" >&2
  die "intake did not become ready within 30 s (see var/log/intake.log)"
}

# The API token for var/ncirt.env: the previous one while intake still accepts it (reading a
# nil id then answers 404, not 401), otherwise a new one with submit and read scope.
ensure_token() {
  local token_file="$var/api-token" code
  if [[ -s "$token_file" ]]; then
    api_token=$(cat "$token_file")
    code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$pki/ca.pem" \
      -H "Authorization: Bearer $api_token" \
      "$intake_url/v1/incidents/00000000-0000-4000-8000-000000000000" || true)
    [[ "$code" == 404 ]] && return 0
  fi
  log "creating an API token (submitter local-dev, scopes submit,read)"
  api_token=$(env -i PATH="$PATH" NCIRT_DATABASE_URL="$(database_url)" \
    "$intake_bin" token create --submitter local-dev --scope submit,read) ||
    die "could not create an API token"
  (umask 077 && printf '%s\n' "$api_token" > "$token_file")
}

up() {
  setup
  build OFF
  mkdir -p "$var"
  "$pg" start "$var/pg"
  write_env
  log "applying database migrations"
  with_env "$build/services/migrate/ncirt-migrate" || die "migrations failed"
  make_pki
  start_intake
  ensure_token
  write_env
  log "PostgreSQL is up (data in var/pg)"
  log "intake is up at $intake_url (CA: var/pki/ca.pem); file a report with:"
  # shellcheck disable=SC2016 # printed for the user to run, not expanded here
  log '  . var/ncirt.env && curl --cacert "$NCIRT_CA_FILE" -H "Authorization: Bearer $NCIRT_API_TOKEN" -H "Content-Type: application/xml" --data-binary @report.xml "$NCIRT_INTAKE_URL/v1/incidents"'
  log "settings for scripts are in var/ncirt.env; stop everything with: deploy/local/ncirt.sh down"
}

down() {
  stop_intake
  if [[ -d "$var/pg" ]]; then "$pg" stop "$var/pg"; fi
  log "stopped"
}

status() {
  local pid
  if pid=$(intake_pid); then
    log "intake running (pid $pid, https://127.0.0.1:$(cat "$var/intake.port"))"
  else
    log "intake not running"
  fi
  if [[ -d "$var/pg" ]]; then "$pg" status "$var/pg"; else log "not set up (run: up)"; fi
}

# Every shell script of the repository (by name or by #! line), outside build and state folders.
shell_scripts() {
  local f
  find "$root" \( -path "$root/build*" -o -path "$var" -o -path "$root/.git" \
    -o -name node_modules \) -prune -o -type f \( -name '*.sh' -o -perm -u+x \) -print |
    while read -r f; do
      if [[ "$f" == *.sh ]] || head -n 1 "$f" | grep -Eq '^#!.*(/|env )(ba|da)?sh\b'; then
        echo "$f"
      fi
    done | sort
}

# The deployment files (issue 8): compose validity with Debian's docker-compose (no engine
# needed), shellcheck on every shell script, hadolint on the Dockerfiles when Debian has it.
# tests/deploy's ctest case checks that compose and this launcher agree.
deploy_checks() {
  local scripts
  log "checking docker-compose.yml (docker-compose config), both CIRTs"
  (cd "$root" && docker-compose -f docker-compose.yml config -q &&
    docker-compose -f docker-compose.yml --profile cirt-b config -q) ||
    die "docker-compose.yml is not valid (see above)"
  mapfile -t scripts < <(shell_scripts)
  log "shellcheck on ${#scripts[@]} shell scripts"
  shellcheck "${scripts[@]}" || die "shellcheck found problems (see above)"
  if command -v hadolint >/dev/null; then
    log "hadolint on deploy/docker/*.Dockerfile"
    hadolint "$root"/deploy/docker/*.Dockerfile || die "hadolint found problems (see above)"
  else
    log "hadolint skipped: no Debian 12 package provides it (apt-cache policy hadolint)"
  fi
}

run_tests() {
  setup
  deploy_checks
  build ON
  log "running every test"
  cd "$build"
  # --output-on-failure shows a failing test's log; the summary line is ctest's own.
  ctest --output-on-failure --timeout 900 -j2
  # libFuzzer targets (clang 16, ASan+UBSan, own build dir), a bounded run each; fails on any
  # finding. NCIRT_FUZZ_SECONDS per target (default 20; 0 skips); docs/security.md has longer runs.
  if [[ ${NCIRT_FUZZ_SECONDS:-20} -gt 0 ]]; then
    log "fuzzing each target for ${NCIRT_FUZZ_SECONDS:-20} s"
    "$root/tests/fuzz/run.sh" "${NCIRT_FUZZ_SECONDS:-20}"
  fi
}

case "${1:-}" in
  up) up ;;
  down|stop) down ;;
  status) status ;;
  test) run_tests ;;
  *) echo "usage: $0 up|down|status|test" >&2; exit 2 ;;
esac
