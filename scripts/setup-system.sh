#!/usr/bin/env bash
# Installs the system libraries Tessera builds against, when they are missing; with `run`, only
# those (what `make run` needs), else also what the tests use (the PostgreSQL server and psql).
set -euo pipefail

packages=(libopenblas-dev libblas-dev libsqlite3-dev zlib1g-dev)
[ "${1:-}" = run ] || packages+=(libpq-dev postgresql)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
