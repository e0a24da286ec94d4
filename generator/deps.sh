#!/bin/sh
# deps.sh: make sure the Debian packages congbo needs are installed.
#
#   generator/deps.sh build   libraries and tools to compile congbo
#   generator/deps.sh test    ... plus what the test suite runs (java, npm, git, curl,
#                             node and chromium for the browser tests, poppler-utils
#                             for their PDF checks, sshd, rsync and nginx for the
#                             deploy tests)
#
# As root it installs what is missing with apt-get; otherwise it prints the
# one apt-get line to run and fails.
set -eu
want=${1:-build}

missing=""
need_pkgconfig() {   # pkg-config module, Debian package
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$1"; then
		missing="$missing $2"
	fi
}
need_command() {     # command, Debian package
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

need_command cc gcc
need_command make make
need_command pkg-config pkg-config
# msgfmt compiles po/*.po, the Vietnamese messages
need_command msgfmt gettext
need_pkgconfig libcmark-gfm libcmark-gfm-dev
# the table, strikethrough, autolink and tagfilter extensions
[ -f /usr/include/cmark-gfm-core-extensions.h ] || missing="$missing libcmark-gfm-extensions-dev"
need_pkgconfig yaml-0.1 libyaml-dev
need_pkgconfig libgit2 libgit2-dev
need_pkgconfig libutf8proc libutf8proc-dev
need_pkgconfig libmicrohttpd libmicrohttpd-dev
need_pkgconfig libcrypto libssl-dev
# the .xlsx annex and the clerk's entry workbook: written with
# libxlsxwriter, read back with libzip and libxml2
need_pkgconfig xlsxwriter libxlsxwriter-dev
need_pkgconfig libzip libzip-dev
need_pkgconfig libxml-2.0 libxml2-dev
need_pkgconfig vips libvips-dev
# timezones of site.yaml are read from the system's zone files
[ -f /usr/share/zoneinfo/Asia/Ho_Chi_Minh ] || missing="$missing tzdata"
if [ "$want" = test ]; then
	need_command git git
	need_command java default-jre-headless
	need_command npm npm
	need_command curl curl
	need_command node nodejs
	need_command chromium chromium
	need_command valgrind valgrind
	need_command xmllint libxml2-utils
	# tests/cli/clang.sh builds and tests congbo with clang as well
	need_command clang clang
	# tests/fuzz: libFuzzer's runtime (make fuzz, and briefly in make test)
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || missing="$missing libclang-rt-14-dev"
	need_command python3 python3
	# deploy.sh: a remote web root over a real sshd, copied with rsync
	need_command rsync rsync
	need_command ssh-keygen openssh-client
	[ -x /usr/sbin/sshd ] || missing="$missing openssh-server"
	# nginx.sh: the shipped server block in front of the release layout
	[ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
	# tests/cli/excel.sh re-saves workbooks with LibreOffice, as a clerk would
	need_command soffice libreoffice-calc
	# the image tests make photos and read their metadata
	need_command vips libvips-tools
	need_command exiftool libimage-exiftool-perl
	need_command pdfinfo poppler-utils     # the print checks of tests/browser
	# ImageMagick's own binary: a machine may have some other "convert"
	# earlier on its PATH (a wrapper, a stand-in) that cannot make photos
	[ -x /usr/bin/convert ] || missing="$missing imagemagick"
	# reproducible.sh builds under a Vietnamese locale (decimal comma),
	# compiled from the locales package's sources into the test's folder
	[ -f /usr/share/i18n/locales/vi_VN ] || missing="$missing locales"
fi

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "congbo: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# wait for another apt run (an unattended upgrade) instead of failing
	apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "congbo: missing packages; run:" >&2
	echo "  sudo apt-get install$missing" >&2
	exit 1
fi
