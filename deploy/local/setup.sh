#!/usr/bin/env bash
# Installs the Debian 12 packages ncirt needs to build, run and test, when they are missing.
# Idempotent and quiet when everything is present. Used by both README commands.
#
#   deploy/local/setup.sh            build + run + test dependencies
#   deploy/local/setup.sh --print    list the packages, one per line, and exit
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git ca-certificates
  # lld: links the ~90 test executables 3-4x faster than GNU ld (cmake/NcirtLinker.cmake)
  lld
  # libraries (Debian 12 versions: see docs/decisions)
  libboost1.81-dev libpqxx-dev libpq-dev libssl-dev libprotobuf-dev protobuf-compiler
  libxml2-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libargon2-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang-16 libclang-rt-16-dev
  # llvm-symbolizer-16: sanitizer and fuzzer reports name file:line, not bare addresses
  llvm-16
  # run time: PostgreSQL 15 (a private cluster in var/, never the system one), PKI, checks
  postgresql-15 postgresql-client-15 openssl curl libxml2-utils procps iproute2 python3
  # deployment checks (issue 8): shell scripts, `docker-compose config` (no engine needed), and
  # tests/deploy's compose/launcher agreement (python3-yaml)
  shellcheck docker-compose python3-yaml
  # browser tests of the web console (issue 7): Debian's Chromium, driven by playwright-core
  chromium nodejs npm
)

if [[ "${1:-}" == "--print" ]]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

# On a successful exit (packages present or just installed): tests/browser's npm packages, pinned
# by its package-lock.json, installed once (`npm ci`) for the browser tests.
trap '[[ $? -ne 0 || -d "${0%/*}/../../tests/browser/node_modules/playwright-core" ]] || npm ci --prefix "${0%/*}/../../tests/browser" --no-audit --no-fund --loglevel=error' EXIT

# A package counts as present when dpkg has it installed, or, for these, when its command is
# on the PATH: a machine with NodeSource's nodejs already has npm, and Debian's npm package
# conflicts with that nodejs, so asking apt for it would fail.
declare -A provided_by_command=([nodejs]=node [npm]=npm)
missing=()
for p in "${packages[@]}"; do
  command_name=${provided_by_command[$p]:-}
  [[ -n $command_name ]] && command -v "$command_name" >/dev/null && continue
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: run this command as root (or install them with apt-get) and try again." >&2
  exit 1
fi
echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The postgresql-15 package must not start a system cluster we would fight with for ports:
# policy-rc.d keeps its init script from starting anything during the install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ $created_policy -eq 1 ]] && rm -f "$policy"
echo "setup: done"
