# canhgac: one library (everything under src/ but src/cli), one binary, the
# tests under sanitizers, libFuzzer targets. `make help` lists the targets.
#
# Modules need no change here: every src/<module>/*.c is built into the
# library, every tests/<module>/test_*.c becomes a test program and every
# tests/<module>/test_*.sh a test script. A module that needs more (a
# generated file, another library) says so in src/<module>/module.mk.

CC      ?= cc
FUZZCC  ?= clang
PKGS    := sqlite3 libmicrohttpd jansson libsodium libutf8proc libhs zlib xlsxwriter
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CSTD    := -std=c17 -D_GNU_SOURCE -Isrc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined

LIB_SRCS := $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRCS := $(wildcard src/cli/*.c)
GEN_SRCS :=
-include $(wildcard src/*/module.mk)
ALL_LIB  := $(LIB_SRCS) $(GEN_SRCS)

TEST_C   := $(wildcard tests/*/test_*.c)
TEST_SH  := $(wildcard tests/*/test_*.sh)
FUZZ_C   := $(wildcard fuzz/fuzz_*.c)
FUZZ_SECONDS ?= 8

REL_OBJS  := $(ALL_LIB:%.c=build/rel/%.o)
ASAN_OBJS := $(ALL_LIB:%.c=build/asan/%.o)
FUZZ_OBJS := $(ALL_LIB:%.c=build/fuzz/%.o)
TEST_BINS := $(TEST_C:%.c=build/asan/%)
FUZZ_BINS := $(FUZZ_C:fuzz/%.c=build/fuzz/%)

DB ?= canhgac.db
ADDR ?= 127.0.0.1:8080

.PHONY: all deps run test check unit fuzz-smoke fuzz bench lint format clean help
.DEFAULT_GOAL := all
# Keep the object files of the fuzz build, which make would treat as intermediate.
.SECONDARY:

all: build/canhgac

help:
	@echo "make run         install what is missing, build, start the server with demo data"
	@echo "make test        install what is missing, build, run every test (what CI runs)"
	@echo "make all         build build/canhgac"
	@echo "make bench       build and run the benchmarks under bench/"
	@echo "make fuzz        run every fuzz target for a long time (FUZZ_SECONDS=600)"
	@echo "make lint        check formatting with clang-format"

deps:
	@tools/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	build/canhgac serve --db $(DB) --listen $(ADDR) --demo

test:
	@tools/deps.sh --test
	@$(MAKE) --no-print-directory -j$$(nproc) check

# The test command proper, without the install step.
check: build/canhgac build/asan/canhgac $(TEST_BINS) $(FUZZ_BINS)
	@tests/run.sh $(TEST_BINS) $(TEST_SH) -- $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do \
	  n=$$(basename $$f); mkdir -p build/fuzz-corpus/$$n; \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz-corpus/$$n fuzz/corpus/$$n || exit 1; \
	done

bench: build/canhgac
	@tools/deps.sh --bench
	@for b in bench/*/run.sh; do [ -x "$$b" ] && "$$b" || true; done

lint:
	@clang-format --dry-run --Werror $(wildcard src/*/*.c src/*/*.h tests/*/*.c fuzz/*.c bench/*/*.c)

format:
	@clang-format -i $(wildcard src/*/*.c src/*/*.h tests/*/*.c fuzz/*.c bench/*/*.c)

build/canhgac: $(REL_OBJS) $(CLI_SRCS:%.c=build/rel/%.o)
	$(CC) $(REL_FLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/canhgac: $(ASAN_OBJS) $(CLI_SRCS:%.c=build/asan/%.o)
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(PKG_LIBS)

build/rel/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(REL_FLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(ASAN_FLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZCC) $(CSTD) $(WARN) $(FUZZ_FLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/tests/%: tests/%.c $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(ASAN_FLAGS) $(PKG_CFLAGS) -Itests -o $@ $< $(ASAN_OBJS) $(PKG_LIBS) -lcmocka

build/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(@D)
	$(FUZZCC) $(CSTD) $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
