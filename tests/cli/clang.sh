# clang.sh: congbo builds with clang under the same -Wall -Wextra -Werror
# (`make CC=clang`), and its unit tests pass there too.  Skipped (and said)
# only when clang is missing; generator/deps.sh test installs it.
. tests/cli/lib.sh

if ! command -v clang >/dev/null 2>&1; then
	fail "clang is installed (generator/deps.sh test installs it)"
	finish
fi
B=$TMP_ROOT/build-clang
if make --no-print-directory CC=clang BUILD="$B" -j2 "$B/congbo" units \
	>"$TMP_ROOT/make.log" 2>&1; then
	ok "make CC=clang builds congbo and the unit tests"
else
	fail "make CC=clang builds congbo and the unit tests" "$(grep -E 'error|warning' "$TMP_ROOT/make.log" | head -n 20)"
fi
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t" >"$TMP_ROOT/unit.log" 2>&1; then
		ok "clang: $(basename "$t") passes"
	else
		fail "clang: $(basename "$t") passes" "$(grep -v '^ok ' "$TMP_ROOT/unit.log" | tail -n 20)"
	fi
done
"$B/congbo" build --source . --out "$TMP_ROOT/site" --quiet --no-history
check "the clang binary builds the sample portal" test -f "$TMP_ROOT/site/index.html"
finish
