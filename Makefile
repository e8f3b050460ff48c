# bouncewatch — build, test, demo.
#   make demo   install C libraries if missing, build release, report on a bundled fixture
#   make test   install C libraries if missing, run the whole test suite and the rule-pack proofs

SWIFT  ?= swift
PREFIX ?= /usr/local
BIN    := .build/release/bouncewatch
DEMO   ?= fixtures/postfix-bsd.log

.PHONY: all deps build debug demo test patterns-test lint install bench bench-compare eval clean

all: build

# libpcre2-dev and zlib1g-dev are found through pkg-config; install them with apt-get when absent
# (and the optional publicsuffix list).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libpcre2-8 zlib; then \
	  echo "make: installing libpcre2-dev zlib1g-dev pkg-config with apt-get"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpcre2-dev zlib1g-dev pkg-config >/dev/null; \
	fi
	@pkg-config --exists libpcre2-8 zlib || { echo "make: libpcre2-8 / zlib still missing"; exit 1; }
	@# optional: the Public Suffix List names a receiver's organisation ("mx.isp.kiev.ua" -> isp); without it
	@# the common country second levels are used
	@if [ ! -f /usr/share/publicsuffix/public_suffix_list.dat ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing publicsuffix with apt-get (optional)"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq publicsuffix >/dev/null 2>&1 || \
	  echo "make: publicsuffix not installed; organisations are named from the common suffixes only"; \
	fi

# The Swift runtime linked in: one self-contained binary, and ~6 MB less resident memory.
build: deps
	$(SWIFT) build -c release --product bouncewatch --static-swift-stdlib

debug: deps
	$(SWIFT) build

demo: build
	@echo
	@echo "== bouncewatch report $(DEMO)"
	@TZ=UTC $(BIN) report --year 2026 $(DEMO)

test: deps
	$(SWIFT) build
	$(SWIFT) test --disable-swift-testing
	.build/debug/bouncewatch patterns test

patterns-test: debug
	.build/debug/bouncewatch patterns test

lint: debug
	.build/debug/bouncewatch patterns lint

eval: build
	python3 fixtures/eval/score.py --summary $(BIN) fixtures/eval/refusals.jsonl \
	  $$(ls -d heldout/eval*/ | sort -V | sed 's|/$$|/refusals.jsonl|')
	@echo "(misses of one set: python3 fixtures/eval/score.py $(BIN) SET/refusals.jsonl)"

# package-benchmark suite (a package of its own in Benchmarks/, so `make test` stays lean).
bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

# bouncewatch next to grep / zcat / zlib on a generated 1 GB log (written once to bench-data/).
bench-compare: deps
	scripts/bench-compare.sh

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bouncewatch/patterns
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/bouncewatch
	install -m 644 patterns/*.yaml $(DESTDIR)$(PREFIX)/share/bouncewatch/patterns/

clean:
	rm -rf .build
