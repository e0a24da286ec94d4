# congbo: every entry point.
#
#   make            build generator/congbo
#   make site       build congbo and the sample portal into site/
#   make test       the whole suite, plainly and again under ASan + UBSan
#   make bench      speed against Hugo (see tests/bench/); PHOTOS=N photos
#                   for the photo bench (default 200)
#   make fuzz-cache SEED=1 N=500   random edits: cached build = clean build
#   make install    PREFIX=/usr/local: binary, man page, default theme
#   make clean

PREFIX ?= /usr/local
CC ?= cc
PKGS = libcmark-gfm yaml-0.1 libgit2 libutf8proc libmicrohttpd libcrypto xlsxwriter libzip libxml-2.0 vips
BUILD ?= generator/build
SAN ?=

CFLAGS_BASE = -std=c11 -Wall -Wextra -Werror -g -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-DCONGBO_VERSION='"$(VERSION)"' -DCONGBO_THEME_DIR='"$(PREFIX)/share/congbo/themes"'
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

.PHONY: all deps site test fuzz fuzzers fuzz-cache test-plain test-asan test-update bench install clean check-source

all: deps $(BIN) generator/congbo

deps:
	@sh generator/deps.sh build

generator/congbo: $(BIN)
	@if [ "$(BUILD)" = generator/build ]; then cp $(BIN) generator/congbo; fi

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS_SAN) -o $@ $(OBJS) $(LIBS) $(LDFLAGS)

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
	@$(MAKE) --no-print-directory BUILD=generator/build-fuzz SAN=fuzz CC=clang fuzzers
	@sh tests/fuzz/run.sh $(SECONDS)

$(BUILD):
	@mkdir -p $(BUILD)

units: $(BIN) $(UNIT_BINS)

site: all
	./generator/congbo build --source . --out site

# One line of results at the end: "N passed, N failed".
test: all
	@sh generator/deps.sh test
	@$(MAKE) --no-print-directory units
	@$(MAKE) --no-print-directory BUILD=generator/build-asan SAN=1 units
	@$(MAKE) --no-print-directory BUILD=generator/build-fuzz SAN=fuzz CC=clang fuzzers
	@sh tests/run.sh

test-update: all units
	@CONGBO_UPDATE=1 sh tests/run.sh

bench: all
	@sh tests/bench/run.sh $(N)
	@sh tests/bench/images.sh $(PHOTOS)
	@sh tests/bench/recurring.sh $(N)

# A long seeded random-edit run: every incremental build must equal a
# clean one (tests/fuzz-cache/).
fuzz-cache: all
	@python3 tests/fuzz-cache/fuzz.py --seed $(or $(SEED),1) --steps $(or $(N),500)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/congbo/themes $(DESTDIR)$(PREFIX)/share/congbo/web
	install -m 755 generator/congbo $(DESTDIR)$(PREFIX)/bin/congbo
	install -m 644 generator/congbo.1 $(DESTDIR)$(PREFIX)/share/man/man1/congbo.1
	cp -R themes/default $(DESTDIR)$(PREFIX)/share/congbo/themes/
	install -m 644 generator/web/nginx.conf generator/web/apache.conf \
		$(DESTDIR)$(PREFIX)/share/congbo/web/

clean:
	rm -rf generator/build generator/build-asan generator/build-fuzz generator/congbo site .congbo-cache
