#!/usr/bin/env bash
# Builds the libFuzzer targets (clang >= 16, ASan+UBSan) and runs each for a bounded time.
# Fails when any target reports a crash, a leak, a sanitizer finding or a violated property,
# and prints executions per second and coverage per target.
#
#   tests/fuzz/run.sh [seconds per target] [target...]
#   NCIRT_FUZZ_SECONDS=600 tests/fuzz/run.sh              longer runs (docs/security.md)
#   NCIRT_FUZZ_SEED=0                                      a new random seed per run; the
#                                                          default, 1, makes the short run of
#                                                          the README test command (and CI)
#                                                          try the same inputs every time, so
#                                                          its verdict follows the code
#   NCIRT_FUZZ_BUILD_DIR=...                               default: build-sanitize in the
#                                                          checkout (CMakePresets.json "sanitize":
#                                                          the same clang build runs the suite)
#
# Each target keeps what it learns in <build>/tests/fuzz/work/<target> (beside the seeds, which
# are assembled from ../shared/iodef/docs at build time), so later runs start where earlier ones
# stopped. A finding is saved as <build>/tests/fuzz/findings/<target>/crash-* (or leak-*, oom-*);
# replay it with: <build>/tests/fuzz/<target> <that file>.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${NCIRT_FUZZ_BUILD_DIR:-$root/build-sanitize}
seconds=${1:-${NCIRT_FUZZ_SECONDS:-60}}
seed=${NCIRT_FUZZ_SEED:-1}
# Reports name file:line (setup.sh installs llvm-16 for its symbolizer).
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-16/bin/llvm-symbolizer}
[[ $# -gt 0 ]] && shift
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(fuzz_iodef_xml fuzz_iodef_json fuzz_frame_decoder fuzz_intake_router)

# Seeds and the longest input worth trying, per target: documents need room (the corpus has
# documents of tens of KiB), frames and requests less.
declare -A seeds=([fuzz_iodef_xml]=xml [fuzz_iodef_json]=json [fuzz_frame_decoder]=frame
                  [fuzz_intake_router]=http)
declare -A max_len=([fuzz_iodef_xml]=65536 [fuzz_iodef_json]=65536 [fuzz_frame_decoder]=8192
                    [fuzz_intake_router]=32768)

cxx=${CXX:-}
if [[ -z $cxx ]]; then
  cxx=$(command -v clang++-16 || true)
fi
if [[ -z $cxx ]]; then
  echo "fuzz: clang++-16 not found (Debian 12: apt-get install clang-16 libclang-rt-16-dev)" >&2
  exit 1
fi
if [[ ! -f $build/CMakeCache.txt ]]; then
  if [[ $build == "$root/build-sanitize" ]]; then
    (cd "$root" && cmake --preset sanitize -DCMAKE_CXX_COMPILER="$cxx" >/dev/null)
  else
    CXX=$cxx cmake -S "$root" -B "$build" -G Ninja -DNCIRT_FUZZ=ON >/dev/null
  fi
fi
ninja -C "$build" -j "${NCIRT_JOBS:-2}" "${targets[@]}" >/dev/null

dir=$build/tests/fuzz
failed=()
echo "fuzz: seed $seed (NCIRT_FUZZ_SEED; 0 = random)"
printf '%-20s %10s %10s %8s %8s  %s\n' target executions exec/s cov features result
for t in "${targets[@]}"; do
  mkdir -p "$dir/work/$t" "$dir/findings/$t"
  log=$dir/findings/$t/last-run.log
  status=0
  # -use_value_profile helps through the codecs' comparisons; -detect_leaks is on by default.
  (cd "$dir/findings/$t" && "$dir/$t" "$dir/work/$t" "$dir/corpus/${seeds[$t]}" \
     -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="${max_len[$t]}" -timeout=25 \
     -seed="$seed" -print_final_stats=1 -use_value_profile=1 -close_fd_mask=1 >"$log" 2>&1) || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [[ $status -ne 0 ]] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz property violated' "$log"; then
    result="FAILED (exit $status): see $log"
    failed+=("$t")
  fi
  printf '%-20s %10s %10s %8s %8s  %s\n' "$t" "${runs:--}" "${speed:--}" "${cov:--}" "${ft:--}" "$result"
done

if [[ ${#failed[@]} -gt 0 ]]; then
  for t in "${failed[@]}"; do
    echo "---- $t" >&2
    grep -E -A25 'ERROR: |runtime error:|fuzz property violated' "$dir/findings/$t/last-run.log" \
      | head -40 >&2 || true
  done
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
