#!/usr/bin/env bash
# The suites again on PostgreSQL: every Swift suite that touches storage (TestWorld gives each
# test its own schema; the LLM, embedding and vector-index suites never open a store),
# then pyairtable, the two-node tests and the openai SDK against `tessera serve` on a database
# of a throwaway PostgreSQL 15 server, which is removed afterwards. Expects a debug build with
# tests (`make test` runs this after building).
set -euo pipefail
cd "$(dirname "$0")/.."

url=$(scripts/start-postgres.sh)
trap 'scripts/start-postgres.sh stop "$url"' EXIT
echo "PostgreSQL for the tests: $url" >&2

TESSERA_TEST_DATABASE_URL="$url" swift test --skip-build --skip LLMTests --skip EmbeddingsTests --skip VectorIndexTests

# One database per acceptance module whose fixtures create the same accounts.
psql "$url" -qc 'CREATE DATABASE acceptance' -c 'CREATE DATABASE acceptance_ai' -c 'CREATE DATABASE acceptance_export'
export TESSERA_BINARY="$PWD/.build/debug/tessera" TESSERA_TEST_DATABASE_URL="$url"
TESSERA_DATABASE_URL="${url%/*}/acceptance" \
    .venv/bin/python -m pytest -q Tests/acceptance/test_pyairtable.py Tests/acceptance/test_two_nodes.py
TESSERA_DATABASE_URL="${url%/*}/acceptance_ai" .venv/bin/python -m pytest -q Tests/acceptance/test_openai.py
TESSERA_DATABASE_URL="${url%/*}/acceptance_export" .venv/bin/python -m pytest -q Tests/acceptance/test_export.py
