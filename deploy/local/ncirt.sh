#!/usr/bin/env bash
# The local launcher: the README's two commands, and how an operator runs ncirt without Docker.
#
#   deploy/local/ncirt.sh up      install what is missing, build, start PostgreSQL (var/pg),
#                                 migrate, start the services, print addresses and a login, and
#                                 write the same for scripts to var/ncirt.env
#   deploy/local/ncirt.sh test    install what is missing, build with tests, run every test
#   deploy/local/ncirt.sh down    stop what `up` started
#   deploy/local/ncirt.sh status  show what is running
#
# It starts the same programs with the same NCIRT_* variables as docker-compose.yml does.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
var="$root/var"
build="${NCIRT_BUILD_DIR:-$root/build}"
pg="$root/deploy/local/pg.sh"

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

write_env() {
  mkdir -p "$var"
  local env_file="$var/ncirt.env"
  {
    echo "# Written by deploy/local/ncirt.sh up; source it: . var/ncirt.env"
    "$pg" env "$var/pg"
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

up() {
  setup
  build OFF
  mkdir -p "$var"
  "$pg" start "$var/pg"
  write_env
  log "applying database migrations"
  with_env "$build/services/migrate/ncirt-migrate" || die "migrations failed"
  log "PostgreSQL is up (data in var/pg); database settings are in var/ncirt.env"
  log "stop everything with: deploy/local/ncirt.sh down"
}

down() {
  if [[ -d "$var/pg" ]]; then "$pg" stop "$var/pg"; fi
  log "stopped"
}

status() {
  if [[ -d "$var/pg" ]]; then "$pg" status "$var/pg"; else log "not set up (run: up)"; fi
}

run_tests() {
  setup
  build ON
  log "running every test"
  cd "$build"
  # --output-on-failure shows a failing test's log; the summary line is ctest's own.
  ctest --output-on-failure --timeout 900 -j2
}

case "${1:-}" in
  up) up ;;
  down|stop) down ;;
  status) status ;;
  test) run_tests ;;
  *) echo "usage: $0 up|down|status|test" >&2; exit 2 ;;
esac
