# jikenbo: two commands do all the set-up on a fresh Debian 12 machine.
#   make demo   installs missing Debian packages, builds, ingests examples/ and shows the casebook
#   make test   builds and runs every test, also under AddressSanitizer + UndefinedBehaviorSanitizer,
#               and the threaded ones under ThreadSanitizer, then installs jikenbo (make install
#               into a temporary prefix; as root the .deb) and runs the installed binary
SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Everything the project needs beyond a bare Debian 12 (compiler and cmake included, in case).
PACKAGES := cmake ninja-build g++ clang pkg-config libre2-dev libicu-dev libsqlite3-dev \
            libfmt-dev libsodium-dev nlohmann-json3-dev libcli11-dev libssl-dev libgumbo-dev libpoppler-cpp-dev libxml2-dev libcurl4-openssl-dev libpsl-dev publicsuffix python3 python3-jsonschema time libgtest-dev libgmock-dev \
            libbenchmark-dev clang-format jq chromium fonts-noto-cjk fontconfig libmicrohttpd-dev wrk curl sqlite3 bc \
            libpq-dev postgresql help2man dpkg-dev adduser systemd

CMAKE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=Release
ASAN_FLAGS  := -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DJIKENBO_SANITIZE=ON

.PHONY: all deps build demo test test-release test-asan test-tsan test-package install deb bench fuzz \
        format clean

all: build

deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B build $(CMAKE_FLAGS) >/dev/null
	cmake --build build -j $(JOBS)

demo: build
	@rm -f build/demo.db build/demo.db-wal build/demo.db-shm
	./build/jikenbo --db build/demo.db ingest examples
	@echo; echo '$$ jikenbo list'
	@./build/jikenbo --db build/demo.db list
	@echo; echo '$$ jikenbo search 紛失'
	@./build/jikenbo --db build/demo.db search 紛失
	@echo; echo '$$ jikenbo search ransomware'
	@./build/jikenbo --db build/demo.db search ransomware
	@echo; echo '$$ jikenbo export --format jsonl | head -c 600'
	@./build/jikenbo --db build/demo.db export --format jsonl | head -c 600; echo
	@echo; echo '$$ jikenbo stats'
	@./build/jikenbo --db build/demo.db stats
	@./build/jikenbo --db build/demo.db digest --format html -o build/digest.html
	@./build/jikenbo --db build/demo.db digest -o build/digest.md
	@echo; echo "casebook: build/demo.db   (try: ./build/jikenbo --db build/demo.db show 1)"
	@echo "digest:   build/digest.html, build/digest.md   (jikenbo digest --from 2031-05 --to 2031-06)"
	@echo "web UI:   ./build/jikenbo --db build/demo.db serve   then open http://127.0.0.1:8080/"

test: test-release test-asan test-tsan test-package

test-release: build
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B build-asan $(ASAN_FLAGS) >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer on everything that runs threads: the work pool, parallel batched ingest, the
# property batch (parallel analysis) and the HTTP server under concurrent clients while ingesting.
TSAN_TESTS := WorkPool*:IngestTest.*:Property*:ServeConcurrency*
test-tsan: deps
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DJIKENBO_TSAN=ON >/dev/null
	cmake --build build-tsan -j $(JOBS) --target jikenbo_tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	  ./build-tsan/jikenbo_tests --gtest_filter='$(TSAN_TESTS)'

# The installed jikenbo: make install into a temporary prefix and, as root, the .deb installed
# with dpkg and purged again (tests/package_test.sh).
test-package: build
	bash tests/package_test.sh build

# make install [PREFIX=/usr/local]: bin/jikenbo, share/jikenbo/rules, man pages, docs and
# examples, systemd units and their settings (PREFIX/etc, or /etc for PREFIX=/usr).
PREFIX ?= /usr/local
install: build
	cmake --install build --prefix $(PREFIX) --strip

# make deb: build/jikenbo_VERSION_ARCH.deb (dpkg -i it; docs/deploy.md says what then).
deb: build
	bash packaging/build-deb.sh build build

bench: build
	cmake -S . -B build-bench $(CMAKE_FLAGS) -DJIKENBO_BENCH=ON -DJIKENBO_TESTS=OFF >/dev/null
	cmake --build build-bench -j $(JOBS) --target jikenbo_bench
	./build-bench/jikenbo_bench
	bash bench/ingest_throughput.sh ./build/jikenbo
	bash bench/pg_throughput.sh ./build/jikenbo 10

# libFuzzer on every target for FUZZ_SECONDS each (crashes land in fuzz/corpus/TARGET/).
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DJIKENBO_SANITIZE=ON -DJIKENBO_FUZZ=ON -DJIKENBO_TESTS=OFF \
	  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzz_prepare fuzz_decode fuzz_extract fuzz_ioc fuzz_rules fuzz_serve
	bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

format:
	clang-format -i $$(find src bench tests fuzz -name '*.cc' -o -name '*.h')

clean:
	rm -rf build build-asan build-tsan build-bench build-fuzz
