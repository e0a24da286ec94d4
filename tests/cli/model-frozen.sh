#!/bin/sh
# model-frozen.sh: nothing after loading writes the model (model.h), as
# the compiler sees it.  C will not pass the model's `struct page **`
# where `const struct page *const *` is wanted, so the model keeps plain
# pointers for its loaders; this test compiles every other module against
# a copy of the sources whose model.h makes the arrays of pages, terms,
# years and datasets const all the way down (and whose functions take
# them so).  A view, key, check or renderer that writes a page, a term or
# a dataset is then a compile error, named here.
. tests/cli/lib.sh

# the loaders: they build the model, so they write it
LOADERS="site content results_load results_versions recurring build main"

SRC=$TMP_ROOT/generator
mkdir -p "$SRC"
cp generator/*.c generator/*.h "$SRC/"
python3 - "$SRC" <<'PY'
import glob, re, sys
src = sys.argv[1]
model = src + "/model.h"
t = open(model).read()
t = re.sub(r"\tstruct page \*\*(pages|posts);", r"\tconst struct page *const *\1;", t)
t = re.sub(r"\tstruct term \*\*(categories|tags);", r"\tconst struct term *const *\1;", t)
t = t.replace("\tstruct site_year *years;", "\tconst struct site_year *years;")
t = t.replace("\tstruct scores_dataset **datasets;",
              "\tconst struct scores_dataset *const *datasets;")
open(model, "w").write(t)
for f in glob.glob(src + "/*.[ch]"):
    s = open(f).read()
    s2 = re.sub(r"(?<!const )struct (page|term) \*const \*", r"const struct \1 *const *", s)
    if s2 != s:
        open(f, "w").write(s2)
PY
check "the copy's model.h is const all the way down" \
	grep -q 'const struct page \*const \*posts;' "$SRC/model.h"

PKGS=$(sed -n 's/^PKGS = //p' Makefile)
CFLAGS="-std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-DCONGBO_VERSION=\"0\" -DCONGBO_THEME_DIR=\"t\" -DCONGBO_LOCALE_DIR=\"l\" \
	-DCONGBO_BUILD_ID=\"0\" $(pkg-config --cflags $PKGS)"
errors=$TMP_ROOT/errors
: > "$errors"
modules=0
for f in "$SRC"/*.c; do
	m=$(basename "$f" .c)
	case " $LOADERS " in *" $m "*) continue ;; esac
	modules=$((modules + 1))
	# shellcheck disable=SC2086
	cc $CFLAGS -fsyntax-only "$f" >> "$errors" 2>&1
done
check "more than 50 modules read the model ($modules)" [ "$modules" -gt 50 ]
if [ -s "$errors" ]; then
	fail "no module but the loaders writes the model" "$(grep -E 'error' "$errors" | sed "s|$SRC/|generator/|" | head -20)"
else
	ok "no module but the loaders writes the model"
fi
finish
