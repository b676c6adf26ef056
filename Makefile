# sockkill: build, test, install, package, benchmark.
#   make            build: the jars, a jlinked Java runtime with its start-up archive, the man page
#                   and the completions; bin/sockkill then runs the tool from this checkout
#   make test       every test: unit, real-kernel integration, then the native-tests scenarios,
#                   the package ones included (the .deb in a Debian root without a JDK, the image
#                   against a host process); needs root, Docker and debootstrap
#   make native-test  the scenarios alone; as another user the loopback ones in unshare -rn
#   make deb        target/sockkill_VERSION_ARCH.deb
#   make image      the container image $(IMAGE), built locally
#   make install    install under PREFIX (default /usr/local; DESTDIR for staging)
#   make demo       free a client stuck on a dead peer, in throwaway namespaces
#   make bench      measure against ss on a ~96k-socket table (writes BENCHMARKS.md)
#
# The runtime is jlinked from RUNTIME_JDK: by default the newest JDK 24+ found (its archive is then
# a JDK AOT cache), otherwise the default JDK (17: a CDS archive).

PREFIX ?= /usr/local
MVN ?= mvn
MVNFLAGS ?= -B -q
JAVA ?= $(if $(JAVA_HOME),$(JAVA_HOME)/bin/java,java)
RUNTIME_JDK ?= $(shell scripts/runtime-jdk.sh)
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml)
IMAGE ?= sockkill:$(VERSION)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo unknown)

DIST := target/sockkill
DOC := target/doc
JAR := target/sockkill.jar
DEB := target/sockkill_$(VERSION)_$(DEB_ARCH).deb
ARCH := $(shell uname -m | sed -e 's/^amd64$$/x86_64/' -e 's/^arm64$$/aarch64/')
JFFI_STUB := jni/$(ARCH)-Linux/libjffi-1.2.so
SOURCES := $(shell find src/main -type f) pom.xml
# The commit 'sockkill version' names ("unknown" outside git; "-dirty" with uncommitted changes).
# --no-optional-locks: git status would otherwise rewrite .git/index, as root under 'sudo make test'.
GIT = git --no-optional-locks -c safe.directory='*'
COMMIT := $(shell c=$$($(GIT) rev-parse --short=12 HEAD 2>/dev/null) && \
    { [ -z "$$($(GIT) status --porcelain --untracked-files=no 2>/dev/null)" ] || c=$$c-dirty; } && echo $$c)
COMMIT := $(or $(COMMIT),unknown)

# Root running the tests in a checkout someone else owns ('sudo make test'): the tree is built as
# its owner, and Maven's own test output goes to a temporary directory, so no root-owned file is
# ever left in it.
TREE_UID := $(shell stat -c %u .)
ifeq ($(shell id -u),0)
ifneq ($(TREE_UID),0)
TREE_USER := $(shell getent passwd $(TREE_UID) | cut -d: -f1)
AS_TREE_OWNER = $(if $(TREE_USER),runuser -u $(TREE_USER) --,$(error this checkout belongs to uid $(TREE_UID), \
    which has no account here: build it as its owner first))
endif
endif
ifdef AS_TREE_OWNER
MVN_TEST = d=$$(mktemp -d "$${TMPDIR:-/tmp}/sockkill-test.XXXXXX") && trap 'rm -rf "$$d"' EXIT && \
    $(MVN) -B -Dsockkill.commit=$(COMMIT) -Dsockkill.build.dir="$$d"
else
MVN_TEST = $(MVN) -B -Dsockkill.commit=$(COMMIT)
endif

.PHONY: all build docs native built packages test unit-test native-test package-test install uninstall deb \
    image image-root demo bench clean FORCE

all: build native

build: $(DIST)/.built docs

docs: $(DOC)/sockkill.8 $(DOC)/sockkill.bash $(DOC)/_sockkill

$(JAR): $(SOURCES) target/commit
	$(MVN) $(MVNFLAGS) package -DskipTests -Dsockkill.commit=$(COMMIT)
	@touch $(JAR)

# The commit built in: the jar is rebuilt when it changes.
target/commit: FORCE
	@mkdir -p target
	@echo "$(COMMIT)" | cmp -s - $@ || echo "$(COMMIT)" > $@

# Which JDK the runtime came from: rebuilt when RUNTIME_JDK names another one.
target/runtime-jdk: FORCE
	@mkdir -p target
	@echo "$(RUNTIME_JDK)" | cmp -s - $@ || echo "$(RUNTIME_JDK)" > $@

# The runnable layout, the same in the checkout, under PREFIX/lib/sockkill and in the package:
# the jars (picocli's Java 5 class files rewritten as Java 8 ones, so that the archive can hold
# them), jffi's native stub extracted once (so start-up writes nothing to /tmp), the jlinked
# runtime with jvm.options, and the start-up archive trained for that runtime.
$(DIST)/.built: $(JAR) target/runtime-jdk scripts/RetargetForCds.java scripts/build-runtime.sh scripts/train-archive.sh
	rm -rf $(DIST)
	mkdir -p $(DIST)/lib $(DIST)/native
	cp $(JAR) target/lib/*.jar $(DIST)/lib/
	$(JAVA) -cp "$$(ls target/lib/asm-[0-9]*.jar)" scripts/RetargetForCds.java \
	    "$$(ls target/lib/picocli-*.jar)" "$(DIST)/lib/$$(basename target/lib/picocli-*.jar)"
	cd $(DIST)/native && jar xf ../lib/jffi-*-native.jar $(JFFI_STUB) && mv $(JFFI_STUB) . && rm -rf jni
	@# the stub is all jffi takes from its native jar (jffi.boot.library.path names it)
	rm $(DIST)/lib/jffi-*-native.jar
	if command -v strip > /dev/null; then strip --strip-unneeded -R .comment -R .note $(DIST)/native/*.so; fi
	./scripts/build-runtime.sh $(DIST) "$$(cat target/runtime-jdk)"
	./scripts/train-archive.sh $(DIST)
	touch $@

# The man page and the completions, generated from the same picocli model the tool runs.
$(DOC)/sockkill.8 $(DOC)/sockkill.bash $(DOC)/_sockkill &: $(JAR) scripts/GenerateDocs.java doc/sockkill.8.in
	mkdir -p $(DOC)
	$(JAVA) -cp "$(JAR):target/lib/*" scripts/GenerateDocs.java doc/sockkill.8.in $(DOC) $(VERSION)

native:
	$(MAKE) -C native-tests

# What the tests need built, built by the checkout's owner.
built:
ifdef AS_TREE_OWNER
	$(AS_TREE_OWNER) $(MAKE) all deb image-root
else
	$(MAKE) all deb image-root
endif

# The package scenarios' pieces: the .deb and the image's root (built by the checkout's owner), the
# image, and a minimal Debian root without a JDK (made once, cached in /var/cache/sockkill-ci).
packages: built
	@if [ "$$(id -u)" = 0 ]; then \
	    ./packaging/build-image.sh image target/image $(IMAGE) && ./packaging/debian-root.sh; \
	else echo "packages: not root: no image and no Debian root (their scenarios need root)"; fi

SCENARIO_ENV = SOCKKILL_IMAGE=$(IMAGE) SOCKKILL_DEB=$(DEB)

test: packages
	$(MVN_TEST) verify
	$(SCENARIO_ENV) ./native-tests/run.sh

native-test: packages
	$(SCENARIO_ENV) ./native-tests/run.sh

# the package scenarios alone
package-test: packages
	$(SCENARIO_ENV) ./native-tests/run.sh $(notdir $(wildcard native-tests/scenarios/pkg-*.sh))

unit-test:
ifdef AS_TREE_OWNER
	$(AS_TREE_OWNER) $(MAKE) $(JAR)
endif
	$(MVN_TEST) test

deb: $(DEB)

$(DEB): $(DIST)/.built docs bin/sockkill packaging/build-deb.sh $(wildcard packaging/debian/*) $(wildcard packaging/systemd/*)
	./packaging/build-deb.sh $(DIST) $(DOC) $(VERSION) $@

# The image's root (no registry: FROM scratch with the runtime and the libraries it needs), then
# the image itself. image-root writes only under target/, so a root 'make image' in someone else's
# checkout can have it built by its owner.
image-root: $(DIST)/.built
	./packaging/build-image.sh root $(DIST) target/image

image: $(if $(AS_TREE_OWNER),built,image-root)
	./packaging/build-image.sh image target/image $(IMAGE)

install: $(if $(AS_TREE_OWNER),built,all)
	rm -rf "$(DESTDIR)$(PREFIX)/lib/sockkill"
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/lib" "$(DESTDIR)$(PREFIX)/share/man/man8" \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions"
	# cp -p keeps the times: the archive stays newer than the files it was made from
	cp -Rp $(DIST) "$(DESTDIR)$(PREFIX)/lib/sockkill"
	rm -f "$(DESTDIR)$(PREFIX)/lib/sockkill/.built"
	install -m 0755 bin/sockkill "$(DESTDIR)$(PREFIX)/bin/sockkill"
	install -m 0644 $(DOC)/sockkill.8 "$(DESTDIR)$(PREFIX)/share/man/man8/sockkill.8"
	install -m 0644 $(DOC)/sockkill.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/sockkill"
	install -m 0644 $(DOC)/_sockkill "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_sockkill"
	@# a CDS archive (runtime before JDK 24) maps only where it was dumped: dump it again there
	@if [ -f "$(DESTDIR)$(PREFIX)/lib/sockkill/sockkill.jsa" ]; then \
	    ./scripts/train-archive.sh --dump "$(DESTDIR)$(PREFIX)/lib/sockkill"; \
	    if [ -n "$(DESTDIR)" ]; then echo "install: the bundled runtime is JDK 17-23, whose archive cannot move:" \
	        "dump it again where the files end up (scripts/train-archive.sh --dump DIR), or build with JDK 24+" >&2; fi; \
	fi

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/lib/sockkill" "$(DESTDIR)$(PREFIX)/bin/sockkill" \
	    "$(DESTDIR)$(PREFIX)/share/man/man8/sockkill.8" \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/sockkill" \
	    "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_sockkill"

demo: all
	./scripts/demo.sh

bench: all deb
	./bench/run.sh

clean:
	$(MVN) $(MVNFLAGS) clean
	$(MAKE) -C native-tests clean

FORCE:
