#!/usr/bin/env bash
# Bounded fuzzing of the core with libFuzzer (cargo-fuzz): config parsing + validation,
# and snapshot decoding + migration. Seeds live in tests/fuzz/seeds/; the working corpus
# and any crash artifacts go under target/fuzz/ so runs never touch the repo.
#   scripts/fuzz.sh [seconds per target, default 60]
# Runs on the stable toolchain (RUSTC_BOOTSTRAP=1 for cargo-fuzz's flags) without a
# sanitizer: the crate has no unsafe code, so the fuzzer looks for panics, aborts and hangs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2
export RUSTC_BOOTSTRAP=1
status=0
summary=""
for t in config snapshot; do
  work="target/fuzz/corpus/$t"; art="target/fuzz/artifacts/$t/"
  mkdir -p "$work" "$art"
  cp -n tests/fuzz/seeds/$t/* "$work"/ 2>/dev/null || true
  log="target/fuzz/$t.log"
  if cargo fuzz run --fuzz-dir tests/fuzz -s none "$t" "$work" -- \
      -max_total_time="$secs" -artifact_prefix="$art" -print_final_stats=1 >"$log" 2>&1; then :; else status=1; fi
  runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | awk '{print $2}' | tail -1)
  findings=$(find "$art" -type f | wc -l)
  summary+=$(printf '%-9s %6ss %12s runs %6s corpus %3s findings' "$t" "$secs" "${runs:-?}" "$(ls "$work" | wc -l)" "$findings")$'\n'
  [ "$findings" -eq 0 ] || { status=1; tail -30 "$log"; }
done
printf '\n%s' "$summary"
exit $status
