# congbo: every entry point.
#
#   make            build generator/congbo
#   make site       build congbo and the sample portal into site/
#   make test       the whole suite, plainly and again under ASan + UBSan
#   make bench      speed against Hugo, search against Pagefind (see
#                   tests/bench/); PHOTOS=N photos for the photo bench (default 200)
#   make fuzz-cache SEED=1 N=500   random edits: cached build = clean build
#   make install    PREFIX=/usr/local: binary, man page, default theme
#   make clean

PREFIX ?= /usr/local
CC ?= cc
PKGS = libcmark-gfm yaml-0.1 libgit2 libutf8proc libmicrohttpd libcrypto xlsxwriter libzip libxml-2.0 vips
BUILD ?= generator/build
# Messages in Vietnamese (i18n.h): po/vi.po compiled where the binary
# looks first, beside generator/congbo.  `make po` re-extracts the
# messages (xgettext) and merges them into po/vi.po for translating.
LOCALES = vi
MO = $(LOCALES:%=generator/locale/%/LC_MESSAGES/congbo.mo)
XGETTEXT_KEYWORDS = -k_ -kN_ -kdiag_error:5 -kdiag_warning:5 -kdiag_note:5 \
	-kdiag_add:6 -kdiag_vadd:6 -kschema_error:3 -kreview_report:4 \
	-kmain_usage_error:2 -kngettext:1,2
SAN ?=

CFLAGS_BASE = -std=c11 -Wall -Wextra -Werror -gdwarf-4 -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-DCONGBO_VERSION='"$(VERSION)"' -DCONGBO_THEME_DIR='"$(PREFIX)/share/congbo/themes"' \
	-DCONGBO_LOCALE_DIR='"$(PREFIX)/share/locale"'
ifeq ($(SAN),1)
CFLAGS_OPT = -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_SAN = -fsanitize=address,undefined
else ifeq ($(SAN),fuzz)
CFLAGS_OPT = -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS_SAN = -fsanitize=fuzzer,address,undefined
else
CFLAGS_OPT = -O2
LDFLAGS_SAN =
endif
VERSION = 0.1.0

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(CFLAGS_BASE) $(CFLAGS_OPT) $(PKG_CFLAGS) $(CFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

SRCS = $(wildcard generator/*.c)
OBJS = $(SRCS:generator/%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BIN = $(BUILD)/congbo

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang into their own
# folder; `make fuzz SECONDS=N` runs each for N seconds (tests/fuzz/run.sh)
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
SECONDS ?= 60

.PHONY: po all deps site test fuzz fuzzers fuzz-cache test-plain test-asan test-update bench install clean check-source

all: deps $(BIN) generator/congbo $(MO)

deps:
	@sh generator/deps.sh build

generator/congbo: $(BIN)
	@if [ "$(BUILD)" = generator/build ]; then cp $(BIN) generator/congbo; fi

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS_SAN) -o $@ $(OBJS) $(LIBS) $(LDFLAGS)

# The cache names the sources its binary was built from: a cache written by
# any other build of congbo, even of the same version, is never trusted.
BUILD_ID := $(shell cat $(sort $(wildcard generator/*.c generator/*.h)) | cksum | cut -d' ' -f1)
$(BUILD)/cache.o: ALL_CFLAGS += -DCONGBO_BUILD_ID='"$(BUILD_ID)"'
$(BUILD)/cache.o: $(SRCS)

$(BUILD)/%.o: generator/%.c $(wildcard generator/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Igenerator $(LDFLAGS_SAN) -o $@ $< $(LIB_OBJS) $(LIBS) $(LDFLAGS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Igenerator $(LDFLAGS_SAN) -o $@ $< $(LIB_OBJS) $(LIBS) $(LDFLAGS)

fuzzers: $(FUZZ_BINS)

fuzz:
	@$(MAKE) --no-print-directory -j2 BUILD=generator/build-fuzz SAN=fuzz CC=clang fuzzers
	@sh tests/fuzz/run.sh $(SECONDS)

$(BUILD):
	@mkdir -p $(BUILD)

generator/locale/%/LC_MESSAGES/congbo.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

po:
	xgettext --from-code=UTF-8 --language=C $(XGETTEXT_KEYWORDS) \
		--package-name=congbo --msgid-bugs-address= -o po/congbo.pot \
		$(sort $(wildcard generator/*.c))
	for l in $(LOCALES); do msgmerge -q -U --backup=none po/$$l.po po/congbo.pot; done

units: $(BIN) $(UNIT_BINS)

site: all
	./generator/congbo build --source . --out site

# One line of results at the end: "N passed, N failed".
test: all
	@sh generator/deps.sh test
	@$(MAKE) --no-print-directory units
	@$(MAKE) --no-print-directory BUILD=generator/build-asan SAN=1 units
	@$(MAKE) --no-print-directory -j2 BUILD=generator/build-fuzz SAN=fuzz CC=clang fuzzers
	@sh tests/run.sh

test-update: all units
	@CONGBO_UPDATE=1 sh tests/run.sh

bench: all
	@sh tests/bench/run.sh $(N)
	@sh tests/bench/images.sh $(PHOTOS)
	@sh tests/bench/search.sh $(N)
	@sh tests/bench/recurring.sh $(N)
	@sh tests/bench/push.sh 2000 5000 7

# A long seeded random-edit run: every incremental build must equal a
# clean one (tests/fuzz-cache/).
fuzz-cache: all
	@python3 tests/fuzz-cache/fuzz.py --seed $(or $(SEED),1) --steps $(or $(N),500)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/congbo/themes $(DESTDIR)$(PREFIX)/share/congbo/web \
		$(DESTDIR)$(PREFIX)/share/congbo/ci
	install -m 755 generator/congbo $(DESTDIR)$(PREFIX)/bin/congbo
	install -m 644 generator/congbo.1 $(DESTDIR)$(PREFIX)/share/man/man1/congbo.1
	for l in $(LOCALES); do install -D -m 644 generator/locale/$$l/LC_MESSAGES/congbo.mo \
		$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/congbo.mo; done
	cp -R themes/default $(DESTDIR)$(PREFIX)/share/congbo/themes/
	install -m 644 generator/web/nginx.conf generator/web/apache.conf \
		generator/web/congbo-publish.service generator/web/congbo-publish.timer \
		$(DESTDIR)$(PREFIX)/share/congbo/web/
	install -m 644 generator/ci/github-actions.yml generator/ci/gitlab-ci.yml \
		$(DESTDIR)$(PREFIX)/share/congbo/ci/

clean:
	rm -rf generator/build generator/build-asan generator/build-fuzz generator/congbo generator/locale site .congbo-cache
