#!/usr/bin/env bash
# Fuzzes jslint for a bounded time: every cargo-fuzz target in fuzz/ (parse, check, fix,
# lsp_edits) runs for FUZZ_SECONDS seconds (default 30) from a seed corpus of the repository's
# own .jsmd files, copied in at run time. Exits 1 if a target crashes, times out or runs out
# of memory, and prints a summary either way.
#
# A crash leaves its input in fuzz/artifacts/<target>/. Minimise it with
#   cargo fuzz tmin -s none <target> <artifact>
# then add the result to tests/data/fuzz-failures/ (tests/robustness.rs runs every file there).
#
# Settings (environment):
#   FUZZ_SECONDS    seconds per target (default 30)
#   FUZZ_SANITIZER  none (default) or address (needs nightly); jslint is safe Rust, so the
#                   sanitizer buys little and costs a slower build and slower runs
#   FUZZ_TARGETS    space-separated subset of the targets
#   FUZZ_TOOLCHAIN  the rustup toolchain to build with (default: nightly when installed, else
#                   the default one); `stable` repeats what a machine without nightly does
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

seconds="${FUZZ_SECONDS:-30}"
sanitizer="${FUZZ_SANITIZER:-none}"
read -r -a targets <<< "${FUZZ_TARGETS:-parse check fix lsp_edits}"
started=$(date +%s)

# cargo-fuzz passes nightly-only flags only with a sanitizer; with `-s none` stable works.
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
  toolchain=("+$FUZZ_TOOLCHAIN")
elif cargo +nightly --version > /dev/null 2>&1; then
  toolchain=(+nightly)
elif [ "$sanitizer" != none ]; then
  echo "fuzz: FUZZ_SANITIZER=$sanitizer needs a nightly toolchain, which is not installed" >&2
  exit 2
else
  toolchain=()
fi
echo "== fuzz: $(cargo "${toolchain[@]}" --version), sanitizer $sanitizer, ${seconds}s per target"

if ! cargo fuzz --version > /dev/null 2>&1; then
  # A debug build of cargo-fuzz, a thin wrapper around cargo, installs in 38 to 53 s instead
  # of 89 s (measured with an empty cargo registry, downloads included) and runs as well.
  echo "== fuzz: installing cargo-fuzz"
  install_started=$(date +%s)
  cargo install --locked --debug cargo-fuzz
  echo "== fuzz: cargo-fuzz installed in $(( $(date +%s) - install_started ))s"
fi
cargo fuzz --version

# More codegen units than cargo-fuzz's default of 1: a much faster build for a slightly
# slower fuzzer, the right trade for runs of seconds. The optimisation levels (opt-level 0
# for the dependencies, 1 for jslint) are in fuzz/Cargo.toml. Every target is built by the
# one `cargo fuzz build` below, into fuzz/target; each `cargo fuzz run` passes the same
# flags, so it finds the build fresh and only runs it.
flags=(-s "$sanitizer" --codegen-units 16)

echo "== fuzz: seed corpus"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  find examples tests/data -name '*.jsmd' -type f | while read -r f; do
    cp "$f" "fuzz/corpus/$t/seed-$(echo "$f" | tr '/' '_')"
  done
done

echo "== fuzz: build"
build_started=$(date +%s)
cargo "${toolchain[@]}" fuzz build "${flags[@]}"
build_seconds=$(( $(date +%s) - build_started ))

summary=()
failed=0
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  echo "== fuzz: $t for ${seconds}s"
  log="fuzz/logs/$t.log"
  set +e
  # -timeout: one input taking over 10 s is a failure (a hang or quadratic blow-up).
  # -max_len: inputs up to 16 KiB (seeds are cut to that): short inputs run many times faster
  # than the 60 KiB example, and the bugs found so far fit in a line or two.
  cargo "${toolchain[@]}" fuzz run "${flags[@]}" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 > "$log" 2>&1
  status=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '%-10s ok      %8s runs, corpus %s' "$t" "${runs:-?}" "$corpus")")
  else
    failed=1
    artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -n 1 | sed 's/Test unit written to //')
    kind=$(grep -o -m 1 'ERROR: libFuzzer: [a-z-]*' "$log" | sed 's/ERROR: libFuzzer: //')
    summary+=("$(printf '%-10s FAILED  %s, input %s' "$t" "${kind:-exit $status}" "${artifact:-(none)}")")
    echo "---- $t failed (exit $status); the panic and its place:"
    grep -m 1 -A 3 "panicked at" "$log" || tail -n 30 "$log"
    if [ -n "$artifact" ]; then
      echo "---- reproduce: cargo ${toolchain[*]} fuzz run ${flags[*]} $t $artifact"
    fi
  fi
done

echo "== fuzz summary (build ${build_seconds}s, total $(( $(date +%s) - started ))s; logs in fuzz/logs/)"
printf '%s\n' "${summary[@]}"
exit "$failed"
