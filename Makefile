# sockkill: build, test, install, benchmark.
#   make            build; afterwards bin/sockkill runs the tool from this checkout
#   make demo       free a client stuck on a dead peer, in throwaway namespaces
#   make test       every test: unit, real-kernel integration, then the native-tests scenarios
#   make native-test  the end-to-end scenarios (native-tests/run.sh) alone; as root all of them,
#                   as another user the loopback ones in unshare -rn
#   make install    install under PREFIX (default /usr/local)
#   make bench      measure against ss on a ~96k-socket table (writes BENCHMARKS.md)

PREFIX ?= /usr/local
MVN ?= mvn
MVNFLAGS ?= -B -q
JAVA ?= $(if $(JAVA_HOME),$(JAVA_HOME)/bin/java,java)

DIST := target/sockkill
JAR := target/sockkill.jar
ARCH := $(shell uname -m | sed -e 's/^amd64$$/x86_64/' -e 's/^arm64$$/aarch64/')
JFFI_STUB := jni/$(ARCH)-Linux/libjffi-1.2.so
SOURCES := $(shell find src/main -type f) pom.xml

.PHONY: all build native test unit-test native-test install uninstall demo bench clean

all: build native

build: $(DIST)/sockkill.jsa

$(JAR): $(SOURCES)
	$(MVN) $(MVNFLAGS) package -DskipTests
	@touch $(JAR)

# The runnable layout: the jars (picocli's Java 5 class files rewritten as Java 8 ones, so that the
# archive can hold them), jffi's native stub extracted once (so start-up writes nothing to /tmp),
# and a class-data-sharing archive from a training run of the common paths.
$(DIST)/sockkill.jsa: $(JAR) bin/sockkill scripts/RetargetForCds.java scripts/train-cds.sh
	rm -rf $(DIST)
	mkdir -p $(DIST)/lib $(DIST)/native
	cp $(JAR) target/lib/*.jar $(DIST)/lib/
	$(JAVA) -cp "$$(ls target/lib/asm-[0-9]*.jar)" scripts/RetargetForCds.java \
	    "$$(ls target/lib/picocli-*.jar)" "$(DIST)/lib/$$(basename target/lib/picocli-*.jar)"
	cd $(DIST)/native && jar xf ../lib/jffi-*-native.jar $(JFFI_STUB) && mv $(JFFI_STUB) . && rm -rf jni
	./scripts/train-cds.sh $(DIST)

native:
	$(MAKE) -C native-tests

test: all
	$(MVN) -B verify
	$(MAKE) native-test

native-test: all
	./native-tests/run.sh

unit-test:
	$(MVN) -B test

install: all
	rm -rf "$(DESTDIR)$(PREFIX)/lib/sockkill"
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/lib/sockkill/lib" "$(DESTDIR)$(PREFIX)/lib/sockkill/native"
	install -m 0644 $(DIST)/lib/*.jar "$(DESTDIR)$(PREFIX)/lib/sockkill/lib/"
	install -m 0755 $(DIST)/native/*.so "$(DESTDIR)$(PREFIX)/lib/sockkill/native/"
	install -m 0755 bin/sockkill "$(DESTDIR)$(PREFIX)/bin/sockkill"
	./scripts/train-cds.sh "$(DESTDIR)$(PREFIX)/lib/sockkill"

demo: all
	./scripts/demo.sh

bench: all
	./bench/run.sh

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/lib/sockkill" "$(DESTDIR)$(PREFIX)/bin/sockkill"

clean:
	$(MVN) $(MVNFLAGS) clean
	$(MAKE) -C native-tests clean
