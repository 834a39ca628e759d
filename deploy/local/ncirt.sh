#!/usr/bin/env bash
# The local launcher: the README's two commands, and how an operator runs ncirt without Docker.
#
#   deploy/local/ncirt.sh up      install what is missing, build, start PostgreSQL (var/pg),
#                                 migrate, make a development PKI (var/pki), start intake, triage
#                                 (with the console) and exchange, load a few
#                                 example incidents from the IODEF corpus, print the addresses
#                                 and the console login, and write the same for scripts to
#                                 var/ncirt.env (database settings, NCIRT_INTAKE_URL,
#                                 NCIRT_TRIAGE_URL, NCIRT_CA_FILE, NCIRT_API_TOKEN)
#   deploy/local/ncirt.sh test    install what is missing, build with tests, run every test
#   deploy/local/ncirt.sh down    stop what `up` started (services first, gracefully)
#   deploy/local/ncirt.sh status  show what is running
#
# It starts the same programs with the same NCIRT_* variables as docker-compose.yml does
# (tests/deploy/compose_agrees_with_launcher.py reads the start_* functions below).
# `up` may be run again at any time: it keeps the cluster, the PKI, the ports, the console
# password and a still-valid API token, and restarts the services (so a rebuilt binary is used).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
var="$root/var"
build="${NCIRT_BUILD_DIR:-$root/build}"
pg="$root/deploy/local/pg.sh"
pki="$var/pki"
pki_sh="$root/deploy/pki/pki.sh"
# Where the local services answer; docker-compose.yml names its services instead.
local_sans="DNS:localhost,IP:127.0.0.1,IP:::1"
# Ports the services prefer; a port already taken falls back to a free one, kept in var/*.port.
triage_preferred_port=8444
exchange_preferred_port=8445
exchange_admin_preferred_port=8446
intake_url=""
triage_url=""
exchange_url=""
exchange_partner_address=""
api_token=""
console_admin="admin"
console_password_file="$var/triage-admin-password"

log() { printf 'ncirt: %s\n' "$*"; }
die() { printf 'ncirt: error: %s\n' "$*" >&2; exit 1; }

setup() {
  "$root/deploy/local/setup.sh"
}

# -O2 as in production, with -g1 (line tables and function names: enough for backtraces and
# perf) instead of RelWithDebInfo's -g: full debug info cost a fifth of the compile CPU and
# made the objects four times larger (docs/security.md, "Cost in CI"). Given on every configure,
# so an existing build directory picks it up. CMakePresets.json's "default" preset says the same.
gcc_flags="-O2 -g1 -DNDEBUG"

build() {
  local tests=$1
  log "building in $build (tests: $tests)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$gcc_flags" -DNCIRT_BUILD_TESTS="$tests" >/dev/null
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
      [[ -z "$triage_url" ]] || printf "NCIRT_TRIAGE_URL='%s'\n" "$triage_url"
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

# The development PKI (deploy/pki/pki.sh): a CA, a certificate for localhost, 127.0.0.1 and
# ::1 that intake and triage present, and exchange's (server and client, for mutual TLS). Kept across runs; the server certificate is issued again (same
# key) when it is missing, not from this CA, or expires within a day.
make_pki() {
  "$pki_sh" ca "$pki" "ncirt local development CA" || die "could not create the development CA"
  "$pki_sh" issue "$pki" server localhost "$local_sans" server ||
    die "could not issue the localhost server certificate"
  "$pki_sh" issue "$pki" exchange local-dev "$local_sans" peer ||
    die "could not issue exchange's certificate"
}

program_of() { echo "$build/services/$1/ncirt-$1"; }

# The pid of service NAME that `up` started, if it still runs.
service_pid() {
  local name=$1 pid
  [[ -f "$var/run/$name.pid" ]] || return 1
  pid=$(cat "$var/run/$name.pid")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "ncirt-$name" || return 1
  echo "$pid"
}

# SIGTERM: the service stops accepting, finishes what is in flight, and exits.
stop_service() {
  local name=$1 pid i
  if ! pid=$(service_pid "$name"); then
    rm -f "$var/run/$name.pid"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$var/run/$name.pid"
}

# True when nothing listens on 127.0.0.1:PORT now.
port_is_free() {
  perl -MIO::Socket::INET -e '
    exit(IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
                               Proto => "tcp", ReuseAddr => 1) ? 0 : 1);' "$1"
}

# port_for KEY [PREFERRED]: the port of KEY, kept in var/KEY.port across runs: PREFERRED when free (or none given),
# otherwise a free one.
port_for() {
  local preferred=${2:-} file="$var/$1.port"
  if [[ ! -s "$file" ]]; then
    if [[ -n "$preferred" ]] && port_is_free "$preferred"; then
      echo "$preferred" > "$file"
    else
      free_port > "$file"
    fi
  fi
  cat "$file"
}

# launch NAME READY_URL VAR=value...: starts ncirt-NAME in the background with exactly these
# variables (env -i: nothing else of this shell leaks in) and waits for READY_URL/readyz.
launch() {
  local name=$1 ready_url=$2 log_file="$var/log/$1.log" pid i
  shift 2
  stop_service "$name"
  mkdir -p "$var/run" "$var/log"
  env -i PATH="$PATH" "$@" setsid "$(program_of "$name")" >> "$log_file" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$var/run/$name.pid"
  for ((i = 0; i < 300; i++)); do
    if curl -fsS -o /dev/null --cacert "$pki/ca.pem" "$ready_url/readyz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log_file" >&2
      die "$name exited during start-up (see var/log/$name.log)"
    fi
    sleep 0.1
  done
  tail -n 20 "$log_file" >&2
  die "$name did not become ready within 30 s (see var/log/$name.log)"
}

# Each start_* function lists the NCIRT_* variables of one program, as docker-compose.yml's
# service of the same name does.
start_intake() {
  local port
  port=$(port_for intake)
  intake_url="https://127.0.0.1:$port"
  log "starting intake on $intake_url (log: var/log/intake.log)"
  launch intake "$intake_url" \
    NCIRT_DATABASE_URL="$(database_url)" \
    NCIRT_INTAKE_LISTEN="127.0.0.1:$port" \
    NCIRT_INTAKE_TLS_CERT="$pki/server.pem" \
    NCIRT_INTAKE_TLS_KEY="$pki/server.key" \
    NCIRT_LOG_LEVEL=info
}

# The console admin's password: made once, kept in var/ (mode 0600); triage creates the user
# at start-up when it does not exist yet.
ensure_console_password() {
  [[ -s "$console_password_file" ]] ||
    (umask 077 && od -An -tx1 -N12 /dev/urandom | tr -d ' \n' > "$console_password_file" &&
     echo >> "$console_password_file")
}

start_triage() {
  local port
  port=$(port_for triage "$triage_preferred_port")
  triage_url="https://localhost:$port"
  ensure_console_password
  log "starting triage on $triage_url (log: var/log/triage.log)"
  launch triage "$triage_url" \
    NCIRT_DATABASE_URL="$(database_url)" \
    NCIRT_TRIAGE_LISTEN="127.0.0.1:$port" \
    NCIRT_TRIAGE_TLS_CERT="$pki/server.pem" \
    NCIRT_TRIAGE_TLS_KEY="$pki/server.key" \
    NCIRT_TRIAGE_BOOTSTRAP_ADMIN="$console_admin" \
    NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE="$console_password_file" \
    NCIRT_LOG_LEVEL=info
}

# Exchange presents one certificate to partners both as server and as client (mutual TLS), and
# trusts partners whose CA is in NCIRT_EXCHANGE_CA_FILE (here only the development CA).
start_exchange() {
  local port admin_port
  port=$(port_for exchange "$exchange_preferred_port")
  admin_port=$(port_for exchange-admin "$exchange_admin_preferred_port")
  exchange_url="https://127.0.0.1:$admin_port"
  exchange_partner_address="127.0.0.1:$port"
  log "starting exchange: partners at $exchange_partner_address, health at $exchange_url" \
    "(log: var/log/exchange.log)"
  launch exchange "$exchange_url" \
    NCIRT_DATABASE_URL="$(database_url)" \
    NCIRT_EXCHANGE_LISTEN="127.0.0.1:$port" \
    NCIRT_EXCHANGE_ADMIN_LISTEN="127.0.0.1:$admin_port" \
    NCIRT_EXCHANGE_CIRT_NAME=local-dev \
    NCIRT_EXCHANGE_TLS_CERT="$pki/exchange.pem" \
    NCIRT_EXCHANGE_TLS_KEY="$pki/exchange.key" \
    NCIRT_EXCHANGE_CA_FILE="$pki/ca.pem" \
    NCIRT_EXCHANGE_LOG_LEVEL=info
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
    "$(program_of intake)" token create --submitter local-dev --scope submit,read) ||
    die "could not create an API token"
  (umask 077 && printf '%s\n' "$api_token" > "$token_file")
}

# A few documents of the shared IODEF corpus (../shared/iodef, beside the checkout), submitted
# through intake like any sensor's report, so the queue and the console have something to show.
# Each carries an Idempotency-Key named after the file, so running `up` again adds nothing.
example_documents=(
  v2/rfc7970-s7.1-minimal.xml
  v2/rfc8274-draft-ddos.xml
  v2/rfc8274-draft-malware.xml
  v2/rfc8274-draft-spear-phishing.xml
  v1/iodeflib-example-multi-incident.xml
  json/jsoniodef-wg-minimal.json
)

load_examples() {
  local docs="$root/../shared/iodef/docs" doc type code new=0 known=0
  local reply="$var/log/example-reply.json"
  if [[ ! -d "$docs" ]]; then
    log "no example incidents loaded: the IODEF corpus is not at $docs"
    return 0
  fi
  for doc in "${example_documents[@]}"; do
    [[ -f "$docs/$doc" ]] || { log "example $doc is missing from $docs; skipped"; continue; }
    type=application/xml
    [[ "$doc" == *.json ]] && type=application/json
    code=$(curl -s -o "$reply" -w '%{http_code}' --cacert "$pki/ca.pem" \
      -H "Authorization: Bearer $api_token" -H "Content-Type: $type" \
      -H "Idempotency-Key: ncirt-example-${doc//\//-}" \
      --data-binary "@$docs/$doc" "$intake_url/v1/incidents" || true)
    case "$code" in
      201) new=$((new + 1)) ;;
      200) known=$((known + 1)) ;;
      *) log "example $doc was not accepted (HTTP $code): $(head -c 300 "$reply")" ;;
    esac
  done
  rm -f "$reply"
  log "example incidents from the IODEF corpus: $new document(s) filed, $known already stored" \
    "(a duplicate, or loaded by an earlier up)"
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
  start_triage
  start_exchange
  write_env
  load_examples
  log "PostgreSQL is up (data in var/pg)"
  log "intake is up at $intake_url (CA: var/pki/ca.pem); file a report with:"
  # shellcheck disable=SC2016 # printed for the user to run, not expanded here
  log '  . var/ncirt.env && curl --cacert "$NCIRT_CA_FILE" -H "Authorization: Bearer $NCIRT_API_TOKEN" -H "Content-Type: application/xml" --data-binary @report.xml "$NCIRT_INTAKE_URL/v1/incidents"'
  log "exchange accepts partners at $exchange_partner_address (mutual TLS); its pin:" \
    "$("$pki_sh" pin "$pki/exchange.pem")"
  log "console: $triage_url/ (trust var/pki/ca.pem in the browser, or accept its warning)"
  log "  login: $console_admin  password: $(head -n 1 "$console_password_file")" \
    "(kept in var/triage-admin-password)"
  log "settings for scripts are in var/ncirt.env; stop everything with: deploy/local/ncirt.sh down"
}

down() {
  local name
  for name in exchange triage intake; do stop_service "$name"; done
  if [[ -d "$var/pg" ]]; then "$pg" stop "$var/pg"; fi
  log "stopped"
}

status() {
  local name pid
  for name in intake triage exchange; do
    if pid=$(service_pid "$name"); then
      log "$name running (pid $pid, port $(cat "$var/$name.port"))"
    else
      log "$name not running"
    fi
  done
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

# Two builds, two runs of the suite, then the fuzz targets:
#  1. GCC 12 as `up` builds it (build/), every test (ctest, all labels);
#  2. CMakePresets.json "sanitize" (clang 16, ASan+UBSan, build-sanitize/): every library, the
#     unit and integration tests and the libFuzzer targets in one build; ctest --preset sanitize
#     runs the unit and integration labels (e2e and browser stay out: docs/security.md).
#     A sanitizer report fails the run even when it came from a service the tests started as a
#     child process: the preset sends every report to build-sanitize/sanitizer-report.<pid>.
#  3. tests/fuzz/run.sh: each fuzz target of that same build for NCIRT_FUZZ_SECONDS (default 20;
#     0 skips), with a fixed seed (NCIRT_FUZZ_SEED, default 1) so the verdict follows the code.
# NCIRT_SANITIZE_SUITE=0 skips step 2 (a quicker local run); step 3 then builds only the fuzz
# targets of build-sanitize. CI runs all three (docs/security.md, "Cost in CI").
run_tests() {
  local started=$SECONDS
  setup
  deploy_checks
  build ON
  log "running every test (GCC build)"
  (cd "$build" && ctest --output-on-failure --timeout 900 -j2) || die "tests failed (see above)"
  log "GCC build and suite: done after $((SECONDS - started)) s"
  if [[ ${NCIRT_SANITIZE_SUITE:-1} != 0 ]]; then
    sanitized_suite
    log "sanitized build and suite: done after $((SECONDS - started)) s"
  fi
  if [[ ${NCIRT_FUZZ_SECONDS:-20} -gt 0 ]]; then
    log "fuzzing each target for ${NCIRT_FUZZ_SECONDS:-20} s"
    "$root/tests/fuzz/run.sh" "${NCIRT_FUZZ_SECONDS:-20}"
  fi
  log "every test passed in $((SECONDS - started)) s"
}

sanitized_suite() {
  local dir="$root/build-sanitize" reports
  log "building the sanitize preset (clang 16, ASan+UBSan: libraries, tests, fuzz targets)"
  # Configured every time, so an existing build-sanitize takes up changes to the preset.
  (cd "$root" && cmake --preset sanitize >/dev/null) || die "cannot configure build-sanitize"
  (cd "$root" && cmake --build --preset sanitize -- -k 0) ||
    die "the sanitize build failed (see the compiler output above)"
  log "running the unit and integration tests under ASan+UBSan"
  rm -f "$dir"/sanitizer-report.*
  local status=0
  (cd "$root" && ctest --preset sanitize) || status=$?
  reports=$(find "$dir" -maxdepth 1 -name 'sanitizer-report.*' | sort)
  if [[ -n $reports ]]; then
    for r in $reports; do
      printf -- '---- %s\n' "$r" >&2
      head -60 "$r" >&2
    done
    die "ASan/UBSan/LSan reported $(wc -w <<<"$reports") finding(s) (files above)"
  fi
  [[ $status -eq 0 ]] || die "tests failed under ASan+UBSan (see above)"
}

case "${1:-}" in
  up) up ;;
  down|stop) down ;;
  status) status ;;
  test) run_tests ;;
  *) echo "usage: $0 up|down|status|test" >&2; exit 2 ;;
esac
