#!/bin/sh
# run.sh SECONDS: every libFuzzer target (generator/build-fuzz/fuzz/*) for
# SECONDS seconds from its seed corpus (tests/fuzz/corpus/NAME), after
# replaying its regression inputs (tests/fuzz/regress/NAME: every crash
# found, kept); ends with "N passed, N failed".  New inputs go to a
# temporary folder, crashes to tests/fuzz/crashes/ to be turned into
# regression files.
cd "$(dirname "$0")/../.." || exit 2
seconds=${1:-60}
bins=${FUZZ_BUILD:-generator/build-fuzz}/fuzz
passed=0
failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/congbo-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p tests/fuzz/crashes
for bin in "$bins"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	if [ -d "tests/fuzz/regress/$name" ] && [ -n "$(ls -A "tests/fuzz/regress/$name")" ]; then
		if "$bin" -timeout=20 tests/fuzz/regress/"$name"/* >"$work/log" 2>&1; then
			passed=$((passed + 1)); echo "ok $name: regression inputs"
		else
			failed=$((failed + 1)); echo "FAIL $name: regression inputs"
			tail -n 30 "$work/log"
		fi
	fi
	mkdir -p "$work/$name"
	if nice "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
		-max_len=65536 -artifact_prefix="tests/fuzz/crashes/$name-" \
		"$work/$name" "tests/fuzz/corpus/$name" >"$work/log" 2>&1; then
		passed=$((passed + 1))
		echo "ok $name: $seconds s, $(grep -o 'Done [0-9]* runs' "$work/log" | tail -n 1)"
	else
		failed=$((failed + 1)); echo "FAIL $name: the fuzzer found a crash"
		grep -A 25 'ERROR\|==ERROR\|SUMMARY\|deadly signal\|timeout' "$work/log" | head -n 40
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
