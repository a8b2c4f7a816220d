# mcip: two commands for a new user — `make generate` and `make test`.
SWIFT ?= swift
PER_CLASS ?= 1000
SEED ?= 42
DB ?= Output/mcip.sqlite
DATASET ?= Output/dataset
MCIP = .build/release/mcip
COMPLETIONS ?= Output/completions

.PHONY: all deps build generate test lint bench clean completions fuzz

all: build

# libsqlite3-dev, libssl-dev (SHA-256 from libcrypto) and pkg-config come from apt when
# missing (sudo when not root).
deps:
	@if ! pkg-config --exists sqlite3 libcrypto 2>/dev/null; then \
		echo "installing libsqlite3-dev, libssl-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libsqlite3-dev libssl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product mcip

# Writes $(PER_CLASS) samples per class to $(DB) and exports $(DATASET).
generate: build
	@mkdir -p $(dir $(DB))
	$(MCIP) generate --per-class $(PER_CLASS) --seed $(SEED) --db $(DB)
	$(MCIP) export --db $(DB) --out $(DATASET)

test: deps
	$(SWIFT) build -c release --product mcip
	$(SWIFT) test --disable-xctest

lint: build
	$(MCIP) lint

# Speed and memory at 100,000 and 1,000,000 samples, export throughput and `mcip dedup`
# beside datasketch and rensa (bench/run.sh; SIZES=... to change the sizes).
bench: deps
	$(SWIFT) build -c release --product mcip
	$(SWIFT) build -c release --product mcip-bench
	bash bench/run.sh

# Shell completion scripts for bash, zsh and fish in $(COMPLETIONS); README.md says where to put them.
completions: build
	@mkdir -p $(COMPLETIONS)
	$(MCIP) --generate-completion-script bash > $(COMPLETIONS)/mcip.bash
	$(MCIP) --generate-completion-script zsh > $(COMPLETIONS)/_mcip
	$(MCIP) --generate-completion-script fish > $(COMPLETIONS)/mcip.fish

# libFuzzer with AddressSanitizer over the input loaders and the slot-template parser, for
# $(FUZZ_TIME) seconds. Built apart in $(FUZZ_DIR); new inputs go to $(FUZZ_DIR)/corpus, crashes
# to $(FUZZ_DIR)/crashes. Fuzz/corpus holds the seeds and every input that once crashed.
# LeakSanitizer is off: it takes Swift's tagged enum payloads for leaks.
FUZZ_TIME ?= 300
FUZZ_DIR = .build/fuzz
FUZZ_FLAGS = -Xswiftc -sanitize=fuzzer,address -Xswiftc -DMCIP_LIBFUZZER -Xcc -fsanitize=fuzzer-no-link,address \
	-Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
fuzz: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_DIR) --product mcip-fuzz $(FUZZ_FLAGS)
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/crashes
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/release/mcip-fuzz $(FUZZ_DIR)/corpus Fuzz/corpus -dict=Fuzz/yaml.dict \
		-max_len=8192 -timeout=10 -detect_leaks=0 -max_total_time=$(FUZZ_TIME) -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/crashes/

clean:
	rm -rf .build Output/mcip.sqlite* Output/dataset
