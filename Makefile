# The two commands of README.md:
#   make run   installs what is missing, builds, and runs simlite on an example database
#   make test  installs what is missing, builds, and runs every test (both io backends,
#              and the unit tests again under ASan+UBSan with clang)
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)

.PHONY: deps build run test test-release test-asan clean

deps:
	./scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

example.db: | deps
	./scripts/make-example-db example.db

run: build example.db
	$(BUILD)/shell/simlite example.db

# Suites that never touch io run once; everything else runs on both io backends.
PURE_SUITES = ^(PageFormatTest|Record|ResultCode|Varint|Precedence|SltCorpus|SyntaxErrors|ExprOpsTest|ValueTest|WalChecksum|WalIndexHashTest|Md5|Sizes/BtreePageModelTest|All/StatementCorpus)\.|^layers$$|^slt_|^sim_
# Under the sanitizers, skip the two bulk file-format acceptance suites (100k-row files):
# they check formats, not memory safety, and the release runs cover them.
ASAN_SKIP = ^(Files/ReadSqliteFilesTest|PageSizes/WriteForSqliteTest)\.

test-release: build
	cd $(BUILD) && SIMLITE_IO=posix ctest --output-on-failure -j $(JOBS)
	cd $(BUILD) && SIMLITE_IO=uring ctest --output-on-failure -j $(JOBS) -E '$(PURE_SUITES)'

$(ASAN_BUILD)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSIMLITE_SANITIZE=ON -DSIMLITE_PLANTED_BUGS=ON

test-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '$(ASAN_SKIP)'

test: test-release test-asan

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) example.db
