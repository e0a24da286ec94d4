# fuzz-cache.sh: a short seeded run of the random-edit differential tester
# (tests/fuzz-cache/fuzz.py): 150 edits of every kind a newsroom makes over
# a portal of 200 articles in a git repository, each followed by a cached
# and a clean build (and, after commits, --rev builds) that must be byte
# for byte the same.  `make fuzz-cache SEED=.. N=..` runs long ones.
. tests/cli/lib.sh

out=$TMP_ROOT/fuzz.out
python3 tests/fuzz-cache/fuzz.py --congbo "$CONGBO" --seed 13 --steps 150 \
	--articles 200 > "$out" 2>&1
rc=$?
grep -v '^    ' "$out" | tail -n 5
[ "$rc" = 0 ] || head -n 60 "$out"
expect_exit "150 random edits: every cached build equals a clean one" 0 "$rc"
expect_grep "the run says its seed and length" "$out" \
	"seed 13: 150 steps over 200 articles, no divergence"
finish
