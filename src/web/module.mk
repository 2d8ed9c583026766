# The web UI: every file under web/ is compiled into the binary through a
# generated source (build/gen/web_assets.c) written by tools/embed.c.
# Served file names must be printable ASCII without spaces (embed refuses
# others), which also keeps this list safe for make.
WEB_FILES := $(shell find web -type f ! -name '.*' ! -name '*~' 2>/dev/null | LC_ALL=C sort)

# The list itself is a prerequisite, rewritten only when it changes, so that
# deleting or renaming a file under web/ regenerates the table too.
WEB_LIST := build/gen/web_files.lst
$(shell mkdir -p build/gen && { echo '$(WEB_FILES)' | cmp -s - $(WEB_LIST) || echo '$(WEB_FILES)' > $(WEB_LIST); })

GEN_SRCS += build/gen/web_assets.c

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 $(shell pkg-config --cflags libsodium zlib) -o $@ $< $(shell pkg-config --libs libsodium zlib)

build/gen/web_assets.c: build/tools/embed $(WEB_FILES) $(WEB_LIST)
	@mkdir -p $(@D)
	build/tools/embed $@ web $(WEB_FILES)

# The lookup includes the generated table's header only, but its objects must
# not be built before the table exists in a parallel build of a clean tree.
build/rel/src/web/web.o build/asan/src/web/web.o build/fuzz/src/web/web.o: build/gen/web_assets.c
