# The two commands of README.md: `make run` and `make test`. Each installs what is missing.
SWIFT_BUILD_FLAGS ?= -j 2

.PHONY: setup setup-run run test test-postgres build-release install lint format coverage

# Everything the suites need.
setup:
	scripts/setup-system.sh
	scripts/setup-python.sh
	scripts/fetch-model.sh

# What building and serving need: the libraries and the model, not the test tools.
setup-run:
	scripts/setup-system.sh run
	scripts/fetch-model.sh

build-release: setup-run
	swift build -c release $(SWIFT_BUILD_FLAGS) --product tessera

# The binary carries its catalog and prompt templates; it needs only the embedding model
# (--model or TESSERA_EMBEDDING_MODEL; without one, search falls back to the hashing embedder).
PREFIX ?= /usr/local
install: build-release
	install -D -m 755 .build/release/tessera $(DESTDIR)$(PREFIX)/bin/tessera

run: build-release
	.build/release/tessera serve

test: setup lint
	.venv/bin/python Tests/EmbeddingsTests/reference/make_reference.py
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build
	TESSERA_BINARY=$(CURDIR)/.build/debug/tessera .venv/bin/python -m pytest -q Tests/acceptance
	scripts/test-postgres.sh

# The PostgreSQL half of `make test` alone.
test-postgres: setup
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/test-postgres.sh

# Style: .swift-format, checked by `make test`; `make format` rewrites the files to it.
FORMATTED = Sources Tests Package.swift Benchmarks/Sources Benchmarks/CoreBenchmarks Benchmarks/Package.swift

lint:
	swift format lint --strict --recursive $(FORMATTED)

format:
	swift format format --in-place --recursive $(FORMATTED)

# Line coverage per module of Sources/ over the Swift suites (SQLite), in a build directory of
# its own so the ordinary build stays as it is.
COVERAGE_FLAGS = $(SWIFT_BUILD_FLAGS) --scratch-path .build-coverage --enable-code-coverage

coverage: setup
	.venv/bin/python Tests/EmbeddingsTests/reference/make_reference.py
	swift build --build-tests $(COVERAGE_FLAGS)
	swift test --skip-build $(COVERAGE_FLAGS)
	.venv/bin/python scripts/coverage.py "$$(swift test $(COVERAGE_FLAGS) --show-codecov-path)"
