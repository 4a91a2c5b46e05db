# The two commands of README.md: `make run` and `make test`. Each installs what is missing.
SWIFT_BUILD_FLAGS ?= -j 2

.PHONY: setup run test test-postgres build-release

setup:
	scripts/setup-system.sh
	scripts/setup-python.sh
	scripts/fetch-model.sh

build-release: setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product tessera

run: build-release
	.build/release/tessera serve

test: setup
	.venv/bin/python Tests/EmbeddingsTests/reference/make_reference.py
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build
	TESSERA_BINARY=$(CURDIR)/.build/debug/tessera .venv/bin/python -m pytest -q Tests/acceptance
	scripts/test-postgres.sh

# The PostgreSQL half of `make test` alone.
test-postgres: setup
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/test-postgres.sh
