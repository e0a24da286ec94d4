# valgrind.sh: a full build of the sample portal has no leaks and no
# memory errors under valgrind (memcheck).
. tests/cli/lib.sh
if ! command -v valgrind >/dev/null; then
	fail "valgrind is installed"
	finish
	exit
fi
# VIPS_NOVECTOR: libvips compiles its resize loops at run time (liborc);
# valgrind cannot follow code generated that way and crashes in it, so
# under valgrind libvips takes its plain C loops (the same pixels).
VIPS_NOVECTOR=1 valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9 \
	--log-file="$TMP_ROOT/vg" "$CONGBO" build --source . --out "$TMP_ROOT/site" -j 2 --quiet
expect_exit "valgrind: no leaks or memory errors" 0 $?
[ "$failed" = 0 ] || tail -n 30 "$TMP_ROOT/vg"
finish
