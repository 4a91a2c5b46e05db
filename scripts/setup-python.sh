#!/usr/bin/env bash
# Creates .venv with the Python packages the acceptance tests and reference checks use.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=scripts/requirements-test.txt
stamp=.venv/.requirements.sha256
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    exit 0
fi
echo "Setting up .venv from $requirements" >&2
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements" >&2
echo "$wanted" > "$stamp"
